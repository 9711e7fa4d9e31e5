#include "DeviceView.h"

#include "gui/StatusLine.h"
#include "gui/WorldSession.h"
#include "world/MessageReader.h"
#include "world/World.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mf::gui {

namespace {

enum Column { UnreadColumn, FromColumn, SubjectColumn, DateColumn };

QString protocolLabel(const QString &protocol)
{
    return protocol.toUpper();
}

// "Alice <alice@a.example>" -> "Alice": the list shows who, the reader shows the whole address.
QString shortSender(const QString &from)
{
    const qsizetype open = from.indexOf(QLatin1Char('<'));
    QString name = open > 0 ? from.left(open).trimmed() : from;
    if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"')))
        name = name.mid(1, name.size() - 2);
    return name.isEmpty() ? from : name;
}

QString shortDate(const QDateTime &date)
{
    if (!date.isValid())
        return {};
    const QDateTime local = date.toLocalTime();
    return local.date() == QDate::currentDate() ? local.time().toString(QStringLiteral("HH:mm"))
                                                : QLocale().toString(local.date(), QLocale::ShortFormat);
}

} // namespace

DeviceView::DeviceView(WorldSession &session, const QString &device, QWidget *parent)
    : QWidget(parent), m_session(session), m_device(device)
{
    setObjectName(QStringLiteral("device-") + device);
    m_check = new QPushButton(this);
    m_check->setObjectName(QStringLiteral("checkMail"));
    m_check->setStyleSheet(QStringLiteral("font-weight: bold; padding: 4px 12px;"));
    // Beside the button, two lines at most: a long status (a failed check's reason) never moves it.
    m_status = new StatusLine(2, this);
    m_status->setObjectName(QStringLiteral("status"));

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("messages"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAllColumnsShowFocus(true);
    m_list->setColumnCount(4);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(UnreadColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(FromColumn, QHeaderView::Interactive);
    m_list->header()->setSectionResizeMode(SubjectColumn, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(DateColumn, QHeaderView::ResizeToContents);
    m_list->setColumnWidth(FromColumn, 90);

    m_reader = new QTextBrowser(this);
    m_reader->setObjectName(QStringLiteral("reader"));
    m_reader->setOpenLinks(false);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_reader);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    auto *top = new QHBoxLayout;
    top->addWidget(m_check, 0, Qt::AlignTop);
    top->addWidget(m_status, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(m_check, &QPushButton::clicked, this, [this] { emit checkRequested(m_device); });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &DeviceView::showSelected);
    retranslate();
}

void DeviceView::setUser(const QString &user)
{
    m_user = user;
}

QString DeviceView::keyOf(const ClientMessage &m)
{
    return m.uid ? QString::number(m.uid) : QString::fromUtf8(m.uidl) + QLatin1Char('|') + m.flow;
}

void DeviceView::showAt(int cursor, const QList<int> &relevantEvents)
{
    m_cursor = cursor;
    m_relevant = relevantEvents;
    World *world = m_session.world();
    const QList<ClientMessage> messages = world ? world->clientMail().at(m_user, m_device, cursor) : QList<ClientMessage>();
    showStatus(cursor, relevantEvents);

    auto sameList = [&] {
        if (messages.size() != m_messages.size())
            return false;
        for (int i = 0; i < messages.size(); ++i)
            if (keyOf(messages[i]) != keyOf(m_messages[i]) || messages[i].seen != m_messages[i].seen
                || messages[i].onServer != m_messages[i].onServer)
                return false;
        return true;
    };
    if (sameList() && m_list->topLevelItemCount() == messages.size())
        return;

    const QTreeWidgetItem *current = m_list->currentItem();
    const QString selectedKey = current ? current->data(0, Qt::UserRole).toString() : QString();
    m_rebuilding = true;
    m_messages = messages;
    m_list->clear();
    QTreeWidgetItem *reselect = nullptr;
    for (const ClientMessage &m : std::as_const(m_messages)) {
        const ReadableMessage r = readMessage(m.bytes);
        auto *item = new QTreeWidgetItem(m_list);
        item->setData(0, Qt::UserRole, keyOf(m));
        item->setText(UnreadColumn, m.seen ? QString() : QStringLiteral("●"));
        item->setForeground(UnreadColumn, QColor(0x1565c0));
        item->setText(FromColumn, shortSender(r.from));
        item->setToolTip(FromColumn, r.from);
        item->setText(SubjectColumn, r.subject.isEmpty() ? tr("(no subject)") : r.subject);
        item->setText(DateColumn, shortDate(r.date));
        QFont font = m_list->font();
        font.setBold(!m.seen);
        for (int c = 0; c < m_list->columnCount(); ++c)
            item->setFont(c, font);
        item->setToolTip(UnreadColumn, m.seen ? tr("Read") : tr("Unread"));
        if (!m.onServer) {
            for (int c = 0; c < m_list->columnCount(); ++c)
                item->setToolTip(c, tr("Only on this device: the server deleted it after the download (POP3)."));
        }
        if (item->data(0, Qt::UserRole).toString() == selectedKey)
            reselect = item;
    }
    if (reselect)
        m_list->setCurrentItem(reselect);
    m_rebuilding = false;
    showSelected();
    emit unreadCountChanged();
}

void DeviceView::showStatus(int cursor, const QList<int> &relevantEvents)
{
    World *world = m_session.world();
    QString text = tr("Not checked yet. Press Check mail.");
    QString color = QStringLiteral("palette(text)");
    if (world) {
        for (auto it = relevantEvents.crbegin(); it != relevantEvents.crend(); ++it) {
            if (*it > cursor || *it >= world->log().size())
                continue;
            const SimEvent &e = world->log().at(*it);
            if (e.field(QStringLiteral("user")).toString() != m_user
                || e.field(QStringLiteral("device")).toString() != m_device)
                continue;
            const QString proto = protocolLabel(e.field(QStringLiteral("protocol")).toString());
            if (e.kind == EventKind::Action) {
                text = tr("Checking mail over %1…").arg(proto);
                if (!m_session.isPlaying() && !m_session.isShowingPast())
                    text += QLatin1Char(' ') + tr("The lesson is paused: press Play (Space) or Step (Right).");
                color = QStringLiteral("#8a6d00");
                break;
            }
            const int count = e.field(QStringLiteral("count")).toInt();
            const int deleted = e.field(QStringLiteral("deleted")).toInt();
            if (!e.field(QStringLiteral("ok")).toBool()) {
                text = tr("The check over %1 failed: %2").arg(proto, e.field(QStringLiteral("error")).toString());
                color = QStringLiteral("#b00020");
            } else if (proto.startsWith(QLatin1String("IMAP"))) {
                text = count == 1 ? tr("1 new message over %1.").arg(proto)
                       : count     ? tr("%1 new messages over %2.").arg(count).arg(proto)
                                   : tr("No new mail (%1).").arg(proto);
                text += QLatin1Char(' ') + tr("IMAP keeps the mail on the server.");
                color = QStringLiteral("#1b5e20");
            } else {
                text = count == 1 ? tr("1 message downloaded over %1.").arg(proto)
                       : count     ? tr("%1 messages downloaded over %2.").arg(count).arg(proto)
                                   : tr("No mail on the server (%1).").arg(proto);
                if (count)
                    text += QLatin1Char(' ') + (deleted ? tr("Deleted from the server.") : tr("Left on the server."));
                color = QStringLiteral("#1b5e20");
            }
            break;
        }
    }
    m_status->setStatus(text);
    m_status->setStyleSheet(QStringLiteral("color: %1;").arg(color));
}

void DeviceView::showSelected()
{
    if (m_rebuilding)
        return;
    QTreeWidgetItem *item = m_list->currentItem();
    const int row = item ? m_list->indexOfTopLevelItem(item) : -1;
    if (row < 0 || row >= m_messages.size()) {
        m_reader->setHtml(QStringLiteral("<p style='color:gray'>%1</p>").arg(tr("Choose a message to read it.").toHtmlEscaped()));
        return;
    }
    const ClientMessage m = m_messages[row];
    const ReadableMessage r = readMessage(m.bytes);
    auto row2 = [](const QString &label, const QString &value) {
        return value.isEmpty() ? QString()
                               : QStringLiteral("<tr><td style='color:#555;padding-right:8px'><b>%1</b></td><td>%2</td></tr>")
                                     .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html = QStringLiteral("<table>");
    html += row2(tr("From:"), r.from);
    html += row2(tr("To:"), r.to);
    html += row2(tr("Cc:"), r.cc);
    html += row2(tr("Date:"), r.date.isValid() ? QLocale().toString(r.date.toLocalTime(), QLocale::LongFormat) : QString());
    html += row2(tr("Subject:"), r.subject);
    html += QStringLiteral("</table><hr/>");
    html += QStringLiteral("<pre style='white-space:pre-wrap; font-family:sans-serif'>%1</pre>").arg(r.text.toHtmlEscaped());
    if (!r.attachments.isEmpty()) {
        html += QStringLiteral("<hr/><p><b>%1</b></p><ul>").arg(tr("Attachments:").toHtmlEscaped());
        for (const auto &a : r.attachments) {
            const QString name = a.fileName.isEmpty() ? tr("(unnamed)") : a.fileName;
            html += QStringLiteral("<li>%1 <span style='color:#555'>(%2, %3)</span></li>")
                        .arg(name.toHtmlEscaped(), a.mimeType.toHtmlEscaped(), QLocale().formattedDataSize(a.size));
        }
        html += QStringLiteral("</ul>");
    }
    QString where;
    if (m.protocol.startsWith(QLatin1String("imap")))
        where = tr("Read with IMAP: the message stays on the server; opening it sets the \\Seen flag there, so your other devices show it as read.");
    else if (m.onServer)
        where = tr("Downloaded with POP3 and left on the server. POP3 has no read flag on the server: only this device knows you read it.");
    else
        where = tr("Downloaded with POP3 and deleted from the server: this device has the only copy.");
    html += QStringLiteral("<p style='color:#555; font-size:small'><i>%1</i></p>").arg(where.toHtmlEscaped());
    m_reader->setHtml(html);

    if (!m.seen && !m_session.isShowingPast()) {
        // After this slot: marking records an event, and the list is rebuilt from it.
        QMetaObject::invokeMethod(this, [this, m, world = QPointer<World>(m_session.world())] {
            if (world && world == m_session.world())
                world->markRead(m_user, m_device, m);
        }, Qt::QueuedConnection);
    }
}

int DeviceView::messageCount() const
{
    return int(m_messages.size());
}

bool DeviceView::isUnread(int row) const
{
    return row >= 0 && row < m_messages.size() && !m_messages[row].seen;
}

QString DeviceView::subjectAt(int row) const
{
    const QTreeWidgetItem *item = m_list->topLevelItem(row);
    return item ? item->text(SubjectColumn) : QString();
}

void DeviceView::open(int row)
{
    if (QTreeWidgetItem *item = m_list->topLevelItem(row))
        m_list->setCurrentItem(item);
}

int DeviceView::unreadCount() const
{
    return int(std::count_if(m_messages.cbegin(), m_messages.cend(), [](const ClientMessage &m) { return !m.seen; }));
}

QString DeviceView::statusText() const
{
    return m_status->text();
}

QString DeviceView::readerText() const
{
    return m_reader->toPlainText();
}

void DeviceView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void DeviceView::retranslate()
{
    m_check->setText(tr("Check mail"));
    m_check->setToolTip(tr("Connect to the access server and fetch new mail with the chosen protocol."));
    m_list->setHeaderLabels({QString(), tr("From"), tr("Subject"), tr("Date")});
    m_messages.clear(); // forces a rebuild with the new texts
    showAt(m_cursor, m_relevant);
}

} // namespace mf::gui
