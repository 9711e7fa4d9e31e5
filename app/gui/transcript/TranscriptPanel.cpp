#include "TranscriptPanel.h"

#include "narration/EventNarrator.h"

#include "TranscriptExporter.h"
#include "TranscriptModel.h"
#include "gui/WorldSession.h"

#include <QAction>
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

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
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
    connect(m_model, &QAbstractItemModel::modelReset, this, &TranscriptPanel::showDetail);

    connect(&m_session, &WorldSession::worldAboutToChange, this, [this] { onWorldChanged(nullptr); });
    connect(&m_session, &WorldSession::worldChanged, this, &TranscriptPanel::onWorldChanged);
    connect(&m_session, &WorldSession::eventAppended, this, &TranscriptPanel::onAppended);
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
    m_connections.clear();
    m_tlsConnections.clear();
    m_eavesdropper->setChecked(false);
    if (world) {
        for (const SimEvent &e : world->log().events())
            noteConnection(e);
    }
    applyFilter();
    m_model->setLog(world ? &world->log() : nullptr);
}

void TranscriptPanel::onAppended(int index)
{
    if (World *w = m_session.world())
        noteConnection(w->log().at(index));
}

void TranscriptPanel::noteConnection(const SimEvent &e)
{
    if (e.kind != EventKind::Line && e.kind != EventKind::Tls)
        return;
    const QString conn = e.field(QStringLiteral("conn")).toString();
    if (conn.isEmpty())
        return;
    if (!m_connections.contains(conn)) {
        m_connections.insert(conn);
        const int tab = m_tabs->addTab(TranscriptFormat::connectionLabel(conn));
        m_tabs->setTabData(tab, conn);
        m_tabs->setTabToolTip(tab, conn);
    }
    const bool tls = (e.kind == EventKind::Tls && e.field(QStringLiteral("ok")).toBool())
                     || isImplicitTls(e.field(QStringLiteral("proto")).toString());
    if (tls && !m_tlsConnections.contains(conn)) {
        m_tlsConnections.insert(conn);
        for (int i = 1; i < m_tabs->count(); ++i)
            if (m_tabs->tabData(i).toString() == conn)
                m_tabs->setTabText(i, TranscriptFormat::connectionLabel(conn) + QStringLiteral(" [TLS]"));
        if (conn == currentConnection())
            m_eavesdropper->setEnabled(true);
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
    const QString what = TranscriptExporter::subject(m_model->filter());
    m_exportText->setText(tr("Transcript (%1) as &text…").arg(what));
    m_exportHtml->setText(tr("Transcript (%1) as &HTML…").arg(what));
}

void TranscriptPanel::applyFilter()
{
    TranscriptFormat::Filter filter;
    filter.connection = currentConnection();
    filter.wire = !filter.connection.isEmpty() && m_eavesdropper->isChecked();
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
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    World *w = m_session.world();
    const int eventIndex = current.isValid() ? m_model->eventIndex(current.row()) : -1;
    if (!w || eventIndex < 0 || eventIndex >= w->log().size()) {
        m_detail->setHtml(QStringLiteral("<p style='color:#555'>%1</p>")
                              .arg(tr("Click a line to read what it means. The highlighted line is the current step.")
                                       .toHtmlEscaped()));
        return;
    }
    const SimEvent &e = w->log().at(eventIndex);
    const Language language = m_session.language();
    QString html = QStringLiteral("<p><b style='color:%1'>%2</b> &nbsp; %3 &nbsp; <span style='color:#555'>%4</span></p>")
                       .arg(TranscriptFormat::markerColor(e).name(), TranscriptFormat::marker(e, language).toHtmlEscaped(),
                            TranscriptFormat::place(e).toHtmlEscaped(), TranscriptFormat::time(e.t).toHtmlEscaped());
    QString why = TranscriptFormat::explanation(e, language);
    if (e.kind == EventKind::Wire) {
        const QByteArray bytes = TranscriptFormat::wireBytes(e);
        why = TranscriptFormat::describeWire(bytes);
        html += QStringLiteral("<p>%1</p>").arg(tr("%n byte(s) captured on the network:", nullptr, int(bytes.size())).toHtmlEscaped());
        html += QStringLiteral("<pre>%1</pre>").arg(TranscriptFormat::hexDump(bytes, 2048, 8).toHtmlEscaped());
    } else if (const QString raw = narration::rawDetail(e); !raw.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(TranscriptFormat::summary(e, language).toHtmlEscaped());
        html += QStringLiteral("<pre style='white-space:pre-wrap'>%1</pre>").arg(raw.toHtmlEscaped());
    } else if (TranscriptFormat::isProtocolText(e)) {
        html += QStringLiteral("<pre style='white-space:pre-wrap'>%1</pre>").arg(TranscriptFormat::summary(e, language).toHtmlEscaped());
    } else {
        html += QStringLiteral("<p>%1</p>").arg(TranscriptFormat::summary(e, language).toHtmlEscaped());
    }
    if (!why.isEmpty())
        html += QStringLiteral("<p style='font-size:large'>%1</p>").arg(why.toHtmlEscaped());
    m_detail->setHtml(html);
}

QString TranscriptPanel::transcriptText() const
{
    const World *w = m_session.world();
    if (!w)
        return {};
    return TranscriptExporter::toText(w->log(), m_model->filter(), m_session.language(), w->log().cursor());
}

QString TranscriptPanel::transcriptHtml() const
{
    const World *w = m_session.world();
    if (!w)
        return {};
    return TranscriptExporter::toHtml(w->log(), m_model->filter(), m_session.language(), w->log().cursor(),
                                      tr("MailFlow transcript: %1").arg(w->scenario().title.in(m_session.language())));
}

void TranscriptPanel::exportTo(bool html)
{
    if (!m_session.world())
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, (html ? tr("Export the transcript (%1) as HTML") : tr("Export the transcript (%1) as text"))
                  .arg(TranscriptExporter::subject(m_model->filter())),
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

void TranscriptPanel::retranslate()
{
    m_tabs->setTabText(0, tr("All events"));
    m_tabs->setTabToolTip(0, tr("Every step of the lesson: hops, DNS, database lookups, queues and protocol lines"));
    m_eavesdropper->setText(tr("Eavesdropper view"));
    m_eavesdropper->setToolTip(tr("Show what someone listening on the network sees on this connection: "
                                  "after STARTTLS, or on an implicit-TLS port, only encrypted bytes (Ctrl+E)"));
    m_hint->setText(tr("Eavesdropper view: the bytes that really crossed the network on this connection. "
                       "Before STARTTLS anyone can read them; after the TLS handshake only encrypted TLS records "
                       "are visible. Untick the button to see the decrypted dialogue."));
    updateExportActions();
    m_model->retranslate();
    showDetail();
}

} // namespace mf::gui
