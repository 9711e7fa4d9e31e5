#include "TranscriptPanel.h"

#include <algorithm>
#include <climits>

#include "narration/EventNarrator.h"

#include "EventFilter.h"
#include "EventLayers.h"
#include "TranscriptExporter.h"
#include "TranscriptModel.h"
#include "gui/WorldSession.h"
#include "labels/NodeNames.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QSplitter>
#include <QTabBar>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace mf::gui {

namespace {

bool isImplicitTls(const QString &proto)
{
    return proto == QLatin1String("smtps") || proto == QLatin1String("pop3s") || proto == QLatin1String("imaps")
           || proto == QLatin1String("submissions");
}

} // namespace

TranscriptPanel::TranscriptPanel(WorldSession &session, QWidget *parent)
    : QWidget(parent), m_session(session), m_model(new TranscriptModel(this))
{
    setObjectName(QStringLiteral("transcriptPanel"));
    m_model->setLanguage(session.language());
    m_model->setTextFont(font());

    m_tabs = new QTabBar(this);
    m_tabs->setObjectName(QStringLiteral("transcriptTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setExpanding(false);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setElideMode(Qt::ElideNone);
    m_tabs->addTab(QString());
    m_tabs->setTabData(0, QString());

    m_eavesdropper = new QAction(this);
    m_eavesdropper->setObjectName(QStringLiteral("eavesdropperAction"));
    m_eavesdropper->setCheckable(true);
    m_eavesdropper->setEnabled(false);
    m_eavesdropper->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_eavesdropperButton = new QToolButton(this);
    m_eavesdropperButton->setObjectName(QStringLiteral("eavesdropperToggle"));
    m_eavesdropperButton->setDefaultAction(m_eavesdropper);
    m_eavesdropperButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_eavesdropperButton->setStyleSheet(QStringLiteral(
        "QToolButton { padding: 3px 10px; } QToolButton:checked { background: #ffd54a; color: #1a1a1a; font-weight: bold;"
        " border: 1px solid #b38600; border-radius: 3px; }"));

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_tabs, 1);
    top->addWidget(m_eavesdropperButton);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("transcriptHint"));
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("QLabel { background: #fdf6d3; color: #4a3b00; padding: 4px; }"));
    m_hint->hide();

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("transcriptView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->verticalHeader()->hide();
    QPalette palette = m_view->palette();
    palette.setColor(QPalette::Highlight, QColor(0xb9, 0xd3, 0xf7));
    palette.setColor(QPalette::HighlightedText, QColor(0x1a, 0x1a, 0x1a));
    m_view->setPalette(palette);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    fitRowsAndColumns();

    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(QStringLiteral("transcriptDetail"));
    m_detail->setOpenLinks(false);

    // The filter row above the list: protocol, node and message (the tabs choose the connection).
    auto *list = new QWidget(this);
    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->setSpacing(4);
    auto addFilter = [this, filters](QLabel *&label, QComboBox *&combo, const char *name, int letters) {
        label = new QLabel(this);
        combo = new QComboBox(this);
        combo->setObjectName(QString::fromLatin1(name));
        // A fixed width: a long node name must not push the list aside (the popup shows it whole).
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(letters);
        combo->addItem(QString(), QString());
        label->setBuddy(combo);
        filters->addWidget(label);
        filters->addWidget(combo);
        filters->addSpacing(6);
        connect(combo, &QComboBox::currentIndexChanged, this, &TranscriptPanel::applyFilter);
    };
    addFilter(m_protocolLabel, m_protocolFilter, "protocolFilter", 6);
    for (const QString &protocol : EventFilter::protocols())
        m_protocolFilter->addItem(protocol.toUpper(), protocol);
    addFilter(m_nodeLabel, m_nodeFilter, "nodeFilter", 20);
    addFilter(m_messageLabel, m_messageFilter, "messageFilter", 6);
    m_clearFilters = new QToolButton(this);
    m_clearFilters->setObjectName(QStringLiteral("clearFilters"));
    m_clearFilters->setAutoRaise(true);
    m_clearFilters->setEnabled(false);
    connect(m_clearFilters, &QToolButton::clicked, this, [this] {
        for (QComboBox *combo : {m_protocolFilter, m_nodeFilter, m_messageFilter}) {
            QSignalBlocker blocker(combo);
            combo->setCurrentIndex(0);
        }
        applyFilter();
    });
    filters->addWidget(m_clearFilters);
    filters->addStretch(1);
    auto *listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(2);
    listLayout->addLayout(filters);
    listLayout->addWidget(m_view, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(list);
    splitter->addWidget(m_detail);
    // The layers need room to read: the detail pane starts with a third of the width.
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({2000, 1000});
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_hint);
    layout->addWidget(splitter, 1);

    m_exportText = new QAction(this);
    m_exportText->setObjectName(QStringLiteral("exportTranscriptText"));
    m_exportHtml = new QAction(this);
    m_exportHtml->setObjectName(QStringLiteral("exportTranscriptHtml"));
    connect(m_exportText, &QAction::triggered, this, [this] { exportTo(false); });
    connect(m_exportHtml, &QAction::triggered, this, [this] { exportTo(true); });

    connect(m_tabs, &QTabBar::currentChanged, this, &TranscriptPanel::onTabChanged);
    connect(m_eavesdropper, &QAction::toggled, this, &TranscriptPanel::applyFilter);
    connect(m_model, &TranscriptModel::currentRowChanged, this, &TranscriptPanel::followCurrentRow);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TranscriptPanel::showDetail);
    // A click, or Enter on the row the keyboard chose, moves the lesson there.
    connect(m_view, &QAbstractItemView::clicked, this, &TranscriptPanel::onRowActivated);
    connect(m_view, &QAbstractItemView::activated, this, &TranscriptPanel::onRowActivated);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TranscriptPanel::showDetail);

    connect(&m_session, &WorldSession::worldAboutToChange, this, [this] { onWorldChanged(nullptr); });
    connect(&m_session, &WorldSession::worldChanged, this, &TranscriptPanel::onWorldChanged);
    connect(&m_session, &WorldSession::eventAppended, this, &TranscriptPanel::onAppended);
    connect(&m_session, &WorldSession::cursorMoved, this, &TranscriptPanel::syncConnectionTabs);
    connect(&m_session, &WorldSession::languageChanged, this, [this](Language language) {
        m_model->setLanguage(language);
        showDetail();
    });

    retranslate();
    onWorldChanged(m_session.world());
}

