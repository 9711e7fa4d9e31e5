#include "MessageInspector.h"

#include "InspectorHeading.h"
#include "labels/NodeNames.h"
#include "gui/WorldSession.h"
#include "mime/MimeAddress.h"
#include "mime/MimeMessage.h"
#include "mime/ReceivedField.h"
#include "world/World.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSet>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace mf::gui {

namespace {

QLabel *valueLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

QStringList addressesOf(const QList<QByteArray> &headerValues)
{
    QStringList out;
    for (const QByteArray &v : headerValues)
        for (const MimeAddress &a : parseAddressList(v))
            if (!a.host.isEmpty())
                out << QString::fromUtf8(a.mailbox + '@' + a.host).toLower();
    return out;
}

QString joined(const QList<QByteArray> &values)
{
    QStringList out;
    for (const QByteArray &v : values)
        out << QString::fromUtf8(v).simplified();
    return out.join(QStringLiteral(", "));
}

QString sizeText(qsizetype bytes)
{
    return bytes < 2048 ? MessageInspector::tr("%1 bytes").arg(bytes)
                        : MessageInspector::tr("%1 KB").arg(double(bytes) / 1024.0, 0, 'f', 1);
}

// "ESMTPSA" -> what it means (RFC 3848).
QString withMeaning(const QByteArray &with)
{
    const QByteArray w = with.trimmed().toUpper();
    if (w.startsWith("ESMTPSA"))
        return MessageInspector::tr("TLS + login");
    if (w.startsWith("ESMTPS"))
        return MessageInspector::tr("TLS");
    if (w.startsWith("ESMTPA"))
        return MessageInspector::tr("login, no TLS");
    if (w.startsWith("ESMTP") || w.startsWith("SMTP"))
        return MessageInspector::tr("no TLS");
    return {};
}

} // namespace

