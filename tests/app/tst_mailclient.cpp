// User B's mail client: checking mail over POP3 (deleting, or leaving the mail on the server), POP3S
// and IMAP, reading a message, and two devices kept in sync by IMAP's \Seen flag.
#include "gui/WorldSession.h"
#include "gui/mailclient/DeviceView.h"
#include "gui/mailclient/MailClientPanel.h"
#include "world/World.h"

#include <QTemporaryDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

using namespace mf;
using namespace mf::gui;

namespace {

// Alice's mail to Bob is sent at the start; Bob checks only when the test presses Check mail.
const char *kLesson = R"({
  "version": 1,
  "title": {"en": "Mail client test"},
  "world": {"domains": [
    {"name": "a.example", "address": "127.0.0.2",
     "users": [{"address": "alice@a.example", "password": "alice-secret", "name": "Alice"}]},
    {"name": "b.example", "address": "127.0.0.3",
     "users": [{"address": "bob@b.example", "password": "bob-secret", "name": "Bob"}]}
  ]},
  "timeline": [
    {"at": "0s", "send": {"from": "alice@a.example", "to": "bob@b.example", "subject": "Lunch?",
                          "body": "Shall we meet at noon?"}}
  ]
})";

QList<SimEvent> retrievals(const World &world, const QString &device)
{
    QList<SimEvent> out;
    for (const SimEvent &e : world.log().events())
        if (e.kind == EventKind::Retrieved && e.field(QStringLiteral("device")).toString() == device)
            out << e;
    return out;
}

int deliveredCount(const World &world)
{
    int n = 0;
    for (const SimEvent &e : world.log().events())
        n += e.kind == EventKind::Delivered;
    return n;
}

qsizetype onServer(World &world)
{
    return world.domain(QStringLiteral("b.example"))->mailboxes->messages(QStringLiteral("bob@b.example"), QStringLiteral("INBOX")).size();
}

bool serverSeen(World &world)
{
    const auto messages = world.domain(QStringLiteral("b.example"))->mailboxes->messages(QStringLiteral("bob@b.example"), QStringLiteral("INBOX"));
    return !messages.isEmpty() && messages.first().flags.contains("\\Seen");
}

} // namespace

