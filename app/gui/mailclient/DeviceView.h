#pragma once

#include "world/ClientMail.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTextBrowser;
class QTreeWidget;

namespace mf {
class World;
}

namespace mf::gui {

class StatusLine;

class WorldSession;

// One of User B's devices ("laptop", "phone"): a Check mail button, what the last check did, the
// messages this device holds (from, subject, date, unread in bold) and a reader pane. It shows the
// device as it was at the event log's cursor. Opening an unread message marks it read (World::markRead).
class DeviceView : public QWidget
{
    Q_OBJECT
public:
    DeviceView(WorldSession &session, const QString &device, QWidget *parent = nullptr);

    QString device() const { return m_device; }
    void setUser(const QString &user);
    void setProtocolName(const QString &protocol) { m_protocol = protocol; }
    // Rebuilds the list and the status line for the event at `cursor` (and the log's relevant events).
    void showAt(int cursor, const QList<int> &relevantEvents);

    int messageCount() const;
    bool isUnread(int row) const;
    QString subjectAt(int row) const;
    // Selects and opens the message in `row` (as a click does).
    void open(int row);
    int unreadCount() const;
    QString statusText() const;
    QString readerText() const;

signals:
    void checkRequested(const QString &device);
    void unreadCountChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showSelected();
    void showStatus(int cursor, const QList<int> &relevantEvents);
    static QString keyOf(const ClientMessage &m);

    WorldSession &m_session;
    QString m_device;
    QString m_user;
    QString m_protocol;
    QList<ClientMessage> m_messages;
    int m_cursor = -1;
    QList<int> m_relevant;
    QPushButton *m_check = nullptr;
    StatusLine *m_status = nullptr;
    QTreeWidget *m_list = nullptr;
    QTextBrowser *m_reader = nullptr;
    bool m_rebuilding = false;
};

} // namespace mf::gui
