// The transcript panel on the default lesson, stepped until delivery: its rows are the recorded events,
// explanations follow the language (also for lines already recorded), the current step's row follows the
// cursor on Back, the exports, and the eavesdropper view's bytes (the real ones that crossed loopback).
#include "narration/EventNarrator.h"
#include "gui/MainWindow.h"
#include "gui/WorldSession.h"
#include "gui/transcript/TranscriptExporter.h"
#include "gui/transcript/TranscriptFormat.h"
#include "gui/transcript/TranscriptModel.h"
#include "gui/transcript/TranscriptPanel.h"
#include "scenario/ScenarioCatalog.h"

#include <QAction>
#include <QDockWidget>
#include <QTableView>
#include <QTranslator>
#include <QtTest>

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
        QVERIFY(serverPlain.startsWith("220 mx.a.example"));
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

    void cleanupTestCase()
    {
        m_window.reset();
    }
};

QTEST_MAIN(TestTranscript)
#include "tst_transcript.moc"
