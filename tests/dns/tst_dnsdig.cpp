// A real client nobody here wrote: BIND's dig against DnsServer on a loopback port.
#include "DnsTestWorld.h"
#include "dns/DnsServer.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace mf;

namespace {

// The records of one dig section, whitespace squeezed: "a.example. 300 IN MX 10 mx1.a.example."
QStringList section(const QString &output, const QString &name)
{
    QStringList out;
    bool inside = false;
    for (const QString &line : output.split('\n')) {
        if (line.startsWith(";; " + name + " SECTION:")) {
            inside = true;
            continue;
        }
        if (inside) {
            if (line.trimmed().isEmpty())
                break;
            out.append(line.simplified());
        }
    }
    return out;
}

} // namespace

class TestDnsDig : public QObject
{
    Q_OBJECT
private:
    QString m_dig;

    QString runDig(const DnsServer &server, const QStringList &extra)
    {
        QProcess dig;
        dig.setProcessChannelMode(QProcess::MergedChannels);
        QStringList args = {"@" + server.address().toString(), "-p", QString::number(server.port()), "+tries=1",
                            "+time=2"};
        args += extra;
        QSignalSpy finished(&dig, &QProcess::finished);
        dig.start(m_dig, args);
        // Not waitForFinished(): the server answers from this thread's event loop.
        if (!finished.wait(20000)) {
            dig.kill();
            dig.waitForFinished();
            return QString();
        }
        const QString output = QString::fromLocal8Bit(dig.readAll());
        if (qEnvironmentVariableIsSet("MAILFLOW_SHOW_DIG"))
            qInfo().noquote() << "dig" << args.join(' ') << "\n" << output;
        if (dig.exitStatus() != QProcess::NormalExit || dig.exitCode() != 0)
            qWarning().noquote() << "dig" << args.join(' ') << "exit" << dig.exitCode() << output;
        return output;
    }

private slots:
    void initTestCase()
    {
        m_dig = QStandardPaths::findExecutable("dig");
        QVERIFY2(!m_dig.isEmpty(), "dig (Debian package dnsutils / bind9-dnsutils) is required for this test");
        qRegisterMetaType<mf::DnsEvent>();
    }

