// The Charts dock and the event log export: the chart model computed from a recorded default-lesson run,
// the panel following the event log's cursor (Back shows earlier numbers) and a live run, and the
// JSON-lines export against `mailflow run --format json`.
#include "narration/EventNarrator.h"
#include "gui/MainWindow.h"
#include "gui/WorldSession.h"
#include "gui/charts/ChartModel.h"
#include "gui/charts/ChartsPanel.h"
#include "gui/charts/EventLogExport.h"
#include "scenario/ScenarioCatalog.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QProcess>
#include <QSettings>
#include <QHorizontalStackedBarSeries>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace mf;
using namespace mf::gui;

namespace {

int indexOfKind(const EventLog &log, EventKind kind)
{
    for (int i = 0; i < log.size(); ++i) {
        if (log.at(i).kind == kind)
            return i;
    }
    return -1;
}

// Plays the default lesson to the end (Bob has fetched his mail).
bool playToTheEnd(MainWindow &window)
{
    if (!window.openScenario(ScenarioCatalog::defaultScenarioPath()))
        return false;
    window.session().setSpeed(50.0);
    window.session().play();
    const EventLog &log = window.session().world()->log();
    QDeadlineTimer deadline(60000);
    while (indexOfKind(log, EventKind::Retrieved) < 0 && !deadline.hasExpired())
        QTest::qWait(20);
    return indexOfKind(log, EventKind::Retrieved) >= 0;
}

ChartModel modelOf(const EventLog &log, int upTo)
{
    ChartModel model;
    for (int i = 0; i <= upTo; ++i)
        model.add(log.at(i));
    return model;
}

QList<qreal> valuesOf(QBarSet *set)
{
    QList<qreal> values;
    for (int i = 0; i < set->count(); ++i)
        values.append(set->at(i));
    return values;
}

int countPixels(QWidget *widget, const QColor &colour)
{
    const QImage image = widget->grab().toImage();
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            n += image.pixelColor(x, y).rgb() == colour.rgb();
    }
    return n;
}

