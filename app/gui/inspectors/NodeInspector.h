#pragma once

#include "QueueFold.h"

#include <QPointer>
#include <QSqlTableModel>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

class QTabWidget;
class QTableView;
class QTableWidget;
class QTimer;

namespace mf {
class World;
struct DomainHost;
}

namespace mf::gui {

class WorldSession;

// The node inspector: the state of one node at the moment the views show. A spool or MTA server shows
// its queue (folded from the `queue` events up to the cursor); an alias expander or database its alias
// table and the DNS server its zone, both editable (QSqlTableModel on the world's SQLite files; the next
// message or query sees the change); the mailboxes their messages per user; MTA and POP3/IMAP servers
// their settings (ports, TLS, authentication). Follows WorldSession::nodeSelected; a combo lists every node.
class NodeInspector : public QWidget
{
    Q_OBJECT
public:
    explicit NodeInspector(WorldSession &session, QWidget *parent = nullptr);
    ~NodeInspector() override;

    QString shownNode() const { return m_node; }
    // The editable table of the shown node (alias table or DNS zone), or nullptr.
    QSqlTableModel *tableModel() const { return m_sqlModel; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void attach(World *world);
    void fillCombo();
    void showNode(const QString &nodeId);
    void rebuildTabs();
    void scheduleRefresh();
    void refresh();
    void refreshQueue(bool force);
    void refreshMailboxes();
    void refreshSettings();
    void openTable(const QString &kind);
    void dropTable();
    DomainHost *domainOfNode() const;

    WorldSession &m_session;
    World *m_world = nullptr;
    QString m_node;
    QueueFold m_queue;
    QTimer *m_refreshTimer = nullptr;

    QLabel *m_pickLabel = nullptr;
    QComboBox *m_combo = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_role = nullptr;
    QTabWidget *m_tabs = nullptr;

    QWidget *m_queuePage = nullptr;
    QLabel *m_queueSummary = nullptr;
    QTableWidget *m_queueTable = nullptr;

    QWidget *m_tablePage = nullptr;
    QLabel *m_tableHint = nullptr;
    QTableView *m_tableView = nullptr;
    QPushButton *m_addRow = nullptr;
    QPushButton *m_removeRow = nullptr;
    QLabel *m_tableStatus = nullptr;
    QPointer<QSqlTableModel> m_sqlModel;
    QString m_tableKind; // "aliases" or "dns"

    QWidget *m_mailboxPage = nullptr;
    QLabel *m_mailboxSummary = nullptr;
    QTableWidget *m_mailboxTable = nullptr;

    QTableWidget *m_settingsTable = nullptr;
};

} // namespace mf::gui
