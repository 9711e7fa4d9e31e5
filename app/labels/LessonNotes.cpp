#include "LessonNotes.h"

#include "NodeNames.h"
#include "scenario/NoteMarkup.h"
#include "scenario/Scenario.h"

namespace mf {

QString lessonNotes(const Scenario &scenario, Language language)
{
    const QString sender = scenario.sendingDomain();
    return notes::render(scenario.notes.in(language), [&sender](const QString &id) { return NodeNames::title(id, sender); });
}

} // namespace mf