QString TranscriptPanel::currentConnection() const
{
    return m_tabs->tabData(m_tabs->currentIndex()).toString();
}

bool TranscriptPanel::showConnection(const QString &conn)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->tabData(i).toString() == conn) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

void TranscriptPanel::onWorldChanged(World *world)
{
    // Keep only the "All" tab, then add the connections already in the new log.
    QSignalBlocker blocker(m_tabs);
    while (m_tabs->count() > 1)
        m_tabs->removeTab(m_tabs->count() - 1);
    m_tabs->setCurrentIndex(0);
    m_connectionStart.clear();
    m_connectionTls.clear();
    m_tlsConnections.clear();
    m_eavesdropper->setChecked(false);
    resetFilterChoices();
    if (world) {
        const QList<SimEvent> &events = world->log().events();
        for (int i = 0; i < events.size(); ++i) {
            noteConnection(events[i], i);
            noteFilterChoices(events[i]);
        }
    }
    applyFilter();
    m_model->setLog(world ? &world->log() : nullptr);
}

void TranscriptPanel::onAppended(int index)
{
    if (World *w = m_session.world()) {
        noteConnection(w->log().at(index), index);
        noteFilterChoices(w->log().at(index));
    }
}

void TranscriptPanel::resetFilterChoices()
{
    // A new lesson has other nodes and messages: back to All for them; the protocol choice stays.
    for (QComboBox *combo : {m_nodeFilter, m_messageFilter}) {
        QSignalBlocker blocker(combo);
        while (combo->count() > 1)
            combo->removeItem(combo->count() - 1);
    }
    m_filterNodes.clear();
    m_filterMessages.clear();
}

