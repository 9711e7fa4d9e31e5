// The composer: address completion from the lesson's users and aliases, validation in the panel, and a
// mail with an attachment that really arrives in Bob's mailbox as a MIME part.
#include "gui/MainWindow.h"
#include "gui/WorldSession.h"
#include "gui/composer/AddressCompleter.h"
#include "gui/composer/ComposerPanel.h"
#include "gui/diagram/FlowDiagramView.h"
#include "world/MessageReader.h"
#include "world/World.h"

#include <QAbstractItemModel>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace mf;
using namespace mf::gui;

namespace {

const char *kLesson = R"({
  "version": 1,
  "title": {"en": "Composer test", "id": "Uji penulis"},
  "world": {"domains": [
    {"name": "a.example", "address": "127.0.0.2",
     "users": [{"address": "alice@a.example", "password": "alice-secret", "name": "Alice"}]},
    {"name": "b.example", "address": "127.0.0.3",
     "users": [{"address": "bob@b.example", "password": "bob-secret", "name": "Bob"},
               {"address": "dina@b.example", "password": "dina-secret", "name": "Dina"}],
     "aliases": [{"address": "team@b.example", "members": ["bob@b.example", "dina@b.example"]}]}
  ]}
})";

QStringList completions(AddressCompleter *completer)
{
    QStringList out;
    QAbstractItemModel *model = completer->completionModel();
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, 0).data(AddressCompleter::AddressRole).toString();
    return out;
}

int countDelivered(const EventLog &log, const QString &to)
{
    int n = 0;
    for (const SimEvent &e : log.events())
        n += e.kind == EventKind::Delivered && e.field(QStringLiteral("to")).toString() == to;
    return n;
}

int countQueued(const EventLog &log, const QString &queue, const QString &flow, const QString &state = {})
{
    int n = 0;
    for (const SimEvent &e : log.events())
        n += e.kind == EventKind::Queue && e.text("queue") == queue && e.text("message") == flow
             && (state.isEmpty() || e.text("state") == state);
    return n;
}

const SimEvent *serverReply(const EventLog &log, const QString &prefix)
{
    for (const SimEvent &e : log.events())
        if (e.kind == EventKind::Line && e.text("dir") == QLatin1String("S") && e.text("text").startsWith(prefix))
            return &e;
    return nullptr;
}

} // namespace

