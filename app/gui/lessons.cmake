target_sources(app PRIVATE
    gui/lessons/ScenarioBrowser.h gui/lessons/ScenarioBrowser.cpp
    gui/lessons/LessonEndCard.h gui/lessons/LessonEndCard.cpp
)