void TranscriptPanel::noteFilterChoices(const SimEvent &e)
{
    // The choices are what the lesson has named so far, in the order it named them.
    const QStringList nodes = e.kind == EventKind::Hop ? QStringList{e.text(u"from"), e.text(u"to")}
                                                       : QStringList{e.text(u"node")};
    for (const QString &node : nodes) {
        if (node.isEmpty() || m_filterNodes.contains(node))
            continue;
        m_filterNodes.insert(node);
        const QString senderDomain = m_session.world() ? m_session.world()->scenario().sendingDomain() : QString();
        QSignalBlocker blocker(m_nodeFilter);
        m_nodeFilter->addItem(NodeNames::title(node, senderDomain), node);
        m_nodeFilter->setItemData(m_nodeFilter->count() - 1, node, Qt::ToolTipRole);
    }
    if (const QString flow = e.text(u"message"); !flow.isEmpty() && !m_filterMessages.contains(flow)) {
        m_filterMessages.insert(flow);
        QSignalBlocker blocker(m_messageFilter);
        m_messageFilter->addItem(flow, flow);
    }
}

bool TranscriptPanel::choose(QComboBox *combo, const QString &value)
{
    const int index = combo->findData(value);
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    return true;
}

void TranscriptPanel::onRowActivated(const QModelIndex &index)
{
    const int eventIndex = index.isValid() ? m_model->eventIndex(index.row()) : -1;
    // Already there (a click is followed by activated on some styles, and a cursor move re-selects).
    if (eventIndex < 0 || eventIndex == m_session.cursor())
        return;
    m_session.showEventAt(eventIndex);
}

void TranscriptPanel::noteConnection(const SimEvent &e, int index)
{
    if (e.kind != EventKind::Line && e.kind != EventKind::Tls)
        return;
    const QString conn = e.field(QStringLiteral("conn")).toString();
    if (conn.isEmpty())
        return;
    if (!m_connectionStart.contains(conn))
        m_connectionStart.insert(conn, index);
    const bool tls = (e.kind == EventKind::Tls && e.field(QStringLiteral("ok")).toBool())
                     || isImplicitTls(e.field(QStringLiteral("proto")).toString());
    if (tls && !m_connectionTls.contains(conn))
        m_connectionTls.insert(conn, index);
    syncConnectionTabs();
}

void TranscriptPanel::syncConnectionTabs()
{
    const int cursor = m_session.cursor();
    // The connections begun by the moment on show, in the order they began.
    QList<QPair<int, QString>> shown;
    for (auto it = m_connectionStart.cbegin(); it != m_connectionStart.cend(); ++it)
        if (it.value() <= cursor)
            shown.append({it.value(), it.key()});
    std::sort(shown.begin(), shown.end());
    QSignalBlocker blocker(m_tabs);
    const QString current = currentConnection();
    bool currentGone = !current.isEmpty();
    for (qsizetype i = 0; i < shown.size(); ++i) {
        const QString &conn = shown[i].second;
        const int tab = int(i) + 1;
        if (tab >= m_tabs->count() || m_tabs->tabData(tab).toString() != conn) {
            // Take away tabs until this one is next (Back), then add it (forward).
            while (tab < m_tabs->count() && m_tabs->tabData(tab).toString() != conn)
                m_tabs->removeTab(tab);
            if (tab >= m_tabs->count()) {
                m_tabs->insertTab(tab, QString());
                m_tabs->setTabData(tab, conn);
                m_tabs->setTabToolTip(tab, conn);
            }
        }
        const bool tls = m_connectionTls.value(conn, INT_MAX) <= cursor;
        if (tls)
            m_tlsConnections.insert(conn);
        else
            m_tlsConnections.remove(conn);
        const QString label = TranscriptFormat::connectionLabel(conn) + (tls ? QStringLiteral(" [TLS]") : QString());
        if (m_tabs->tabText(tab) != label)
            m_tabs->setTabText(tab, label);
        if (conn == current)
            currentGone = false;
    }
    while (m_tabs->count() > shown.size() + 1)
        m_tabs->removeTab(m_tabs->count() - 1);
    blocker.unblock();
    if (currentGone) {
        m_tabs->setCurrentIndex(0); // its connection had not begun yet at this moment
    } else if (!current.isEmpty()) {
        const bool tls = m_tlsConnections.contains(current);
        if (!tls && m_eavesdropper->isChecked()) {
            QSignalBlocker b(m_eavesdropper);
            m_eavesdropper->setChecked(false);
            applyFilter();
        }
        m_eavesdropper->setEnabled(tls);
    }
}

