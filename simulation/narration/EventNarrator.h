#pragma once

#include "events/SimEvent.h"
#include "explain/Language.h"
#include "scenario/Scenario.h"

#include <QString>
#include <QStringList>

namespace mf::narration {

// The one renderer of events (DESIGN.md, "the lesson is one story"): `mailflow run`, the GUI's
// transcript, its detail pane, the diagram's caption and every export read an event's words from here,
// in the language asked for. Events carry a kind, a reason and parameters, never a sentence.

// A short word for the kind: "C:"/"S:" for protocol lines, "hop", "DNS", "queue"...
QString marker(const SimEvent &event, Language language);
// Where it happened: the connection for protocol events, the message for hops, the node for the rest.
QString place(const SimEvent &event);
// The event itself in one line: the protocol line as sent, or a sentence for the other kinds.
QString summary(const SimEvent &event, Language language);
// Why it happened and what it means, with the RFC section where one decides it.
QString explanation(const SimEvent &event, Language language);
// The raw form kept for the detail pane (a DNS message decoded like dig prints it); empty when the
// summary is already the raw form.
QString rawDetail(const SimEvent &event);
// One row of `mailflow run`'s text output: "[  0.123s] hop      m1  user@a.example -> ua@a.example: ..."
// and, with `withExplanation`, the explanation on the next line.
QString textLine(const SimEvent &event, Language language, bool withExplanation);

// One line of the JSON-lines export: the event's own fields (EventLog::toJsonLine) plus the renderer's
// `summary` and `explain` in `language` for every kind (a line's `explain` is its protocol explanation).
QByteArray jsonLine(const SimEvent &event, Language language);

// A lesson's expectation and what happened, in `language`: "delivered to bob@b.example: expected 1, got 1".
QString expectationText(const ExpectationSpec &spec, int actual, const QStringList &actualPath, Language language);

// What a hop does, without the nodes it goes between ("delivers m1 to bob's mailbox"); empty for other
// kinds and for a hop without words of its own.
QString hopSummary(const SimEvent &event, Language language);
// A reading device's name ("laptop", "phone": the mail client's two devices) in `language`.
QString deviceName(const QString &device, Language language);

// "submission · mx.a.example #1" for "submission/mx.a.example#1".
QString connectionLabel(const QString &conn);

// The texts a row falls back on when nothing specific is known, in both languages (the narrator's own
// and the protocol explainer's). A bundled lesson's rows never use one (tests/simulation/tst_narration).
QStringList genericTexts();

} // namespace mf::narration