MessageInspector::MessageInspector(WorldSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("messageInspector"));
    auto *layout = new QVBoxLayout(this);

    const InspectorHeading heading =
        addInspectorHeading(this, layout, QStringLiteral("messageCombo"), QStringLiteral("whereLabel"), 1.15);
    m_pickLabel = heading.pickLabel;
    m_combo = heading.combo;
    m_where = heading.title;

    // Envelope beside headers (what the servers route by, and what the reader sees), or above them when the
    // panel is too narrow for both: see arrangeEnvelopeAndHeaders().
    m_envelopeAndHeaders = new QBoxLayout(QBoxLayout::LeftToRight);
    m_envelopeBox = new QGroupBox(this);
    m_envelopeBox->setObjectName(QStringLiteral("envelopeBox"));
    auto *envelopeForm = new QFormLayout(m_envelopeBox);
    m_mailFromCaption = new QLabel(m_envelopeBox);
    m_rcptToCaption = new QLabel(m_envelopeBox);
    m_mailFrom = valueLabel(m_envelopeBox);
    m_mailFrom->setObjectName(QStringLiteral("mailFromValue"));
    m_rcptTo = valueLabel(m_envelopeBox);
    m_rcptTo->setObjectName(QStringLiteral("rcptToValue"));
    envelopeForm->addRow(m_mailFromCaption, m_mailFrom);
    envelopeForm->addRow(m_rcptToCaption, m_rcptTo);
    m_headerBox = new QGroupBox(this);
    m_headerBox->setObjectName(QStringLiteral("headerBox"));
    auto *headerForm = new QFormLayout(m_headerBox);
    m_fromCaption = new QLabel(m_headerBox);
    m_toCaption = new QLabel(m_headerBox);
    m_ccCaption = new QLabel(m_headerBox);
    m_subjectCaption = new QLabel(m_headerBox);
    m_from = valueLabel(m_headerBox);
    m_from->setObjectName(QStringLiteral("fromValue"));
    m_to = valueLabel(m_headerBox);
    m_to->setObjectName(QStringLiteral("toValue"));
    m_cc = valueLabel(m_headerBox);
    m_cc->setObjectName(QStringLiteral("ccValue"));
    m_subject = valueLabel(m_headerBox);
    m_subject->setObjectName(QStringLiteral("subjectValue"));
    headerForm->addRow(m_fromCaption, m_from);
    headerForm->addRow(m_toCaption, m_to);
    headerForm->addRow(m_ccCaption, m_cc);
    headerForm->addRow(m_subjectCaption, m_subject);
    m_envelopeAndHeaders->addWidget(m_envelopeBox, 1);
    m_envelopeAndHeaders->addWidget(m_headerBox, 1);
    layout->addLayout(m_envelopeAndHeaders);

    m_difference = new QLabel(this);
    m_difference->setObjectName(QStringLiteral("differenceLabel"));
    m_difference->setWordWrap(true);
    m_difference->setTextFormat(Qt::PlainText);
    m_difference->setStyleSheet(QStringLiteral("QLabel { background: #fff4d6; color: #5a4300; border: 1px solid #e3c46b;"
                                               " border-radius: 4px; padding: 4px; }"));
    layout->addWidget(m_difference);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("messageTabs"));

    auto *trailPage = new QWidget(m_tabs);
    auto *trailLayout = new QVBoxLayout(trailPage);
    m_trailIntro = new QLabel(trailPage);
    m_trailIntro->setWordWrap(true);
    trailLayout->addWidget(m_trailIntro);
    m_trail = new QTableWidget(0, 5, trailPage);
    m_trail->setObjectName(QStringLiteral("receivedTrail"));
    m_trail->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_trail->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_trail->setAlternatingRowColors(true);
    m_trail->setWordWrap(false);
    m_trail->verticalHeader()->hide();
    // Short cells, the From column takes what is left: no sideways scrolling in a narrow dock.
    m_trail->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_trail->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_trail->setTextElideMode(Qt::ElideRight);
    trailLayout->addWidget(m_trail, 1);
    m_trailLegend = new QLabel(trailPage);
    m_trailLegend->setWordWrap(true);
    trailLayout->addWidget(m_trailLegend);
    m_delivery = new QLabel(trailPage);
    m_delivery->setObjectName(QStringLiteral("deliveryLabel"));
    m_delivery->setWordWrap(true);
    m_delivery->setTextFormat(Qt::PlainText);
    m_delivery->setTextInteractionFlags(Qt::TextSelectableByMouse);
    trailLayout->addWidget(m_delivery);
    m_tabs->addTab(trailPage, QString());

    m_raw = new QPlainTextEdit(m_tabs);
    m_raw->setObjectName(QStringLiteral("rawSource"));
    m_raw->setReadOnly(true);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_raw, QString());

    m_mime = new QStandardItemModel(this);
    m_mimeView = new QTreeView(m_tabs);
    m_mimeView->setObjectName(QStringLiteral("mimeTree"));
    m_mimeView->setModel(m_mime);
    m_mimeView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_mimeView->setAlternatingRowColors(true);
    m_mimeView->setUniformRowHeights(true);
    m_tabs->addTab(m_mimeView, QString());
    layout->addWidget(m_tabs, 1);

    connect(m_combo, &QComboBox::activated, this, [this](int index) {
        const QString flow = m_combo->itemData(index).toString();
        if (!flow.isEmpty() && flow != m_flow)
            m_session.selectMessage(flow);
    });
    connect(&m_session, &WorldSession::worldAboutToChange, this, [this] { attach(nullptr); });
    connect(&m_session, &WorldSession::worldChanged, this, &MessageInspector::attach);
    connect(&m_session, &WorldSession::cursorMoved, this, [this] {
        refreshList();
        refresh();
    });
    connect(&m_session, &WorldSession::messageSelected, this, &MessageInspector::showMessage);
    connect(&m_session, &WorldSession::languageChanged, this, [this] { retranslate(); });

    retranslate();
    attach(m_session.world());
}

void MessageInspector::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void MessageInspector::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrangeEnvelopeAndHeaders();
}

void MessageInspector::arrangeEnvelopeAndHeaders()
{
    // Side by side only when both boxes get their preferred width: in the docked column (about 440 px,
    // inside a scroll area that would otherwise widen the panel past the screen) they stack. The sum of
    // the preferred widths does not depend on the direction, so the choice is stable across the resize it
    // causes. (A group box's title can make its minimum wider than its size hint.)
    const auto preferredWidth = [](const QWidget *w) {
        return qMax(w->sizeHint().width(), w->minimumSizeHint().width());
    };
    const QMargins margins = layout()->contentsMargins();
    const int sideBySideWidth = margins.left() + preferredWidth(m_envelopeBox) + m_envelopeAndHeaders->spacing()
                                + preferredWidth(m_headerBox) + margins.right();
    const auto direction = width() > sideBySideWidth ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (m_envelopeAndHeaders->direction() != direction)
        m_envelopeAndHeaders->setDirection(direction);
}