void TranscriptPanel::onTabChanged()
{
    const QString conn = currentConnection();
    const bool tls = !conn.isEmpty() && m_tlsConnections.contains(conn);
    {
        QSignalBlocker blocker(m_eavesdropper);
        if (!tls)
            m_eavesdropper->setChecked(false);
    }
    m_eavesdropper->setEnabled(tls);
    applyFilter();
}

void TranscriptPanel::updateExportActions()
{
    // The menu says what will be saved: the tab on show, all events or one connection.
    const QString what = TranscriptExporter::subject(m_model->filter(), m_model->eventFilter());
    m_exportText->setText(tr("Transcript (%1) as &text…").arg(what));
    m_exportHtml->setText(tr("Transcript (%1) as &HTML…").arg(what));
}

void TranscriptPanel::applyFilter()
{
    TranscriptFormat::Filter filter;
    filter.connection = currentConnection();
    filter.wire = !filter.connection.isEmpty() && m_eavesdropper->isChecked();
    EventFilter events;
    events.protocol = m_protocolFilter->currentData().toString();
    events.node = m_nodeFilter->currentData().toString();
    events.message = m_messageFilter->currentData().toString();
    m_clearFilters->setEnabled(!events.isEmpty());
    m_model->setEventFilter(events);
    m_model->setFilter(filter);
    updateExportActions();
    m_view->setColumnHidden(TranscriptModel::PlaceColumn, !filter.connection.isEmpty());
    m_hint->setVisible(filter.wire);
    followCurrentRow(m_model->currentRow());
}

void TranscriptPanel::followCurrentRow(int row)
{
    if (row < 0) {
        m_view->selectionModel()->clearCurrentIndex();
        showDetail();
        return;
    }
    const QModelIndex index = m_model->index(row, TranscriptModel::TextColumn);
    // The current step has its own highlight (the model's); the selection stays for what the user clicks.
    m_view->selectionModel()->clearSelection();
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    m_view->scrollTo(index, QAbstractItemView::EnsureVisible);
}

void TranscriptPanel::showDetail()
{
    m_detail->setHtml(detailHtml());
}

QString TranscriptPanel::detailHtml() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    const World *w = m_session.world();
    const int eventIndex = current.isValid() ? m_model->eventIndex(current.row()) : -1;
    if (w && m_model->rowCount() == 0 && !m_model->eventFilter().isEmpty()) {
        return QStringLiteral("<p style='color:#555'>%1</p>")
            .arg(tr("No event up to the current step passes these filters. Choose another, or Show all.").toHtmlEscaped());
    }
    if (!w || eventIndex < 0 || eventIndex >= w->log().size()) {
        return QStringLiteral("<p style='color:#555'>%1</p>")
            .arg(tr("Click a line to go to that step; the highlighted line is the current step. Its layers are "
                    "shown here.")
                     .toHtmlEscaped());
    }
    return EventLayers::html(w->log(), eventIndex, m_session.language());
}

QString TranscriptPanel::transcriptText() const
{
    const World *w = m_session.world();
    if (!w)
        return {};
    return TranscriptExporter::toText(w->log(), m_model->filter(), m_session.language(), w->log().cursor(),
                                      m_model->eventFilter());
}

QString TranscriptPanel::transcriptHtml() const
{
    const World *w = m_session.world();
    if (!w)
        return {};
    return TranscriptExporter::toHtml(w->log(), m_model->filter(), m_session.language(), w->log().cursor(),
                                      tr("MailFlow transcript: %1").arg(w->scenario().title.in(m_session.language())),
                                      m_model->eventFilter());
}

void TranscriptPanel::exportTo(bool html)
{
    if (!m_session.world())
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, (html ? tr("Export the transcript (%1) as HTML") : tr("Export the transcript (%1) as text"))
                  .arg(TranscriptExporter::subject(m_model->filter(), m_model->eventFilter())),
        html ? QStringLiteral("transcript.html") : QStringLiteral("transcript.txt"),
        html ? tr("Web pages (*.html)") : tr("Text files (*.txt)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!TranscriptExporter::writeFile(path, html ? transcriptHtml() : transcriptText(), &error))
        QMessageBox::warning(this, tr("Export failed"), tr("Cannot write %1: %2").arg(path, error));
}

void TranscriptPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    } else if (event->type() == QEvent::FontChange && m_view) {
        m_model->setTextFont(font());
        fitRowsAndColumns();
    }
    QWidget::changeEvent(event);
}

void TranscriptPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_fittedToWidth) {
        m_fittedToWidth = true;
        fitRowsAndColumns();
    }
}

void TranscriptPanel::fitRowsAndColumns()
{
    const QFontMetrics fixed(m_model->fixedFont());
    const QFontMetrics text(m_view->font());
    m_view->verticalHeader()->setDefaultSectionSize(qMax(fixed.height(), text.height()) + 6);
    const int time = fixed.horizontalAdvance(QStringLiteral("00000.000 s")) + 12;
    const int marker = fixed.horizontalAdvance(QStringLiteral("stored ")) + 12;
    int place = text.horizontalAdvance(QStringLiteral("submission · mx.a.example #10")) + 12;
    int line = fixed.horizontalAdvance(QLatin1Char('M')) * 44 + 12;
    // Once the view has its width: the place and the line give up room so that the explanation keeps a
    // quarter of it and nothing needs horizontal scrolling (large letters in presentation mode).
    if (isVisible()) {
        const int room = m_view->viewport()->width() * 3 / 4 - time - marker;
        if (room > 0 && place + line > room) {
            place = qMax(place * room / (place + line), text.horizontalAdvance(QLatin1Char('M')) * 6);
            line = qMax(room - place, fixed.horizontalAdvance(QLatin1Char('M')) * 12);
        }
    }
    m_view->setColumnWidth(TranscriptModel::TimeColumn, time);
    m_view->setColumnWidth(TranscriptModel::PlaceColumn, place);
    m_view->setColumnWidth(TranscriptModel::MarkerColumn, marker);
    m_view->setColumnWidth(TranscriptModel::TextColumn, line);
}

void TranscriptPanel::retranslateFilterChoices()
{
    m_protocolFilter->setItemText(0, tr("All"));
    m_nodeFilter->setItemText(0, tr("All"));
    m_messageFilter->setItemText(0, tr("All"));
    const QString senderDomain = m_session.world() ? m_session.world()->scenario().sendingDomain() : QString();
    for (int i = 1; i < m_nodeFilter->count(); ++i)
        m_nodeFilter->setItemText(i, NodeNames::title(m_nodeFilter->itemData(i).toString(), senderDomain));
}

void TranscriptPanel::retranslate()
{
    m_tabs->setTabText(0, tr("All events"));
    m_tabs->setTabToolTip(0, tr("Every step of the lesson: hops, DNS, database lookups, queues and protocol lines"));
    m_eavesdropper->setText(tr("Eavesdropper view"));
    m_eavesdropper->setToolTip(tr("Show what someone listening on the network sees on this connection: "
                                  "after STARTTLS, or on an implicit-TLS port, only encrypted bytes (Ctrl+E)"));
    m_protocolLabel->setText(tr("&Protocol:"));
    m_nodeLabel->setText(tr("&Node:"));
    m_messageLabel->setText(tr("&Message:"));
    m_protocolFilter->setToolTip(tr("Show only the events of one protocol (SMTP includes submission and SMTPS, "
                                    "POP3 includes POP3S, IMAP includes IMAPS)"));
    m_nodeFilter->setToolTip(tr("Show only what happened at one node: hops to or from it, its own events, and "
                                "the protocol lines of its server"));
    m_messageFilter->setToolTip(tr("Show only the events that name one message (hops, queues, deliveries) and "
                                   "its copies"));
    m_clearFilters->setText(tr("Show all"));
    m_clearFilters->setToolTip(tr("Clear the protocol, node and message filters"));
    retranslateFilterChoices();
    m_hint->setText(tr("Eavesdropper view: the bytes that really crossed the network on this connection. "
                       "Before STARTTLS anyone can read them; after the TLS handshake only encrypted TLS records "
                       "are visible. Untick the button to see the decrypted dialogue."));
    updateExportActions();
    m_model->retranslate();
    showDetail();
}

} // namespace mf::gui
