// The scenario browser: the bundled lessons, the lecturer's notes in English and Indonesian, opening a
// file from disk, and a broken file whose problems are listed with their lines while the running
// lesson goes on.
#include "gui/WorldSession.h"
#include "gui/i18n/LanguageSwitcher.h"
#include "gui/lessons/ScenarioBrowser.h"
#include "scenario/ScenarioCatalog.h"
#include "world/World.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace mf;
using namespace mf::gui;

namespace {

const char *kBroken = "{\n"
                      "  \"version\": 1,\n"
                      "  \"title\": \"Broken on purpose\",\n"
                      "  \"world\": {\"domains\": [\n"
                      "    {\"name\": \"a.example\",\n"
                      "     \"mx\": [{\"host\": \"mx.a.example\", \"preference\": \"high\"}],\n"
                      "     \"users\": [{\"address\": \"alice@elsewhere.example\", \"password\": \"x\"}]}\n"
                      "  ]},\n"
                      "  \"timeline\": [{\"at\": \"soon\", \"send\": {\"from\": \"alice@a.example\", \"to\": \"bob@b.example\"}}]\n"
                      "}\n";

const char *kValid = R"({
  "version": 1,
  "title": {"en": "My own lesson", "id": "Pelajaran saya"},
  "notes": {"en": "Written by the lab assistant.", "id": "Ditulis oleh asisten lab."},
  "world": {"domains": [
    {"name": "a.example", "users": [{"address": "alice@a.example", "password": "alice-secret"}]}
  ]}
})";

QString writeFile(const QTemporaryDir &dir, const QString &name, const char *text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(text);
    return path;
}

} // namespace

class TestLessons : public QObject
{
    Q_OBJECT
private slots:
    void listsTheBundledLessons()
    {
        WorldSession session;
        ScenarioBrowser browser(session);
        const QStringList paths = browser.lessonPaths();
        QCOMPARE(paths.size(), 8);
        QCOMPARE(ScenarioCatalog::bundled().size(), 8);
        for (const ScenarioCatalog::Entry &e : ScenarioCatalog::bundled())
            QVERIFY2(paths.contains(e.path), qPrintable(e.path));
    }

    void notesFollowTheLanguage()
    {
        WorldSession session;
        ScenarioBrowser browser(session);
        QString imapLesson;
        for (const QString &p : browser.lessonPaths())
            if (p.contains("imap-two-devices"))
                imapLesson = p;
        QVERIFY(!imapLesson.isEmpty());
        browser.select(imapLesson);
        QVERIFY2(browser.titleText().startsWith("IMAP: the mail stays on the server"), qPrintable(browser.titleText()));
        QVERIFY2(browser.notesText().contains("IMAP leaves the message where it is"), qPrintable(browser.notesText()));
        session.setLanguage(Language::Indonesian);
        QVERIFY2(browser.titleText().startsWith("IMAP: surat tetap di server"), qPrintable(browser.titleText()));
        QVERIFY2(browser.notesText().contains("IMAP membiarkan pesan tetap di"), qPrintable(browser.notesText()));
        session.setLanguage(Language::English);
        QVERIFY(browser.notesText().contains("IMAP leaves the message where it is"));
    }

    // Notes name nodes as {node:ID}; the panel shows the inspectors' label in the current language.
    void notesNameNodesWithTheirLabels()
    {
        WorldSession session;
        LanguageSwitcher language(session);
        ScenarioBrowser browser(session);
        browser.select(ScenarioCatalog::resolve("04-alias-list"));
        QVERIFY2(browser.notesText().contains("The Alias expander (b.example) finds in the Alias database (b.example)"),
                 qPrintable(browser.notesText()));
        QVERIFY2(browser.notesText().contains("MTA server mx.c.example"), qPrintable(browser.notesText()));
        QVERIFY(!browser.notesText().contains("{node:"));
        language.setLanguage(Language::Indonesian, false);
        QTRY_VERIFY2(browser.notesText().contains("Pengurai alias (b.example) menemukan di Basis data alias (b.example)"),
                     qPrintable(browser.notesText()));
        QVERIFY(browser.notesText().contains("Server MTA mx.c.example"));
        language.setLanguage(Language::English, false);
        QTRY_VERIFY(browser.notesText().contains("The Alias expander (b.example)"));
    }

