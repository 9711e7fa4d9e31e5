// The message and node inspectors: the default lesson stepped hop by hop until delivery, what each
// inspector shows at the cursor (also after Back), and the editable alias table and DNS zone.
#include "dns/DnsResolver.h"
#include "gui/ControlBar.h"
#include "gui/MainWindow.h"
#include "gui/WorldSession.h"
#include "gui/inspectors/MessageInspector.h"
#include "gui/inspectors/NodeInspector.h"
#include "labels/NodeNames.h"
#include "scenario/ScenarioCatalog.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSqlError>
#include <QSqlRecord>
#include <QSqlTableModel>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QTreeView>
#include <QtTest>

using namespace mf;
using namespace mf::gui;

namespace {

int countKind(const EventLog &log, EventKind kind, int upTo)
{
    int n = 0;
    for (int i = 0; i <= upTo && i < log.size(); ++i)
        n += log.at(i).kind == kind;
    return n;
}

template <typename T>
T *find(QWidget &root, const char *name)
{
    T *w = root.findChild<T *>(QLatin1String(name));
    [&] { QVERIFY2(w, name); }();
    return w;
}

QStringList columnTexts(QTableWidget *table, int column)
{
    QStringList out;
    for (int r = 0; r < table->rowCount(); ++r)
        out << (table->item(r, column) ? table->item(r, column)->text() : QString());
    return out;
}

int deliveredCount(const World &w, const QString &to)
{
    int n = 0;
    for (const SimEvent &e : w.log().events())
        n += e.kind == EventKind::Delivered && e.field("to").toString() == to;
    return n;
}

void runToEnd(WorldSession &session)
{
    QSignalSpy finished(&session.world()->stepper(), &Stepper::finished);
    session.play();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 60000);
}

} // namespace

class TestInspectors : public QObject
{
    Q_OBJECT
private slots:
    void eachSpoolSaysWhatItDoesOnItsSide()
    {
        // a.example sends: its spool is the outgoing queue. b.example receives: its spool is the seed's
        // spool before User B's agent, shown together with the POP3/IMAP server that serves it.
        const QString sending = NodeNames::role("spool@a.example", "a.example");
        const QString receiving = NodeNames::role("spool@b.example", "a.example");
        QVERIFY(sending.contains("deferred"));
        QVERIFY(receiving != sending);
        QVERIFY(!receiving.isEmpty());
        QVERIFY2(!receiving.contains("deferred") && !receiving.contains("tried again"), qPrintable(receiving));
        QVERIFY(receiving.contains("POP3"));
        QVERIFY(receiving.contains("IMAP"));
        QVERIFY(NodeNames::isReceivingSpool("spool@b.example", "a.example"));
        QVERIFY(!NodeNames::isReceivingSpool("spool@a.example", "a.example"));
        QVERIFY(!NodeNames::isReceivingSpool("mailboxes@b.example", "a.example"));
        QCOMPARE(NodeNames::title("spool@a.example", "a.example"), QString("Spool (a.example)"));
        QCOMPARE(NodeNames::title("spool@b.example", "a.example"), QString("Spool and POP3/IMAP server (b.example)"));
        QCOMPARE(NodeNames::title("access-server@a.example", "a.example"), QString("POP3/IMAP server (a.example)"));
        QVERIFY(!NodeNames::role("access-server@a.example", "a.example").contains("deferred"));

        // The Node inspector shows the same texts for the default lesson (a.example sends to b.example).
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        auto *inspector = find<NodeInspector>(window, "nodeInspector");
        auto *title = find<QLabel>(*inspector, "nodeTitle");
        auto *role = find<QLabel>(*inspector, "nodeRole");
        auto *combo = find<QComboBox>(*inspector, "nodeCombo");
        window.session().selectNode("spool@b.example");
        QCOMPARE(title->text(), NodeNames::title("spool@b.example", "a.example"));
        QCOMPARE(role->text(), receiving);
        QCOMPARE(combo->currentText(), NodeNames::title("spool@b.example", "a.example"));
        window.session().selectNode("spool@a.example");
        QCOMPARE(title->text(), QString("Spool (a.example)"));
        QCOMPARE(role->text(), sending);
    }

