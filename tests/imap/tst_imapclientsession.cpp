#include "core/ConversationScript.h"
#include "imap/ImapClientSession.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace mf;

// Runs every client conversation in tests/imap/client-scripts, whole and one byte at a time. The first
// "# options:" line sets ImapClientOptions; directives: "! tls" (handshake done), "! stopidle", and
// "! result k=v ..." which checks the result (ok, error, messages=uid,uid, uidvalidity, idle=a|b).
class TestImapClientSession : public QObject
{
    Q_OBJECT

private slots:
    void conversation_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("byteByByte");
        const QDir dir(QStringLiteral(IMAP_CLIENT_SCRIPTS_DIR));
        const QStringList files = dir.entryList({QStringLiteral("*.imap")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 5);
        for (const QString &f : files) {
            QTest::newRow(qPrintable(f + QStringLiteral(" whole"))) << dir.filePath(f) << false;
            QTest::newRow(qPrintable(f + QStringLiteral(" bytewise"))) << dir.filePath(f) << true;
        }
    }

    void conversation()
    {
        QFETCH(QString, file);
        QFETCH(bool, byteByByte);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray script = f.readAll();

        ImapClientOptions options;
        options.login = "bob@b.example";
        options.password = "secret";
        for (const QByteArray &line : script.split('\n')) {
            if (!line.startsWith("# options:"))
                continue;
            for (const QByteArray &word : line.mid(10).simplified().split(' ')) {
                if (word == "security=starttls")
                    options.security = ImapClientOptions::Security::StartTls;
                else if (word == "auth=login")
                    options.auth = ImapClientOptions::Auth::Login;
                else if (word == "expunge")
                    options.expunge = true;
                else if (word == "idle")
                    options.idle = true;
                else if (word.startsWith("known=")) {
                    const QList<QByteArray> parts = word.mid(6).split(':');
                    options.knownUidValidity = parts[0].toUInt();
                    options.knownUids.insert(parts[1].toUInt());
                } else if (word.startsWith("store=")) {
                    const QList<QByteArray> parts = word.mid(6).split(':');
                    options.storeFlags.append({parts[0].toUInt(), parts[1].startsWith('+'), {parts[1].mid(1)}});
                }
            }
        }
        ImapClientSession session(options);
        bool checkedResult = false;
        const QString failure = ConversationScript::run(
            session, script, byteByByte ? ConversationScript::Feed::ByteByByte : ConversationScript::Feed::Whole,
            [&](const QByteArray &directive) {
                if (directive == "tls") {
                    session.tlsEstablished();
                } else if (directive == "stopidle") {
                    QCOMPARE(session.state(), ImapClientSession::State::Idling);
                    session.stopIdle();
                } else if (directive.startsWith("result ")) {
                    checkedResult = true;
                    const ImapClientResult &r = session.result();
                    QVERIFY(session.finished());
                    const QByteArray spec = directive.mid(7);
                    const qsizetype errorAt = spec.indexOf("error=");
                    if (errorAt >= 0)
                        QCOMPARE(r.error, spec.mid(errorAt + 6));
                    const qsizetype idleAt = spec.indexOf("idle=");
                    const qsizetype simpleEnd = errorAt >= 0 ? errorAt : idleAt >= 0 ? idleAt : spec.size();
                    for (const QByteArray &kv : spec.left(simpleEnd).simplified().split(' ')) {
                        const QByteArray key = kv.left(kv.indexOf('='));
                        const QByteArray value = kv.mid(kv.indexOf('=') + 1);
                        if (key == "ok") {
                            QCOMPARE(r.ok, value == "1");
                        } else if (key == "uidvalidity") {
                            QCOMPARE(r.uidValidity, value.toUInt());
                        } else if (key == "messages") {
                            QByteArrayList uids;
                            for (const ImapClientMessage &m : r.messages) {
                                uids.append(QByteArray::number(m.uid));
                                QVERIFY(!m.header.isEmpty());
                                QVERIFY(m.bytes.startsWith(m.header));
                                QCOMPARE(m.size, qint64(m.bytes.size()));
                            }
                            QCOMPARE(uids.join(','), value);
                        }
                    }
                    if (idleAt >= 0) {
                        QCOMPARE(r.idleUpdates, spec.mid(idleAt + 5).split('|'));
                    }
                } else {
                    QFAIL(directive.constData());
                }
            });
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY(checkedResult);
    }
};

QTEST_GUILESS_MAIN(TestImapClientSession)
#include "tst_imapclientsession.moc"
