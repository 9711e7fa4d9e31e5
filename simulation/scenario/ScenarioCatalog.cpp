#include "ScenarioCatalog.h"

#include <QDir>
#include <QFileInfo>

namespace mf {

QList<ScenarioCatalog::Entry> ScenarioCatalog::bundled()
{
    QList<Entry> out;
    const QDir dir(QStringLiteral(":/scenarios"));
    for (const QString &file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        Entry e;
        e.name = QFileInfo(file).completeBaseName();
        e.path = dir.filePath(file);
        const auto loaded = ScenarioLoader::loadFile(e.path);
        if (loaded.scenario)
            e.title = loaded.scenario->title;
        out << e;
    }
    return out;
}

QString ScenarioCatalog::defaultScenarioPath()
{
    return QStringLiteral(":/scenarios/01-basic-pop3.json");
}

QString ScenarioCatalog::resolve(const QString &nameOrPath)
{
    if (QFileInfo::exists(nameOrPath))
        return nameOrPath;
    for (const Entry &e : bundled()) {
        const QString withoutNumber = e.name.section(QLatin1Char('-'), 1);
        if (nameOrPath == e.name || nameOrPath == e.name + QStringLiteral(".json") || nameOrPath == withoutNumber)
            return e.path;
    }
    return {};
}

} // namespace mf