QList<QByteArray> hopLines(const QList<QByteArray> &lines)
{
    QList<QByteArray> hops;
    for (const QByteArray &line : lines) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        // The time is left out: a GUI run records its lines in another order than a headless one, and
        // every line takes simulated time.
        if (o.value("kind").toString() == "hop") {
            QJsonObject untimed = o;
            untimed.remove("t");
            hops.append(QJsonDocument(untimed).toJson(QJsonDocument::Compact));
        }
    }
    return hops;
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void modelOfARecordedDefaultRun()
    {
        MainWindow window;
        QVERIFY(playToTheEnd(window));
        const EventLog &log = window.session().world()->log();
        const ChartModel model = modelOf(log, log.size() - 1);
        QCOMPARE(model.eventCount(), log.size());

        QCOMPARE(model.outcomes().delivered, 1);
        QCOMPARE(model.outcomes().deferred, 0);
        QCOMPARE(model.outcomes().bounced, 0);

        // The sender's spool held the message, then handed it on: 0 -> 1 -> 0.
        const auto queues = model.queueSeries();
        QVERIFY(!queues.isEmpty());
        QCOMPARE(queues.first().node, QString("spool@a.example"));
        QList<qreal> lengths;
        for (const QPointF &p : queues.first().points)
            lengths.append(p.y());
        QCOMPARE(lengths, (QList<qreal>{1, 0}));
        bool mxQueue = false;
        for (const auto &q : queues)
            mxQueue |= q.node == "mta-server@mx.b.example" && q.points.last().y() == 0;
        QVERIFY(mxQueue);

        // Bytes per protocol: every transcript line plus CRLF.
        QHash<QString, qint64> expected;
        for (const SimEvent &e : log.events()) {
            if (e.kind == EventKind::Line)
                expected[e.field("proto").toString()] += e.field("text").toString().toUtf8().size() + 2;
        }
        QHash<QString, qint64> bytes;
        for (const auto &row : model.bytesPerProtocol())
            bytes.insert(row.protocol, row.bytes);
        for (const char *proto : {"submission", "smtp", "pop3"})
            QVERIFY2(bytes.value(proto) > 0, proto);
        QCOMPARE(bytes, expected);

        // Hops: the Internet link takes simulated time, a hand-over between programs the scenario's hop
        // latency (5 ms by default).
        QHash<QString, ChartModel::HopLatency> hops;
        for (const auto &row : model.hopLatencies())
            hops.insert(row.kind, row);
        QVERIFY(hops.contains("internet → mta-server"));
        QVERIFY(hops["internet → mta-server"].averageMs > 0);
        QCOMPARE(hops["ua → spool"].averageMs, 5.0);
        QCOMPARE(hops["alias-expander → database"].count, 2); // once per domain
    }

    void bounceAndDeferralCounts()
    {
        ChartModel model;
        auto queue = [](qint64 t, const char *node, int id, const char *flow, const char *state) {
            return SimEvent{t, EventKind::Queue, EventFields(QJsonObject{{"node", node}, {"id", id}, {"message", flow}, {"state", state}})};
        };
        model.add(queue(0, "mta-server@mx.a.example", 1, "m1", "queued"));
        model.add(queue(0, "mta-server@mx.a.example", 1, "m1", "active"));
        model.add(queue(0, "mta-server@mx.a.example", 1, "m1", "deferred"));
        model.add(queue(300000, "mta-server@mx.a.example", 1, "m1", "active"));
        model.add(queue(300000, "mta-server@mx.a.example", 1, "m1", "deferred"));
        model.add(queue(600000, "mta-server@mx.a.example", 1, "m1", "bounced"));
        model.add(SimEvent{600000, EventKind::Delivered, EventFields(QJsonObject{{"message", "m1.1"}, {"dsn", true}})});
        model.add(SimEvent{600000, EventKind::Bounced, EventFields(QJsonObject{{"message", "m1.1"}})});
        QCOMPARE(model.outcomes().deferred, 1); // one message, deferred twice
        QCOMPARE(model.outcomes().bounced, 1);
        QCOMPARE(model.outcomes().delivered, 0); // the bounce notice is not a delivery
        const auto queues = model.queueSeries();
        QCOMPARE(queues.size(), 1);
        QCOMPARE(queues.first().points, (QList<QPointF>{{0, 1}, {600000, 0}}));
        QCOMPARE(model.lastTime(), 600000);
    }

    void panelFollowsTheCursor()
    {
        MainWindow window;
        window.show();
        window.dock("charts")->raise();
        auto *panel = window.findChild<ChartsPanel *>();
        QVERIFY(panel);
        QVERIFY(playToTheEnd(window));
        const EventLog &log = window.session().world()->log();
        // Live: the throttled refresh catches up without being asked.
        QTRY_COMPARE(panel->model().eventCount(), log.cursor() + 1);
        auto *outcomes = static_cast<QHorizontalStackedBarSeries *>(panel->outcomeChart()->series().first());
        QCOMPARE(valuesOf(outcomes->barSets()[0]), (QList<qreal>{0, 0, 1})); // Delivered, drawn on top
        auto *names = static_cast<QBarCategoryAxis *>(panel->outcomeChart()->axes(Qt::Vertical).first());
        QCOMPARE(names->categories().last(), QString("Delivered: 1"));

        // Back to before the delivery: the charts show that moment.
        const int delivered = indexOfKind(log, EventKind::Delivered);
        while (window.session().cursor() >= delivered)
            window.session().back();
        panel->refreshNow();
        QCOMPARE(panel->model().eventCount(), window.session().cursor() + 1);
        QCOMPARE(panel->model().outcomes().delivered, 0);
        QCOMPARE(valuesOf(outcomes->barSets()[0]), (QList<qreal>{0, 0, 0}));
        QCOMPARE(names->categories().last(), QString("Delivered: 0"));
        const auto bytesBack = panel->model().bytesPerProtocol();
        QVERIFY(!bytesBack.isEmpty());
        QVERIFY(bytesBack.last().protocol != "pop3"); // no POP3 yet
        // The fewer bars of the earlier moment are drawn (the bytes chart's purple).
        QTRY_VERIFY(countPixels(window.findChild<QChartView *>("bytesChart"), QColor(0x6A, 0x3D, 0x9A)) > 100);

        // Back to the very start: no protocol has spoken yet, no category is left over.
        while (window.session().cursor() >= 0 && log.at(window.session().cursor()).kind != EventKind::Note)
            window.session().back();
        panel->refreshNow();
        QVERIFY(panel->model().bytesPerProtocol().isEmpty());
        auto *protocols = static_cast<QBarCategoryAxis *>(panel->bytesChart()->axes(Qt::Vertical).first());
        QCOMPARE(protocols->categories(), QStringList());
        QVERIFY(!protocols->labelsVisible());

        // And forward again to the present.
        window.session().play();
        QTRY_COMPARE(panel->model().outcomes().delivered, 1);
        QTRY_COMPARE(panel->model().eventCount(), log.size());
        QCOMPARE(panel->queueChart()->series().size(), panel->model().queueSeries().size());
        QVERIFY(!static_cast<QLineSeries *>(panel->queueChart()->series().first())->points().isEmpty());
    }

    void panelRetranslatesItsTitles()
    {
        MainWindow window;
        auto *panel = window.findChild<ChartsPanel *>();
        QCOMPARE(panel->bytesChart()->title(), QString("Bytes per protocol"));
        QTranslator translator;
        QVERIFY(translator.load(":/i18n/mailflow_id.qm"));
        QCoreApplication::installTranslator(&translator);
        QTRY_COMPARE(panel->bytesChart()->title(), QString("Byte per protokol"));
        QCOMPARE(panel->latencyChart()->title(), QString("Hop paling lambat (ms simulasi)"));
        QCoreApplication::removeTranslator(&translator);
        QTRY_COMPARE(panel->bytesChart()->title(), QString("Bytes per protocol"));
    }

    void jsonLinesExportMatchesMailflowRun()
    {
        MainWindow window;
        QVERIFY(playToTheEnd(window));
        const EventLog &log = window.session().world()->log();
        QTemporaryDir dir;
        const QString path = dir.filePath("events.jsonl");
        QString error;
        QVERIFY2(EventLogExport::write(log, path, Language::English, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> exported = file.readAll().split('\n');
        QCOMPARE(exported.size(), log.size() + 1); // the last line ends with \n too
        QVERIFY(exported.last().isEmpty());
        for (int i = 0; i < log.size(); ++i) {
            QCOMPARE(exported[i], narration::jsonLine(log.at(i), Language::English));
            const QJsonObject o = QJsonDocument::fromJson(exported[i]).object();
            QCOMPARE(o.value("kind").toString(), QString(kindName(log.at(i).kind)));
        }

        QProcess run;
        run.start(MAILFLOW_BINARY, {"run", "--format", "json", "--lang", "en"});
        QVERIFY(run.waitForFinished(120000));
        QCOMPARE(run.exitCode(), 0);
        QList<QByteArray> printed = run.readAllStandardOutput().split('\n');
        // Same format, same path: the hops of both runs are identical lines.
        QCOMPARE(hopLines(exported.mid(0, log.size())), hopLines(printed));
        QVERIFY(!hopLines(printed).isEmpty());

        QVERIFY(!EventLogExport::write(log, dir.filePath("missing/dir/events.jsonl"), Language::English, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
