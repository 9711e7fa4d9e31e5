// The transcript panel on the default lesson, stepped until delivery: its rows are the recorded events,
// explanations follow the language (also for lines already recorded), the current step's row follows the
// cursor on Back, the exports, and the eavesdropper view's bytes (the real ones that crossed loopback).
#include "narration/EventNarrator.h"
#include "gui/ControlBar.h"
#include "gui/MainWindow.h"
#include "gui/WorldSession.h"
#include "gui/i18n/LanguageSwitcher.h"
#include "gui/i18n/ViewMenuAdditions.h"
#include "gui/transcript/EventFilter.h"
#include "gui/transcript/EventLayers.h"
#include "gui/transcript/TranscriptExporter.h"
#include "gui/transcript/TranscriptFormat.h"
#include "gui/transcript/TranscriptModel.h"
#include "gui/transcript/TranscriptPanel.h"
#include "scenario/ScenarioCatalog.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QTableView>
#include <QToolButton>
#include <QTranslator>
#include <QtTest>
#include <functional>

using namespace mf;
using namespace mf::gui;

namespace {

const QString kSubmission = QStringLiteral("submission/mx.a.example#1");

int indexOfKind(const EventLog &log, EventKind kind)
{
    for (int i = 0; i < log.size(); ++i)
        if (log.at(i).kind == kind)
            return i;
    return -1;
}

// The line event of `conn` whose text starts with `prefix`.
int lineIndex(const EventLog &log, const QString &conn, const QString &dir, const QString &prefix)
{
    for (int i = 0; i < log.size(); ++i) {
        const SimEvent &e = log.at(i);
        if (e.kind == EventKind::Line && e.field("conn").toString() == conn && e.field("dir").toString() == dir
            && e.field("text").toString().startsWith(prefix))
            return i;
    }
    return -1;
}

QString cell(const TranscriptModel &model, int row, int column)
{
    return model.data(model.index(row, column), Qt::DisplayRole).toString();
}

// The events a view with `accepts` shows: up to the cursor, never raw wire bytes on All.
QList<int> expectedRows(const EventLog &log, const std::function<bool(const SimEvent &)> &accepts)
{
    QList<int> rows;
    for (int i = 0; i <= log.cursor(); ++i)
        if (log.at(i).kind != EventKind::Wire && accepts(log.at(i)))
            rows << i;
    return rows;
}

QList<int> modelRows(const TranscriptModel &model)
{
    QList<int> rows;
    for (int row = 0; row < model.rowCount(); ++row)
        rows << model.eventIndex(row);
    return rows;
}

bool isSmtpConnection(const QString &conn)
{
    const QString proto = conn.section('/', 0, 0);
    return proto == "smtp" || proto == "submission" || proto == "smtps";
}

SimEvent makeEvent(EventKind kind, QJsonObject fields)
{
    return SimEvent{0, kind, EventFields(fields)};
}

} // namespace

class TestTranscript : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> m_window;
    TranscriptPanel *m_panel = nullptr;

    WorldSession &session() { return m_window->session(); }
    const EventLog &log() { return session().world()->log(); }

