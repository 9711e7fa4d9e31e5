# Run-time language switching (English / Bahasa Indonesia) and presentation mode.
find_package(Qt6 REQUIRED COMPONENTS LinguistTools)
target_sources(app PRIVATE
    gui/i18n/LanguageSwitcher.h gui/i18n/LanguageSwitcher.cpp
    gui/i18n/PresentationMode.h gui/i18n/PresentationMode.cpp
    gui/i18n/ViewMenuAdditions.h gui/i18n/ViewMenuAdditions.cpp
)
# The .qm files are compiled into the app as :/i18n/<name>.qm. lupdate scans every source of the `app`
# target, so strings of every panel end up in the .ts file:
#     cmake --build build --target update_translations      (or: make translations)
# mailflow_id.ts is MailFlow's own strings; qtbase_id.ts translates the Qt dialog strings MailFlow shows
# (Debian ships no Indonesian Qt translation) and is edited by hand, never by lupdate.
# (Absolute paths: lupdate would resolve the target's relative source paths against this file's folder.)
file(GLOB_RECURSE app_translatable_sources CONFIGURE_DEPENDS
    ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
qt_add_translations(app
    TS_FILES ${PROJECT_SOURCE_DIR}/translations/mailflow_id.ts
    SOURCES ${app_translatable_sources}
    INCLUDE_DIRECTORIES ${CMAKE_CURRENT_SOURCE_DIR}
    LUPDATE_OPTIONS -no-obsolete -locations none)
set(qtbase_id_qm ${CMAKE_CURRENT_BINARY_DIR}/qt_i18n/qtbase_id.qm)
add_custom_command(OUTPUT ${qtbase_id_qm}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/qt_i18n
    COMMAND Qt6::lrelease -silent ${PROJECT_SOURCE_DIR}/translations/qtbase_id.ts -qm ${qtbase_id_qm}
    DEPENDS ${PROJECT_SOURCE_DIR}/translations/qtbase_id.ts Qt6::lrelease
    VERBATIM)
qt_add_resources(app "qt_translations" PREFIX "/i18n" BASE ${CMAKE_CURRENT_BINARY_DIR}/qt_i18n FILES ${qtbase_id_qm})
