# Words shared by the GUI and the command line (QtCore only): node labels and lesson notes.
target_sources(app PRIVATE
    labels/NodeNames.h labels/NodeNames.cpp
    labels/LessonNotes.h labels/LessonNotes.cpp
)
