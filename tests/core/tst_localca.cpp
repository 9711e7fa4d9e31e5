#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using mf::LocalCa;

class TestLocalCa : public QObject
{
    Q_OBJECT
private slots:
    void createsAndReuses()
    {
        QTemporaryDir dir;
        LocalCa ca(dir.path());
        QVERIFY2(ca.ensure(), qPrintable(ca.errorString()));
        QVERIFY(QFileInfo::exists(ca.caCertificatePath()));
        QCOMPARE(QFileInfo(dir.path() + "/ca.key").permissions() & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
        const auto creds = ca.serverCredentials("mx.a.example", {"a.example"},
                                                {QHostAddress("127.0.0.2")});
        QVERIFY(!creds.certificate.isNull());
        QVERIFY(!creds.key.isNull());
        QCOMPARE(QFileInfo(creds.keyPath).permissions() & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
        const auto san = creds.certificate.subjectAlternativeNames();
        QVERIFY(san.values(QSsl::DnsEntry).contains("mx.a.example"));
        QVERIFY(san.values(QSsl::IpAddressEntry).contains("127.0.0.2"));

        LocalCa again(dir.path());
        QVERIFY(again.ensure());
        QCOMPARE(again.caCertificate(), ca.caCertificate());
        QCOMPARE(again.serverCredentials("mx.a.example", {"a.example"}, {QHostAddress("127.0.0.2")}).certificate,
                 creds.certificate);
        // Asking for a name the stored certificate lacks reissues it.
        const auto wider = again.serverCredentials("mx.a.example", {"a.example", "smtp.a.example"});
        QVERIFY(wider.certificate.subjectAlternativeNames().values(QSsl::DnsEntry).contains("smtp.a.example"));
    }

    void clientVerifiesAgainstCa()
    {
        QTemporaryDir dir;
        LocalCa ca(dir.path());
        QVERIFY(ca.ensure());
        const auto creds = ca.serverCredentials("localhost", {}, {QHostAddress::LocalHost});
        QSslServer server;
        server.setSslConfiguration(mf::tls::serverConfiguration(creds));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        QSslSocket client;
        client.setSslConfiguration(mf::tls::clientConfiguration(ca.caCertificate()));
        QSignalSpy encrypted(&client, &QSslSocket::encrypted);
        client.connectToHostEncrypted("localhost", server.serverPort());
        QTRY_COMPARE(encrypted.count(), 1);

        // A name the certificate does not carry fails verification.
        QSslSocket wrongName;
        wrongName.setSslConfiguration(mf::tls::clientConfiguration(ca.caCertificate()));
        QSignalSpy errors(&wrongName, &QSslSocket::sslErrors);
        wrongName.connectToHostEncrypted("127.0.0.1", server.serverPort(), "mx.other.example");
        QTRY_VERIFY(errors.count() >= 1);
        QVERIFY(!wrongName.isEncrypted());
    }
};

QTEST_GUILESS_MAIN(TestLocalCa)
#include "tst_localca.moc"
