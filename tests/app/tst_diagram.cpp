// The flow diagram in the real window: the default lesson stepped hop by hop until Bob has the mail,
// checking after each step where the envelope is drawn, the badges, the padlocks; a bubble during the
// SMTP exchange (step by command); Back showing the earlier position; clicks selecting nodes and
// messages; three domains; the PNG export.
#include "events/EventLog.h"
#include "gui/ControlBar.h"
#include "gui/MainWindow.h"
#include "gui/WorldSession.h"
#include "gui/diagram/DiagramItems.h"
#include "gui/diagram/DiagramStyle.h"
#include "gui/diagram/FlowDiagramView.h"
#include "gui/i18n/ViewMenuAdditions.h"
#include "scenario/ScenarioCatalog.h"

#include <QAction>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
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

int lastOfKind(const EventLog &log, EventKind kind, int upTo)
{
    for (int i = qMin(upTo, log.size() - 1); i >= 0; --i)
        if (log.at(i).kind == kind)
            return i;
    return -1;
}

FlowDiagramView *diagramOf(MainWindow &window)
{
    return window.findChild<FlowDiagramView *>(QStringLiteral("flowDiagram"));
}

enum class Exposure { DontWait, Wait };

// The setup of the tests in the real window: shows it, resized to `size` unless that is empty (else at its
// own default size), waits until it is exposed when asked (before clicking into it), opens the lesson
// `scenario` and returns its diagram; nullptr when the window is not exposed or the lesson does not load.
FlowDiagramView *showLesson(MainWindow &window, const QString &scenario, QSize size = {},
                            Exposure exposure = Exposure::DontWait)
{
    if (!size.isEmpty())
        window.resize(size);
    window.show();
    if (exposure == Exposure::Wait && !QTest::qWaitForWindowExposed(&window))
        return nullptr;
    if (!window.openScenario(scenario))
        return nullptr;
    return diagramOf(window);
}

// The picture a fresh fold of the log up to the cursor gives (what Back must show).
QString expectedNode(const EventLog &log, int cursor, const QString &flow)
{
    FlowState s;
    s.rebuild(log.events(), cursor);
    const FlowState::Envelope *e = s.envelope(flow);
    return e && !e->split ? e->at : QString();
}

} // namespace

