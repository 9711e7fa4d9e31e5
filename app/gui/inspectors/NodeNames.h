#pragma once

#include <QCoreApplication>
#include <QString>

namespace mf::gui {

// Names and one-line descriptions of the world's nodes (DESIGN.md's node ids) for the inspectors, in the
// current language.
class NodeNames
{
    Q_DECLARE_TR_FUNCTIONS(NodeNames)
public:
    static QString kind(const QString &nodeId) { return nodeId.section(QLatin1Char('@'), 0, 0); }
    static QString where(const QString &nodeId) { return nodeId.section(QLatin1Char('@'), 1); }
    // "MTA server mx.b.example", "Spool (a.example)".
    static QString title(const QString &nodeId);
    // What this kind of node does, for a student.
    static QString role(const QString &nodeId);
};

} // namespace mf::gui
