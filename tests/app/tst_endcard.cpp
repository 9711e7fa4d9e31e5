// A lesson ends: when its timeline is done and nothing is in flight, the end card shows the lesson's
// expectations as ✔/✘ (the checks `mailflow run` makes), the status and title say finished, and one more
// step does nothing. Back hides the card, Restart starts again, Next lesson opens the next bundled one.
#include "gui/ControlBar.h"
#include "gui/MainWindow.h"
#include "gui/WorldSession.h"
#include "gui/i18n/ViewMenuAdditions.h"
#include "gui/lessons/LessonEndCard.h"
#include "scenario/ScenarioCatalog.h"
#include "world/World.h"

#include <QAction>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace mf;
using namespace mf::gui;

class TestEndCard : public QObject
{
    Q_OBJECT
private:
    static bool playToTheEnd(MainWindow &window)
    {
        window.session().setSpeed(50.0);
        window.controls()->playPauseAction()->trigger();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(window.session().isFinished(), 90000); }();
        return window.session().isFinished();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void everyCardFitsWhole_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("presenting");
        QTest::addColumn<bool>("indonesian");
        for (const ScenarioCatalog::Entry &e : ScenarioCatalog::bundled())
            // Indonesian runs longer than English: normal mode in Indonesian, presenting in both.
            for (const auto &[presenting, indonesian] : {std::pair{false, true}, std::pair{true, false}, std::pair{true, true}})
                    QTest::newRow(qPrintable(QStringLiteral("%1 %2 %3").arg(e.name, presenting ? "presenting" : "normal",
                                                                             indonesian ? "id" : "en")))
                        << e.path << presenting << indonesian;
    }

    // At 1366x768 the card needs no scrolling: its checks, what to notice and its buttons are all on
    // screen, inside the diagram area; presenting, its text is large enough for the back of a room.
    void everyCardFitsWhole()
    {
        QFETCH(QString, path);
        QFETCH(bool, presenting);
        QFETCH(bool, indonesian);
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *view = window.findChild<ViewMenuAdditions *>();
        QVERIFY(view);
        if (presenting)
            view->presentationAction()->trigger();
        window.session().setLanguage(indonesian ? Language::Indonesian : Language::English);
        QVERIFY(window.openScenario(path));
        QVERIFY(playToTheEnd(window));
        LessonEndCard *card = window.endCard();
        QTRY_VERIFY(card->isVisible());
        QCoreApplication::processEvents();
        const QScrollArea *scroll = card->findChild<QScrollArea *>();
        QVERIFY(scroll);
        QTRY_COMPARE(scroll->verticalScrollBar()->maximum(), 0);
        QVERIFY(card->parentWidget()->rect().contains(card->geometry()));
        QVERIFY(card->rect().contains(card->restartButton()->geometry()));
        if (presenting)
            for (const QLabel *label : card->findChildren<QLabel *>(QStringLiteral("check")))
                QVERIFY2(label->font().pixelSize() >= 20, qPrintable(label->text()));
        if (presenting)
            view->presentationAction()->trigger();
        window.session().setLanguage(Language::English);
    }

    void theDefaultLessonEndsWithItsChecks()
    {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        LessonEndCard *card = window.endCard();
        QVERIFY(card);
        QVERIFY(!card->isVisible());
        QVERIFY(playToTheEnd(window));
        QTRY_VERIFY(card->isVisible());
        const QStringList checks = card->checkLines();
        QCOMPARE(checks.size(), 4);
        for (const QString &c : checks)
            QVERIFY2(c.startsWith(QString::fromUtf8("✔ ")), qPrintable(c));
        QVERIFY(checks.first().contains("delivered to bob@b.example: expected 1, got 1"));
        QVERIFY(window.session().world()->stepper().isPaused());
        QVERIFY(!card->nextLessonPath().isEmpty());

        // Right does nothing more: no event, still finished.
        const int events = window.session().world()->log().size();
        window.controls()->stepHopAction()->trigger();
        for (int i = 0; i < 50; ++i)
            QCoreApplication::processEvents();
        QCOMPARE(window.session().world()->log().size(), events);
        QVERIFY(window.session().isFinished());

        // Back shows the past: no card; forward to the end shows it again.
        window.controls()->backAction()->trigger();
        QTRY_VERIFY(!card->isVisible());
        while (window.session().isShowingPast())
            window.controls()->stepHopAction()->trigger();
        QTRY_VERIFY(card->isVisible());

        // In Bahasa Indonesia the checks are in Bahasa Indonesia too.
        window.session().setLanguage(Language::Indonesian);
        QTRY_VERIFY(card->checkLines().value(0).contains(QString::fromUtf8("diantar ke bob@b.example: diharapkan 1, terjadi 1")));
        window.session().setLanguage(Language::English);

        // Restart: a new world, no card.
        World *before = window.session().world();
        card->restartButton()->click();
        QTRY_VERIFY(window.session().world() != before);
        QVERIFY(!card->isVisible());
        QVERIFY(!window.session().isFinished());
    }

    void aFailedExpectationIsMarked()
    {
        // The default lesson with one wrong expectation: bob gets one message, not two.
        QFile in(ScenarioCatalog::defaultScenarioPath());
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject lesson = QJsonDocument::fromJson(in.readAll()).object();
        QJsonArray expect = lesson.value("expect").toArray();
        expect.append(QJsonObject{{"delivered", QJsonObject{{"to", "bob@b.example"}, {"count", 2}}}});
        lesson.insert("expect", expect);
        QTemporaryDir dir;
        const QString path = dir.filePath("wrong.json");
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(lesson).toJson());
        out.close();

        MainWindow window;
        window.show();
        QVERIFY(window.openScenario(path));
        QVERIFY(playToTheEnd(window));
        LessonEndCard *card = window.endCard();
        QTRY_VERIFY(card->isVisible());
        const QStringList checks = card->checkLines();
        QCOMPARE(checks.size(), 5);
        QCOMPARE(checks.last(), QString::fromUtf8("✘ delivered to bob@b.example: expected 2, got 1"));
        QVERIFY(card->nextLessonPath().isEmpty()); // a file from disk has no next lesson
        QVERIFY(!card->nextButton()->isVisibleTo(card));
    }
};

QTEST_MAIN(TestEndCard)
#include "tst_endcard.moc"