    void messageInspectorFollowsTheCursor()
    {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        WorldSession &session = window.session();
        session.setSpeed(50.0);
        World *w = session.world();
        auto *inspector = find<MessageInspector>(window, "messageInspector");
        auto *trail = find<QTableWidget>(*inspector, "receivedTrail");
        auto *mailFrom = find<QLabel>(*inspector, "mailFromValue");
        auto *rcptTo = find<QLabel>(*inspector, "rcptToValue");
        auto *to = find<QLabel>(*inspector, "toValue");
        auto *where = find<QLabel>(*inspector, "whereLabel");

        QList<int> trailRows;
        QStringList wheres;
        // Hop by hop until the envelope lands in the mailbox (the copy is on disk then).
        for (int step = 0; step < 20 && (wheres.isEmpty() || !wheres.last().contains("Mailboxes")); ++step) {
            const int hops = countKind(w->log(), EventKind::Hop, session.cursor());
            window.controls()->stepHopAction()->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(countKind(w->log(), EventKind::Hop, session.cursor()) > hops, 20000);
            QTRY_VERIFY_WITH_TIMEOUT(!session.isStepping(), 20000);
            QCOMPARE(inspector->shownMessage(), QStringLiteral("m1"));
            QCOMPARE(mailFrom->text(), QStringLiteral("<alice@a.example>"));
            QCOMPARE(rcptTo->text(), QStringLiteral("<bob@b.example>"));
            QVERIFY2(to->text().contains("bob@b.example"), qPrintable(to->text()));
            trailRows << trail->rowCount();
            wheres << where->text();
        }
        QCOMPARE(w->log().at(session.cursor()).field("to").toString(), QStringLiteral("mailboxes@b.example"));
        // The trail grows hop by hop: none before the first MTA server accepted it, two when delivered.
        QCOMPARE(trailRows.first(), 0);
        QCOMPARE(trailRows.last(), 2);
        for (int i = 1; i < trailRows.size(); ++i)
            QVERIFY(trailRows[i] >= trailRows[i - 1]);
        QVERIFY2(wheres.last().contains("Mailboxes"), qPrintable(wheres.last()));
        QCOMPARE(trail->item(0, 1)->text(), QStringLiteral("smtp.a.example")); // hop 1 is the first server (its submission host)
        QCOMPARE(trail->item(1, 1)->text(), QStringLiteral("mx.b.example"));
        QVERIFY(trail->item(0, 3)->text().startsWith("ESMTPSA"));
        QVERIFY(trail->item(1, 3)->text().startsWith("ESMTPS"));
        auto *delivery = find<QLabel>(*inspector, "deliveryLabel");
        QVERIFY2(delivery->text().contains("<alice@a.example>") && delivery->text().contains("bob@b.example"),
                 qPrintable(delivery->text()));
        QVERIFY(find<QPlainTextEdit>(*inspector, "rawSource")->toPlainText().contains("Delivered-To: bob@b.example"));
        auto *mime = qobject_cast<QStandardItemModel *>(find<QTreeView>(*inspector, "mimeTree")->model());
        QCOMPARE(mime->rowCount(), 1);
        QCOMPARE(mime->item(0, 1)->text(), QStringLiteral("text/plain"));

        // Back: the message as it was one and two hops earlier, with fewer Received: lines.
        for (int i = 0; i < 8 && trail->rowCount() == 2; ++i)
            window.controls()->backAction()->trigger();
        QVERIFY(session.isShowingPast());
        QCOMPARE(trail->rowCount(), 1); // before mx.b.example accepted it
        QVERIFY2(where->text().contains("Internet") || where->text().contains("mx.b.example"), qPrintable(where->text()));
        QVERIFY(!find<QPlainTextEdit>(*inspector, "rawSource")->toPlainText().contains("Delivered-To:"));
        // Back to the very start: the message does not exist yet.
        for (int i = 0; i < 30 && session.cursor() >= 0; ++i)
            window.controls()->backAction()->trigger();
        QTRY_VERIFY(where->text().contains("does not exist yet"));
        QCOMPARE(trail->rowCount(), 0);
    }

    void envelopeAndHeadersFitTheDock()
    {
        // In the docked column on a 1366x768 projector the envelope and header boxes stack, so nothing
        // needs horizontal scrolling; given room (a floating, wide inspector) they stand side by side.
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        window.session().setSpeed(50.0);
        runToEnd(window.session());
        window.dock(QStringLiteral("message"))->raise();
        auto *inspector = find<MessageInspector>(window, "messageInspector");
        auto *envelope = find<QGroupBox>(*inspector, "envelopeBox");
        auto *headers = find<QGroupBox>(*inspector, "headerBox");
        auto *scroll = qobject_cast<QScrollArea *>(window.dock(QStringLiteral("message"))->widget());
        QVERIFY(scroll);
        QTRY_VERIFY(inspector->isVisible() && !find<QLabel>(*inspector, "mailFromValue")->text().isEmpty());
        QTRY_VERIFY2(headers->y() > envelope->y(), "stacked in the narrow dock");
        QTRY_VERIFY2(inspector->width() <= scroll->viewport()->width(),
                     qPrintable(QStringLiteral("inspector %1 px in a %2 px viewport")
                                    .arg(inspector->width())
                                    .arg(scroll->viewport()->width())));

        MessageInspector wide(window.session());
        wide.resize(1200, 700);
        wide.show();
        QTRY_VERIFY(!find<QLabel>(wide, "mailFromValue")->text().isEmpty());
        auto *wideEnvelope = find<QGroupBox>(wide, "envelopeBox");
        auto *wideHeaders = find<QGroupBox>(wide, "headerBox");
        QTRY_VERIFY2(wideHeaders->y() == wideEnvelope->y() && wideHeaders->x() > wideEnvelope->x(), "side by side");
    }

