// Saves screenshots of the classroom window on the default lesson at three moments (start, in the middle
// of the SMTP submission with its bubbles, delivered), plus presentation mode, so a reviewer can look
// at them. Run it under Xvfb (tools/screenshots.sh) or with QT_QPA_PLATFORM=offscreen.
//
//   mailflow-screenshots OUTPUT_DIR [WIDTHxHEIGHT] [SCENARIO]
// With a SCENARIO, it saves that lesson at its start and at its end instead.
#include "gui/ControlBar.h"
#include "gui/MainWindow.h"
#include "gui/WorldSession.h"
#include "gui/diagram/FlowDiagramView.h"
#include "scenario/ScenarioCatalog.h"

#include <QAction>
#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>
#include <functional>

using namespace mf;
using namespace mf::gui;

namespace {

// Runs the event loop until `done` holds (or 30 s pass); no fixed sleeps.
bool waitFor(const std::function<bool()> &done, int ms = 30000)
{
    QDeadlineTimer deadline(ms);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

int count(const EventLog &log, EventKind kind)
{
    int n = 0;
    for (const SimEvent &e : log.events())
        n += e.kind == kind;
    return n;
}

QString lastHopTarget(const EventLog &log)
{
    for (int i = log.size() - 1; i >= 0; --i)
        if (log.at(i).kind == EventKind::Hop)
            return log.at(i).field(QStringLiteral("to")).toString();
    return {};
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        out << "usage: mailflow-screenshots OUTPUT_DIR [WIDTHxHEIGHT]\n";
        return 2;
    }
    const QDir dir(args.at(1));
    QDir().mkpath(dir.path());
    QSize size(1366, 768);
    if (args.size() > 2) {
        const QStringList wh = args.at(2).split(QLatin1Char('x'));
        size = QSize(wh.value(0).toInt(), wh.value(1).toInt());
    }

    MainWindow window;
    window.resize(size);
    window.show();
    const QString scenario = args.value(3);
    if (!window.openScenario(scenario.isEmpty() ? ScenarioCatalog::defaultScenarioPath() : ScenarioCatalog::resolve(scenario)))
        return 1;
    WorldSession &session = window.session();
    auto *view = window.findChild<FlowDiagramView *>(QStringLiteral("flowDiagram"));
    World *world = session.world();
    session.setSpeed(10.0);

    auto settle = [&] { return waitFor([&] { return world->stepper().isPaused() && view->isSettled(); }); };
    auto shoot = [&](const QString &name) {
        settle();
        const QString windowFile = dir.filePath(name + QStringLiteral("-window.png"));
        const QString diagramFile = dir.filePath(name + QStringLiteral("-diagram.png"));
        window.grab().save(windowFile);
        view->exportPng(diagramFile, nullptr, 1.0);
        out << windowFile << "\n" << diagramFile << "  (event " << view->displayedEvent() << " of " << world->log().size()
            << ", cursor " << session.cursor() << ", mailboxes: " << view->badgeText(QStringLiteral("mailboxes@b.example")) << ")\n";
        out.flush();
    };

    waitFor([&] { return view->isVisible(); });
    if (!scenario.isEmpty()) {
        const QString name = QFileInfo(scenario).baseName();
        shoot(name + QStringLiteral("-start"));
        session.setSpeed(50.0);
        session.play();
        waitFor([&] { return world->stepper().isFinished() && view->isSettled(); }, 120000);
        shoot(name + QStringLiteral("-end"));
        // A message waiting for its retry, if the lesson has one.
        for (int i = 0; i < world->log().size(); ++i) {
            if (world->log().at(i).kind == EventKind::Queue
                && world->log().at(i).field(QStringLiteral("state")).toString() == QLatin1String("deferred")) {
                session.pause();
                world->log().setCursor(i);
                shoot(name + QStringLiteral("-deferred"));
                break;
            }
        }
        return 0;
    }
    shoot(QStringLiteral("1-start"));

    // Hop by hop to the MTA client's hand-over, then command by command into the SMTP dialogue.
    while (lastHopTarget(world->log()) != QLatin1String("mta-server@mx.a.example")) {
        const int hops = count(world->log(), EventKind::Hop);
        window.controls()->stepHopAction()->trigger();
        if (!waitFor([&] { return count(world->log(), EventKind::Hop) > hops && world->stepper().isPaused(); }))
            return 1;
    }
    for (int i = 0; i < 6; ++i) {
        const int lines = count(world->log(), EventKind::Line);
        window.controls()->stepCommandAction()->trigger();
        if (!waitFor([&] { return count(world->log(), EventKind::Line) > lines && world->stepper().isPaused(); }))
            return 1;
    }
    session.selectNode(QStringLiteral("mta-server@mx.a.example"));
    shoot(QStringLiteral("2-mid-smtp"));

    // Run on until Bob's mailbox has it.
    session.selectNode(QString());
    session.play();
    if (!waitFor([&] { return count(world->log(), EventKind::Delivered) > 0; }))
        return 1;
    session.pause();
    waitFor([&] { return view->isSettled(); });
    // Show the moment of delivery.
    for (int i = world->log().size() - 1; i >= 0; --i) {
        if (world->log().at(i).kind == EventKind::Delivered) {
            world->log().setCursor(i);
            break;
        }
    }
    session.selectMessage(QStringLiteral("m1"));
    shoot(QStringLiteral("3-delivered"));

    view->setPresentation(true);
    shoot(QStringLiteral("4-presentation"));
    return 0;
}
