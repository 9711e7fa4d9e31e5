// The composer, the mail client and the lesson browser in the real window at 1366x768: a whole class
// moment (write with an attachment, deliver, read on the laptop, see it read on the phone, a broken
// lesson file). Set MAILFLOW_SCREENSHOTS=DIR to save what each panel shows (run it under Xvfb with
// QT_QPA_PLATFORM=xcb to look at real rendering).
#include "gui/MainWindow.h"
#include "gui/WorldSession.h"
#include "gui/composer/ComposerPanel.h"
#include "gui/lessons/ScenarioBrowser.h"
#include "gui/mailclient/DeviceView.h"
#include "gui/mailclient/MailClientPanel.h"
#include "scenario/ScenarioCatalog.h"
#include "world/World.h"

#include <QDockWidget>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace mf;
using namespace mf::gui;

namespace {

const char *kLesson = R"({
  "version": 1,
  "title": {"en": "Alice writes to the team", "id": "Alice menulis ke tim"},
  "notes": {"en": "Alice sends her lab report to Bob; Bob reads it on his laptop and his phone.",
            "id": "Alice mengirim laporan lab ke Bob; Bob membacanya di laptop dan ponselnya."},
  "world": {"domains": [
    {"name": "a.example", "address": "127.0.0.2",
     "users": [{"address": "alice@a.example", "password": "alice-secret", "name": "Alice"}]},
    {"name": "b.example", "address": "127.0.0.3",
     "users": [{"address": "bob@b.example", "password": "bob-secret", "name": "Bob"},
               {"address": "dina@b.example", "password": "dina-secret", "name": "Dina"}],
     "aliases": [{"address": "team@b.example", "members": ["bob@b.example", "dina@b.example"]}]}
  ]}
})";

const char *kBroken = "{\n  \"version\": 1,\n  \"title\": \"Broken\",\n  \"world\": {\"domains\": [\n"
                      "    {\"name\": \"a.example\", \"mx\": [{\"host\": \"mx.a.example\", \"preference\": \"low\"}]}\n"
                      "  ]},\n  \"timeline\": [{\"at\": \"later\", \"fetch\": {\"user\": \"nobody@a.example\", \"protocol\": \"smoke\"}}]\n}\n";

int count(const World &world, EventKind kind)
{
    int n = 0;
    for (const SimEvent &e : world.log().events())
        n += e.kind == kind;
    return n;
}

} // namespace

class TestClientPanels : public QObject
{
    Q_OBJECT
private slots:
    void aClassMoment()
    {
        QTemporaryDir dir;
        const QString lesson = dir.filePath(QStringLiteral("team.json"));
        QFile f(lesson);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kLesson);
        f.close();

        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openScenario(lesson));
        WorldSession &session = window.session();
        World *world = session.world();

        // Write (User A): a mail to the team alias with an attachment.
        window.dock(QStringLiteral("composer"))->raise();
        auto *composer = window.findChild<ComposerPanel *>();
        QVERIFY(composer);
        composer->findChild<QLineEdit *>(QStringLiteral("to"))->setText(QStringLiteral("team@b.example"));
        composer->findChild<QLineEdit *>(QStringLiteral("subject"))->setText(QStringLiteral("Lab report, week 3"));
        composer->findChild<QPlainTextEdit *>(QStringLiteral("body"))->setPlainText(
            QStringLiteral("Hi team,\n\nthe measurements are in the attached file.\n\nAlice"));
        const QString data = dir.filePath(QStringLiteral("measurements.csv"));
        QFile csv(data);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("hop,latency_ms\nspool,1\ninternet,80\n");
        csv.close();
        QVERIFY(composer->attachFile(data));
        QVERIFY(composer->isVisible());
        save(window, "composer");
        QVERIFY(!composer->send().isEmpty());
        save(window, "composer-sent");

        session.setSpeed(50.0);
        session.play();
        QTRY_COMPARE_WITH_TIMEOUT(count(*world, EventKind::Delivered), 2, 30000);

        // Mail client (User B): IMAP on two devices.
        window.dock(QStringLiteral("mailclient"))->raise();
        auto *client = window.findChild<MailClientPanel *>();
        QVERIFY(client && client->isVisible());
        client->setProtocol(QStringLiteral("imap"));
        client->checkMail(QStringLiteral("laptop"));
        client->checkMail(QStringLiteral("phone"));
        QTRY_COMPARE_WITH_TIMEOUT(count(*world, EventKind::Retrieved), 2, 20000);
        DeviceView *laptop = client->device(QStringLiteral("laptop"));
        DeviceView *phone = client->device(QStringLiteral("phone"));
        QTRY_COMPARE(laptop->messageCount(), 1);
        laptop->open(0);
        QTRY_VERIFY(!laptop->isUnread(0));
        QVERIFY(laptop->readerText().contains("measurements.csv"));
        save(window, "mailclient-laptop");
        // The laptop's STORE reaches the server before the phone checks again.
        QTRY_VERIFY_WITH_TIMEOUT(world->domain(QStringLiteral("b.example"))
                                     ->mailboxes->messages(QStringLiteral("bob@b.example"), QStringLiteral("INBOX"))
                                     .value(0)
                                     .flags.contains("\\Seen"),
                                 20000);
        client->checkMail(QStringLiteral("phone"));
        QTRY_COMPARE_WITH_TIMEOUT(count(*world, EventKind::Retrieved), 3, 20000);
        client->findChild<QTabWidget *>(QStringLiteral("devices"))->setCurrentWidget(phone);
        QTRY_VERIFY(phone->messageCount() == 1 && !phone->isUnread(0));
        save(window, "mailclient-phone");
        session.pause();

        // Lessons: notes in Indonesian, then a broken file's problems.
        window.dock(QStringLiteral("scenarios"))->raise();
        auto *browser = window.findChild<ScenarioBrowser *>();
        QVERIFY(browser && browser->isVisible());
        session.setLanguage(Language::Indonesian);
        browser->select(ScenarioCatalog::resolve(QStringLiteral("imap-two-devices")));
        QVERIFY(browser->notesText().contains("IMAP membiarkan"));
        save(window, "lessons-indonesian");
        session.setLanguage(Language::English);
        const QString broken = dir.filePath(QStringLiteral("broken.json"));
        QFile b(broken);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write(kBroken);
        b.close();
        browser->select(broken);
        QVERIFY(!browser->openSelected());
        QVERIFY(browser->problems().size() >= 3);
        QCOMPARE(session.world(), world);
        save(window, "lessons-broken");
    }

private:
    void save(QWidget &window, const char *name)
    {
        const QString dir = qEnvironmentVariable("MAILFLOW_SCREENSHOTS");
        if (dir.isEmpty())
            return;
        QCoreApplication::processEvents();
        QVERIFY(window.grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png")));
    }
};

QTEST_MAIN(TestClientPanels)
#include "tst_clientpanels.moc"