class TestComposer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_lesson = m_dir.filePath(QStringLiteral("composer.json"));
        QFile f(m_lesson);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kLesson);
    }

    void completionOffersUsersAndAliases()
    {
        WorldSession session;
        ComposerPanel panel(session);
        QStringList errors;
        QVERIFY2(session.load(m_lesson, &errors), qPrintable(errors.join('\n')));
        auto *to = panel.findChild<QLineEdit *>(QStringLiteral("to"));
        QVERIFY(to);
        AddressCompleter *completer = panel.completer();
        QCOMPARE(to->completer(), completer);

        completer->setCompletionPrefix(QStringLiteral("b.ex"));
        QStringList offered = completions(completer);
        QVERIFY2(offered.contains("bob@b.example"), qPrintable(offered.join(',')));
        QVERIFY(offered.contains("dina@b.example"));
        QVERIFY2(offered.contains("team@b.example"), "the alias is offered too");
        QVERIFY(!offered.contains("alice@a.example"));

        // In a list, only the address after the last comma is completed and replaced.
        to->setText(QStringLiteral("alice@a.example, te"));
        completer->setCompletionPrefix(to->text());
        offered = completions(completer);
        QCOMPARE(offered, QStringList{"team@b.example"});
        QCOMPARE(completer->pathFromIndex(completer->completionModel()->index(0, 0)),
                 QStringLiteral("alice@a.example, team@b.example"));

        // Every field completes, not only To.
        auto *bcc = panel.findChild<QLineEdit *>(QStringLiteral("bcc"));
        QVERIFY(bcc->completer());
        bcc->completer()->setCompletionPrefix(QStringLiteral("ali"));
        QCOMPARE(completions(qobject_cast<AddressCompleter *>(bcc->completer())), QStringList{"alice@a.example"});
    }

    void problemsAreShownAndNothingIsSent()
    {
        WorldSession session;
        ComposerPanel panel(session);
        QVERIFY(session.load(m_lesson));
        const int events = session.world()->log().size();
        QVERIFY(panel.send().isEmpty());
        QVERIFY2(panel.statusText().contains("at least one recipient"), qPrintable(panel.statusText()));

        panel.findChild<QLineEdit *>(QStringLiteral("to"))->setText(QStringLiteral("bob@b.example, bob@"));
        QVERIFY(panel.send().isEmpty());
        QVERIFY2(panel.statusText().contains(QStringLiteral("“bob@” is not an email address")), qPrintable(panel.statusText()));

        QVERIFY(!panel.attachFile(m_dir.filePath(QStringLiteral("missing.pdf"))));
        QVERIFY2(panel.statusText().contains("missing.pdf cannot be attached"), qPrintable(panel.statusText()));
        QCOMPARE(session.world()->log().size(), events);

        QCOMPARE(ComposerPanel::parseAddresses(QStringLiteral("Bob <Bob@B.example>; carol@c.example,, ")),
                 (QStringList{"bob@b.example", "carol@c.example"}));
    }

    void sendsAMailWithAnAttachmentThatArrives()
    {
        WorldSession session;
        ComposerPanel panel(session);
        QVERIFY(session.load(m_lesson));
        World *world = session.world();

        const QString path = m_dir.filePath(QStringLiteral("lab-notes.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray content;
        for (int i = 0; i < 200; ++i)
            content += "Line " + QByteArray::number(i) + " of the lab notes.\n";
        file.write(content);
        file.close();
        QVERIFY(panel.attachFile(path));

        panel.findChild<QLineEdit *>(QStringLiteral("to"))->setText(QStringLiteral("bob@b.example"));
        panel.findChild<QLineEdit *>(QStringLiteral("subject"))->setText(QStringLiteral("Lab report"));
        const QString flow = panel.send();
        QVERIFY2(!flow.isEmpty(), qPrintable(panel.statusText()));
        QVERIFY2(panel.statusText().contains(flow), qPrintable(panel.statusText()));
        QCOMPARE(session.selectedMessage(), flow);
        // The form is empty again, ready for the next mail.
        QVERIFY(panel.findChild<QLineEdit *>(QStringLiteral("to"))->text().isEmpty());

        session.setSpeed(50.0);
        session.play();
        QTRY_COMPARE_WITH_TIMEOUT(countDelivered(world->log(), QStringLiteral("bob@b.example")), 1, 30000);

        const QList<StoredMessage> stored = world->domain(QStringLiteral("b.example"))->mailboxes->messages(
            QStringLiteral("bob@b.example"), QStringLiteral("INBOX"));
        QCOMPARE(stored.size(), 1);
        const QByteArray bytes = *world->domain(QStringLiteral("b.example"))->mailboxes->messageBytes(
            QStringLiteral("bob@b.example"), QStringLiteral("INBOX"), stored.first().uid);
        QVERIFY(bytes.contains("Content-Type: multipart/mixed"));
        QVERIFY(bytes.contains("Content-Disposition: attachment"));
        const ReadableMessage mail = readMessage(bytes);
        QCOMPARE(mail.subject, QStringLiteral("Lab report"));
        QCOMPARE(mail.attachments.size(), 1);
        QCOMPARE(mail.attachments.first().fileName, QStringLiteral("lab-notes.txt"));
        QCOMPARE(mail.attachments.first().mimeType, QStringLiteral("text/plain"));
        QCOMPARE(mail.attachments.first().size, content.size());
        session.pause();
    }

    // The password is the sender's from the lesson. A wrong one: the MTA server refuses the submission with
    // its own 535 5.7.8, explained; the spool gives the message up, nothing reaches the MTA's queue, and
    // the panel says why. The right one sends again.
    void aWrongPasswordIsRefused()
    {
        WorldSession session;
        ComposerPanel panel(session);
        QVERIFY(session.load(m_lesson));
        World *world = session.world();
        QCOMPARE(panel.passwordField()->text(), QStringLiteral("alice-secret"));
        QCOMPARE(panel.passwordField()->echoMode(), QLineEdit::Password);

        FlowDiagramView diagram(session);
        panel.passwordField()->setText(QStringLiteral("not-alices-password"));
        panel.findChild<QLineEdit *>(QStringLiteral("to"))->setText(QStringLiteral("bob@b.example"));
        panel.findChild<QLineEdit *>(QStringLiteral("subject"))->setText(QStringLiteral("Refused at submission"));
        const QString refused = panel.send();
        QVERIFY(!refused.isEmpty());
        session.setSpeed(50.0);
        session.play();
        QTRY_COMPARE_WITH_TIMEOUT(countQueued(world->log(), QStringLiteral("spool"), refused, QStringLiteral("bounced")), 1, 30000);
        const SimEvent *reply = serverReply(world->log(), QStringLiteral("535 5.7.8"));
        QVERIFY2(reply, "the server's own refusal is in the transcript");
        QVERIFY2(reply->text("explain_en").contains(QStringLiteral("password is wrong")), qPrintable(reply->text("explain_en")));
        QCOMPARE(countQueued(world->log(), QStringLiteral("mta-queue"), refused), 0);
        QVERIFY2(panel.statusText().contains(QStringLiteral("535 5.7.8")) && panel.statusText().contains(QStringLiteral("password is wrong")),
                 qPrintable(panel.statusText()));
        // As a mail program does: "sending failed", the server's own words, and the message kept.
        QVERIFY2(panel.statusText().contains(QStringLiteral("Sending of message %1 failed. The mail server smtp.a.example replied: “535 5.7.8 ").arg(refused)),
                 qPrintable(panel.statusText()));
        QCOMPARE(panel.findChild<QLineEdit *>(QStringLiteral("to"))->text(), QStringLiteral("bob@b.example"));
        QCOMPARE(panel.findChild<QLineEdit *>(QStringLiteral("subject"))->text(), QStringLiteral("Refused at submission"));
        // The refusal is a step of the lesson: the envelope goes back to the sender's UA, which is marked.
        const SimEvent *back = nullptr;
        for (const SimEvent &e : world->log().events())
            if (e.kind == EventKind::Hop && e.reason == EventReason::SubmissionRefused && e.text("message") == refused)
                back = &e;
        QVERIFY(back);
        QCOMPARE(back->text("to"), QStringLiteral("ua@a.example"));
        QTRY_VERIFY2_WITH_TIMEOUT(diagram.badgeText(QStringLiteral("ua@a.example")).contains(QStringLiteral("✘ not sent (535)")),
                                  qPrintable(diagram.badgeText(QStringLiteral("ua@a.example"))), 30000);
        panel.findChild<QLineEdit *>(QStringLiteral("subject"))->clear();

        panel.passwordField()->setText(QStringLiteral("alice-secret"));
        panel.findChild<QLineEdit *>(QStringLiteral("to"))->setText(QStringLiteral("bob@b.example"));
        const QString sent = panel.send();
        QVERIFY(!sent.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(countDelivered(world->log(), QStringLiteral("bob@b.example")), 1, 30000);
        QCOMPARE(countQueued(world->log(), QStringLiteral("spool"), sent, QStringLiteral("bounced")), 0);
        QVERIFY(!panel.statusText().contains(QStringLiteral("535")));
        session.pause();
    }

    // On a 1366x768 projector with the docks in their default places, Send and Attach are in view
    // without scrolling: the form scrolls, the buttons stay in a fixed bar.
    void sendIsVisibleAt1366x768()
    {
        MainWindow window;
        QVERIFY(window.openScenario(m_lesson));
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QDockWidget *dock = window.dock(QStringLiteral("composer"));
        QVERIFY(dock);
        dock->raise();
        for (const char *name : {"send", "attach", "clear"}) {
            auto *button = dock->findChild<QPushButton *>(QLatin1String(name));
            QVERIFY(button);
            QTRY_VERIFY(button->isVisible());
            // Once the layouts have settled (the dock's scroll area drops the scroll bars it needed while
            // the window was being laid out).
            QTRY_COMPARE(button->visibleRegion().boundingRect(), button->rect());
            const QRect inDock(button->mapTo(dock, QPoint(0, 0)), button->size());
            QVERIFY2(dock->rect().contains(inDock), name);
        }
        // A long status wraps inside its box; the buttons stay where they are.
        auto *send = dock->findChild<QPushButton *>(QStringLiteral("send"));
        const QPoint before = send->mapTo(dock, QPoint(0, 0));
        auto *panel = dock->findChild<ComposerPanel *>();
        panel->findChild<QLabel *>(QStringLiteral("status"))->setText(QString(400, QLatin1Char('x')).replace(QLatin1Char('x'), QStringLiteral("word ")));
        QCoreApplication::processEvents();
        QCOMPARE(send->mapTo(dock, QPoint(0, 0)), before);
    }

private:
    QTemporaryDir m_dir;
    QString m_lesson;
};

QTEST_MAIN(TestComposer)
#include "tst_composer.moc"