    void mimeTreeOfABounce()
    {
        MainWindow window;
        QVERIFY(window.openScenario(ScenarioCatalog::resolve("05-unknown-user-bounce")));
        WorldSession &session = window.session();
        session.setSpeed(50.0);
        runToEnd(session);
        QString bounce;
        for (const QString &flow : session.world()->messageFlows())
            if (session.world()->messageSnapshots(flow).value(0).mailFrom.isEmpty())
                bounce = flow;
        QVERIFY(!bounce.isEmpty());
        session.selectMessage(bounce);
        auto *inspector = find<MessageInspector>(window, "messageInspector");
        QCOMPARE(inspector->shownMessage(), bounce);
        QVERIFY(find<QLabel>(*inspector, "mailFromValue")->text().startsWith("<>"));
        QVERIFY(find<QLabel>(*inspector, "differenceLabel")->text().contains("bounce"));
        auto *mime = qobject_cast<QStandardItemModel *>(find<QTreeView>(*inspector, "mimeTree")->model());
        QCOMPARE(mime->rowCount(), 1);
        QStandardItem *root = mime->item(0, 0);
        QCOMPARE(mime->item(0, 1)->text(), QStringLiteral("multipart/report"));
        QCOMPARE(root->rowCount(), 3);
        QCOMPARE(root->child(0, 1)->text(), QStringLiteral("text/plain"));
        QCOMPARE(root->child(1, 1)->text(), QStringLiteral("message/delivery-status"));
        QVERIFY(root->child(2, 1)->text().startsWith("message/rfc822") || root->child(2, 1)->text() == "text/rfc822-headers");
        QCOMPARE(root->child(1, 0)->data(Qt::UserRole).toString(), QStringLiteral("2"));
        // The combo lists every message seen, the bounce among them.
        auto *combo = find<QComboBox>(*inspector, "messageCombo");
        QVERIFY(combo->count() >= 2);
        QVERIFY(combo->findData(bounce) >= 0);
    }