void MessageInspector::retranslate()
{
    m_pickLabel->setText(tr("&Message:"));
    m_combo->setToolTip(tr("Every message seen so far. Clicking an envelope in the diagram also selects it."));
    m_envelopeBox->setTitle(tr("Envelope (SMTP): what servers route by"));
    m_headerBox->setTitle(tr("Headers: what the reader sees"));
    m_mailFromCaption->setText(tr("MAIL FROM:"));
    m_rcptToCaption->setText(tr("RCPT TO:"));
    m_fromCaption->setText(tr("From:"));
    m_toCaption->setText(tr("To:"));
    m_ccCaption->setText(tr("Cc:"));
    m_subjectCaption->setText(tr("Subject:"));
    m_tabs->setTabText(0, tr("Received trail"));
    m_tabs->setTabText(1, tr("Raw source"));
    m_tabs->setTabText(2, tr("MIME structure"));
    m_trailIntro->setText(tr("Each server that accepts the message adds a Received: line on top. Read from hop 1 "
                             "(the first server) down to the latest."));
    m_trail->setHorizontalHeaderLabels({tr("Hop"), tr("Received by"), tr("From"), tr("With"), tr("Time")});
    m_trailLegend->setText(tr("With: ESMTP = plain SMTP, ESMTPS = encrypted with TLS, ESMTPSA = encrypted and "
                              "logged in (RFC 3848)."));
    m_mime->setHorizontalHeaderLabels({tr("Part"), tr("Type"), tr("Details"), tr("Size")});
    m_combo->clear();
    m_listed = -1;
    refreshList();
    refresh(true);
}

void MessageInspector::attach(World *world)
{
    m_world = world;
    m_flow.clear();
    m_listed = -1;
    m_combo->clear();
    refreshList();
    if (world && !m_session.selectedMessage().isEmpty())
        m_flow = m_session.selectedMessage();
    refresh(true);
}

void MessageInspector::showMessage(const QString &flow)
{
    m_flow = flow;
    const int index = m_combo->findData(flow);
    if (index >= 0)
        m_combo->setCurrentIndex(index);
    refresh(true);
}

void MessageInspector::refreshList()
{
    if (!m_world) {
        m_combo->clear();
        m_listed = -1;
        return;
    }
    // Flows get their first snapshot in log order, so the ones that exist at the cursor are a prefix.
    const int cursor = m_session.cursor();
    const QStringList flows = m_world->messageFlows();
    // Going forward, the flows listed so far still exist: only look past them.
    int visible = cursor >= m_listedAt && m_listed > 0 ? m_listed : 0;
    m_listedAt = cursor;
    while (visible < flows.size() && m_world->messageAt(flows[visible], cursor))
        ++visible;
    if (visible == m_listed)
        return;
    const QSignalBlocker block(m_combo);
    // Going forward adds the new messages; going back removes the ones that did not exist yet.
    while (m_combo->count() > visible)
        m_combo->removeItem(m_combo->count() - 1);
    for (int i = m_combo->count(); i < visible; ++i) {
        const auto first = m_world->messageSnapshots(flows[i]).value(0);
        const MimeMessage message(first.data);
        QString subject = joined(message.decodedHeaderValues("Subject"));
        if (first.mailFrom.isEmpty())
            subject = tr("bounce: %1").arg(subject);
        m_combo->addItem(tr("%1 · %2 → %3").arg(flows[i], subject, first.rcptTo.join(QStringLiteral(", "))), flows[i]);
    }
    m_listed = visible;
    if (m_flow.isEmpty() && visible > 0)
        m_flow = flows.first(); // show the first message until the lecturer picks one
    const int index = m_combo->findData(m_flow);
    m_combo->setCurrentIndex(index);
}

void MessageInspector::refresh(bool force)
{
    std::optional<MessageSnapshot> snapshot;
    if (m_world && !m_flow.isEmpty())
        snapshot = m_world->messageAt(m_flow, m_session.cursor());
    const int shown = snapshot ? snapshot->eventIndex : -1;
    if (!force && shown == m_shownEventIndex)
        return;
    m_shownEventIndex = shown;
    fill(snapshot);
    arrangeEnvelopeAndHeaders();
}

