#pragma once

#include "ScenarioLoader.h"

#include <QList>
#include <QString>

namespace mf {

// The lessons bundled into the binary (scenarios/*.json, compiled in as :/scenarios/) and how a name
// given on the command line is resolved: a file path, a bundled file name, or a name without its
// number and extension ("basic-pop3" finds "01-basic-pop3.json").
class ScenarioCatalog
{
public:
    struct Entry {
        QString name; // "01-basic-pop3"
        QString path; // ":/scenarios/01-basic-pop3.json"
        LocalizedText title;
    };

    static QList<Entry> bundled();
    static QString defaultScenarioPath();
    // The path to load for `nameOrPath`, or empty when nothing matches.
    static QString resolve(const QString &nameOrPath);
};

} // namespace mf
