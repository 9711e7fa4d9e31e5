#include "NodeInspector.h"

#include "InspectorHeading.h"
#include "labels/NodeNames.h"
#include "aliases/AliasDatabase.h"
#include "gui/WorldSession.h"
#include "mime/MimeAddress.h"
#include "mime/MimeMessage.h"
#include "world/NodeIds.h"
#include "world/World.h"

#include <QApplication>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSqlError>
#include <QSqlTableModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace mf::gui {

namespace {

QTableWidget *readOnlyTable(int columns, QWidget *parent)
{
    auto *t = new QTableWidget(0, columns, parent);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

QLabel *wrapped(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    return l;
}

QString seconds(qint64 ms)
{
    if (ms < 60'000)
        return NodeInspector::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    if (ms < 3'600'000)
        return NodeInspector::tr("%1 min %2 s").arg(ms / 60'000).arg((ms % 60'000) / 1000);
    return NodeInspector::tr("%1 h %2 min").arg(ms / 3'600'000).arg((ms % 3'600'000) / 60'000);
}

QColor stateColour(const QString &state)
{
    if (state == QLatin1String("deferred"))
        return QColor(0xff, 0xe0, 0xa0);
    if (state == QLatin1String("bounced"))
        return QColor(0xf8, 0xc8, 0xc8);
    if (state == QLatin1String("delivered"))
        return QColor(0xd4, 0xef, 0xd4);
    if (state == QLatin1String("active"))
        return QColor(0xd0, 0xe4, 0xff);
    return {};
}

QString stateText(const QString &state)
{
    if (state == QLatin1String("queued"))
        return NodeInspector::tr("queued (waiting its turn)");
    if (state == QLatin1String("active"))
        return NodeInspector::tr("active (being sent)");
    if (state == QLatin1String("deferred"))
        return NodeInspector::tr("deferred (will retry)");
    if (state == QLatin1String("delivered"))
        return NodeInspector::tr("done (handed on)");
    if (state == QLatin1String("bounced"))
        return NodeInspector::tr("bounced (gave up)");
    return state;
}

QString firstDecoded(const MimeMessage &m, QByteArrayView name)
{
    return QString::fromUtf8(m.decodedHeaderValues(name).value(0)).simplified();
}

} // namespace

NodeInspector::NodeInspector(WorldSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("nodeInspector"));
    auto *layout = new QVBoxLayout(this);
    const InspectorHeading heading =
        addInspectorHeading(this, layout, QStringLiteral("nodeCombo"), QStringLiteral("nodeTitle"), 1.25);
    m_pickLabel = heading.pickLabel;
    m_combo = heading.combo;
    m_title = heading.title;
    m_role = wrapped(this);
    m_role->setObjectName(QStringLiteral("nodeRole"));
    layout->addWidget(m_role);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("nodeTabs"));
    layout->addWidget(m_tabs, 1);

    m_queuePage = new QWidget(this);
    auto *queueLayout = new QVBoxLayout(m_queuePage);
    m_queueSummary = wrapped(m_queuePage);
    m_queueSummary->setObjectName(QStringLiteral("queueSummary"));
    queueLayout->addWidget(m_queueSummary);
    m_queueTable = readOnlyTable(6, m_queuePage);
    m_queueTable->setObjectName(QStringLiteral("queueTable"));
    queueLayout->addWidget(m_queueTable, 1);