class TestDiagram : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // Presentation mode is remembered: in a settings file of the test's own.
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void isTheCentralWidgetWithEveryNode()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ScenarioCatalog::defaultScenarioPath());
        QVERIFY(view);
        QVERIFY(window.centralWidget()->isAncestorOf(view));
        for (const char *id : {"user@a.example", "ua@a.example", "spool@a.example", "alias-expander@a.example", "database@a.example",
                               "mta-client@a.example", "mta-server@mx.a.example", "internet", "dns@internet",
                               "mta-server@mx.b.example", "alias-expander@b.example", "database@b.example", "mailboxes@b.example",
                               "spool@b.example", "ua@b.example", "user@b.example"}) {
            NodeItem *n = view->nodeItem(QLatin1String(id));
            QVERIFY2(n, id);
            QVERIFY2(!n->title().isEmpty(), id);
            QVERIFY2(!n->toolTip().isEmpty(), id);
        }
        // Left to right: sender, Internet, receiver.
        QVERIFY(view->nodeItem("user@a.example")->x() < view->nodeItem("mta-server@mx.a.example")->x());
        QVERIFY(view->nodeItem("mta-server@mx.a.example")->x() < view->nodeItem("internet")->x());
        QVERIFY(view->nodeItem("internet")->x() < view->nodeItem("mta-server@mx.b.example")->x());
        QVERIFY(view->nodeItem("mta-server@mx.b.example")->x() < view->nodeItem("user@b.example")->x());
        QCOMPARE(view->badgeText("mailboxes@b.example"), QString("0 messages"));
        QVERIFY(view->exportAction());
        QVERIFY(window.findChildren<QAction *>().contains(view->exportAction()));
    }

    void stepsTheDefaultLessonHopByHop()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ScenarioCatalog::defaultScenarioPath(), QSize(1366, 768));
        QVERIFY(view);
        WorldSession &session = window.session();
        session.setSpeed(50.0);
        World *w = session.world();
        QStringList visited;
        QList<QPair<int, QString>> stops; // cursor, where m1 was drawn
        bool sawMailboxCount = false;
        bool sawSpoolQueue = false;
        for (int hops = 1; hops <= 20; ++hops) {
            window.controls()->stepHopAction()->trigger();
            QTRY_COMPARE_WITH_TIMEOUT(countKind(w->log(), EventKind::Hop, session.cursor()), hops, 20000);
            QTRY_VERIFY_WITH_TIMEOUT(!session.isStepping(), 20000);
            QTRY_VERIFY_WITH_TIMEOUT(view->isSettled(), 10000);
            QCOMPARE(view->displayedEvent(), session.cursor());
            const SimEvent &hop = w->log().at(lastOfKind(w->log(), EventKind::Hop, session.cursor()));
            const QString flow = hop.field("message").toString();
            const QString to = hop.field("to").toString();
            QCOMPARE(flow, QString("m1"));
            // The envelope is drawn at the node the hop went to.
            QCOMPARE(view->envelopeNodeOnScreen(flow), to);
            QVERIFY(view->envelopeItem(flow)->isVisible());
            QVERIFY(!view->envelopeItem(flow)->isBounce());
            visited << to;
            stops.append({lastOfKind(w->log(), EventKind::Hop, session.cursor()), to});
            if (view->badgeText("spool@a.example").contains("queued"))
                sawSpoolQueue = true;
            if (to == "mta-server@mx.b.example") {
                // The relay across the Internet was encrypted: both legs carry a padlock.
                QVERIFY(view->isLinkDrawnLocked("mta-client@a.example", "mta-server@mx.a.example"));
            }
            // The message is counted in the mailbox as its envelope lands there (the copy is on disk).
            if (to == "mailboxes@b.example") {
                QCOMPARE(view->badgeText("mailboxes@b.example"), QString("1 message"));
                sawMailboxCount = true;
            }
            if (to == "ua@b.example")
                break;
        }
        QVERIFY(sawSpoolQueue);
        QVERIFY(sawMailboxCount);
        QCOMPARE(visited, (QStringList{"ua@a.example", "spool@a.example", "alias-expander@a.example", "database@a.example",
                                       "mta-client@a.example", "mta-server@mx.a.example", "internet", "mta-server@mx.b.example",
                                       "alias-expander@b.example", "database@b.example", "mailboxes@b.example", "spool@b.example",
                                       "ua@b.example"}));
        QVERIFY(view->isLinkDrawnLocked("internet", "mta-server@mx.b.example"));
        QVERIFY(view->isLinkDrawnLocked("mta-server@mx.a.example", "internet"));
        // The UA has the message, but it is still on the server: POP3 deletes only at QUIT (RFC 1939 §6).
        QCOMPARE(view->badgeText("mailboxes@b.example"), QString("1 message"));
        for (int step = 0; step < 10 && countKind(w->log(), EventKind::Expunged, session.cursor()) == 0; ++step) {
            const int lines = countKind(w->log(), EventKind::Line, session.cursor());
            window.controls()->stepCommandAction()->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(countKind(w->log(), EventKind::Line, session.cursor()) > lines, 20000);
            QTRY_VERIFY_WITH_TIMEOUT(!session.isStepping(), 20000);
        }
        QTRY_COMPARE(view->badgeText("mailboxes@b.example"), QString("0 messages"));

        // Back: each earlier hop shows the envelope where it was then, without animation.
        for (int i = int(stops.size()) - (stops.last().first < session.cursor() ? 1 : 2); i >= 0; --i) {
            window.controls()->backAction()->trigger();
            QCOMPARE(session.cursor(), stops.at(i).first);
            QCOMPARE(view->displayedEvent(), session.cursor());
            QVERIFY(view->isSettled());
            QCOMPARE(view->envelopeNodeOnScreen("m1"), stops.at(i).second);
            QCOMPARE(view->envelopeNodeOnScreen("m1"), expectedNode(w->log(), session.cursor(), "m1"));
            if (stops.at(i).second == "alias-expander@b.example")
                QCOMPARE(view->badgeText("mailboxes@b.example"), QString("0 messages"));
        }
        // Forward again through the recorded past.
        window.controls()->stepHopAction()->trigger();
        QTRY_VERIFY(view->isSettled());
        QCOMPARE(view->envelopeNodeOnScreen("m1"), stops.at(1).second);
    }

    void bubblesShowTheSmtpExchange()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ScenarioCatalog::defaultScenarioPath(), QSize(1366, 768));
        QVERIFY(view);
        WorldSession &session = window.session();
        session.setSpeed(50.0);
        World *w = session.world();
        // Up to the hop into the MTA client, then command by command: the submission conversation (the
        // message enters the MTA server only at the 250 to its DATA).
        while (lastOfKind(w->log(), EventKind::Hop, session.cursor()) < 0
               || w->log().at(lastOfKind(w->log(), EventKind::Hop, session.cursor())).field("to").toString() != "mta-client@a.example") {
            const int hops = countKind(w->log(), EventKind::Hop, session.cursor());
            window.controls()->stepHopAction()->trigger();
            QTRY_COMPARE_WITH_TIMEOUT(countKind(w->log(), EventKind::Hop, session.cursor()), hops + 1, 20000);
            QTRY_VERIFY(!session.isStepping());
        }
        QVERIFY(view->bubbleTexts().isEmpty());
        bool sawEhlo = false;
        bool sawTlsBadge = false;
        for (int step = 0; step < 12; ++step) {
            const int lines = countKind(w->log(), EventKind::Line, session.cursor());
            window.controls()->stepCommandAction()->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(countKind(w->log(), EventKind::Line, session.cursor()) > lines, 20000);
            QTRY_VERIFY(!session.isStepping());
            QTRY_VERIFY(view->isSettled());
            const SimEvent &line = w->log().at(lastOfKind(w->log(), EventKind::Line, session.cursor()));
            const QString shown = QString(line.field("dir").toString() == "C" ? "C: " : "S: ") + line.field("text").toString();
            // The line just exchanged is on screen as a bubble over the link.
            QVERIFY2(view->bubbleTexts().contains(shown), qPrintable(view->bubbleTexts().join(" | ") + " lacks " + shown));
            sawEhlo = sawEhlo || view->bubbleTexts().contains("C: EHLO ua.a.example");
            // The server's badge names the conversation and, after STARTTLS, carries a padlock.
            QVERIFY(view->badgeText("mta-server@mx.a.example").contains("SUBMISSION"));
            if (lastOfKind(w->log(), EventKind::Tls, session.cursor()) >= 0)
                sawTlsBadge = view->state().node("mta-server@mx.a.example").tlsConnections == 1;
        }
        QVERIFY(sawEhlo);
        QVERIFY(sawTlsBadge);
        QVERIFY(view->isLinkDrawnLocked("mta-client@a.example", "mta-server@mx.a.example"));
        // Back to the hop before the exchange: no bubble, no padlock yet.
        window.controls()->backAction()->trigger();
        QVERIFY(view->bubbleTexts().isEmpty());
        QVERIFY(!view->isLinkDrawnLocked("mta-client@a.example", "mta-server@mx.a.example"));
    }

    void longNodeDetailsStayReadable_data()
    {
        QTest::addColumn<int>("labelPixelSize");
        QTest::newRow("scaled up for a small window") << 23;
        QTest::newRow("usual") << 16;
        QTest::newRow("presentation") << 25;
    }

    void longNodeDetailsStayReadable()
    {
        // "mx2.b.example (backup)" under the backup MX used to shrink to 9 px (about 6 px on screen): the
        // detail shrinks by a quarter at most, then goes on two lines; every line fits the label column.
        QFETCH(int, labelPixelSize);
        DiagramStyle style = DiagramStyle::normal();
        style.labelPixelSize = labelPixelSize;
        const int floor = style.smallFont().pixelSize() * 3 / 4;
        const double column = DiagramStyle::kLabelWidth + 8;
        NodeItem host("mta-server@mx1.b.example", "mta-server", Qt::green, &style);
        host.setLabel("MTA server", "mx1.b.example");
        QVERIFY(!host.detailWraps());
        QVERIFY(host.detailFont().pixelSize() >= floor);
        QVERIFY(QFontMetricsF(host.detailFont()).horizontalAdvance("mx1.b.example") <= column);

        NodeItem backup("mta-server@mx2.b.example", "mta-server", Qt::green, &style);
        backup.setLabel("MTA server", "mx2.b.example (backup)");
        QVERIFY(backup.detailFont().pixelSize() >= floor);
        const QFontMetricsF fm(backup.detailFont());
        if (backup.detailWraps()) {
            QVERIFY(fm.horizontalAdvance("mx2.b.example") <= column);
            QVERIFY(fm.horizontalAdvance("(backup)") <= column);
        } else {
            QVERIFY(fm.horizontalAdvance("mx2.b.example (backup)") <= column);
        }
        QVERIFY(labelPixelSize < 20 || backup.detailWraps());
    }

    void clicksSelectNodesAndMessages()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ScenarioCatalog::defaultScenarioPath(), QSize(1366, 768), Exposure::Wait);
        QVERIFY(view);
        NodeItem *dns = view->nodeItem("dns@internet");
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(dns->pos()));
        QCOMPARE(window.session().selectedNode(), QString("dns@internet"));
        QVERIFY(dns->isHighlighted());
        window.session().selectNode("internet");
        QVERIFY(!dns->isHighlighted());
        QVERIFY(view->nodeItem("internet")->isHighlighted());

        window.session().setSpeed(50.0);
        window.controls()->stepHopAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(view->envelopeItem("m1"), 20000);
        QTRY_VERIFY(window.session().world()->stepper().isPaused());
        QTRY_VERIFY(view->isSettled());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(view->envelopeItem("m1")->pos()));
        QCOMPARE(window.session().selectedMessage(), QString("m1"));
    }

    void threeDomainsAndAnAliasSplit()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ":/scenarios/04-alias-list.json");
        QVERIFY(view);
        for (const char *id : {"mta-server@mx.c.example", "mailboxes@c.example", "ua@c.example", "mailboxes@b.example"})
            QVERIFY2(view->nodeItem(QLatin1String(id)), id);
        // No two nodes drawn on top of each other.
        const QStringList ids = view->nodeIds();
        for (int i = 0; i < ids.size(); ++i)
            for (int j = i + 1; j < ids.size(); ++j)
                QVERIFY2(QLineF(view->nodeItem(ids[i])->pos(), view->nodeItem(ids[j])->pos()).length() > 80,
                         qPrintable(ids[i] + " / " + ids[j]));
        window.session().setSpeed(50.0);
        window.session().play();
        World *w = window.session().world();
        QTRY_VERIFY_WITH_TIMEOUT(countKind(w->log(), EventKind::Delivered, window.session().cursor()) == 3, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(view->isSettled(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(view->envelopeNodeOnScreen("m1"), QString("mailboxes@c.example"), 10000);
        QCOMPARE(view->envelopeNodeOnScreen("m1.1"), QString("mailboxes@b.example"));
        QCOMPARE(view->envelopeNodeOnScreen("m1.2"), QString("mailboxes@b.example"));
        QCOMPARE(view->badgeText("mailboxes@b.example"), QString("2 messages"));
        QCOMPARE(view->badgeText("mailboxes@c.example"), QString("1 message"));
        // The split fans out: each copy says whom it is for, and the two stand side by side, apart.
        EnvelopeItem *bob = view->envelopeItem("m1.1");
        EnvelopeItem *dave = view->envelopeItem("m1.2");
        QCOMPARE(bob->label(), QString("bob"));
        QCOMPARE(dave->label(), QString("dave"));
        QCOMPARE(view->envelopeItem("m1")->label(), QString("carol"));
        QVERIFY(!bob->sceneBoundingRect().intersects(dave->sceneBoundingRect()));
    }

    void twoDevicesAreTwoUserAgentsWithTheirReadState()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ":/scenarios/02-imap-two-devices.json", QSize(1366, 768));
        QVERIFY(view);
        QVERIFY(view->nodeItem("ua@b.example"));
        QVERIFY(view->nodeItem("ua@b.example/phone"));
        window.session().setSpeed(50.0);
        window.session().play();
        QTRY_VERIFY_WITH_TIMEOUT(window.session().isFinished(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(view->isSettled(), 20000);
        // The laptop marked it read; the phone shows it read without opening it: \Seen is on the server.
        QCOMPARE(view->badgeText("ua@b.example"), QString("m1 ✓ read"));
        QCOMPARE(view->badgeText("ua@b.example/phone"), QString("m1 ✓ read"));
        QCOMPARE(view->envelopeNodeOnScreen("m1"), QString("ua@b.example/phone"));
        // Back to the laptop's first look: unread there, nothing on the phone yet.
        const EventLog &log = window.session().world()->log();
        int laptopRead = -1;
        for (int i = 0; i < log.size() && laptopRead < 0; ++i)
            if (log.at(i).kind == EventKind::Hop && log.at(i).text(QStringLiteral("device")) == QLatin1String("laptop"))
                laptopRead = i;
        QVERIFY(laptopRead > 0);
        window.session().showEventAt(laptopRead);
        QTRY_VERIFY_WITH_TIMEOUT(view->isSettled(), 20000);
        QCOMPARE(view->badgeText("ua@b.example"), QString("m1 ● unread"));
        QCOMPARE(view->badgeText("ua@b.example/phone"), QString());
    }

    void aRefusedConnectionIsMarkedOnItsLink()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ":/scenarios/06-backup-mx.json", QSize(1366, 768));
        QVERIFY(view);
        window.session().setSpeed(50.0);
        QAction *step = window.controls()->stepCommandAction();
        const EventLog &log = window.session().world()->log();
        // Step command by command: one step stops at the refusal itself, and the picture says so.
        for (int steps = 0; steps < 400 && !window.session().isFinished(); ++steps) {
            step->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(!window.session().isStepping(), 30000);
            QTRY_VERIFY_WITH_TIMEOUT(view->isSettled(), 10000);
            const SimEvent &e = log.at(window.session().cursor());
            if (e.kind == EventKind::Error) {
                QCOMPARE(e.text(QStringLiteral("host")), QString("mx1.b.example"));
                QVERIFY2(view->badgeText("mta-server@mx1.b.example").contains("connection refused"),
                         qPrintable(view->badgeText("mta-server@mx1.b.example")));
                QVERIFY(view->isLinkRefused("internet", "mta-server@mx1.b.example"));
                // The backup's conversation follows with the refusal still drawn...
                step->trigger();
                QTRY_VERIFY_WITH_TIMEOUT(!window.session().isStepping(), 30000);
                QTRY_VERIFY_WITH_TIMEOUT(view->isSettled(), 10000);
                QVERIFY(view->isLinkRefused("internet", "mta-server@mx1.b.example"));
                // ... until the message arrives at the backup MX.
                window.controls()->stepHopAction()->trigger();
                QTRY_VERIFY_WITH_TIMEOUT(!window.session().isStepping(), 30000);
                QTRY_VERIFY_WITH_TIMEOUT(view->isSettled(), 10000);
                QCOMPARE(view->envelopeNodeOnScreen("m1"), QString("mta-server@mx2.b.example"));
                QVERIFY(!view->isLinkRefused("internet", "mta-server@mx1.b.example"));
                QVERIFY(!view->badgeText("mta-server@mx1.b.example").contains("refused"));
                return;
            }
        }
        QFAIL("no step stopped at the refused connection");
    }

    void bounceTravelsBackInAnotherColour()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ":/scenarios/05-unknown-user-bounce.json");
        QVERIFY(view);
        view->setAnimationsEnabled(false);
        window.session().setSpeed(50.0);
        window.session().play();
        World *w = window.session().world();
        QTRY_VERIFY_WITH_TIMEOUT(countKind(w->log(), EventKind::Bounced, window.session().cursor()) == 1, 60000);
        QTRY_VERIFY(view->isSettled());
        QVERIFY(view->envelopeItem("m1.1"));
        QVERIFY(view->envelopeItem("m1.1")->isBounce());
        QVERIFY(!view->envelopeItem("m1")->isBounce());
        // mx.b refused the recipient at RCPT TO, so the message never entered it (no 250 to its DATA): it
        // stopped at the Internet, and the bounce was written by a.example's MTA.
        QCOMPARE(view->envelopeNodeOnScreen("m1"), QString("internet"));
    }

    void retrievalShowsTheTrueRolesOnBothSides()
    {
        // The bounce lesson: Alice (a.example, the sending domain) reads the bounce. Her spool is her
        // outgoing queue and never serves POP3: she reads through a POP3/IMAP server of her own domain.
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ":/scenarios/05-unknown-user-bounce.json", QSize(1366, 768));
        QVERIFY(view);
        const DiagramTopology &t = view->topology();
        QCOMPARE(window.session().world()->scenario().sendingDomain(), QString("a.example"));
        const DiagramTopology::Node *access = t.node("access-server@a.example");
        QVERIFY(access);
        QCOMPARE(access->kind, QString("access-server"));
        QVERIFY(access->side == DiagramTopology::Side::Sender);
        QVERIFY(!t.contains("access-server@b.example")); // on b, the spool is shown with its access agent
        // Under the UA, beside the mailboxes; not under the alias expander's database.
        QCOMPARE(access->cell.x(), t.node("ua@a.example")->cell.x());
        QVERIFY(access->cell.y() > t.node("ua@a.example")->cell.y());
        QCOMPARE(access->cell.y(), t.node("mailboxes@a.example")->cell.y());
        for (const DiagramTopology::Node &n : t.nodes())
            QVERIFY2(n.id == access->id || n.cell != access->cell, qPrintable(n.id));

        auto edge = [&t](const QString &from, const QString &to) -> const DiagramTopology::Edge * {
            for (const DiagramTopology::Edge &e : t.edges())
                if (e.from == from && e.to == to)
                    return &e;
            return nullptr;
        };
        QVERIFY(edge("mailboxes@a.example", "access-server@a.example"));
        QVERIFY(!edge("mailboxes@a.example", "access-server@a.example")->twoWay);
        QVERIFY(edge("access-server@a.example", "ua@a.example"));
        QVERIFY(edge("access-server@a.example", "ua@a.example")->twoWay);
        QVERIFY(!edge("spool@a.example", "ua@a.example"));
        QVERIFY(edge("ua@a.example", "spool@a.example")); // submission, one way
        QVERIFY(!edge("ua@a.example", "spool@a.example")->twoWay);
        // The seed's order on b: mailboxes → spool (with POP3/IMAP) → UA, the last link two-way.
        QVERIFY(edge("mailboxes@b.example", "spool@b.example"));
        QVERIFY(edge("spool@b.example", "ua@b.example"));
        QVERIFY(edge("spool@b.example", "ua@b.example")->twoWay);

        // Drawn: exactly those two links carry a head at both ends.
        int twoWay = 0;
        for (QGraphicsItem *item : view->scene()->items())
            twoWay += item->type() == EdgeItem::Type && static_cast<EdgeItem *>(item)->isTwoWay();
        QCOMPARE(twoWay, 2);

        // Labels and tooltips say what each node does on its side.
        NodeItem *server = view->nodeItem("access-server@a.example");
        NodeItem *sendingSpool = view->nodeItem("spool@a.example");
        NodeItem *receivingSpool = view->nodeItem("spool@b.example");
        QVERIFY(server && sendingSpool && receivingSpool);
        QCOMPARE(server->title(), QString("POP3/IMAP server"));
        QVERIFY(server->toolTip().contains("POP3/IMAP"));
        QCOMPARE(sendingSpool->title(), QString("Spool"));
        QVERIFY(receivingSpool->title().contains("POP3/IMAP"));
        QVERIFY(receivingSpool->title().startsWith("Spool"));
        QVERIFY(receivingSpool->toolTip() != sendingSpool->toolTip());
        QVERIFY(receivingSpool->toolTip().contains("POP3/IMAP"));

        // At 1366x768 the new node's icon and label overlap no other node's icon or label.
        auto drawn = [view](const QString &id) {
            NodeItem *n = view->nodeItem(id);
            return n->mapToScene(n->shape()).boundingRect();
        };
        const QRectF box = drawn(server->id());
        for (const QString &id : view->nodeIds())
            if (id != server->id())
                QVERIFY2(!box.intersects(drawn(id)), qPrintable(id));
    }

    void deferredMessageCountsDown()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ":/scenarios/07-link-down-retry.json");
        QVERIFY(view);
        view->setAnimationsEnabled(false);
        window.session().setSpeed(50.0);
        window.session().play();
        World *w = window.session().world();
        auto deferredAt = [&] {
            for (int i = w->log().size() - 1; i >= 0; --i)
                if (w->log().at(i).kind == EventKind::Queue && w->log().at(i).field("state").toString() == "deferred")
                    return i;
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(deferredAt() >= 0, 60000);
        window.session().pause();
        // Show the moment it was deferred.
        w->log().setCursor(deferredAt());
        QTRY_VERIFY(view->isSettled());
        QCOMPARE(view->envelopeNodeOnScreen("m1"), QString("mta-server@mx.a.example"));
        QVERIFY2(view->envelopeItem("m1")->countdown().startsWith("retry in "), qPrintable(view->envelopeItem("m1")->countdown()));
        QVERIFY(view->badgeText("mta-server@mx.a.example").contains("deferred"));
        QVERIFY(view->badgeText("internet").contains("link down"));
    }

    void retryCountdownRunsInPlay()
    {
        // Played (not stepped), the wait for the retry is shown: the envelope parks at the MTA server with
        // its countdown, which ticks down while the world waits out the gap (scaled by the speed).
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ":/scenarios/07-link-down-retry.json", QSize(1366, 768));
        QVERIFY(view);
        window.session().setSpeed(10.0);
        window.session().play();
        QTRY_VERIFY_WITH_TIMEOUT(view->envelopeItem("m1") && view->envelopeItem("m1")->countdown().startsWith("retry in "), 60000);
        const QString first = view->envelopeItem("m1")->countdown();
        QTRY_COMPARE(view->envelopeNodeOnScreen("m1"), QString("mta-server@mx.a.example"));
        QTRY_VERIFY_WITH_TIMEOUT(view->envelopeItem("m1")->countdown() != first, 10000);
        window.session().pause();
    }

    void exportsPng()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ScenarioCatalog::defaultScenarioPath());
        QVERIFY(view);
        QTemporaryDir dir;
        const QString path = dir.filePath("diagram.png");
        QString error;
        QVERIFY2(view->exportPng(path, &error), qPrintable(error));
        QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 1000 && image.height() > 300);
        // Not a blank picture: the icons and labels put many colours in it.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY(colours.size() > 20);
        QVERIFY(!view->exportPng(dir.filePath("no/such/dir/x.png"), &error));
        QVERIFY(!error.isEmpty());
    }

    void presentationModeEnlargesAndKeepsState()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ScenarioCatalog::defaultScenarioPath());
        QVERIFY(view);
        const QRectF before = view->nodeItem("alias-expander@a.example")->boundingRect();
        QVERIFY(QMetaObject::invokeMethod(view, "setPresentation", Q_ARG(bool, true)));
        QVERIFY(view->isPresentation());
        const QRectF after = view->nodeItem("alias-expander@a.example")->boundingRect();
        QVERIFY(after.height() >= before.height());
        QCOMPARE(view->badgeText("mailboxes@b.example"), QString("0 messages"));
        view->setPresentation(false);
        QVERIFY(!view->isPresentation());
    }

    // Presenting three domains at 1366x768, the whole picture would put the titles under 24 px: the view
    // keeps them readable and a camera follows the step; Ctrl+0 shows the whole picture until the next step.
    void presentingFollowsTheHop()
    {
        MainWindow window;
        FlowDiagramView *view = showLesson(window, ":/scenarios/04-alias-list.json", QSize(1366, 768), Exposure::Wait);
        QVERIFY(view);
        QVERIFY(!view->isFollowing());
        // View > Presentation mode: the panels fold away, the diagram gets the window.
        auto *menu = window.findChild<ViewMenuAdditions *>();
        QVERIFY(menu);
        menu->presentationAction()->trigger();
        QTRY_VERIFY(view->width() >= 1366 * 9 / 10);
        QVERIFY(view->isFollowing());
        const auto titlePx = [view] {
            return view->nodeItem("alias-expander@c.example")->titleFont().pixelSize() * view->transform().m11();
        };
        QVERIFY2(titlePx() >= 23.95, qPrintable(QString::number(titlePx())));
        const auto onScreen = [view](const QRectF &sceneRect) {
            return view->viewport()->rect().adjusted(-1, -1, 1, 1).contains(view->mapFromScene(sceneRect).boundingRect());
        };
        QVERIFY(!onScreen(view->sceneRect())); // larger than the screen
        WorldSession &session = window.session();
        session.setSpeed(50.0);
        bool sawLowerLane = false;
        // Command by command: the step's own hop and conversation are on screen, also while another
        // lane's conversation is still closing.
        for (int steps = 0; !session.isFinished() && steps < 1000; ++steps) {
            window.controls()->stepCommandAction()->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(!session.isStepping(), 30000);
            QTRY_VERIFY(view->isSettled());
            const QRectF focus = view->focusRect(view->cameraRoom());
            QVERIFY(!focus.isEmpty());
            const QRect f = view->mapFromScene(focus).boundingRect();
            QVERIFY2(onScreen(focus), qPrintable(QString("step %1 (%8): focus %2,%3 %4x%5 in %6x%7").arg(steps).arg(f.x()).arg(f.y()).arg(f.width()).arg(f.height()).arg(view->viewport()->width()).arg(view->viewport()->height())
                                                 .arg(QString::fromUtf8(EventLog::toJsonLine(session.world()->log().at(session.cursor()))))));
            sawLowerLane = sawLowerLane || focus.intersects(view->nodeItem("mta-server@mx.c.example")->sceneBoundingRect());
        }
        QVERIFY(sawLowerLane);
        QVERIFY(view->zoomActions().at(2)->isEnabled());
        view->zoomActions().at(2)->trigger(); // Ctrl+0
        QVERIFY(!view->isFollowing());
        QVERIFY(onScreen(view->sceneRect()));
        QVERIFY(titlePx() < 23.95);
        // The next step brings the camera back.
        window.controls()->backAction()->trigger();
        QTRY_VERIFY(view->isSettled());
        QVERIFY(view->isFollowing());
        QVERIFY(titlePx() >= 23.95);
        QVERIFY(onScreen(view->focusRect()));
        // Not presenting, the whole picture again.
        menu->presentationAction()->trigger();
        QVERIFY(!view->isPresentation());
        QVERIFY(!view->isFollowing());
        QTRY_VERIFY(onScreen(view->sceneRect()));
    }
};

QTEST_MAIN(TestDiagram)
#include "tst_diagram.moc"
