#pragma once

#include "ScenarioPeople.h"
#include "scenario/Scenario.h"

#include <QHash>
#include <QWidget>
#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;

namespace mf {
class World;
}

namespace mf::gui {

class AddressCompleter;
class StatusLine;
class WorldSession;

// "Write (User A)": a user of the lesson writes a mail (to, cc, bcc, subject, body, attachments) and
// sends it into the flow (World::send), where the diagram follows it. Problems (no recipient, a
// malformed address, an unreadable file) are shown in the panel; nothing is sent then. The password is
// the one the UA's submission logs in with (SMTP AUTH), prefilled from the lesson: a wrong one is
// refused by the MTA server (535 5.7.8), the panel says so, and the mail goes no further.
// The form scrolls; the buttons and the status line stay in a fixed bar at the bottom.
class ComposerPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ComposerPanel(WorldSession &session, QWidget *parent = nullptr);

    // Adds a file from disk as an attachment; false (and a message in the panel) when it cannot be read.
    bool attachFile(const QString &path);
    // Checks the form and sends; returns the new message's flow id, or empty (the problem is shown).
    QString send();
    void clearForm();

    AddressCompleter *completer() const { return m_completer; }
    // The password field, prefilled with the sender's password from the lesson.
    QLineEdit *passwordField() const { return m_password; }
    // The message shown under the Send button (validation problem or confirmation).
    QString statusText() const;

    // Addresses in a comma-separated field ("Bob <bob@b.example>, carol@c.example"); the ones that are not
    // addresses go to `invalid`.
    static QStringList parseAddresses(const QString &text, QStringList *invalid = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void rebuild(World *world);
    void chooseFiles();
    void removeSelectedAttachments();
    void refreshAttachments();
    void showProblem(const QString &text);
    void showStatus(const QString &text, bool problem);
    void fillPassword();
    // An event about a message sent from here: when its submission was refused, say so with the server's
    // reply (as Thunderbird says "Sending of the message failed") and put the message back in the form.
    void watchSent(int eventIndex);
    void restoreForm(const ActionSpec &message);

    WorldSession &m_session;
    ScenarioPeople m_people;
    QList<AttachmentSpec> m_attachments;
    QLabel *m_intro = nullptr;
    QLabel *m_fromLabel = nullptr, *m_toLabel = nullptr, *m_ccLabel = nullptr, *m_bccLabel = nullptr,
           *m_subjectLabel = nullptr, *m_bodyLabel = nullptr, *m_attachmentsLabel = nullptr;
    QLabel *m_passwordLabel = nullptr;
    QLineEdit *m_password = nullptr;
    QScrollArea *m_scroll = nullptr;
    QHash<QString, ActionSpec> m_sentFlows; // messages sent from here whose submission may still be refused
    QComboBox *m_from = nullptr;
    QLineEdit *m_to = nullptr, *m_cc = nullptr, *m_bcc = nullptr, *m_subject = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QListWidget *m_attachmentList = nullptr;
    QPushButton *m_attach = nullptr, *m_remove = nullptr, *m_send = nullptr, *m_clear = nullptr;
    StatusLine *m_status = nullptr;
    AddressCompleter *m_completer = nullptr;
    // The status text's source, so a language switch can re-render it.
    std::function<QString()> m_statusSource;
    bool m_statusIsProblem = false;
};

} // namespace mf::gui
