target_sources(app PRIVATE
    gui/composer/ScenarioPeople.h gui/composer/ScenarioPeople.cpp
    gui/composer/AddressCompleter.h gui/composer/AddressCompleter.cpp
    gui/composer/ComposerPanel.h gui/composer/ComposerPanel.cpp
)