    m_tablePage = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(m_tablePage);
    m_tableHint = wrapped(m_tablePage);
    tableLayout->addWidget(m_tableHint);
    m_tableView = new QTableView(m_tablePage);
    m_tableView->setObjectName(QStringLiteral("sqlTable"));
    m_tableView->setAlternatingRowColors(true);
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->verticalHeader()->hide();
    m_tableView->horizontalHeader()->setStretchLastSection(true);
    m_tableView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                 | QAbstractItemView::AnyKeyPressed);
    tableLayout->addWidget(m_tableView, 1);
    auto *buttons = new QHBoxLayout;
    m_addRow = new QPushButton(m_tablePage);
    m_removeRow = new QPushButton(m_tablePage);
    buttons->addWidget(m_addRow);
    buttons->addWidget(m_removeRow);
    buttons->addStretch(1);
    tableLayout->addLayout(buttons);
    m_tableStatus = wrapped(m_tablePage);
    m_tableStatus->setObjectName(QStringLiteral("tableStatus"));
    tableLayout->addWidget(m_tableStatus);

    m_mailboxPage = new QWidget(this);
    auto *mailboxLayout = new QVBoxLayout(m_mailboxPage);
    m_mailboxSummary = wrapped(m_mailboxPage);
    mailboxLayout->addWidget(m_mailboxSummary);
    m_mailboxTable = readOnlyTable(5, m_mailboxPage);
    m_mailboxTable->setObjectName(QStringLiteral("mailboxTable"));
    m_mailboxTable->horizontalHeader()->setStretchLastSection(false);
    m_mailboxTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_mailboxTable->setTextElideMode(Qt::ElideRight);
    mailboxLayout->addWidget(m_mailboxTable, 1);

    m_settingsTable = readOnlyTable(2, this);
    m_settingsTable->setObjectName(QStringLiteral("settingsTable"));
    m_settingsTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    // The tabs are put in by rebuildTabs(); keep the unused pages out of sight.
    for (QWidget *page : {m_queuePage, m_tablePage, m_mailboxPage, static_cast<QWidget *>(m_settingsTable)})
        page->hide();

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(40); // one redraw per burst of events
    connect(m_refreshTimer, &QTimer::timeout, this, &NodeInspector::refresh);

    connect(m_combo, &QComboBox::activated, this, [this](int index) {
        const QString node = m_combo->itemData(index).toString();
        if (!node.isEmpty() && node != m_node)
            m_session.selectNode(node);
    });
    connect(m_addRow, &QPushButton::clicked, this, [this] {
        if (!m_sqlModel)
            return;
        const int row = m_sqlModel->rowCount();
        m_sqlModel->insertRow(row);
        // Sensible defaults so the new row is valid once its main field is typed.
        if (m_tableKind == QLatin1String("dns")) {
            const QString zone = m_sqlModel->rowCount() > 1 ? m_sqlModel->data(m_sqlModel->index(0, 1)).toString() : QString();
            m_sqlModel->setData(m_sqlModel->index(row, 1), zone);
            m_sqlModel->setData(m_sqlModel->index(row, 2), zone);
            m_sqlModel->setData(m_sqlModel->index(row, 3), QStringLiteral("A"));
            m_sqlModel->setData(m_sqlModel->index(row, 5), QStringLiteral("127.0.0.1"));
            m_sqlModel->setData(m_sqlModel->index(row, 6), 300);
        } else {
            const QString domain = NodeNames::where(m_node);
            m_sqlModel->setData(m_sqlModel->index(row, 1), QStringLiteral("new@") + domain);
            m_sqlModel->setData(m_sqlModel->index(row, 2), QStringLiteral("someone@") + domain);
            m_sqlModel->setData(m_sqlModel->index(row, 3), QString());
        }
        if (!m_sqlModel->submitAll())
            m_tableStatus->setText(m_sqlModel->lastError().text());
        m_tableView->scrollToBottom();
        m_tableView->edit(m_sqlModel->index(m_sqlModel->rowCount() - 1, 1));
    });
    connect(m_removeRow, &QPushButton::clicked, this, [this] {
        if (!m_sqlModel || !m_tableView->currentIndex().isValid())
            return;
        m_sqlModel->removeRow(m_tableView->currentIndex().row());
        if (!m_sqlModel->submitAll())
            m_tableStatus->setText(m_sqlModel->lastError().text());
        m_sqlModel->select();
    });

    connect(&m_session, &WorldSession::worldAboutToChange, this, [this] { attach(nullptr); });
    connect(&m_session, &WorldSession::worldChanged, this, &NodeInspector::attach);
    connect(&m_session, &WorldSession::cursorMoved, this, &NodeInspector::scheduleRefresh);
    connect(&m_session, &WorldSession::nodeSelected, this, &NodeInspector::showNode);
    connect(&m_session, &WorldSession::languageChanged, this, [this] { retranslate(); });

    retranslate();
    attach(m_session.world());
}

NodeInspector::~NodeInspector()
{
    dropTable();
}

