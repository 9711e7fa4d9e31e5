#include "narration/EventNarrator.h"
#include "scenario/ScenarioCatalog.h"
#include "scenario/ScenarioLoader.h"
#include "smtp/SmtpClient.h"
#include "tls/TlsConfig.h"
#include "world/MessageReader.h"
#include "world/World.h"

#include <QSslCertificate>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mf;

namespace {

const QStringList kSeedPath{
    "user@a.example", "ua@a.example", "spool@a.example", "alias-expander@a.example", "database@a.example",
    "mta-client@a.example", "mta-server@mx.a.example", "internet", "mta-server@mx.b.example",
    "alias-expander@b.example", "database@b.example", "mailboxes@b.example", "spool@b.example", "ua@b.example"};

int countClientLines(const EventLog &log)
{
    int n = 0;
    for (const SimEvent &e : log.events())
        n += e.kind == EventKind::Line && e.field("dir").toString() == "C" ? 1 : 0;
    return n;
}

int countKind(const EventLog &log, EventKind kind)
{
    int n = 0;
    for (const SimEvent &e : log.events())
        n += e.kind == kind ? 1 : 0;
    return n;
}

} // namespace

class TestWorld : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<World> makeWorld(QTemporaryDir &dir, bool gated)
    {
        const auto loaded = ScenarioLoader::loadFile(ScenarioCatalog::defaultScenarioPath());
        [&] { QVERIFY(loaded.ok()); }();
        WorldOptions options;
        options.dataDirectory = dir.path();
        options.gateConnections = gated;
        auto world = std::make_unique<World>(*loaded.scenario, options);
        QString error;
        [&] { QVERIFY2(world->start(&error), qPrintable(error)); }();
        return world;
    }