class TestMailClient : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_lesson = m_dir.filePath(QStringLiteral("client.json"));
        QFile f(m_lesson);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kLesson);
    }

    void init()
    {
        m_session = std::make_unique<WorldSession>();
        m_panel = std::make_unique<MailClientPanel>(*m_session);
        QStringList errors;
        QVERIFY2(m_session->load(m_lesson, &errors), qPrintable(errors.join('\n')));
        m_session->setSpeed(50.0);
        m_session->play();
        QTRY_COMPARE_WITH_TIMEOUT(deliveredCount(*m_session->world()), 1, 30000);
        QCOMPARE(m_panel->user(), QStringLiteral("bob@b.example"));
    }

    void cleanup()
    {
        m_panel.reset();
        m_session.reset();
    }

    void pop3LeaveOnServerKeepsTheMail()
    {
        World &world = *m_session->world();
        DeviceView *laptop = m_panel->device(QStringLiteral("laptop"));
        QVERIFY(laptop);
        m_panel->setProtocol(QStringLiteral("pop3"));
        m_panel->setLeaveOnServer(true);
        m_panel->checkMail(QStringLiteral("laptop"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "laptop").size(), 1, 20000);
        QCOMPARE(retrievals(world, "laptop").first().field("count").toInt(), 1);
        QCOMPARE(retrievals(world, "laptop").first().field("deleted").toInt(), 0);
        QTRY_COMPARE(laptop->messageCount(), 1);
        QCOMPARE(laptop->subjectAt(0), QStringLiteral("Lunch?"));
        QVERIFY(laptop->isUnread(0));
        QVERIFY2(laptop->statusText().contains("Left on the server"), qPrintable(laptop->statusText()));
        QCOMPARE(onServer(world), 1);

        laptop->open(0);
        QVERIFY2(laptop->readerText().contains("Shall we meet at noon?"), qPrintable(laptop->readerText()));
        QVERIFY(laptop->readerText().contains("alice@a.example"));
        QTRY_VERIFY(!laptop->isUnread(0));

        // A second check still finds it on the server; the client recognises it (UIDL) and keeps one copy.
        m_panel->checkMail(QStringLiteral("laptop"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "laptop").size(), 2, 20000);
        QCOMPARE(retrievals(world, "laptop").last().field("count").toInt(), 1);
        QTRY_COMPARE(laptop->messageCount(), 1);
        QVERIFY2(!laptop->isUnread(0), "read on this device stays read");
        QCOMPARE(onServer(world), 1);
    }

    void pop3WithoutLeavingTakesTheMailAway()
    {
        World &world = *m_session->world();
        m_panel->setProtocol(QStringLiteral("pop3"));
        m_panel->setLeaveOnServer(false);
        m_panel->checkMail(QStringLiteral("laptop"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "laptop").size(), 1, 20000);
        QCOMPARE(retrievals(world, "laptop").first().field("deleted").toInt(), 1);
        QTRY_COMPARE(m_panel->device("laptop")->messageCount(), 1);
        QCOMPARE(onServer(world), 0);
        // The phone finds nothing: POP3 downloaded and deleted it.
        m_panel->checkMail(QStringLiteral("phone"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "phone").size(), 1, 20000);
        QCOMPARE(retrievals(world, "phone").first().field("count").toInt(), 0);
        QCOMPARE(m_panel->device("phone")->messageCount(), 0);
        QVERIFY2(m_panel->device("phone")->statusText().contains("No mail on the server"), qPrintable(m_panel->device("phone")->statusText()));
    }

    void pop3sRetrievesOverTls()
    {
        World &world = *m_session->world();
        m_panel->setProtocol(QStringLiteral("pop3s"));
        m_panel->checkMail(QStringLiteral("laptop"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "laptop").size(), 1, 20000);
        QVERIFY(retrievals(world, "laptop").first().field("ok").toBool());
        QTRY_COMPARE(m_panel->device("laptop")->messageCount(), 1);
        bool tlsOnPop3 = false;
        for (const SimEvent &e : world.log().events())
            tlsOnPop3 = tlsOnPop3 || (e.kind == EventKind::Tls && e.field("proto").toString().startsWith("pop3") && e.field("ok").toBool());
        QVERIFY(tlsOnPop3);
        QVERIFY2(m_panel->device("laptop")->statusText().contains("POP3S"), qPrintable(m_panel->device("laptop")->statusText()));
    }

    void imapTwoDevicesStayInSync()
    {
        World &world = *m_session->world();
        DeviceView *laptop = m_panel->device(QStringLiteral("laptop"));
        DeviceView *phone = m_panel->device(QStringLiteral("phone"));
        m_panel->setProtocol(QStringLiteral("imap"));
        m_panel->checkMail(QStringLiteral("laptop"));
        m_panel->checkMail(QStringLiteral("phone"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "laptop").size(), 1, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "phone").size(), 1, 20000);
        QTRY_COMPARE(laptop->messageCount(), 1);
        QTRY_COMPARE(phone->messageCount(), 1);
        QVERIFY2(laptop->isUnread(0) && phone->isUnread(0), "checking does not read the mail");
        QVERIFY(!serverSeen(world));

        // Opening it on the laptop stores \Seen on the server (a real UID STORE)...
        laptop->open(0);
        QTRY_VERIFY(!laptop->isUnread(0));
        QTRY_VERIFY_WITH_TIMEOUT(serverSeen(world), 20000);
        bool store = false;
        for (const SimEvent &e : world.log().events())
            store = store || (e.kind == EventKind::Line && e.field("text").toString().contains("UID STORE"));
        QVERIFY(store);
        QVERIFY2(phone->isUnread(0), "the phone does not know yet");

        // ...and the phone's next check shows it read. The mail is still on the server.
        m_panel->checkMail(QStringLiteral("phone"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "phone").size(), 2, 20000);
        QTRY_VERIFY(!phone->isUnread(0));
        QCOMPARE(phone->messageCount(), 1);
        QCOMPARE(onServer(world), 1);

        // Back in the log shows the phone as it was before that check.
        m_session->pause();
        int before = -1;
        for (int i = 0; i < world.log().size(); ++i)
            if (world.log().at(i).kind == EventKind::Retrieved && world.log().at(i).field("device").toString() == "phone")
                before = i; // the last phone check
        world.log().setCursor(before - 1);
        QTRY_VERIFY(phone->isUnread(0));
        world.log().setCursor(world.log().size() - 1);
        QTRY_VERIFY(!phone->isUnread(0));
    }

    // A student types a wrong password: the server refuses the login with its own error, the transcript
    // explains it, nothing is retrieved, and the right password works again.
    void aWrongPasswordIsRefused_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QString>("refusal");
        QTest::newRow("POP3") << "pop3" << "-ERR [AUTH]";
        QTest::newRow("IMAP") << "imap" << "NO [AUTHENTICATIONFAILED]";
    }
    void aWrongPasswordIsRefused()
    {
        QFETCH(QString, protocol);
        QFETCH(QString, refusal);
        World &world = *m_session->world();
        QCOMPARE(m_panel->passwordField()->text(), QStringLiteral("bob-secret"));
        m_panel->setProtocol(protocol);
        m_panel->passwordField()->setText(QStringLiteral("not-bobs-password"));
        m_panel->checkMail(QStringLiteral("laptop"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "laptop").size(), 1, 20000);
        QVERIFY(!retrievals(world, "laptop").first().field("ok").toBool());
        bool refused = false;
        for (const SimEvent &e : world.log().events()) {
            if (e.kind == EventKind::Line && e.text("dir") == "S" && e.text("text").contains(refusal)) {
                refused = true;
                QVERIFY2(e.text("explain_en").contains("password"), qPrintable(e.text("explain_en")));
            }
        }
        QVERIFY2(refused, qPrintable(refusal));
        QCOMPARE(m_panel->device("laptop")->messageCount(), 0);
        QCOMPARE(onServer(world), 1);
        m_panel->passwordField()->setText(QStringLiteral("bob-secret"));
        m_panel->checkMail(QStringLiteral("laptop"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "laptop").size(), 2, 20000);
        QVERIFY(retrievals(world, "laptop").last().field("ok").toBool());
        QTRY_COMPARE(m_panel->device("laptop")->messageCount(), 1);
    }

    void aFailedCheckIsExplained()
    {
        // This server refuses passwords before TLS (RFC 2595): plain POP3 fails, POP3S works.
        QByteArray strict = kLesson;
        strict.replace(R"("name": "b.example", "address": "127.0.0.3",)",
                       R"("name": "b.example", "address": "127.0.0.3", "servers": {"pop3_requires_tls": true},)");
        const QString path = m_dir.filePath(QStringLiteral("strict.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(strict);
        f.close();
        QStringList errors;
        QVERIFY2(m_session->load(path, &errors), qPrintable(errors.join('\n')));
        World &world = *m_session->world();
        m_session->setSpeed(50.0);
        m_session->play();
        QTRY_COMPARE_WITH_TIMEOUT(deliveredCount(world), 1, 30000);
        DeviceView *laptop = m_panel->device(QStringLiteral("laptop"));
        m_panel->setProtocol(QStringLiteral("pop3"));
        m_panel->checkMail(QStringLiteral("laptop"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "laptop").size(), 1, 20000);
        QVERIFY(!retrievals(world, "laptop").first().field("ok").toBool());
        QTRY_VERIFY2(laptop->statusText().startsWith("The check over POP3 failed:"), qPrintable(laptop->statusText()));
        QCOMPARE(laptop->messageCount(), 0);
        // The panel stays usable: POP3S gets the mail.
        m_panel->setProtocol(QStringLiteral("pop3s"));
        m_panel->checkMail(QStringLiteral("laptop"));
        QTRY_COMPARE_WITH_TIMEOUT(retrievals(world, "laptop").size(), 2, 20000);
        QTRY_COMPARE(laptop->messageCount(), 1);
    }

    // Check mail stays put: the protocol's explanation (which wraps differently for POP3 and IMAP) is below
    // the devices, and a device's status has a box of its own height beside the button.
    void checkMailDoesNotMove()
    {
        m_panel->resize(420, 560);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        DeviceView *laptop = m_panel->device(QStringLiteral("laptop"));
        auto *check = laptop->findChild<QPushButton *>(QStringLiteral("checkMail"));
        QVERIFY(check);
        auto where = [&] { return check->mapTo(m_panel.get(), QPoint(0, 0)); };
        const QPoint before = where();
        m_panel->setProtocol(QStringLiteral("imap"));
        QCoreApplication::processEvents();
        QCOMPARE(where(), before);
        m_panel->setProtocol(QStringLiteral("pop3s"));
        laptop->findChild<QLabel *>(QStringLiteral("status"))->setText(QString(300, QLatin1Char('x')).replace(QLatin1Char('x'), QStringLiteral("long ")));
        QCoreApplication::processEvents();
        QCOMPARE(where(), before);
        QCOMPARE(check->visibleRegion().boundingRect(), check->rect());
    }

private:
    QTemporaryDir m_dir;
    QString m_lesson;
    std::unique_ptr<WorldSession> m_session;
    std::unique_ptr<MailClientPanel> m_panel;
};

QTEST_MAIN(TestMailClient)
#include "tst_mailclient.moc"