void NodeInspector::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void NodeInspector::retranslate()
{
    m_pickLabel->setText(tr("&Node:"));
    m_combo->setToolTip(tr("Every part of the mail system. Clicking a node in the diagram also selects it."));
    m_queueTable->setHorizontalHeaderLabels({tr("Id"), tr("Message"), tr("State"), tr("Attempts"), tr("Next retry"),
                                             tr("Last error")});
    m_mailboxTable->setHorizontalHeaderLabels({tr("User"), tr("From"), tr("Subject"), tr("Size"), tr("Flags")});
    m_settingsTable->setHorizontalHeaderLabels({tr("Setting"), tr("Value")});
    m_addRow->setText(tr("Add row"));
    m_removeRow->setText(tr("Delete row"));
    if (m_world) {
        const int current = m_combo->currentIndex();
        fillCombo();
        m_combo->setCurrentIndex(current);
    }
    rebuildTabs();
}

void NodeInspector::attach(World *world)
{
    dropTable();
    m_world = world;
    m_node.clear();
    m_queue.clear();
    fillCombo();
    if (world)
        m_node = m_session.selectedNode().isEmpty() ? node::spool(world->scenario().domains.value(0).name)
                                                    : m_session.selectedNode();
    m_combo->setCurrentIndex(m_combo->findData(m_node));
    rebuildTabs();
}

void NodeInspector::fillCombo()
{
    const QSignalBlocker block(m_combo);
    m_combo->clear();
    if (!m_world)
        return;
    // A receiving domain's spool is named as the POP3/IMAP server it is shown together with.
    const QString sender = m_world->scenario().sendingDomain();
    auto add = [this, &sender](const QString &id) { m_combo->addItem(NodeNames::title(id, sender), id); };
    const QList<DomainHost *> domains = m_world->domains();
    for (int i = 0; i < domains.size(); ++i) {
        const QString d = domains[i]->spec.name;
        for (const QString &id : {node::user(d), node::ua(d), node::spool(d), node::aliasExpander(d), node::database(d),
                                  node::mtaClient(d)})
            add(id);
        for (const auto &mx : domains[i]->mx)
            add(node::mtaServer(mx.spec.host));
        add(node::mailboxes(d));
        add(node::accessServer(d));
        if (i == 0) {
            add(node::internet());
            add(node::dns());
        }
        if (i + 1 < domains.size())
            m_combo->insertSeparator(m_combo->count());
    }
}

void NodeInspector::showNode(const QString &nodeId)
{
    if (nodeId == m_node)
        return;
    m_node = nodeId;
    const QSignalBlocker block(m_combo);
    m_combo->setCurrentIndex(m_combo->findData(nodeId));
    rebuildTabs();
}

DomainHost *NodeInspector::domainOfNode() const
{
    if (!m_world)
        return nullptr;
    const QString at = NodeNames::where(m_node);
    if (DomainHost *d = m_world->domain(at))
        return d;
    for (DomainHost *d : m_world->domains())
        if (d->mxServer(at))
            return d;
    return nullptr;
}

void NodeInspector::rebuildTabs()
{
    const QString kind = NodeNames::kind(m_node);
    // What the node does on its side: a receiving domain's spool serves POP3/IMAP, the sender's queues.
    const QString sender = m_world ? m_world->scenario().sendingDomain() : QString();
    m_title->setText(m_world ? NodeNames::title(m_node, sender) : tr("No lesson loaded."));
    m_role->setText(m_world ? NodeNames::role(m_node, sender) : QString());
    const QSignalBlocker block(m_tabs);
    while (m_tabs->count() > 0)
        m_tabs->removeTab(0);
    for (QWidget *page : {m_queuePage, m_tablePage, m_mailboxPage, static_cast<QWidget *>(m_settingsTable)})
        page->hide();
    dropTable();
    m_queue.setNode(m_node);
    if (!m_world) {
        m_tabs->hide();
        return;
    }
    if (kind == QLatin1String("spool") || kind == QLatin1String("mta-server"))
        m_tabs->addTab(m_queuePage, tr("Queue"));
    if (kind == QLatin1String("alias-expander") || kind == QLatin1String("database")) {
        m_tabs->addTab(m_tablePage, tr("Alias table"));
        openTable(QStringLiteral("aliases"));
    }
    if (kind == QLatin1String("dns")) {
        m_tabs->addTab(m_tablePage, tr("DNS zone"));
        openTable(QStringLiteral("dns"));
    }
    if (kind == QLatin1String("mailboxes"))
        m_tabs->addTab(m_mailboxPage, tr("Mailboxes"));
    if (kind == QLatin1String("mta-server") || kind == QLatin1String("access-server") || kind == QLatin1String("dns")
        || m_node == node::internet())
        m_tabs->addTab(m_settingsTable, tr("Settings"));
    m_tabs->setVisible(m_tabs->count() > 0);
    m_tabs->setCurrentIndex(0);
    refreshQueue(true);
    refreshMailboxes();
    refreshSettings();
}

