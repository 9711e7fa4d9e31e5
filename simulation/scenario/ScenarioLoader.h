#pragma once

#include "Scenario.h"

#include <QByteArray>
#include <QList>
#include <optional>

namespace mf {

// Reads and validates a scenario file against the schema in scenarios/README.md. Every problem found is
// reported (not just the first), each with the file, line and field.
class ScenarioLoader
{
public:
    struct Result {
        std::optional<Scenario> scenario;
        QList<ScenarioError> errors;
        bool ok() const { return scenario.has_value() && errors.isEmpty(); }
    };

    static Result loadFile(const QString &path);
    static Result loadData(const QByteArray &json, const QString &fileName);
    // "30m", "2h", "1500ms", "10s", "1d" or a number of milliseconds; -1 when malformed.
    // A lesson's durations stay within a year: a longer one is refused by name, and a number beyond it is
    // never converted to an integer (a double beyond qint64's range has no integer value).
    static constexpr qint64 kMaxDurationMs = 365LL * 24 * 3600 * 1000;
    // Milliseconds, -1 when unreadable, kMaxDurationMs + 1 when longer than kMaxDurationMs.
    static qint64 parseDuration(const QString &text);
};

} // namespace mf