    void followsALessonStartedElsewhere()
    {
        // File > Open or the command line start a lesson without the list: its title and notes show, not
        // those of the row that happened to be selected. Restarting it keeps the lecturer's own choice.
        WorldSession session;
        ScenarioBrowser browser(session);
        const QString backupMx = ScenarioCatalog::resolve("06-backup-mx");
        QVERIFY(!backupMx.isEmpty());
        QVERIFY(session.load(backupMx));
        QCOMPARE(browser.selectedPath(), backupMx);
        QVERIFY2(browser.titleText().startsWith("Primary MX down") && browser.titleText().contains("(running)"),
                 qPrintable(browser.titleText()));

        const QString imapLesson = ScenarioCatalog::resolve("02-imap-two-devices");
        browser.select(imapLesson);
        QVERIFY(session.load(backupMx)); // the same lesson again
        QCOMPARE(browser.selectedPath(), imapLesson);

        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("mine.json"), kValid);
        QVERIFY(session.load(path));
        QCOMPARE(browser.selectedPath(), path);
        QVERIFY(browser.lessonPaths().contains(path));
        QVERIFY2(browser.titleText().startsWith("My own lesson"), qPrintable(browser.titleText()));
    }

    void opensAndReloadsAFileFromDisk()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("mine.json"), kValid);
        WorldSession session;
        ScenarioBrowser browser(session);
        browser.select(path);
        QVERIFY(browser.lessonPaths().contains(path));
        QCOMPARE(browser.titleText(), QStringLiteral("My own lesson"));
        QVERIFY(browser.validateSelected());
        QVERIFY2(browser.statusText().contains("No problems found"), qPrintable(browser.statusText()));
        QVERIFY(browser.openSelected());
        QVERIFY(session.world());
        QCOMPARE(session.scenarioPath(), path);
        QVERIFY(browser.titleText().contains("(running)"));
        World *first = session.world();
        QVERIFY(browser.reloadRunning());
        QVERIFY(session.world() != first);
        QCOMPARE(session.scenarioPath(), path);
    }

    void aBrokenFileListsItsProblemsAndTheLessonGoesOn()
    {
        QTemporaryDir dir;
        const QString broken = writeFile(dir, QStringLiteral("broken.json"), kBroken);
        WorldSession session;
        ScenarioBrowser browser(session);
        QVERIFY(session.load(ScenarioCatalog::defaultScenarioPath()));
        World *running = session.world();

        browser.select(broken);
        QVERIFY(!browser.validateSelected());
        const auto problems = browser.problems();
        QVERIFY2(problems.size() >= 3, qPrintable(QString::number(problems.size())));
        QStringList lines;
        for (const auto &p : problems) {
            QVERIFY2(p.line > 0, qPrintable(p.field + ": " + p.message));
            QVERIFY(!p.message.isEmpty());
            lines << QString::number(p.line) + ":" + p.field;
        }
        auto hasProblemOn = [&](int line, const QString &fieldPart) {
            for (const auto &p : problems)
                if (p.line == line && p.field.contains(fieldPart))
                    return true;
            return false;
        };
        QVERIFY2(hasProblemOn(6, "preference"), qPrintable(lines.join(' ')));
        QVERIFY2(hasProblemOn(9, "at"), qPrintable(lines.join(' ')));
        QVERIFY2(browser.statusText().contains("problem"), qPrintable(browser.statusText()));

        // Opening it fails with the same list; the running lesson is untouched.
        QVERIFY(!browser.openSelected());
        QCOMPARE(browser.problems().size(), problems.size());
        QCOMPARE(session.world(), running);
        QVERIFY(browser.statusText().contains("The running lesson goes on"));

        // A file that is not JSON at all.
        browser.select(writeFile(dir, QStringLiteral("garbage.json"), "{ this is not json"));
        QVERIFY(!browser.openSelected());
        QCOMPARE(browser.problems().size(), 1);
        QCOMPARE(session.world(), running);
    }

    void aLessonThatCannotStartIsExplained()
    {
        WorldSession session;
        ScenarioBrowser browser(session);
        QVERIFY(session.load(ScenarioCatalog::defaultScenarioPath()));
        World *running = session.world();
        // The local CA cannot be created: a file stands where its directory should be.
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("tls")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QByteArray saved = qgetenv("MAILFLOW_DATA_DIR");
        qputenv("MAILFLOW_DATA_DIR", dir.path().toLocal8Bit());
        browser.select(ScenarioCatalog::resolve(QStringLiteral("pop3s")));
        const bool opened = browser.openSelected();
        qputenv("MAILFLOW_DATA_DIR", saved);
        QVERIFY(!opened);
        // WorldSession starts the new world before stopping the old one: the running lesson goes on,
        // the message says so, and the browser stays usable.
        QCOMPARE(session.world(), running);
        QVERIFY2(browser.statusText().contains("could not start"), qPrintable(browser.statusText()));
        QVERIFY2(browser.statusText().contains("keeps running"), qPrintable(browser.statusText()));
        QCOMPARE(browser.problems().size(), 1);
        QVERIFY2(browser.problems().first().message.contains("local CA"), qPrintable(browser.problems().first().message));
        // Still usable: the same lesson opens once the problem is gone.
        QVERIFY(browser.openSelected());
        QVERIFY(session.world());
    }
};

QTEST_MAIN(TestLessons)
#include "tst_lessons.moc"