private slots:
    // Connection numbers belong to a world: a new world (the GUI's Reset) starts again at #1.
    void connectionNumbersStartAgainInANewWorld()
    {
        for (int run = 0; run < 2; ++run) {
            QTemporaryDir dir;
            auto world = makeWorld(dir, false);
            QSignalSpy finished(&world->stepper(), &Stepper::finished);
            world->stepper().run();
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
            QString first;
            for (const SimEvent &e : world->log().events()) {
                if (e.kind == EventKind::Line && e.text("proto") == "submission") {
                    first = e.text("conn");
                    break;
                }
            }
            QCOMPARE(first, QString("submission/mx.a.example#1"));
            world->stop();
        }
    }

    void defaultScenarioFollowsTheSeed()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, false);
        QSignalSpy finished(&world->stepper(), &Stepper::finished);
        world->stepper().run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(world->pathTo("bob@b.example"), kSeedPath);
        for (const auto &r : world->checkExpectations())
            QVERIFY2(r.held, qPrintable(r.detail));
    }

    // Mail from a client outside the simulation carries no X-MailFlow-Flow. Two such messages to the
    // same recipient, each relayed from a.example to b.example, are two flows: the second must not take
    // the flow id the first one's relay left behind.
    void outsideMessagesGetTheirOwnFlows()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, false);
        QSignalSpy finished(&world->stepper(), &Stepper::finished);
        world->stepper().run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);

        const QJsonObject endpoints = world->endpoints();
        const QString submission = endpoints.value("domains").toObject().value("a.example").toObject().value("submission").toString();
        const QList<QSslCertificate> ca = QSslCertificate::fromPath(endpoints.value("ca").toString());
        QVERIFY(!ca.isEmpty());
        auto deliveredFlows = [&] {
            QStringList flows;
            for (const SimEvent &e : world->log().events())
                if (e.kind == EventKind::Hop && e.field("to").toString() == "mailboxes@b.example")
                    flows << e.text("message");
            return flows;
        };
        const QStringList before = deliveredFlows();
        for (int i = 1; i <= 2; ++i) {
            SmtpClient client;
            QSignalSpy done(&client, &SmtpClient::finished);
            SmtpClient::Target t;
            t.host = submission.section(':', 0, 0);
            t.port = quint16(submission.section(':', 1).toUInt());
            t.tls = SmtpClient::TlsMode::StartTls;
            t.tlsConfiguration = tls::clientConfiguration(ca.first());
            t.verifyName = "smtp.a.example"; // the submission host
            SmtpClientConfig config;
            config.clientHost = "thunderbird.invalid";
            config.username = "alice@a.example";
            config.password = "alice-secret";
            const QByteArray data = "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: outside " + QByteArray::number(i)
                                    + "\r\nMessage-ID: <outside" + QByteArray::number(i) + "@client.invalid>\r\n\r\nHello "
                                    + QByteArray::number(i) + "\r\n";
            client.send(t, config, {SmtpOutgoingMessage{"alice@a.example", {"bob@b.example"}, data}});
            QVERIFY(done.wait(30000));
            QVERIFY2(client.results().value(0).isDelivered(), client.results().value(0).errorText.constData());
            // Delivered before the next one is sent: the first one's relay has been and gone.
            QTRY_COMPARE_WITH_TIMEOUT(deliveredFlows().size(), before.size() + i, 30000);
        }
        const QStringList flows = deliveredFlows().mid(before.size());
        QCOMPARE(flows.size(), 2);
        QVERIFY2(flows[0] != flows[1], qPrintable(flows.join(' ')));
        for (const QString &f : flows)
            QVERIFY2(!before.contains(f), qPrintable(f));
        // Each flow is one message from submission to mailbox: the relay kept the flow it left with.
        for (const QString &f : flows) {
            QStringList nodes;
            for (const SimEvent &e : world->log().events())
                if (e.kind == EventKind::Hop && e.text("message") == f)
                    nodes << e.field("to").toString();
            QVERIFY2(nodes.contains("mta-server@mx.b.example"), qPrintable(f + ": " + nodes.join(' ')));
        }
        world->stop();
    }

    // A 5,000-character paragraph is one line of text: sent as it is, it would break RFC 5322's 998-octet
    // line limit and the submission server would refuse it (554 5.6.0). The UA sends it quoted-printable,
    // as a mail program does; it is delivered and decodes back to the paragraph.
    void longParagraphIsSentQuotedPrintable()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, false);
        QSignalSpy finished(&world->stepper(), &Stepper::finished);
        world->stepper().run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);

        QString paragraph;
        for (int i = 0; paragraph.size() < 5000; ++i)
            paragraph += QStringLiteral("Word %1 of a long paragraph, caf\u00e9 = 1+1; ").arg(i);
        paragraph.truncate(5000);
        QVERIFY(paragraph.toUtf8().size() > 5000); // "café": more octets than characters
        ActionSpec send;
        send.kind = ActionSpec::Kind::Send;
        send.from = "alice@a.example";
        send.to = QStringList{"bob@b.example"};
        send.subject = "A long paragraph";
        send.body = paragraph;
        const QString flow = world->send(send);
        QVERIFY(!flow.isEmpty());
        auto reached = [&](const QString &node) {
            for (const SimEvent &e : world->log().events())
                if (e.kind == EventKind::Hop && e.text("message") == flow && e.field("to").toString() == node)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(reached("mailboxes@b.example"), 30000);
        for (const SimEvent &e : world->log().events())
            QVERIFY2(!(e.kind == EventKind::Line && e.text("text").startsWith("554")), qPrintable(e.text("text")));

        const QByteArray delivered = world->messageSnapshots(flow).last().data;
        QVERIFY(delivered.contains("Content-Transfer-Encoding: quoted-printable"));
        for (const QByteArray &line : delivered.split('\n'))
            QVERIFY2(line.size() <= 1000, line.left(80).constData());
        const ReadableMessage read = readMessage(delivered);
        QVERIFY(read.valid);
        QCOMPARE(read.text.trimmed(), paragraph.trimmed());
        QVERIFY(read.text.startsWith(paragraph));
        world->stop();
    }

    // A submission refused for good (here a wrong password: 535 5.7.8) does not vanish into a "bounced" spool
    // entry: the refusal goes back to the sender's UA as a hop, with the server's reply, explained in both
    // languages, and `mailflow run` prints it. Nothing reaches the MTA's queue and no bounce is written.
    void refusedSubmissionGoesBackToTheUa()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, false);
        QSignalSpy finished(&world->stepper(), &Stepper::finished);
        world->stepper().run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);

        ActionSpec send;
        send.kind = ActionSpec::Kind::Send;
        send.from = "alice@a.example";
        send.to = QStringList{"bob@b.example"};
        send.subject = "With a typo in the password";
        send.body = "Hello";
        send.password = QStringLiteral("not-alices-password");
        const QString flow = world->send(send);
        QVERIFY(!flow.isEmpty());
        auto refusal = [&]() -> const SimEvent * {
            for (const SimEvent &e : world->log().events())
                if (e.kind == EventKind::Hop && e.reason == EventReason::SubmissionRefused && e.text("message") == flow)
                    return &e;
            return nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(refusal(), 30000);
        const SimEvent &e = *refusal();
        QCOMPARE(e.text("from"), QStringLiteral("mta-client@a.example"));
        QCOMPARE(e.text("to"), QStringLiteral("ua@a.example"));
        QCOMPARE(e.text("host"), QStringLiteral("smtp.a.example"));
        QVERIFY2(e.text("reply").startsWith("535 5.7.8 "), qPrintable(e.text("reply")));
        // The server's reply is the one in the transcript, before the refusal comes back.
        bool replyOnTheWire = false;
        for (const SimEvent &line : world->log().events())
            replyOnTheWire |= line.kind == EventKind::Line && line.text("conn").startsWith("submission/")
                              && line.text("text") == e.text("reply");
        QVERIFY(replyOnTheWire);

        const QString en = narration::summary(e, Language::English);
        QVERIFY2(en.contains(e.text("reply")) && en.contains("not sent"), qPrintable(en));
        QVERIFY2(narration::summary(e, Language::Indonesian).contains("tidak terkirim"), qPrintable(narration::summary(e, Language::Indonesian)));
        const QString why = narration::explanation(e, Language::English);
        QVERIFY2(why.contains("password is wrong") && why.contains("Sending of the message failed")
                     && why.contains("RFC 5321"), qPrintable(why));
        const QString whyId = narration::explanation(e, Language::Indonesian);
        QVERIFY2(whyId.contains("kata sandi salah") && whyId.contains("tidak terkirim"), qPrintable(whyId));
        QVERIFY2(!narration::genericTexts().contains(why), qPrintable(why));
        const QString row = narration::textLine(e, Language::English, true);
        QVERIFY2(row.contains("535 5.7.8") && row.contains("ua@a.example"), qPrintable(row));

        QTRY_VERIFY_WITH_TIMEOUT(world->stepper().isFinished(), 30000);
        for (const SimEvent &x : world->log().events()) {
            // The lesson itself bounces nothing either, so no bounce at all.
            QVERIFY2(!(x.kind == EventKind::Hop && x.reason == EventReason::BounceWritten), "no bounce is written");
            QVERIFY(x.kind != EventKind::Bounced);
            if (x.text("message") == flow)
                QVERIFY2(!(x.kind == EventKind::Queue && x.text("queue") == "mta-queue"), "nothing reaches the MTA's queue");
        }
        world->stop();
    }

    // Stepping hop by hop: each step adds exactly one hop, in the seed's order, and nothing moves while
    // paused, not even the protocol conversation (the servers are gated).
    void stepHopByHop()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, true);
        QSignalSpy appended(&world->log(), &EventLog::appended);
        QStringList visited;
        for (int step = 0; step < kSeedPath.size() - 1; ++step) {
            const int hopsBefore = countKind(world->log(), EventKind::Hop);
            world->stepper().stepHop();
            QTRY_VERIFY_WITH_TIMEOUT(world->stepper().isPaused(), 30000);
            QCOMPARE(countKind(world->log(), EventKind::Hop), hopsBefore + 1);
            const SimEvent *last = nullptr;
            for (const SimEvent &e : world->log().events())
                if (e.kind == EventKind::Hop)
                    last = &e;
            if (visited.isEmpty())
                visited << last->field("from").toString();
            visited << last->field("to").toString();
            appended.clear();
            const bool moved = appended.wait(150);
            QVERIFY2(!moved, qPrintable("the world moved while paused: "
                                        + (moved ? QString::fromUtf8(EventLog::toJsonLine(world->log().at(appended.first().first().toInt())))
                                                 : QString())
                                        + " after " + visited.last()));
        }
        QCOMPARE(visited, kSeedPath);
    }

    // Stepping command by command: each step lets one protocol line through (and the reply it causes).
    void stepCommandByCommand()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, true);
        // Run up to the submission hop, then step through the SMTP conversation.
        while (countKind(world->log(), EventKind::Line) == 0) {
            world->stepper().stepHop();
            QTRY_VERIFY_WITH_TIMEOUT(world->stepper().isPaused(), 30000);
            world->stepper().stepCommand();
            QTRY_VERIFY_WITH_TIMEOUT(world->stepper().isPaused(), 30000);
        }
        int steps = 0;
        while (countKind(world->log(), EventKind::Delivered) == 0 && steps < 200) {
            const int before = countClientLines(world->log());
            world->stepper().stepCommand();
            QTRY_VERIFY_WITH_TIMEOUT(world->stepper().isPaused() || countKind(world->log(), EventKind::Delivered) > 0, 30000);
            // One command (and the server's reply, however many lines it has) per step.
            const int added = countClientLines(world->log()) - before;
            QVERIFY2(added <= 1, qPrintable(QString("one step let %1 client lines through").arg(added)));
            ++steps;
        }
        QVERIFY2(steps > 10, "a whole SMTP conversation should take many command steps");
    }

    void logWalksBackAndForth()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, false);
        QSignalSpy finished(&world->stepper(), &Stepper::finished);
        world->stepper().run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        EventLog &log = world->log();
        const int end = log.cursor();
        QVERIFY(log.stepBackTo(EventKind::Hop));
        QVERIFY(log.stepBackTo(EventKind::Hop));
        QCOMPARE(log.at(log.cursor()).field("to").toString(), QString("spool@b.example"));
        QVERIFY(log.stepForwardTo(EventKind::Hop));
        QCOMPARE(log.at(log.cursor()).field("to").toString(), QString("ua@b.example"));
        log.setCursor(end);
        QVERIFY(log.isLive());
    }
};

QTEST_GUILESS_MAIN(TestWorld)
#include "tst_world.moc"