void NodeInspector::scheduleRefresh()
{
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void NodeInspector::refresh()
{
    if (!m_world)
        return;
    refreshQueue(false);
    if (m_tabs->indexOf(m_mailboxPage) >= 0)
        refreshMailboxes();
    if (m_tabs->indexOf(m_settingsTable) >= 0)
        refreshSettings();
    // The timeline or another panel may have changed the alias table: show it unless someone is typing.
    QWidget *focus = QApplication::focusWidget();
    const bool editing = focus && focus != m_tableView && m_tableView->isAncestorOf(focus);
    if (m_sqlModel && !editing && m_tableKind == QLatin1String("aliases")) {
        const int cursor = m_session.cursor();
        if (cursor >= 0 && m_world->log().at(cursor).kind == EventKind::Db
            && m_world->log().at(cursor).field(QStringLiteral("query")).toString().startsWith(QLatin1String("REPLACE")))
            m_sqlModel->select();
    }
}

void NodeInspector::refreshQueue(bool force)
{
    if (!m_world || m_tabs->indexOf(m_queuePage) < 0) {
        // Nothing of an earlier node's queue stays behind (in an earlier language).
        m_queueTable->setRowCount(0);
        m_queueSummary->clear();
        return;
    }
    const int cursor = m_session.cursor();
    if (!m_queue.foldTo(m_world->log(), cursor) && !force)
        return;
    const qint64 now = cursor >= 0 ? m_world->log().at(cursor).t : 0;
    const auto &rows = m_queue.rows();
    m_queueTable->setRowCount(int(rows.size()));
    int waiting = 0;
    for (int i = 0; i < rows.size(); ++i) {
        const QueueFold::Row &r = rows[i];
        const bool finished = r.state == QLatin1String("delivered") || r.state == QLatin1String("bounced");
        waiting += finished ? 0 : 1;
        QString retry;
        if (r.state == QLatin1String("deferred") && r.nextRetryMs >= 0)
            retry = r.nextRetryMs > now ? tr("in %1").arg(seconds(r.nextRetryMs - now)) : tr("now");
        const QStringList cells{QString::number(r.id), r.message, stateText(r.state), QString::number(r.attempts), retry,
                                r.error};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (const QColor colour = stateColour(r.state); colour.isValid())
                item->setBackground(colour);
            if (finished)
                item->setForeground(QColor(0x55, 0x55, 0x55));
            item->setData(Qt::UserRole, r.state);
            if (c == 5)
                item->setToolTip(r.error);
            m_queueTable->setItem(i, c, item);
        }
    }
    m_queueSummary->setText(rows.isEmpty() ? tr("The queue is empty at this moment.")
                            : waiting == 0 ? tr("Nothing is waiting at this moment. Messages already handed on are listed in green.")
                                           : tr("%n message(s) waiting at this moment. Messages already handed on are "
                                                "listed in green.", nullptr, waiting));
}