private slots:
    // One lesson for every test: stepped hop by hop until the mail is in Bob's mailbox.
    void initTestCase()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(m_window->openScenario(ScenarioCatalog::defaultScenarioPath()));
        m_panel = m_window->findChild<TranscriptPanel *>("transcriptPanel");
        QVERIFY(m_panel);
        QCOMPARE(m_window->dock("transcript")->widget(), m_panel);
        session().setSpeed(50.0);
        session().setLanguage(Language::English);
        const auto delivered = [this] {
            const int at = indexOfKind(log(), EventKind::Delivered);
            return at >= 0 && at <= log().cursor();
        };
        for (int step = 0; step < 30 && !delivered(); ++step) {
            session().stepHop();
            QTRY_VERIFY_WITH_TIMEOUT(!session().isStepping(), 30000);
            if (!delivered())
                session().stepCommand(); // the delivered row follows the hop into the mailbox
            QTRY_VERIFY_WITH_TIMEOUT(!session().isStepping(), 30000);
        }
        QVERIFY(delivered());
        QVERIFY(!session().isShowingPast());
    }

    void allViewShowsEveryEventButWireBytes()
    {
        QVERIFY(m_panel->showConnection(QString()));
        const TranscriptModel &model = *m_panel->model();
        QList<int> expected;
        for (int i = 0; i <= log().cursor(); ++i)
            if (log().at(i).kind != EventKind::Wire)
                expected << i;
        QCOMPARE(model.rowCount(), expected.size());
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.eventIndex(row), expected.at(row));
        // Hops, DNS and deliveries read as sentences.
        const int delivered = model.rowOf(indexOfKind(log(), EventKind::Delivered));
        QVERIFY(delivered >= 0);
        QVERIFY2(cell(model, delivered, TranscriptModel::TextColumn).contains("bob@b.example"),
                 qPrintable(cell(model, delivered, TranscriptModel::TextColumn)));
        QCOMPARE(cell(model, model.rowOf(indexOfKind(log(), EventKind::Dns)), TranscriptModel::MarkerColumn), QString("DNS"));
        QCOMPARE(cell(model, model.rowOf(indexOfKind(log(), EventKind::Hop)), TranscriptModel::MarkerColumn), QString("hop"));
    }

    // One renderer: every row of the GUI's transcript says what `mailflow run` says for the same event,
    // in both languages.
    void transcriptWordsAreTheRunsWords()
    {
        QVERIFY(m_panel->showConnection(QString()));
        const TranscriptModel &model = *m_panel->model();
        QVERIFY(model.rowCount() > 50);
        for (Language language : {Language::English, Language::Indonesian}) {
            session().setLanguage(language);
            for (int row = 0; row < model.rowCount(); ++row) {
                const SimEvent &e = log().at(model.eventIndex(row));
                QCOMPARE(cell(model, row, TranscriptModel::TextColumn), narration::summary(e, language));
                QCOMPARE(cell(model, row, TranscriptModel::ExplanationColumn), narration::explanation(e, language));
                QCOMPARE(cell(model, row, TranscriptModel::MarkerColumn), narration::marker(e, language));
                QVERIFY(narration::textLine(e, language, true).contains(narration::summary(e, language)));
            }
        }
        session().setLanguage(Language::English);
    }

    void connectionTabShowsItsLinesWithExplanations()
    {
        QVERIFY(m_panel->showConnection(kSubmission));
        QVERIFY(m_panel->usedTls(kSubmission));
        const TranscriptModel &model = *m_panel->model();
        QList<int> lines;
        for (int i = 0; i <= log().cursor(); ++i) {
            const SimEvent &e = log().at(i);
            if (e.field("conn").toString() == kSubmission && (e.kind == EventKind::Line || e.kind == EventKind::Tls || e.kind == EventKind::Error))
                lines << i;
        }
        QVERIFY(lines.size() > 20);
        QCOMPARE(model.rowCount(), lines.size());
        for (int row = 0; row < model.rowCount(); ++row) {
            const SimEvent &e = log().at(lines.at(row));
            QCOMPARE(model.eventIndex(row), lines.at(row));
            if (e.kind == EventKind::Line) {
                QCOMPARE(cell(model, row, TranscriptModel::TextColumn), e.field("text").toString());
                QCOMPARE(cell(model, row, TranscriptModel::MarkerColumn), e.field("dir").toString() + ":");
            }
        }
        const int ehlo = model.rowOf(lineIndex(log(), kSubmission, "C", "EHLO"));
        QVERIFY(ehlo >= 0);
        QCOMPARE(cell(model, ehlo, TranscriptModel::MarkerColumn), QString("C:"));
        QVERIFY(cell(model, ehlo, TranscriptModel::ExplanationColumn).contains("RFC 5321"));
        QCOMPARE(cell(model, ehlo, TranscriptModel::ExplanationColumn), log().at(model.eventIndex(ehlo)).field("explain_en").toString());
        const int greeting = model.rowOf(lineIndex(log(), kSubmission, "S", "220 "));
        QVERIFY(greeting >= 0);
        QCOMPARE(cell(model, greeting, TranscriptModel::MarkerColumn), QString("S:"));
        QVERIFY(!cell(model, greeting, TranscriptModel::ExplanationColumn).isEmpty());
        // C: and S: rows are told apart by colour.
        QVERIFY(model.data(model.index(ehlo, TranscriptModel::MarkerColumn), Qt::ForegroundRole)
                != model.data(model.index(greeting, TranscriptModel::MarkerColumn), Qt::ForegroundRole));
    }

    void highlightFollowsTheCursorOnBack()
    {
        QVERIFY(m_panel->showConnection(QString()));
        TranscriptModel &model = *m_panel->model();
        QCOMPARE(model.eventIndex(model.currentRow()), log().cursor());
        QVERIFY(model.data(model.index(model.currentRow(), 0), TranscriptModel::IsCurrentRole).toBool());
        QCOMPARE(m_panel->view()->currentIndex().row(), model.currentRow());

        const int present = log().cursor();
        session().back();
        QVERIFY(session().isShowingPast());
        const int cursor = log().cursor();
        QVERIFY(cursor < present);
        QCOMPARE(log().at(cursor).kind, EventKind::Hop);
        // The later events are gone from the view; the last row is the current step, highlighted.
        QCOMPARE(model.eventIndex(model.currentRow()), cursor);
        QCOMPARE(model.rowCount(), model.currentRow() + 1);
        QVERIFY(model.data(model.index(model.currentRow(), 0), TranscriptModel::IsCurrentRole).toBool());
        QVERIFY(!model.data(model.index(0, 0), TranscriptModel::IsCurrentRole).toBool() || model.currentRow() == 0);
        QCOMPARE(m_panel->view()->currentIndex().row(), model.currentRow());

        // A connection view shows its lines up to the cursor only.
        QVERIFY(m_panel->showConnection(kSubmission));
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.eventIndex(row) <= cursor);

        // Forward again: back at the present.
        QVERIFY(m_panel->showConnection(QString()));
        while (session().isShowingPast())
            session().stepHop();
        QCOMPARE(log().cursor(), present);
        QCOMPARE(model.eventIndex(model.currentRow()), present);
    }

    void connectionTabsShowTheMomentOnShow()
    {
        // At the present: the submission and the relay to mx.b.example have begun.
        QVERIFY(m_panel->showConnection(kSubmission));
        const QString relay = QStringLiteral("smtp/mx.b.example#2");
        QVERIFY(m_panel->showConnection(relay));
        QVERIFY(m_panel->usedTls(relay));
        // Back to before the relay's first line: its tab is gone and the view falls back to all events.
        const int present = log().cursor();
        int relayStart = -1;
        for (int i = 0; i < log().size() && relayStart < 0; ++i)
            if (log().at(i).field("conn").toString() == relay)
                relayStart = i;
        QVERIFY(relayStart > 0);
        session().showEventAt(relayStart - 1);
        QVERIFY(!m_panel->showConnection(relay));
        QVERIFY(m_panel->showConnection(kSubmission));
        // Forward again: the tab is back, with its [TLS] once the cursor has passed STARTTLS.
        session().showEventAt(present);
        QVERIFY(m_panel->showConnection(relay));
        QVERIFY(m_panel->usedTls(relay));
        QVERIFY(m_panel->showConnection(QString()));
    }

    void languageSwitchChangesRecordedExplanations()
    {
        QVERIFY(m_panel->showConnection(kSubmission));
        const TranscriptModel &model = *m_panel->model();
        const int row = model.rowOf(lineIndex(log(), kSubmission, "C", "MAIL FROM"));
        QVERIFY(row >= 0);
        const SimEvent &e = log().at(model.eventIndex(row));
        const QString english = e.field("explain_en").toString();
        const QString indonesian = e.field("explain_id").toString();
        QVERIFY(!english.isEmpty());
        QVERIFY(!indonesian.isEmpty());
        QVERIFY(english != indonesian);
        QCOMPARE(e.field("explain").toString(), english); // the world's language when it was recorded
        QCOMPARE(cell(model, row, TranscriptModel::ExplanationColumn), english);

        QSignalSpy changed(m_panel->model(), &QAbstractItemModel::dataChanged);
        session().setLanguage(Language::Indonesian);
        QVERIFY(changed.count() > 0);
        QCOMPARE(cell(model, row, TranscriptModel::ExplanationColumn), indonesian);
        session().setLanguage(Language::English);
        QCOMPARE(cell(model, row, TranscriptModel::ExplanationColumn), english);
    }

    // Hops carry a reason, not an English sentence: the one renderer words them in the current language.
    void hopReasonsFollowTheLanguage()
    {
        SimEvent hop(0, EventKind::Hop, EventReason::RelayToMx,
                     {{"message", "m1"}, {"from", "internet"}, {"to", "mta-server@mx.b.example"},
                      {"host", "mx.b.example"}, {"preference", 10}});
        QCOMPARE(TranscriptFormat::summary(hop, Language::English),
                 QString("internet → mta-server@mx.b.example: SMTP to mx.b.example (MX preference 10)"));
        QCOMPARE(TranscriptFormat::summary(hop, Language::Indonesian),
                 QString("internet → mta-server@mx.b.example: SMTP ke mx.b.example (preferensi MX 10)"));
        QVERIFY(TranscriptFormat::explanation(hop, Language::English).contains("preference 10"));
        QVERIFY(TranscriptFormat::explanation(hop, Language::Indonesian).contains("preferensi 10"));
    }

    // The Export menu says what will be saved: the tab on show.
    void exportActionsNameWhatTheyHold()
    {
        QVERIFY(m_panel->showConnection(QString()));
        QCOMPARE(m_panel->exportTextAction()->text(), QString("Transcript (all events) as &text…"));
        QVERIFY(m_panel->showConnection(kSubmission));
        QVERIFY2(m_panel->exportHtmlAction()->text().contains(TranscriptFormat::connectionLabel(kSubmission)),
                 qPrintable(m_panel->exportHtmlAction()->text()));
        QVERIFY(m_panel->showConnection(QString()));
    }

    void exportsTextAndHtml()
    {
        QVERIFY(m_panel->showConnection(kSubmission));
        const int mail = lineIndex(log(), kSubmission, "C", "MAIL FROM");
        const QString mailText = log().at(mail).field("text").toString();
        const QString explainEn = log().at(mail).field("explain_en").toString();

        const QString text = m_panel->transcriptText();
        QVERIFY2(text.startsWith("MailFlow transcript: submission · mx.a.example #1\n"), qPrintable(text.left(80)));
        QVERIFY(text.contains("C:      " + mailText + "\n"));
        QVERIFY(text.contains("= " + explainEn + "\n"));
        QVERIFY(text.contains("S:      220 "));
        QVERIFY(!text.contains("pop3")); // only the visible connection
        // Exactly one line (and its explanation) per transcript row.
        int rows = 0;
        for (const QString &line : text.split('\n'))
            rows += line.contains(QRegularExpression("^ +\\d+\\.\\d{3} s  "));
        QCOMPARE(rows, m_panel->model()->rowCount());

        const QString html = m_panel->transcriptHtml();
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("<meta charset=\"utf-8\">"));
        QVERIFY(html.contains(mailText.toHtmlEscaped()));
        QVERIFY(html.contains(explainEn.toHtmlEscaped()));
        QVERIFY(html.contains(QString("color:%1\">C:</td>").arg(QColor(0x1f, 0x5f, 0xbf).name())));
        QVERIFY(html.contains(QString("color:%1\">S:</td>").arg(QColor(0x1b, 0x7a, 0x2e).name())));
        QVERIFY(!html.contains("<script"));
        QVERIFY(!html.contains("src=")); // self-contained
        QCOMPARE(html.count("<tr class="), m_panel->model()->rowCount());

        // In Indonesian, the same lines carry the Indonesian explanations.
        const QString indonesian = TranscriptExporter::toText(log(), {kSubmission, false}, Language::Indonesian, log().cursor());
        QVERIFY(indonesian.contains("= " + log().at(mail).field("explain_id").toString() + "\n"));

        // All events: hops and deliveries too; the file round-trips through writeFile.
        const QString all = TranscriptExporter::toText(log(), {}, Language::English, log().cursor());
        QVERIFY(all.contains("user@a.example → ua@a.example"));
        QVERIFY(all.contains("stored in the mailbox of bob@b.example"));
        QTemporaryDir dir;
        const QString path = dir.filePath("t.html");
        QString error;
        QVERIFY2(TranscriptExporter::writeFile(path, html, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), html);
        QVERIFY(!TranscriptExporter::writeFile(dir.filePath("missing/dir/t.txt"), text, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(m_window->findChild<QAction *>("exportTranscriptText"));
        QVERIFY(m_window->findChild<QAction *>("exportTranscriptHtml"));
    }

    // The wire tap: what crossed loopback on the submission connection. Before STARTTLS the client's
    // bytes are exactly its plaintext commands; after it, no command, address or credential is visible.
    void eavesdropperSeesOnlyCiphertextAfterStartTls()
    {
        QByteArray clientPlain;
        QByteArray serverPlain;
        QByteArray clientEncrypted;
        QByteArray serverEncrypted;
        bool clientTls = false;
        bool serverTls = false;
        int wireEvents = 0;
        for (const SimEvent &e : log().events()) {
            if (e.kind != EventKind::Wire || e.field("conn").toString() != kSubmission)
                continue;
            ++wireEvents;
            const QByteArray bytes = TranscriptFormat::wireBytes(e);
            QCOMPARE(e.field("size").toInt(), bytes.size());
            QCOMPARE(e.field("proto").toString(), QString("submission"));
            const bool client = e.field("dir").toString() == "C";
            bool &tls = client ? clientTls : serverTls;
            if (!tls && TranscriptFormat::looksLikeTls(bytes))
                tls = true;
            (client ? (tls ? clientEncrypted : clientPlain) : (tls ? serverEncrypted : serverPlain)) += bytes;
        }
        QVERIFY(wireEvents > 4);
        // Before the handshake: the dialogue in the clear, byte for byte.
        QCOMPARE(clientPlain, QByteArray("EHLO ua.a.example\r\nSTARTTLS\r\n"));
        QVERIFY(serverPlain.startsWith("220 smtp.a.example"));
        QVERIFY(serverPlain.contains("250-STARTTLS\r\n"));
        QVERIFY(serverPlain.endsWith("220 2.0.0 Ready to start TLS\r\n"));
        // After it: TLS records only, and none of what the decrypted dialogue shows.
        QVERIFY(clientEncrypted.size() > 300);
        QVERIFY(serverEncrypted.size() > 300);
        const int auth = lineIndex(log(), kSubmission, "C", "AUTH PLAIN");
        QVERIFY(auth >= 0);
        const QByteArray credentials = log().at(auth).field("text").toString().section(' ', 2).toLatin1();
        QVERIFY(credentials.size() > 10);
        for (const QByteArray &secret : {QByteArray("MAIL FROM"), QByteArray("AUTH PLAIN"), credentials,
                                         QByteArray("alice@a.example"), QByteArray("Hello Bob")}) {
            QVERIFY2(!clientEncrypted.contains(secret), secret.constData());
            QVERIFY2(!serverEncrypted.contains(secret), secret.constData());
        }
        QVERIFY(!serverEncrypted.contains("250 2.1.0"));
        QVERIFY(lineIndex(log(), kSubmission, "C", "MAIL FROM:<alice@a.example>") >= 0);
        QVERIFY(TranscriptFormat::describeWire(clientEncrypted.left(64)).contains("TLS records"));
        QVERIFY(TranscriptFormat::describeWire(clientPlain).contains("EHLO ua.a.example"));

        // The relay between the two MTAs went through a tap too.
        bool relayWire = false;
        for (const SimEvent &e : log().events())
            relayWire |= e.kind == EventKind::Wire && e.field("conn").toString().startsWith("smtp/mx.b.example");
        QVERIFY(relayWire);
    }

    void eavesdropperViewShowsTheWire()
    {
        QVERIFY(m_panel->showConnection(kSubmission));
        QAction *eavesdropper = m_panel->eavesdropperAction();
        QVERIFY(eavesdropper->isEnabled());
        eavesdropper->setChecked(true);
        const TranscriptModel &model = *m_panel->model();
        QVERIFY(model.filter().wire);
        QVERIFY(model.rowCount() > 4);
        QCOMPARE(log().at(model.eventIndex(0)).kind, EventKind::Wire);
        QCOMPARE(cell(model, 0, TranscriptModel::MarkerColumn), QString("S→C")); // the greeting comes first
        QVERIFY(cell(model, 0, TranscriptModel::TextColumn).startsWith("32 32 30 20")); // "220 "
        bool sawTlsRow = false;
        for (int row = 0; row < model.rowCount(); ++row) {
            const SimEvent &e = log().at(model.eventIndex(row));
            QVERIFY(e.kind == EventKind::Wire || e.kind == EventKind::Tls);
            sawTlsRow |= e.kind == EventKind::Tls;
        }
        QVERIFY(sawTlsRow);
        // Back to All: the toggle is off the table (no wire rows there) and disabled.
        QVERIFY(m_panel->showConnection(QString()));
        QVERIFY(!eavesdropper->isEnabled());
        QVERIFY(!eavesdropper->isChecked());
        QVERIFY(!model.filter().wire);
    }

    // Packet Tracer's event list: a click on a row goes to that step, and every panel follows the cursor.
    void clickingARowMovesTheCursor()
    {
        QVERIFY(m_panel->showConnection(QString()));
        TranscriptModel &model = *m_panel->model();
        QTableView *view = m_panel->view();
        const int present = log().cursor();
        const int target = lineIndex(log(), kSubmission, "C", "EHLO");
        const int row = model.rowOf(target);
        QVERIFY(row >= 0 && row < model.currentRow());

        QSignalSpy moved(&session(), &WorldSession::cursorMoved);
        view->scrollTo(model.index(row, TranscriptModel::TextColumn));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(model.index(row, TranscriptModel::TextColumn)).center());
        QTRY_COMPARE(session().cursor(), target);
        QCOMPARE(moved.count(), 1); // no echo: the model's change does not click again
        QVERIFY(session().isShowingPast());
        QVERIFY(session().world()->stepper().isPaused());
        // The clicked row is the last one shown and the current step, highlighted; the view's current
        // index is on it and nothing else is selected.
        QCOMPARE(model.currentRow(), row);
        QCOMPARE(model.rowCount(), row + 1);
        QVERIFY(model.data(model.index(row, 0), TranscriptModel::IsCurrentRole).toBool());
        QCOMPARE(view->currentIndex().row(), row);
        for (const QModelIndex &selected : view->selectionModel()->selectedIndexes())
            QCOMPARE(selected.row(), row);
        QVERIFY(m_panel->detailHtml().contains("EHLO"));

        // The keyboard: choose an earlier row, then Enter.
        const int earlier = row - 3;
        view->setFocus();
        view->setCurrentIndex(model.index(earlier, TranscriptModel::TextColumn));
        QCOMPARE(session().cursor(), target); // choosing a row only shows its detail
        QVERIFY(m_panel->detailHtml().contains(TranscriptFormat::summary(log().at(model.eventIndex(earlier)), Language::English)
                                                   .toHtmlEscaped()));
        const int earlierEvent = model.eventIndex(earlier);
        QTest::keyClick(view, Qt::Key_Return);
        QTRY_COMPARE(session().cursor(), earlierEvent);
        QCOMPARE(model.currentRow(), earlier);
        QCOMPARE(view->currentIndex().row(), earlier);
        QCOMPARE(moved.count(), 2);

        // Clicking the current row again changes nothing.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(model.index(earlier, TranscriptModel::TextColumn)).center());
        QCOMPARE(moved.count(), 2);

        // Forward to the present again.
        while (session().isShowingPast())
            session().stepHop();
        QCOMPARE(log().cursor(), present);
        QCOMPARE(model.eventIndex(model.currentRow()), present);
    }

    // The filter decides by protocol family, node and message; copies of m1 are m1's, m10 is not.
    void eventFilterDecides()
    {
        const SimEvent submission = makeEvent(EventKind::Line, {{"conn", kSubmission}, {"proto", "submission"}, {"dir", "C"}});
        const SimEvent pop3s = makeEvent(EventKind::Line, {{"conn", "pop3s/b.example#4"}, {"proto", "pop3s"}, {"dir", "S"}});
        const SimEvent error = makeEvent(EventKind::Error, {{"conn", "imap/b.example#2"}, {"text", "timeout"}});
        const SimEvent dns = makeEvent(EventKind::Dns, {{"node", "dns@internet"}, {"event", "query"}});
        const SimEvent hop = makeEvent(EventKind::Hop, {{"message", "m1.2"}, {"from", "internet"}, {"to", "mta-server@mx.b.example"}});
        const SimEvent queue = makeEvent(EventKind::Queue, {{"node", "spool@a.example"}, {"message", "m10"}});
        QCOMPARE(EventFilter::protocolOf(submission), QString("smtp"));
        QCOMPARE(EventFilter::protocolOf(pop3s), QString("pop3"));
        QCOMPARE(EventFilter::protocolOf(error), QString("imap"));
        QCOMPARE(EventFilter::protocolOf(dns), QString("dns"));
        QCOMPARE(EventFilter::protocolOf(hop), QString());

        QVERIFY(EventFilter{}.accepts(hop));
        QVERIFY(EventFilter({"pop3", {}, {}}).accepts(pop3s));
        QVERIFY(!EventFilter({"pop3", {}, {}}).accepts(submission));
        QVERIFY(!EventFilter({"smtp", {}, {}}).accepts(hop));
        QVERIFY(EventFilter({{}, "mta-server@mx.a.example", {}}).accepts(submission));
        QVERIFY(EventFilter({{}, "spool@b.example", {}}).accepts(pop3s));
        QVERIFY(EventFilter({{}, "mta-server@mx.b.example", {}}).accepts(hop));
        QVERIFY(EventFilter({{}, "internet", {}}).accepts(hop));
        QVERIFY(!EventFilter({{}, "internet", {}}).accepts(queue));
        QVERIFY(EventFilter({{}, {}, "m1"}).accepts(hop));
        QVERIFY(!EventFilter({{}, {}, "m1"}).accepts(queue));
        QVERIFY(!EventFilter({{}, {}, "m1"}).accepts(submission));
        QVERIFY(EventFilter({{}, "spool@a.example", "m10"}).accepts(queue));
        QVERIFY(!EventFilter({"smtp", "spool@a.example", "m10"}).accepts(queue));
    }

    void filtersNarrowTheList()
    {
        QVERIFY(m_panel->showConnection(QString()));
        const TranscriptModel &model = *m_panel->model();
        QComboBox *protocol = m_panel->protocolFilter();
        QComboBox *node = m_panel->nodeFilter();
        QComboBox *message = m_panel->messageFilter();
        const int all = model.rowCount();

        // Protocol: SMTP is every SMTP, submission and SMTPS line, nothing else.
        QVERIFY(TranscriptPanel::choose(protocol, "smtp"));
        const QList<int> smtp = expectedRows(log(), [](const SimEvent &e) {
            return (e.kind == EventKind::Line || e.kind == EventKind::Error) && isSmtpConnection(e.field("conn").toString());
        });
        QVERIFY(smtp.size() > 20);
        QCOMPARE(modelRows(model), smtp);
        QVERIFY(TranscriptPanel::choose(protocol, "dns"));
        const QList<int> dns = expectedRows(log(), [](const SimEvent &e) { return e.kind == EventKind::Dns; });
        QVERIFY(!dns.isEmpty());
        QCOMPARE(modelRows(model), dns);
        QVERIFY(TranscriptPanel::choose(protocol, QString()));
        QCOMPARE(model.rowCount(), all);

        // Node: the sender's MTA server: hops to and from it, its own events, its SMTP lines.
        const QString mx = "mta-server@mx.a.example";
        QVERIFY(TranscriptPanel::choose(node, mx));
        QCOMPARE(node->currentText(), QString("MTA server mx.a.example"));
        const QList<int> atMx = expectedRows(log(), [&](const SimEvent &e) {
            const QString conn = e.field("conn").toString();
            return e.field("from").toString() == mx || e.field("to").toString() == mx || e.field("node").toString() == mx
                   || (isSmtpConnection(conn) && conn.section('/', 1).section('#', 0, 0) == "mx.a.example");
        });
        QCOMPARE(modelRows(model), atMx);
        QVERIFY(modelRows(model).contains(lineIndex(log(), kSubmission, "C", "EHLO")));

        // Message: everything that names m1 (and its copies); no protocol line names a message.
        QVERIFY(TranscriptPanel::choose(node, QString()));
        QVERIFY(TranscriptPanel::choose(message, "m1"));
        const QList<int> m1 = expectedRows(log(), [](const SimEvent &e) {
            const QString flow = e.field("message").toString();
            return flow == "m1" || flow.startsWith("m1.");
        });
        QCOMPARE(modelRows(model), m1);
        QVERIFY(m1.contains(indexOfKind(log(), EventKind::Delivered)));

        // Combined (AND): m1's hops at the receiving MTA server...
        QVERIFY(TranscriptPanel::choose(node, "mta-server@mx.b.example"));
        const QList<int> m1AtB = expectedRows(log(), [](const SimEvent &e) {
            const QString flow = e.field("message").toString();
            return (flow == "m1" || flow.startsWith("m1."))
                   && (e.field("from").toString() == "mta-server@mx.b.example" || e.field("to").toString() == "mta-server@mx.b.example"
                       || e.field("node").toString() == "mta-server@mx.b.example");
        });
        QVERIFY(!m1AtB.isEmpty());
        QCOMPARE(modelRows(model), m1AtB);
        // ... and SMTP at that server: the relay's lines, no hop (a hop has no protocol).
        QVERIFY(TranscriptPanel::choose(message, QString()));
        QVERIFY(TranscriptPanel::choose(protocol, "smtp"));
        const QList<int> relay = expectedRows(log(), [](const SimEvent &e) {
            return (e.kind == EventKind::Line || e.kind == EventKind::Error) && e.field("conn").toString().startsWith("smtp/mx.b.example#");
        });
        QVERIFY(relay.size() > 5);
        QCOMPARE(modelRows(model), relay);

        // With a connection tab: the tab and the filters hold together.
        QVERIFY(TranscriptPanel::choose(node, QString()));
        QVERIFY(m_panel->showConnection(kSubmission));
        const QList<int> submissionSmtp = modelRows(model); // its lines, not its TLS handshake
        QVERIFY(TranscriptPanel::choose(protocol, QString()));
        const QList<int> submission = modelRows(model);
        QCOMPARE(submission.size(), submissionSmtp.size() + 1);
        QVERIFY(TranscriptPanel::choose(protocol, "smtp"));
        QCOMPARE(modelRows(model), submissionSmtp);
        QVERIFY(submission.size() > 20);
        for (int i : submission)
            QCOMPARE(log().at(i).field("conn").toString(), kSubmission);
        QVERIFY(TranscriptPanel::choose(protocol, "pop3"));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(m_panel->detailHtml().contains("passes these filters"));
        QVERIFY(TranscriptPanel::choose(protocol, "tls"));
        QVERIFY(model.rowCount() >= 1);
        for (int i : modelRows(model))
            QCOMPARE(log().at(i).kind, EventKind::Tls);
        QVERIFY(TranscriptPanel::choose(protocol, QString()));
        QVERIFY(TranscriptPanel::choose(node, "mta-server@mx.a.example"));
        QCOMPARE(modelRows(model), submission);

        // The export holds what the list shows, and says it is filtered.
        QVERIFY(TranscriptPanel::choose(message, "m1"));
        QVERIFY(m_panel->showConnection(QString()));
        QCOMPARE(m_panel->exportTextAction()->text(), QString("Transcript (all events, filtered) as &text…"));
        int exported = 0;
        for (const QString &line : m_panel->transcriptText().split('\n'))
            exported += line.contains(QRegularExpression("^ +\\d+\\.\\d{3} s  "));
        QCOMPARE(exported, model.rowCount());
        QCOMPARE(m_panel->transcriptHtml().count("<tr class="), model.rowCount());

        // "Show all" clears them.
        auto *clear = m_panel->findChild<QToolButton *>("clearFilters");
        QVERIFY(clear && clear->isEnabled());
        clear->click();
        QCOMPARE(model.rowCount(), all);
        QVERIFY(!clear->isEnabled());
        QCOMPARE(model.eventIndex(model.currentRow()), log().cursor());
        QCOMPARE(m_panel->exportTextAction()->text(), QString("Transcript (all events) as &text…"));
    }

    // The detail pane, layer by layer: an SMTP line before STARTTLS and after it.
    void detailPaneShowsTheLayers()
    {
        QVERIFY(m_panel->showConnection(QString()));
        const int ehlo = lineIndex(log(), kSubmission, "C", "EHLO");
        const SimEvent &e = log().at(ehlo);
        const QString client = e.field("client").toString();
        const QString server = e.field("server").toString();
        QVERIFY2(QRegularExpression("^127\\.\\d+\\.\\d+\\.\\d+:\\d+$").match(client).hasMatch(), qPrintable(client));
        QVERIFY2(QRegularExpression("^127\\.\\d+\\.\\d+\\.\\d+:\\d+$").match(server).hasMatch(), qPrintable(server));
        QCOMPARE(EventLayers::clientEnd(log(), ehlo), client);

        TranscriptModel &model = *m_panel->model();
        m_panel->view()->setCurrentIndex(model.index(model.rowOf(ehlo), TranscriptModel::TextColumn));
        const QString html = m_panel->detailHtml();
        QCOMPARE(html, EventLayers::html(log(), ehlo, Language::English));
        for (const QString &part : {QString("Application layer: SMTP submission"), QString("TLS (security layer)"),
                                    QString("TCP connection (transport layer)"), QString("What it means"),
                                    QString("RFC 5321"), QString("No TLS: plain text on the wire"),
                                    QString("From the client %1 to the server %2").arg(client, server),
                                    e.field("text").toString().toHtmlEscaped()}) {
            QVERIFY2(html.contains(part), qPrintable(part));
        }
        // The order of the layers, top to bottom.
        QVERIFY(html.indexOf("Application layer") < html.indexOf("TLS (security layer)"));
        QVERIFY(html.indexOf("TLS (security layer)") < html.indexOf("TCP connection"));
        QVERIFY(html.indexOf("TCP connection") < html.indexOf("What it means"));
        // The greeting comes from the server: the other way round.
        const int greeting = lineIndex(log(), kSubmission, "S", "220 ");
        QVERIFY(EventLayers::html(log(), greeting, Language::English).contains(QString("From the server %1 to the client %2").arg(server, client)));

        // Before STARTTLS the wire tap's bytes for a line are that line, in the clear.
        const auto wireText = [this](int line) {
            const QList<int> wire = EventLayers::wireFor(log(), line);
            return wire.isEmpty() ? QByteArray() : TranscriptFormat::wireBytes(log().at(wire.first()));
        };
        QVERIFY2(wireText(ehlo).contains("EHLO ua.a.example\r\n"), wireText(ehlo).constData());
        QVERIFY(wireText(greeting).startsWith("220 smtp.a.example"));
        const int startTls = lineIndex(log(), kSubmission, "S", "220 2.0.0");
        QVERIFY(wireText(startTls).contains("220 2.0.0 Ready to start TLS"));
        QVERIFY(wireText(lineIndex(log(), kSubmission, "S", "250-STARTTLS")).contains("250-STARTTLS\r\n"));
        QVERIFY(html.contains("The bytes the wire tap saw for it"));

        // After STARTTLS: encrypted, and the records the tap saw.
        const int mail = lineIndex(log(), kSubmission, "C", "MAIL FROM");
        QVERIFY(EventLayers::isEncrypted(log(), mail));
        QVERIFY(!EventLayers::isEncrypted(log(), ehlo));
        const QList<int> wire = EventLayers::wireFor(log(), mail);
        QCOMPARE(wire.size(), 1);
        QVERIFY(TranscriptFormat::looksLikeTls(TranscriptFormat::wireBytes(log().at(wire.first()))));
        const QString encrypted = EventLayers::html(log(), mail, Language::English);
        QVERIFY(encrypted.contains("TLS record(s) the wire tap saw"));
        QVERIFY(encrypted.contains("application data ("));
        QVERIFY(!encrypted.contains("No TLS"));
        // A hop has no connection: no TLS or TCP layer, and no RFC is made up for it.
        const int hop = indexOfKind(log(), EventKind::Hop);
        const QString hopHtml = EventLayers::html(log(), hop, Language::English);
        QVERIFY(!hopHtml.contains("TCP connection"));
        QVERIFY(hopHtml.contains(narration::summary(log().at(hop), Language::English).toHtmlEscaped()));
        // DNS: the governing RFC when the explanation names none.
        QCOMPARE(EventLayers::governingRfc(log().at(indexOfKind(log(), EventKind::Dns))), QString("RFC 1035"));
        QVERIFY(EventLayers::html(log(), indexOfKind(log(), EventKind::Dns), Language::English).contains("RFC "));
        // Back to the current step.
        m_panel->showConnection(kSubmission);
        m_panel->showConnection(QString());
    }

    // A run-time switch to Bahasa Indonesia retranslates the filter row and the detail pane's headings.
    void languageSwitchRetranslatesFiltersAndLayers()
    {
        auto *view = m_window->findChild<ViewMenuAdditions *>();
        QVERIFY(view);
        QCOMPARE(m_panel->protocolFilter()->itemText(0), QString("All"));
        const QString mxTitle = m_panel->nodeFilter()->itemText(m_panel->nodeFilter()->findData("mta-server@mx.a.example"));
        QCOMPARE(mxTitle, QString("MTA server mx.a.example"));
        QVERIFY(m_panel->detailHtml().contains("What it means") || m_panel->detailHtml().contains("The event"));

        view->languageSwitcher().setLanguage(Language::Indonesian, false);
        QTRY_COMPARE(m_panel->protocolFilter()->itemText(0), QString("Semua"));
        QCOMPARE(m_panel->messageFilter()->itemText(0), QString("Semua"));
        QCOMPARE(m_panel->nodeFilter()->itemText(m_panel->nodeFilter()->findData("mta-server@mx.a.example")),
                 QCoreApplication::translate("NodeNames", "MTA server %1").arg("mx.a.example"));
        QVERIFY(m_panel->nodeFilter()->itemText(m_panel->nodeFilter()->findData("mta-server@mx.a.example")) != mxTitle);
        bool labelTranslated = false;
        for (QLabel *label : m_panel->findChildren<QLabel *>())
            labelTranslated |= label->buddy() == m_panel->protocolFilter() && label->text() == QString("&Protokol:");
        QVERIFY(labelTranslated);
        const int ehlo = lineIndex(log(), kSubmission, "C", "EHLO");
        const QString html = EventLayers::html(log(), ehlo, Language::Indonesian);
        QVERIFY2(html.contains("Lapisan aplikasi: SMTP submission"), qPrintable(html.left(400)));
        QVERIFY(html.contains("Koneksi TCP (lapisan transport)"));
        QVERIFY(html.contains("Tanpa TLS"));
        QVERIFY(html.contains(log().at(ehlo).field("explain_id").toString().toHtmlEscaped()));

        view->languageSwitcher().setLanguage(Language::English, false);
        QTRY_COMPARE(m_panel->protocolFilter()->itemText(0), QString("All"));
        QVERIFY(EventLayers::html(log(), ehlo, Language::English).contains("Application layer"));
    }

    // 50,000 events: the model holds event indices only, appends and cursor moves stay cheap. Prints the
    // time taken (no timed assertion).
    void fiftyThousandEvents()
    {
        EventLog big;
        TranscriptModel model;
        model.setLog(&big);
        model.setFilter({"smtp/mx.b.example#7", false});
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 50000; ++i) {
            const bool line = i % 5 != 0;
            QJsonObject fields{{"conn", line ? QString("smtp/mx.b.example#%1").arg(i % 10) : QString()},
                               {"dir", i % 2 ? "C" : "S"}, {"text", QString("250 2.1.5 Ok %1").arg(i)},
                               {"explain_en", "OK"}, {"explain_id", "Baik"}};
            big.append(SimEvent{i, line ? EventKind::Line : EventKind::Hop, EventFields(fields)});
        }
        const qint64 appendMs = timer.restart();
        // Lines of connection #7: i % 10 == 7 and i % 5 != 0.
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(model.eventIndex(model.currentRow()), 49997);
        QTableView view;
        view.setModel(&model);
        view.resize(1200, 400);
        view.show();
        view.scrollToBottom();
        QCoreApplication::processEvents();
        big.setCursor(25000);
        QCOMPARE(model.eventIndex(model.currentRow()), 24997);
        QCOMPARE(model.rowCount(), 2500);
        big.setCursor(big.size() - 1);
        model.setFilter({});
        QCOMPARE(model.rowCount(), 50000);
        model.setLanguage(Language::Indonesian);
        QCOMPARE(cell(model, 1, TranscriptModel::ExplanationColumn), QString("Baik"));
        view.scrollToBottom();
        QCoreApplication::processEvents();
        qInfo("50,000 events: appended in %lld ms, back/forward, refilter and repaint in %lld ms", appendMs, timer.elapsed());
    }

    // POP3S: TLS from the first byte; a line's detail shows the TLS record the wire tap saw. (Last: it
    // loads another lesson.)
    void pop3sLineShowsItsTlsRecord()
    {
        QVERIFY(m_window->openScenario(ScenarioCatalog::resolve("03-pop3s")));
        session().setSpeed(50.0);
        // The lists of messages start again with the new lesson: only what its log names.
        for (int i = 1; i < m_panel->messageFilter()->count(); ++i) {
            const QString flow = m_panel->messageFilter()->itemData(i).toString();
            QVERIFY(std::any_of(log().events().cbegin(), log().events().cend(),
                                [&](const SimEvent &e) { return e.field("message").toString() == flow; }));
        }
        auto pop3sRetr = [this] {
            for (int i = 0; i < log().size(); ++i)
                if (log().at(i).kind == EventKind::Line && log().at(i).field("proto").toString() == "pop3s"
                    && log().at(i).field("text").toString().startsWith("RETR"))
                    return i;
            return -1;
        };
        for (int step = 0; step < 60 && pop3sRetr() < 0; ++step) {
            session().stepHop();
            QTRY_VERIFY_WITH_TIMEOUT(session().world()->stepper().isPaused(), 30000);
        }
        const int retr = pop3sRetr();
        QVERIFY(retr >= 0);
        const SimEvent &e = log().at(retr);
        QVERIFY(EventLayers::isEncrypted(log(), retr));
        QVERIFY(!e.field("client").toString().isEmpty());
        const QList<int> wire = EventLayers::wireFor(log(), retr);
        QCOMPARE(wire.size(), 1);
        QVERIFY(TranscriptFormat::looksLikeTls(TranscriptFormat::wireBytes(log().at(wire.first()))));
        const QString html = EventLayers::html(log(), retr, Language::English);
        for (const QString &part : {QString("Application layer: POP3S"), QString("TLS record(s) the wire tap saw"),
                                    QString("application data ("), QString("RFC 1939"), e.field("server").toString()})
            QVERIFY2(html.contains(part), qPrintable(part));
        // The POP3 filter shows the POP3S dialogue, the node filter offers the nodes of this lesson.
        QVERIFY(m_panel->showConnection(QString()));
        QVERIFY(TranscriptPanel::choose(m_panel->protocolFilter(), "pop3"));
        QVERIFY(m_panel->model()->rowOf(retr) >= 0 || retr > log().cursor());
        for (int row = 0; row < m_panel->model()->rowCount(); ++row)
            QCOMPARE(EventFilter::protocolOf(log().at(m_panel->model()->eventIndex(row))), QString("pop3"));
        QVERIFY(TranscriptPanel::choose(m_panel->protocolFilter(), QString()));
        QVERIFY(m_panel->messageFilter()->findData("m1") > 0);
    }

    // Last: it starts the lesson again. The connections are numbered from 1 again, and no tab of the
    // earlier run stays.
    void resetStartsTheNumberingAgain()
    {
        QVERIFY(m_panel->showConnection(kSubmission));
        m_window->controls()->resetAction()->trigger();
        QTRY_VERIFY(!m_panel->showConnection(kSubmission));
        for (int step = 0; step < 12 && !m_panel->showConnection(kSubmission); ++step) {
            session().stepHop();
            QTRY_VERIFY_WITH_TIMEOUT(!session().isStepping(), 30000);
        }
        QVERIFY(m_panel->showConnection(kSubmission));
        QVERIFY(m_panel->showConnection(QString()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
    }
};

QTEST_MAIN(TestTranscript)
#include "tst_transcript.moc"
