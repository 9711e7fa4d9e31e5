// The window's frame: loading the default lesson, the controls (step hop, back, forward through the
// past, play), and a broken lesson leaving the running one untouched.
#include "core/WireCapture.h"
#include "gui/ControlBar.h"
#include "gui/MainWindow.h"
#include "gui/PacketCaptureExport.h"
#include "gui/WorldSession.h"
#include "scenario/ScenarioCatalog.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QDockWidget>
#include <QScrollArea>
#include <QTemporaryFile>
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

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void loadsDefaultLessonWithAllPanels()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        QVERIFY(window.session().world());
        for (const char *name : {"transcript", "message", "node", "composer", "mailclient", "scenarios", "charts"})
            QVERIFY2(window.dock(QLatin1String(name)), name);
        QVERIFY(window.session().world()->stepper().isPaused());
    }

    void fitsAProjectorScreen()
    {
        // 1366x768 is what many classroom projectors show: no panel may force the window beyond it (the
        // tall ones scroll), neither while the window is built nor once a lesson is loaded.
        MainWindow window;
        QCOMPARE(window.size(), QSize(1366, 768));
        window.show();
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        QCOMPARE(window.size(), QSize(1366, 768));
        QVERIFY(window.minimumSizeHint().height() <= 768);
        QVERIFY(window.minimumSizeHint().width() <= 1366);
        // No panel in the right-hand column needs horizontal scrolling there.
        for (const char *name : {"scenarios", "composer", "mailclient", "message", "node"}) {
            QDockWidget *dock = window.dock(QLatin1String(name));
            dock->raise();
            auto *scroll = qobject_cast<QScrollArea *>(dock->widget());
            QVERIFY2(scroll, name);
            QTRY_VERIFY(scroll->isVisible());
            QTRY_VERIFY2(scroll->widget()->width() <= scroll->viewport()->width(),
                         qPrintable(QStringLiteral("%1: %2 px wide in a %3 px column")
                                        .arg(QLatin1String(name))
                                        .arg(scroll->widget()->width())
                                        .arg(scroll->viewport()->width())));
        }
    }

    // A lecturer who dragged the panels about gets the classroom layout back from View > Reset layout.
    void resetLayoutPutsThePanelsBack()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        QDockWidget *lessons = window.dock("scenarios");
        QDockWidget *transcript = window.dock("transcript");
        QTRY_VERIFY(lessons->width() > 300);
        const int column = lessons->width();
        const int bottom = transcript->height();
        window.resizeDocks({lessons}, {170}, Qt::Horizontal);
        QTRY_VERIFY(lessons->width() < 200);
        window.dock("message")->setFloating(true);
        window.dock("charts")->hide();
        transcript->hide();
        window.resetLayoutAction()->trigger();
        QTRY_VERIFY2(qAbs(lessons->width() - column) <= 8, qPrintable(QString::number(lessons->width())));
        for (const char *name : {"transcript", "message", "node", "composer", "mailclient", "scenarios", "charts"})
            QVERIFY2(!window.dock(QLatin1String(name))->isFloating(), name);
        QVERIFY(!window.dock("charts")->isHidden());
        QTRY_VERIFY(transcript->isVisible());
        QTRY_VERIFY2(qAbs(transcript->height() - bottom) <= 8, qPrintable(QString::number(transcript->height())));
        QCOMPARE(window.dockWidgetArea(window.dock("message")), Qt::RightDockWidgetArea);
        QCOMPARE(window.size(), QSize(1366, 768));
    }

    void stepHopBackAndForward()
    {
        MainWindow window;
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        WorldSession &session = window.session();
        session.setSpeed(50.0);
        World *w = session.world();
        for (int hops = 1; hops <= 3; ++hops) {
            window.controls()->stepHopAction()->trigger();
            QTRY_COMPARE_WITH_TIMEOUT(countKind(w->log(), EventKind::Hop, session.cursor()), hops, 15000);
            QTRY_VERIFY(!session.isStepping());
        }
        const int present = session.cursor();
        window.controls()->backAction()->trigger();
        QVERIFY(session.isShowingPast());
        QCOMPARE(countKind(w->log(), EventKind::Hop, session.cursor()), 2);
        QCOMPARE(w->log().at(session.cursor()).kind, EventKind::Hop);
        // Step hop while showing the past walks the log, the world does not move.
        const int recorded = w->log().size();
        window.controls()->stepHopAction()->trigger();
        QCOMPARE(countKind(w->log(), EventKind::Hop, session.cursor()), 3);
        QCOMPARE(w->log().size(), recorded);
        window.controls()->stepHopAction()->trigger();
        QVERIFY(!session.isShowingPast());
        QCOMPARE(session.cursor(), present);
    }

    // File > Export > Packet capture: the window's world records what its wire taps see from the start
    // (the taps also feed the eavesdropper view), and the dialog asks for the key log separately, with
    // its warning in sight whenever it is ticked.
    void packetCaptureRecordsTheLesson()
    {
        MainWindow window;
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        WorldSession &session = window.session();
        session.setSpeed(50.0);
        auto *action = window.findChild<QAction *>(QStringLiteral("exportPacketCapture"));
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        QVERIFY(session.world()->capture());
        // Play until the submission happened: its connection and bytes are in the capture, from the real
        // client address to the submission port the world advertises.
        auto submission = [&] {
            const QList<WireCapture::Record> records = session.world()->capture()->records();
            for (const WireCapture::Record &open : records) {
                if (open.kind != WireCapture::Record::Kind::Open || open.service != QLatin1String("submission"))
                    continue;
                QByteArray fromServer;
                for (const WireCapture::Record &r : records)
                    if (r.kind == WireCapture::Record::Kind::Data && r.stream == open.stream && r.dir == Direction::Server)
                        fromServer += r.bytes;
                if (open.to.address.isLoopback() && open.from.address.isLoopback() && open.from.port && open.to.port)
                    return fromServer;
            }
            return QByteArray();
        };
        session.play();
        QTRY_VERIFY_WITH_TIMEOUT(submission().startsWith("220 "), 30000);
        session.pause();

        PacketCaptureDialog dialog(session.keyLogUnavailable());
        auto *withKeys = dialog.findChild<QCheckBox *>(QStringLiteral("withKeyLog"));
        auto *warning = dialog.findChild<QLabel *>(QStringLiteral("keyLogWarning"));
        auto *keys = dialog.findChild<QLineEdit *>(QStringLiteral("keyLogPath"));
        auto *capture = dialog.findChild<QLineEdit *>(QStringLiteral("capturePath"));
        QVERIFY(withKeys && warning && keys && capture);
        QVERIFY2(session.keyLogUnavailable().isEmpty(), qPrintable(session.keyLogUnavailable()));
        QVERIFY(!withKeys->isChecked()); // never by default
        QVERIFY(dialog.keyLogPath().isEmpty());
        QVERIFY(warning->isHidden());
        withKeys->setChecked(true);
        QVERIFY(!warning->isHidden());
        QVERIFY(warning->text().contains(QStringLiteral("session keys")));
        QCOMPARE(dialog.keyLogPath(), keys->text());
        auto *save = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
        QVERIFY(save->isEnabled());
        keys->setText(capture->text()); // the key log must not overwrite the capture
        QVERIFY(!save->isEnabled());
    }

    void brokenLessonKeepsTheRunningOne()
    {
        MainWindow window;
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        World *before = window.session().world();
        QTemporaryFile broken;
        QVERIFY(broken.open());
        broken.write("{\n  \"title\": 5\n}\n");
        broken.close();
        QStringList errors;
        QVERIFY(!window.session().load(broken.fileName(), &errors));
        QVERIFY(!errors.isEmpty());
        QVERIFY2(errors.first().startsWith(broken.fileName() + QLatin1Char(':')), qPrintable(errors.first()));
        QCOMPARE(window.session().world(), before);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