void NodeInspector::refreshMailboxes()
{
    m_mailboxTable->setRowCount(0);
    DomainHost *d = domainOfNode();
    if (!m_world || !d || NodeNames::kind(m_node) != QLatin1String("mailboxes"))
        return;
    // The messages delivered up to the cursor; the store tells their flags now, or that POP3 deleted them.
    const EventLog &log = m_world->log();
    const int cursor = m_session.cursor();
    struct Delivered {
        QString account;
        quint32 uid;
        QString flow;
        int index;
    };
    QList<Delivered> delivered;
    QHash<QString, int> lastDeletion; // account -> index of the latest POP3 retrieval that deleted
    for (int i = 0; i <= cursor && i < log.size(); ++i) {
        const SimEvent &e = log.at(i);
        if (e.kind == EventKind::Delivered && e.field(QStringLiteral("node")).toString() == m_node) {
            delivered << Delivered{e.field(QStringLiteral("mailbox")).toString(),
                                   quint32(e.field(QStringLiteral("uid")).toInteger()),
                                   e.field(QStringLiteral("message")).toString(), i};
        } else if (e.kind == EventKind::Retrieved && e.field(QStringLiteral("deleted")).toInt() > 0) {
            lastDeletion.insert(e.field(QStringLiteral("user")).toString().toLower(), i);
        }
    }
    int present = 0;
    for (const Delivered &m : std::as_const(delivered)) {
        const auto stored = d->mailboxes->message(m.account, QStringLiteral("INBOX"), m.uid);
        const bool deleted = !stored && lastDeletion.value(m.account.toLower(), -1) > m.index;
        QByteArray header;
        if (stored) {
            header = d->mailboxes->messageHeadersBetween(m.account, QStringLiteral("INBOX"), m.uid, m.uid).value(0).second;
        } else if (const auto snapshot = m_world->messageAt(m.flow, cursor)) {
            header = snapshot->data;
        }
        const MimeMessage message(header);
        QString flags;
        if (deleted)
            flags = tr("deleted (downloaded with POP3)");
        else if (stored)
            flags = stored->flags.isEmpty() ? tr("new") : QString::fromUtf8(stored->flags.join(' '));
        else
            flags = tr("new");
        present += deleted ? 0 : 1;
        const qint64 size = stored ? stored->size : header.size();
        // The author's name is enough here; the whole From: is in the tooltip.
        const QList<MimeAddress> authors = parseAddressList(message.headerValues("From").value(0));
        QString author = firstDecoded(message, "From");
        if (!authors.isEmpty() && authors.first().name.isEmpty() && !authors.first().host.isEmpty())
            author = QString::fromUtf8(authors.first().mailbox + '@' + authors.first().host);
        else if (!authors.isEmpty() && !authors.first().name.isEmpty())
            author = author.section(QLatin1String(" <"), 0, 0);
        const QStringList cells{m.account, author, firstDecoded(message, "Subject"),
                                size < 2048 ? tr("%1 B").arg(size) : tr("%1 KB").arg(double(size) / 1024.0, 0, 'f', 1), flags};
        const int row = m_mailboxTable->rowCount();
        m_mailboxTable->insertRow(row);
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            item->setToolTip(c == 1 ? firstDecoded(message, "From") : cells[c]);
            if (deleted)
                item->setForeground(QColor(0x88, 0x88, 0x88));
            m_mailboxTable->setItem(row, c, item);
        }
    }
    QStringList users;
    for (const UserSpec &u : d->spec.users)
        users << u.address;
    m_mailboxSummary->setText(tr("Users: %1. %n message(s) in the mailboxes at this moment.", nullptr, present)
                                  .arg(users.join(QStringLiteral(", "))));
}

