#pragma once

#include "gui/composer/ScenarioPeople.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTabWidget;

namespace mf {
class World;
}

namespace mf::gui {

class DeviceView;
class WorldSession;

// "Mail client (User B)": choose the user and the protocol (POP3, POP3S, IMAP; "leave messages on
// server" for POP3), check mail and read it on two devices, a laptop and a phone. With POP3 the first
// device to check takes the mail away; with IMAP both see the same mailbox, and a message opened on one
// shows as read on the other after its next check.
class MailClientPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MailClientPanel(WorldSession &session, QWidget *parent = nullptr);

    DeviceView *device(const QString &name) const;
    // Chooses the user, the protocol ("pop3", "pop3s", "imap") and "leave messages on server".
    void setUser(const QString &address);
    void setProtocol(const QString &protocol);
    void setLeaveOnServer(bool leave);
    QString user() const;
    // The password field, prefilled with the user's password from the lesson.
    QLineEdit *passwordField() const { return m_password; }
    QString protocol() const;
    // Asks the world to check mail for the chosen user from `device` (as the device's button does).
    void checkMail(const QString &device);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void rebuild(World *world);
    void refresh();
    void fillPassword();
    void refreshTabs();
    void protocolChanged();

    WorldSession &m_session;
    ScenarioPeople m_people;
    QList<int> m_relevant; // indices of fetch actions and retrieved events
    QLabel *m_userLabel = nullptr, *m_protocolLabel = nullptr, *m_explanation = nullptr;
    QComboBox *m_user = nullptr, *m_protocol = nullptr;
    QCheckBox *m_leave = nullptr;
    QLabel *m_passwordLabel = nullptr;
    QLineEdit *m_password = nullptr;
    QTabWidget *m_devices = nullptr;
    QList<DeviceView *> m_views;
};

} // namespace mf::gui
