#include "aliases/AliasDatabase.h"

#include <QTemporaryDir>
#include <QTest>

using namespace mf;
using Target = AliasDatabase::Target;

class TestAliasDatabase : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        ++m_n;
        m_db = std::make_unique<AliasDatabase>(m_dir.filePath(QString("aliases%1.db").arg(m_n)),
                                               QString("aliases-%1").arg(m_n));
        QVERIFY(m_db->open());
    }
    void cleanup() { m_db.reset(); }

    void plainAddressIsNotExpanded()
    {
        const auto e = m_db->expand("bob@b.example", "alice@a.example");
        QCOMPARE(e.targets, (QList<Target>{{"bob@b.example", "alice@a.example"}}));
        QCOMPARE(e.lookups.size(), 1);
        QVERIFY(e.lookups[0].members.isEmpty());
        QVERIFY(e.lookups[0].query.contains("bob@b.example"));
    }

    void listSplitsAndOwnerBecomesSender()
    {
        QVERIFY(m_db->setAlias("team@b.example", {"bob@b.example", "dave@b.example", "carol@c.example"},
                               "owner-team@b.example"));
        const auto e = m_db->expand("TEAM@b.example", "alice@a.example");
        QVERIFY(e.error.isEmpty());
        QCOMPARE(e.targets, (QList<Target>{{"bob@b.example", "owner-team@b.example"},
                                           {"dave@b.example", "owner-team@b.example"},
                                           {"carol@c.example", "owner-team@b.example"}}));
        QCOMPARE(e.lookups.size(), 4);
    }

    void plainAliasKeepsTheSender()
    {
        QVERIFY(m_db->setAlias("postmaster@b.example", {"bob@b.example"}));
        const auto e = m_db->expand("postmaster@b.example", "alice@a.example");
        QCOMPARE(e.targets, (QList<Target>{{"bob@b.example", "alice@a.example"}}));
    }

    void nestedAliasesAndDuplicates()
    {
        QVERIFY(m_db->setAlias("all@b.example", {"team@b.example", "bob@b.example"}));
        QVERIFY(m_db->setAlias("team@b.example", {"bob@b.example", "dave@b.example"}));
        const auto e = m_db->expand("all@b.example", "alice@a.example");
        QCOMPARE(e.targets, (QList<Target>{{"bob@b.example", "alice@a.example"}, {"dave@b.example", "alice@a.example"}}));
    }

    void selfReferenceDeliversToTheMailbox()
    {
        QVERIFY(m_db->setAlias("bob@b.example", {"bob@b.example", "bob@elsewhere.example"}));
        const auto e = m_db->expand("bob@b.example", "alice@a.example");
        QCOMPARE(e.targets, (QList<Target>{{"bob@b.example", "alice@a.example"}, {"bob@elsewhere.example", "alice@a.example"}}));
    }

    void loopIsDetected()
    {
        QVERIFY(m_db->setAlias("a@b.example", {"b@b.example"}));
        QVERIFY(m_db->setAlias("b@b.example", {"a@b.example"}));
        const auto e = m_db->expand("a@b.example", "alice@a.example");
        QVERIFY(e.error.startsWith("5.4.6"));
        QVERIFY(e.targets.isEmpty());
    }

    void depthLimit()
    {
        for (int i = 0; i <= AliasDatabase::kMaxDepth + 1; ++i)
            QVERIFY(m_db->setAlias(QString("l%1@b.example").arg(i), {QString("l%1@b.example").arg(i + 1)}));
        const auto e = m_db->expand("l0@b.example", "alice@a.example");
        QVERIFY2(e.error.contains("deeper than 100"), qPrintable(e.error));
    }

    void removing()
    {
        QVERIFY(m_db->setAlias("team@b.example", {"bob@b.example"}));
        QCOMPARE(m_db->aliasAddresses(), QStringList{"team@b.example"});
        QVERIFY(m_db->setAlias("team@b.example", {}));
        QVERIFY(m_db->aliasAddresses().isEmpty());
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AliasDatabase> m_db;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(TestAliasDatabase)
#include "tst_aliasdatabase.moc"
