#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>

namespace mf {

struct Scenario;

// A lesson's notes name a node of the diagram by its id in braces: "{node:alias-expander@b.example}".
// Whoever shows the notes renders each reference with the node's label in the current language (the
// GUI and `mailflow run` use the same labels as the inspectors), so a note never disagrees with the
// diagram. Any other text in braces is left as it is.
namespace notes {

struct NodeReference {
    QString id;         // "alias-expander@b.example"
    qsizetype position; // of the opening brace
    qsizetype length;   // up to and including the closing brace
};

// The references in `text`, in order.
QList<NodeReference> nodeReferences(const QString &text);
// `text` with every reference replaced by label(id).
QString render(const QString &text, const std::function<QString(const QString &nodeId)> &label);
// Every node id the world of `scenario` has (what a reference may name).
QStringList nodeIds(const Scenario &scenario);

} // namespace notes
} // namespace mf
