target_sources(app PRIVATE
    gui/mailclient/DeviceView.h gui/mailclient/DeviceView.cpp
    gui/mailclient/MailClientPanel.h gui/mailclient/MailClientPanel.cpp
)