    void dig_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("flags");
        QTest::addColumn<QStringList>("answers");
        QTest::addColumn<QStringList>("authority");
        QTest::addColumn<QStringList>("additional");
        QTest::addColumn<bool>("edns");
        QTest::addColumn<bool>("tcp");
        const QStringList mx = {"a.example. 300 IN MX 10 mx1.a.example.", "a.example. 300 IN MX 20 mx2.a.example."};
        const QStringList glue = {"mx1.a.example. 300 IN A 127.0.1.1", "mx2.a.example. 300 IN A 127.0.1.2",
                                  "mx2.a.example. 300 IN AAAA ::1"};
        const QStringList soaA = {"a.example. 300 IN SOA ns.a.example. hostmaster.a.example. 1 3600 600 86400 300"};
        const QStringList none;
        QTest::newRow("MX over UDP") << QStringList{"a.example", "MX"} << "NOERROR" << "qr aa rd" << mx << none << glue
                                     << true << false;
        QTest::newRow("MX +tcp") << QStringList{"a.example", "MX", "+tcp"} << "NOERROR" << "qr aa rd" << mx << none
                                 << glue << true << true;
        QTest::newRow("MX +norec") << QStringList{"a.example", "MX", "+norec"} << "NOERROR" << "qr aa" << mx << none
                                   << glue << true << false;
        QTest::newRow("MX +noedns") << QStringList{"a.example", "MX", "+noedns"} << "NOERROR" << "qr aa rd" << mx << none
                                    << glue << false << false;
        QTest::newRow("MX +noedns +tcp +norec") << QStringList{"a.example", "MX", "+noedns", "+tcp", "+norec"}
                                                << "NOERROR" << "qr aa" << mx << none << glue << false << true;
        QTest::newRow("NS with glue") << QStringList{"a.example", "NS"} << "NOERROR" << "qr aa rd"
                                      << QStringList{"a.example. 300 IN NS ns.a.example."} << none
                                      << QStringList{"ns.a.example. 300 IN A 127.0.0.53"} << true << false;
        QTest::newRow("NXDOMAIN") << QStringList{"nope.a.example", "MX"} << "NXDOMAIN" << "qr aa rd" << none << soaA
                                  << none << true << false;
        QTest::newRow("NXDOMAIN +tcp") << QStringList{"nope.a.example", "MX", "+tcp"} << "NXDOMAIN" << "qr aa rd" << none
                                       << soaA << none << true << true;
        QTest::newRow("NODATA") << QStringList{"mx1.a.example", "MX"} << "NOERROR" << "qr aa rd" << none << soaA
                                << none << true << false;
        QTest::newRow("A") << QStringList{"mx1.a.example", "A"} << "NOERROR" << "qr aa rd"
                           << QStringList{"mx1.a.example. 300 IN A 127.0.1.1"} << none << none << true << false;
        QTest::newRow("AAAA +noedns") << QStringList{"mx2.a.example", "AAAA", "+noedns"} << "NOERROR" << "qr aa rd"
                                      << QStringList{"mx2.a.example. 300 IN AAAA ::1"} << none << none << false << false;
        QTest::newRow("null MX") << QStringList{"nullmx.example", "MX"} << "NOERROR" << "qr aa rd"
                                 << QStringList{"nullmx.example. 300 IN MX 0 ."} << none << none << true << false;
        QTest::newRow("CNAME chased") << QStringList{"alias.a.example", "A"} << "NOERROR" << "qr aa rd"
                                      << QStringList{"alias.a.example. 300 IN CNAME mx1.a.example.",
                                                     "mx1.a.example. 300 IN A 127.0.1.1"}
                                      << none << none << true << false;
        QTest::newRow("REFUSED outside") << QStringList{"example.org", "MX"} << "REFUSED" << "qr rd" << none << none
                                         << none << true << false;
        QTest::newRow("SERVFAIL knob") << QStringList{"broken.example", "MX"} << "SERVFAIL" << "qr rd" << none << none
                                       << none << true << false;
    }
    void dig()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, status);
        QFETCH(QString, flags);
        QFETCH(QStringList, answers);
        QFETCH(QStringList, authority);
        QFETCH(QStringList, additional);
        QFETCH(bool, edns);
        QFETCH(bool, tcp);

        DnsServer server;
        server.authority() = test::testAuthority();
        QVERIFY2(server.listen(QHostAddress("127.0.0.1"), 0), qPrintable(server.errorString()));
        QSignalSpy events(&server, &DnsServer::dnsEvent);

        const QString output = runDig(server, args);
        QVERIFY2(!output.isEmpty(), "dig did not finish");
        QVERIFY2(output.contains(QRegularExpression("->>HEADER<<- opcode: QUERY, status: " + status + ", id: \\d+")),
                 qPrintable(output));
        QVERIFY2(output.contains(";; flags: " + flags + ";"), qPrintable(output));
        QCOMPARE(section(output, "ANSWER"), answers);
        QCOMPARE(section(output, "AUTHORITY"), authority);
        QCOMPARE(section(output, "ADDITIONAL"), additional);
        QCOMPARE(output.contains(";; OPT PSEUDOSECTION:"), edns);
        if (edns)
            QVERIFY2(output.contains("; EDNS: version: 0, flags:; udp: 1232"), qPrintable(output));
        QVERIFY2(output.contains(tcp ? "(TCP)" : "(UDP)"), qPrintable(output));
        QVERIFY(!output.contains("WARNING: Message has"));  // dig's complaint about malformed packets
        QVERIFY(!output.contains("FORMERR"));

        // The server reported the query and its answer, with dig as the peer.
        QTRY_VERIFY(events.size() >= 2);
        const auto query = events.at(0).at(0).value<DnsEvent>();
        const auto answer = events.at(1).at(0).value<DnsEvent>();
        QCOMPARE(query.kind, DnsEvent::Kind::Query);
        QCOMPARE(answer.kind, DnsEvent::Kind::Answer);
        QCOMPARE(query.transport, tcp ? DnsTransport::Tcp : DnsTransport::Udp);
        QCOMPARE(query.peer, QHostAddress("127.0.0.1"));
        QVERIFY(query.peerPort != 0);
        QVERIFY2(query.text.contains("question " + args.at(0) + ". IN " + args.at(1)), qPrintable(query.text));
        QVERIFY2(answer.text.contains("status " + status), qPrintable(answer.text));
        for (const QString &line : answers)
            QVERIFY2(answer.text.contains(line), qPrintable(answer.text));
    }

    void truncatedAnswerRetriedOverTcp()
    {
        DnsServer server;
        server.authority() = test::testAuthority();
        QVERIFY(server.listen(QHostAddress("127.0.0.1"), 0));
        QSignalSpy events(&server, &DnsServer::dnsEvent);
        const QString output = runDig(server, {"many.big.example", "A", "+noedns"});
        QVERIFY2(output.contains(";; Truncated, retrying in TCP mode."), qPrintable(output));
        QVERIFY2(output.contains("status: NOERROR"), qPrintable(output));
        QCOMPARE(section(output, "ANSWER").size(), 40);
        QVERIFY(section(output, "ANSWER").contains("many.big.example. 300 IN A 127.0.5.40"));
        // UDP query + TC answer, then TCP query + full answer.
        QTRY_COMPARE(events.size(), 4);
        QCOMPARE(events.at(1).at(0).value<DnsEvent>().transport, DnsTransport::Udp);
        QVERIFY(events.at(1).at(0).value<DnsEvent>().text.contains("flags qr aa tc rd"));
        QCOMPARE(events.at(3).at(0).value<DnsEvent>().transport, DnsTransport::Tcp);
    }

    void ednsSizeAvoidsTruncation()
    {
        DnsServer server;
        server.authority() = test::testAuthority();
        QVERIFY(server.listen(QHostAddress("127.0.0.1"), 0));
        const QString output = runDig(server, {"many.big.example", "A"});
        QVERIFY2(!output.contains("Truncated"), qPrintable(output));
        QCOMPARE(section(output, "ANSWER").size(), 40);
        QVERIFY(output.contains("(UDP)"));
    }

    void servfailKnobTurnsOff()
    {
        DnsServer server;
        server.authority() = test::testAuthority();
        QVERIFY(server.listen(QHostAddress("127.0.0.1"), 0));
        server.authority().zone("a.example")->setServerFailure(true);
        QVERIFY(runDig(server, {"a.example", "MX"}).contains("status: SERVFAIL"));
        server.authority().zone("a.example")->setServerFailure(false);
        QVERIFY(runDig(server, {"a.example", "MX"}).contains("status: NOERROR"));
    }
};

QTEST_GUILESS_MAIN(TestDnsDig)
#include "tst_dnsdig.moc"