    void spoolTableAtTheCursor()
    {
        MainWindow window;
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        WorldSession &session = window.session();
        session.setSpeed(50.0);
        session.selectNode("spool@a.example");
        auto *inspector = find<NodeInspector>(window, "nodeInspector");
        QCOMPARE(inspector->shownNode(), QStringLiteral("spool@a.example"));
        auto *table = find<QTableWidget>(*inspector, "queueTable");
        QCOMPARE(table->rowCount(), 0);
        World *w = session.world();
        // Step until the spool handed the message on.
        for (int step = 0; step < 12; ++step) {
            const int hops = countKind(w->log(), EventKind::Hop, session.cursor());
            window.controls()->stepHopAction()->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(countKind(w->log(), EventKind::Hop, session.cursor()) > hops, 20000);
            QTRY_VERIFY_WITH_TIMEOUT(!session.isStepping(), 20000);
        }
        QTRY_COMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("m1"));
        QTRY_COMPARE(table->item(0, 2)->data(Qt::UserRole).toString(), QStringLiteral("delivered"));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("1"));
        // Back to where the message had just entered the spool: queued, no attempt yet.
        int cursor = -1;
        for (int i = 0; i < w->log().size(); ++i) {
            const SimEvent &e = w->log().at(i);
            if (e.kind == EventKind::Queue && e.field("node").toString() == "spool@a.example") {
                cursor = i;
                break;
            }
        }
        QVERIFY(cursor >= 0);
        w->log().setCursor(cursor);
        QTRY_COMPARE(table->item(0, 2)->data(Qt::UserRole).toString(), w->log().at(cursor).field("state").toString());
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("0"));
        w->log().setCursor(cursor - 1);
        QTRY_COMPARE(table->rowCount(), 0);
        // The MTA server's queue, at the end.
        w->log().setCursor(w->log().size() - 1);
        session.selectNode("mta-server@mx.a.example");
        QTRY_COMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 2)->data(Qt::UserRole).toString(), QStringLiteral("delivered"));
        auto *settings = find<QTableWidget>(*inspector, "settingsTable");
        QVERIFY(columnTexts(settings, 1).contains("mx.a.example"));
    }

    void editingAnAliasChangesTheNextMessage()
    {
        MainWindow window;
        QVERIFY(window.openScenario(ScenarioCatalog::resolve("04-alias-list")));
        WorldSession &session = window.session();
        session.setSpeed(50.0);
        runToEnd(session);
        World *w = session.world();
        QCOMPARE(deliveredCount(*w, "carol@c.example"), 1);
        QCOMPARE(deliveredCount(*w, "owner-team@b.example"), 0);

        session.selectNode("database@b.example");
        auto *inspector = find<NodeInspector>(window, "nodeInspector");
        QSqlTableModel *model = inspector->tableModel();
        QVERIFY(model);
        QCOMPARE(model->rowCount(), 3);
        int carolRow = -1;
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->record(r).value("member").toString() == "carol@c.example")
                carolRow = r;
        QVERIFY(carolRow >= 0);
        // The lecturer edits the member cell: carol leaves the list, owner-team joins.
        QVERIFY(model->setData(model->index(carolRow, model->fieldIndex("member")), "owner-team@b.example"));
        QVERIFY2(!model->lastError().isValid(), qPrintable(model->lastError().text()));

        ActionSpec send;
        send.kind = ActionSpec::Kind::Send;
        send.from = "alice@a.example";
        send.to = QStringList{"team@b.example"};
        send.subject = "Second lunch";
        send.body = "Again.";
        QVERIFY(!w->send(send).isEmpty());
        runToEnd(session);
        QCOMPARE(deliveredCount(*w, "bob@b.example"), 2);
        QCOMPARE(deliveredCount(*w, "owner-team@b.example"), 1);
        QCOMPARE(deliveredCount(*w, "carol@c.example"), 1);
    }

    void editingTheDnsZoneChangesTheNextAnswer()
    {
        MainWindow window;
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        WorldSession &session = window.session();
        session.selectNode("dns@internet");
        auto *inspector = find<NodeInspector>(window, "nodeInspector");
        QSqlTableModel *model = inspector->tableModel();
        QVERIFY(model);
        int mxRow = -1;
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->record(r).value("zone").toString() == "b.example" && model->record(r).value("type").toString() == "MX")
                mxRow = r;
        QVERIFY(mxRow >= 0);
        QVERIFY(model->setData(model->index(mxRow, model->fieldIndex("preference")), 42));
        QVERIFY(model->setData(model->index(mxRow, model->fieldIndex("value")), "mail.b.example"));
        QVERIFY2(!model->lastError().isValid(), qPrintable(model->lastError().text()));

        const QString dns = session.world()->endpoints().value("dns").toString();
        DnsResolver resolver(QHostAddress(dns.section(':', 0, 0)), quint16(dns.section(':', 1).toUInt()));
        std::optional<DnsLookupResult> result;
        resolver.lookup("b.example", DnsType::MX, &resolver, [&](const DnsLookupResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        QCOMPARE(result->records.size(), 1);
        QCOMPARE(result->records[0].preference, quint16(42));
        QCOMPARE(result->records[0].target, QByteArray("mail.b.example"));
    }

    void reloadingDropsTheTables()
    {
        // The models hold the world's SQLite connections: loading another lesson must not leave them dangling.
        MainWindow window;
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        window.session().selectNode("database@a.example");
        auto *inspector = find<NodeInspector>(window, "nodeInspector");
        QVERIFY(inspector->tableModel());
        QVERIFY(window.session().reset());
        QVERIFY(!inspector->tableModel());
        window.session().selectNode("dns@internet");
        QVERIFY(inspector->tableModel());
        QVERIFY(inspector->tableModel()->rowCount() > 0);
    }

    // For a reviewer: with MAILFLOW_SCREENSHOT_DIR set (run under Xvfb), saves the window at 1366x768
    // with each inspector showing the delivered default lesson.
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("MAILFLOW_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("MAILFLOW_SCREENSHOT_DIR is not set");
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openScenario(ScenarioCatalog::resolve(qEnvironmentVariable("MAILFLOW_SCREENSHOT_LESSON", "01-basic-pop3"))));
        WorldSession &session = window.session();
        session.setSpeed(50.0);
        runToEnd(session);
        // Back to the moment of delivery into the mailbox (before POP3 took it away).
        World *w = session.world();
        int delivered = -1;
        for (int i = 0; i < w->log().size() && delivered < 0; ++i)
            if (w->log().at(i).kind == EventKind::Delivered)
                delivered = i;
        w->log().setCursor(delivered);
        auto save = [&](const QString &name) {
            QTest::qWait(200);
            QVERIFY(window.grab().save(dir + "/" + name + ".png"));
        };
        session.selectMessage(w->log().at(delivered).field("message").toString());
        save("message-delivered");
        for (const char *node : {"spool@a.example", "mta-server@mx.a.example", "database@b.example", "dns@internet",
                                 "mailboxes@b.example", "access-server@b.example", "internet"}) {
            session.selectNode(node);
            save(QString("node-%1").arg(QString(node).replace('@', '_')));
        }
    }
};

QTEST_MAIN(TestInspectors)
#include "tst_inspectors.moc"
