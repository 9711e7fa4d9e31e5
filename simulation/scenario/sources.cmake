target_sources(simulation PRIVATE
    scenario/Scenario.h
    scenario/JsonLocator.h scenario/JsonLocator.cpp
    scenario/NoteMarkup.h scenario/NoteMarkup.cpp
    scenario/ScenarioLoader.h scenario/ScenarioLoader.cpp
    scenario/ScenarioCatalog.h scenario/ScenarioCatalog.cpp
)