QString MessageInspector::nodeName(const QString &nodeId) const
{
    return NodeNames::title(nodeId, m_world ? m_world->scenario().sendingDomain() : QString());
}

void MessageInspector::fill(const std::optional<MessageSnapshot> &snapshot)
{
    m_snapshot = snapshot;
    const bool has = snapshot.has_value();
    for (QWidget *w : {static_cast<QWidget *>(m_envelopeBox), static_cast<QWidget *>(m_headerBox),
                       static_cast<QWidget *>(m_tabs)})
        w->setEnabled(has);
    if (!has) {
        m_where->setText(!m_world ? tr("No lesson loaded.")
                         : m_flow.isEmpty() ? tr("No message yet. Press Step or Play: the first one appears when "
                                                 "User A writes it.")
                                            : tr("Message %1 does not exist yet at this moment.").arg(m_flow));
        for (QLabel *l : {m_mailFrom, m_rcptTo, m_from, m_to, m_cc, m_subject, m_delivery})
            l->clear();
        m_difference->hide();
        m_trail->setRowCount(0);
        m_raw->clear();
        m_mime->removeRows(0, m_mime->rowCount());
        return;
    }
    const MessageSnapshot &s = *snapshot;
    m_where->setText(tr("Message %1, now at: %2").arg(m_flow, nodeName(s.node)));
    m_where->setToolTip(s.node);

    const MimeMessage message(s.data);
    m_mailFrom->setText(s.mailFrom.isEmpty() ? tr("<> (empty: a bounce)") : QLatin1Char('<') + s.mailFrom + QLatin1Char('>'));
    QStringList rcpts;
    for (const QString &r : s.rcptTo)
        rcpts << QLatin1Char('<') + r + QLatin1Char('>');
    m_rcptTo->setText(rcpts.join(QLatin1Char('\n')));
    m_from->setText(joined(message.decodedHeaderValues("From")));
    m_to->setText(joined(message.decodedHeaderValues("To")));
    const QString cc = joined(message.decodedHeaderValues("Cc"));
    m_cc->setText(cc.isEmpty() ? tr("(none)") : cc);
    m_subject->setText(joined(message.decodedHeaderValues("Subject")));

    // Why the envelope and the headers differ, in words.
    QStringList notes;
    const QStringList fromAddresses = addressesOf(message.headerValues("From"));
    const QStringList headerRecipients = addressesOf(message.headerValues("To")) + addressesOf(message.headerValues("Cc"));
    if (s.mailFrom.isEmpty()) {
        notes << tr("MAIL FROM is empty (<>): this is a bounce, a delivery status notification. Nobody answers "
                    "a bounce, so no bounce can bounce again.");
    } else if (!fromAddresses.isEmpty() && !fromAddresses.contains(s.mailFrom.toLower())) {
        notes << tr("MAIL FROM differs from the From: header: bounces go to the envelope sender (a list owner, a "
                    "forwarder), not to the author.");
    }
    QStringList hidden;
    for (const QString &r : s.rcptTo)
        if (!headerRecipients.contains(r.toLower()))
            hidden << r;
    if (!hidden.isEmpty() && !s.mailFrom.isEmpty()) {
        notes << tr("RCPT TO has %1, which the headers do not show: a Bcc recipient, or the members an alias "
                    "expanded to. Servers deliver by the envelope, not by the To: header.")
                     .arg(hidden.join(QStringLiteral(", ")));
    }
    for (QString &note : notes)
        note.prepend(QStringLiteral("• "));
    m_difference->setText(notes.join(QLatin1Char('\n')));
    m_difference->setVisible(!notes.isEmpty());

    fillTrail(s.data);
    m_raw->setPlainText(QString::fromUtf8(s.data).replace(QLatin1String("\r\n"), QLatin1String("\n")));
    fillMime(s.data);
}