void NodeInspector::refreshSettings()
{
    m_settingsTable->setRowCount(0);
    if (!m_world)
        return;
    auto add = [this](const QString &setting, const QString &value) {
        const int row = m_settingsTable->rowCount();
        m_settingsTable->insertRow(row);
        auto *name = new QTableWidgetItem(setting);
        QFont bold = name->font();
        bold.setBold(true);
        name->setFont(bold);
        m_settingsTable->setItem(row, 0, name);
        m_settingsTable->setItem(row, 1, new QTableWidgetItem(value));
    };
    const QString yes = tr("yes"), no = tr("no");
    const QJsonObject endpoints = m_world->endpoints();
    const QString kind = NodeNames::kind(m_node);
    const QString at = NodeNames::where(m_node);
    DomainHost *d = domainOfNode();
    // Up or down at the cursor, from the `server` and `link` actions recorded so far.
    const int cursor = m_session.cursor();
    if (kind == QLatin1String("mta-server") && d) {
        const QJsonObject e = endpoints.value(QStringLiteral("domains")).toObject().value(d->spec.name).toObject();
        bool up = true;
        for (int i = 0; i <= cursor; ++i) {
            const SimEvent &ev = m_world->log().at(i);
            if (ev.kind == EventKind::Action && ev.field(QStringLiteral("action")).toString() == QLatin1String("server")
                && ev.field(QStringLiteral("node")).toString() == m_node)
                up = ev.field(QStringLiteral("state")).toString() == QLatin1String("up");
        }
        add(tr("Host name"), at);
        add(tr("Domain"), d->spec.name);
        add(tr("Running"), up ? yes : tr("no (stopped by the lesson)"));
        QString relay;
        for (const QJsonValue &mx : e.value(QStringLiteral("mx")).toArray()) {
            const QJsonObject o = mx.toObject();
            if (o.value(QStringLiteral("host")).toString() == at) {
                add(tr("MX preference"), QString::number(o.value(QStringLiteral("preference")).toInt()));
                relay = o.value(QStringLiteral("smtp")).toString();
            }
        }
        add(tr("SMTP between servers (port 25 role)"), tr("%1, STARTTLS offered").arg(relay));
        const bool first = !d->mx.empty() && d->mx.front().spec.host == at;
        if (first) {
            add(tr("Submission for users (port 587 role)"), tr("%1, STARTTLS").arg(e.value(QStringLiteral("submission")).toString()));
            add(tr("SMTPS for users (port 465 role)"), tr("%1, TLS from the start").arg(e.value(QStringLiteral("smtps")).toString()));
            add(tr("Login (AUTH) required to submit"), d->spec.servers.submissionRequiresAuth ? yes : no);
        } else {
            add(tr("Role"), tr("backup MX: takes mail only when the preferred server does not answer"));
        }
        add(tr("Largest message accepted"), tr("%1 MB").arg(double(d->spec.servers.maxMessageSize) / 1048576.0, 0, 'f', 1));
    } else if (kind == QLatin1String("access-server") && d) {
        const QJsonObject e = endpoints.value(QStringLiteral("domains")).toObject().value(d->spec.name).toObject();
        add(tr("Host names"), QStringLiteral("pop.%1, imap.%1").arg(d->spec.name));
        add(tr("POP3"), tr("%1, STLS offered").arg(e.value(QStringLiteral("pop3")).toString()));
        add(tr("POP3S"), tr("%1, TLS from the start").arg(e.value(QStringLiteral("pop3s")).toString()));
        add(tr("IMAP"), tr("%1, STARTTLS offered").arg(e.value(QStringLiteral("imap")).toString()));
        add(tr("IMAPS"), tr("%1, TLS from the start").arg(e.value(QStringLiteral("imaps")).toString()));
        add(tr("POP3 needs TLS before the password"), d->spec.servers.pop3RequiresTls ? yes : no);
        add(tr("IMAP login only after TLS"), d->spec.servers.imapLoginDisabled ? yes : no);
        add(tr("Login required"), yes);
    } else if (kind == QLatin1String("dns")) {
        add(tr("Address"), endpoints.value(QStringLiteral("dns")).toString());
        add(tr("Transport"), tr("UDP and TCP"));
        add(tr("Answers for"), [this] {
            QStringList names;
            for (DomainHost *h : m_world->domains())
                names << h->spec.name;
            return names.join(QStringLiteral(", "));
        }());
        add(tr("Try it"), tr("dig @%1 -p %2 %3 MX")
                              .arg(endpoints.value(QStringLiteral("dns")).toString().section(QLatin1Char(':'), 0, 0),
                                   endpoints.value(QStringLiteral("dns")).toString().section(QLatin1Char(':'), 1),
                                   m_world->domains().value(m_world->domains().size() - 1)->spec.name));
    } else if (m_node == node::internet()) {
        add(tr("Latency"), tr("%1 ms one way").arg(m_world->scenario().internetLatencyMs));
        QSet<QString> down;
        for (int i = 0; i <= cursor; ++i) {
            const SimEvent &ev = m_world->log().at(i);
            if (ev.kind != EventKind::Action || ev.field(QStringLiteral("action")).toString() != QLatin1String("link"))
                continue;
            const QJsonArray between = ev.field(QStringLiteral("between")).toArray();
            const QString pair = between.at(0).toString() + QStringLiteral(" ↔ ") + between.at(1).toString();
            if (ev.field(QStringLiteral("state")).toString() == QLatin1String("down"))
                down.insert(pair);
            else
                down.remove(pair);
        }
        QStringList links(down.begin(), down.end());
        links.sort();
        add(tr("Links cut"), links.isEmpty() ? tr("none: every domain reaches every other") : links.join(QStringLiteral(", ")));
    }
}