void MessageInspector::fillTrail(const QByteArray &data)
{
    const MimeMessage message(data);
    QList<ReceivedField> fields = receivedFields(message);
    std::reverse(fields.begin(), fields.end()); // hop 1 first
    m_trailIntro->setText(fields.isEmpty()
                              ? tr("No Received: line: no server has accepted this message over SMTP yet (a bounce "
                                   "that a server writes and delivers itself never gets one).")
                              : tr("Each server that accepts the message adds a Received: line on top. Read from hop 1 "
                                   "(the first server) down to the latest."));
    m_trail->setRowCount(int(fields.size()));
    for (int i = 0; i < fields.size(); ++i) {
        const ReceivedField &f = fields[i];
        auto item = [](const QByteArray &text) { return new QTableWidgetItem(QString::fromUtf8(text)); };
        auto *hop = new QTableWidgetItem(QString::number(i + 1));
        hop->setTextAlignment(Qt::AlignCenter);
        m_trail->setItem(i, 0, hop);
        // "mx.a.example (MailFlow)": the host is what matters here; the comment goes to the tooltip.
        auto *by = item(f.by.split(' ').value(0));
        by->setToolTip(QString::fromUtf8(f.by));
        QFont bold = by->font();
        bold.setBold(true);
        by->setFont(bold);
        m_trail->setItem(i, 1, by);
        auto *from = item(f.from.split(' ').value(0));
        from->setToolTip(tr("The name the sending client gave (EHLO), then in brackets what the connection "
                            "showed: %1").arg(QString::fromUtf8(f.from)));
        m_trail->setItem(i, 2, from);
        const QString meaning = withMeaning(f.with);
        auto *with = new QTableWidgetItem(meaning.isEmpty() ? QString::fromUtf8(f.with)
                                                            : tr("%1 · %2").arg(QString::fromUtf8(f.with), meaning));
        m_trail->setItem(i, 3, with);
        // "Fri, 27 Nov 2026 15:33:44 +0000" -> the time of day; the whole date in the tooltip.
        const QByteArrayList parts = f.date.split(' ');
        auto *time = item(parts.size() >= 5 ? parts[4] : f.date);
        time->setToolTip(QString::fromUtf8(f.date));
        m_trail->setItem(i, 4, time);
        for (int c = 0; c < 5; ++c)
            if (m_trail->item(i, c) && m_trail->item(i, c)->toolTip().isEmpty())
                m_trail->item(i, c)->setToolTip(QStringLiteral("Received: ") + QString::fromUtf8(f.raw));
    }
    const QString returnPath = joined(message.headerValues("Return-Path"));
    const QString deliveredTo = joined(message.headerValues("Delivered-To"));
    if (returnPath.isEmpty() && deliveredTo.isEmpty()) {
        m_delivery->setText(tr("Not delivered yet: the mailbox server adds Return-Path: (the envelope sender, "
                                     "for bounces) and Delivered-To: at final delivery."));
    } else {
        m_delivery->setText(tr("Delivered. The mailbox server added Return-Path: %1 (where bounces go) and "
                               "Delivered-To: %2 (whose mailbox).")
                                .arg(returnPath, deliveredTo));
    }
}

void MessageInspector::fillMime(const QByteArray &data)
{
    m_mime->removeRows(0, m_mime->rowCount());
    const MimeMessage message(data);
    std::function<void(QStandardItem *, const MimeMessage::Part &)> add = [&](QStandardItem *parent,
                                                                               const MimeMessage::Part &p) {
        QStringList details;
        if (!p.fileName.isEmpty())
            details << tr("file \"%1\"").arg(QString::fromUtf8(p.fileName));
        if (!p.charset.isEmpty())
            details << tr("charset %1").arg(QString::fromUtf8(p.charset));
        if (!p.encoding.isEmpty())
            details << tr("encoded %1").arg(QString::fromUtf8(p.encoding));
        if (!p.disposition.isEmpty())
            details << QString::fromUtf8(p.disposition);
        const QString name = p.section.isEmpty() ? (parent ? tr("attached message") : tr("whole message"))
                                                 : tr("part %1").arg(QString::fromUtf8(p.section));
        QList<QStandardItem *> row{new QStandardItem(name), new QStandardItem(QString::fromUtf8(p.contentType)),
                                   new QStandardItem(details.join(QStringLiteral(", "))),
                                   new QStandardItem(sizeText(p.bodySize))};
        row[0]->setData(QString::fromUtf8(p.section), Qt::UserRole);
        if (parent)
            parent->appendRow(row);
        else
            m_mime->appendRow(row);
        for (const MimeMessage::Part &child : p.children)
            add(row[0], child);
    };
    add(nullptr, message.partTree());
    m_mimeView->expandAll();
    for (int c = 0; c < 4; ++c)
        m_mimeView->resizeColumnToContents(c);
}

} // namespace mf::gui