void NodeInspector::openTable(const QString &kind)
{
    dropTable();
    m_tableKind = kind;
    if (!m_world)
        return;
    QSqlDatabase db;
    QString table;
    if (kind == QLatin1String("dns")) {
        db = m_world->dnsDatabase();
        table = World::dnsTableName();
    } else if (DomainHost *d = domainOfNode()) {
        db = d->aliases->database();
        table = AliasDatabase::tableName();
    }
    if (!db.isValid())
        return;
    m_sqlModel = new QSqlTableModel(this, db);
    m_sqlModel->setObjectName(kind == QLatin1String("dns") ? QStringLiteral("dnsZoneModel") : QStringLiteral("aliasModel"));
    m_sqlModel->setTable(table);
    m_sqlModel->setEditStrategy(QSqlTableModel::OnFieldChange);
    if (kind == QLatin1String("dns")) {
        m_sqlModel->setSort(1, Qt::AscendingOrder);
        const QStringList headers{tr("Id"), tr("Zone"), tr("Name"), tr("Type"), tr("Pref."), tr("Value"), tr("TTL")};
        const QStringList tips{QString(), tr("The domain this record belongs to"), tr("The name asked for"),
                               tr("MX: a mail server of the zone. A: an IPv4 address."),
                               tr("MX preference: the lowest is tried first"),
                               tr("MX: the mail server's host name. A: the address."),
                               tr("How long (seconds) others may remember the answer")};
        for (int c = 0; c < headers.size(); ++c) {
            m_sqlModel->setHeaderData(c, Qt::Horizontal, headers[c]);
            m_sqlModel->setHeaderData(c, Qt::Horizontal, tips[c], Qt::ToolTipRole);
        }
        m_tableHint->setText(tr("The DNS server reads this table for every query. MX: mail for the zone goes to the "
                                "host with the lowest preference first. A: the address of a host. Double-click a "
                                "cell to change it; the next lookup sees the change."));
    } else {
        m_sqlModel->setFilter(QStringLiteral("address LIKE '%@%1'").arg(NodeNames::where(m_node).replace(QLatin1Char('\''), QString())));
        m_sqlModel->setSort(1, Qt::AscendingOrder);
        const QStringList headers{tr("Id"), tr("Alias"), tr("Member (delivered to)"), tr("Owner (gets the bounces)")};
        for (int c = 0; c < headers.size(); ++c)
            m_sqlModel->setHeaderData(c, Qt::Horizontal, headers[c]);
        m_tableHint->setText(tr("The alias expander looks up every recipient here: an alias is replaced by its "
                                "members (one row per member). Double-click a cell to change it; the next message "
                                "is expanded with the change."));
    }
    connect(m_sqlModel, &QSqlTableModel::dataChanged, this, [this] {
        m_tableStatus->setText(m_sqlModel && m_sqlModel->lastError().isValid()
                                   ? tr("Not saved: %1").arg(m_sqlModel->lastError().text())
                                   : tr("Saved. It applies to the next message or lookup."));
    });
    m_sqlModel->select();
    m_tableView->setModel(m_sqlModel);
    m_tableView->hideColumn(0);
    m_tableView->resizeColumnsToContents();
    m_tableStatus->setText(m_sqlModel->rowCount() > 0 ? QString()
                           : kind == QLatin1String("aliases")
                               ? tr("%1 has no aliases yet. \"Add row\" creates one: type the alias and the address it "
                                    "stands for.").arg(NodeNames::where(m_node))
                               : tr("The zone is empty: every lookup fails."));
}

void NodeInspector::dropTable()
{
    // The model holds the world's SQLite connection: it goes before the world does.
    if (m_tableView)
        m_tableView->setModel(nullptr);
    delete m_sqlModel.data();
    m_sqlModel = nullptr;
    m_tableKind.clear();
}

} // namespace mf::gui
