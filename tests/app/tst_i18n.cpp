// Switching the language at run time (View > Language) and presentation mode (View > Presentation mode):
// visible strings, the session's language, Qt's own dialog strings, the application font and palette,
// the flow diagram's setPresentation slot, and both choices remembered for the next start.
// QApplication posts LanguageChange to the windows, so widget texts are checked with QTRY_*.
#include "EnglishLeftovers.h"
#include "gui/ControlBar.h"
#include "gui/MainWindow.h"
#include "gui/diagram/FlowDiagramView.h"
#include "gui/WorldSession.h"
#include "gui/i18n/LanguageSwitcher.h"
#include "gui/i18n/PresentationMode.h"
#include "gui/i18n/ViewMenuAdditions.h"
#include "gui/lessons/ScenarioBrowser.h"
#include "gui/transcript/TranscriptModel.h"
#include "gui/transcript/TranscriptPanel.h"
#include "scenario/ScenarioCatalog.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QtTest>

using namespace mf;
using namespace mf::gui;


class TestI18n : public QObject
{
    Q_OBJECT
private:
    static ViewMenuAdditions *view(MainWindow &window)
    {
        return window.findChild<ViewMenuAdditions *>();
    }
    static QString menuTitle(MainWindow &window, int index)
    {
        return window.menuBar()->actions().value(index)->text();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }
    void cleanup()
    {
        QSettings().clear();
    }

    void switchesVisibleStringsToIndonesianAndBack()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        ViewMenuAdditions *v = view(window);
        QVERIFY(v);
        QCOMPARE(window.session().language(), Language::English);
        QTRY_COMPARE(window.windowTitle(), QString("MailFlow: how an email travels"));
        QTRY_COMPARE(window.dock("charts")->windowTitle(), QString("Charts"));
        QTRY_COMPARE(window.controls()->stepHopAction()->toolTip(), QString("Let the message make one hop, then pause (Right)"));
        QTRY_COMPARE(menuTitle(window, 0), QString("&File"));
        QVERIFY(v->englishAction()->isChecked());

        v->indonesianAction()->trigger();
        QCOMPARE(window.session().language(), Language::Indonesian);
        QCOMPARE(window.session().world()->language(), Language::Indonesian);
        QVERIFY(v->indonesianAction()->isChecked());
        QVERIFY(!v->englishAction()->isChecked());
        QTRY_COMPARE(window.windowTitle(), QString("MailFlow: perjalanan sebuah email"));
        QTRY_COMPARE(window.dock("charts")->windowTitle(), QString("Grafik"));
        QTRY_COMPARE(window.dock("transcript")->windowTitle(), QString("Transkrip"));
        QTRY_COMPARE(window.controls()->stepHopAction()->toolTip(), QString("Biarkan pesan maju satu hop, lalu jeda (Kanan)"));
        QTRY_COMPARE(window.controls()->backAction()->text(), QString("Mundur"));
        QTRY_COMPARE(menuTitle(window, 0), QString("&Berkas"));
        QTRY_COMPARE(v->presentationAction()->text(), QString("Mode p&resentasi"));
        // Qt's own strings (dialog buttons) come from the bundled Qt translation.
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QString("Batal"));
        QCOMPARE(QSettings().value("language").toString(), QString("id"));

        v->englishAction()->trigger();
        QCOMPARE(window.session().language(), Language::English);
        QTRY_COMPARE(window.windowTitle(), QString("MailFlow: how an email travels"));
        QTRY_COMPARE(window.dock("charts")->windowTitle(), QString("Charts"));
        QTRY_COMPARE(window.controls()->stepHopAction()->toolTip(), QString("Let the message make one hop, then pause (Right)"));
        QTRY_COMPARE(menuTitle(window, 0), QString("&File"));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QString("Cancel"));
        QCOMPARE(QSettings().value("language").toString(), QString("en"));
    }

    // Bahasa Indonesia is complete after a run-time switch: with a lesson under way (the transcript, the
    // inspectors, the mail client and the charts all have something to show), no widget, action, menu,
    // dock title, tab, tooltip or placeholder still shows an English string that has a translation.
    void noEnglishLeftAfterASwitch()
    {
        EnglishLeftovers english;
        QVERIFY(english.load(QStringLiteral(MAILFLOW_TS_FILE)));
        QVERIFY(english.sourceCount() > 300);
        QVERIFY(english.isEnglishOnly(QStringLiteral("&File")));
        QVERIFY(!english.isEnglishOnly(QStringLiteral("&Berkas")));

        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        window.session().setSpeed(50.0);
        window.session().play();
        // To the end: the end card is up, every panel has the whole lesson to show.
        QTRY_VERIFY_WITH_TIMEOUT(window.session().isFinished(), 60000);
        window.session().selectMessage(QStringLiteral("m1"));
        window.session().selectNode(QStringLiteral("mta-server@mx.a.example")); // its queue and settings
        QTRY_COMPARE(window.windowTitle(), QString("MailFlow: how an email travels"));
        const QStringList before = english.find(&window);
        QVERIFY2(!before.isEmpty(), "in English, English is found");

        view(window)->indonesianAction()->trigger();
        QTRY_COMPARE(window.windowTitle(), QString("MailFlow: perjalanan sebuah email"));
        // Every panel in front in turn: what it shows then.
        QStringList left = english.find(&window);
        for (QDockWidget *dock : window.findChildren<QDockWidget *>()) {
            dock->raise();
            QCoreApplication::processEvents();
            left += english.find(&window);
        }
        left.removeDuplicates();
        QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("%1 English text(s) after the switch:\n").arg(left.size())
                                            + left.join(QLatin1Char('\n'))));
        view(window)->englishAction()->trigger();
        window.session().pause();
    }

    // Status lines written before a run-time switch follow it too, and no dock keeps an English name.
    void statusWrittenBeforeTheSwitchFollowsIt()
    {
        MainWindow window;
        window.show();
        auto *lessons = window.findChild<ScenarioBrowser *>();
        QVERIFY(lessons);
        lessons->select(ScenarioCatalog::defaultScenarioPath());
        QVERIFY(lessons->openSelected());
        auto statusLine = [&] {
            for (QLabel *label : lessons->findChildren<QLabel *>())
                if (label->text().startsWith(QString::fromUtf8("✔ ")))
                    return label->text();
            return QString();
        };
        QCOMPARE(statusLine(), QString::fromUtf8("✔ Lesson started. Press Play (Space) or step with Right."));
        view(window)->indonesianAction()->trigger();
        QTRY_COMPARE(statusLine(), QString::fromUtf8("✔ Pelajaran dimulai. Tekan Jalankan (Spasi) atau maju selangkah dengan Kanan."));
        QTRY_COMPARE(window.dock("node")->windowTitle(), QString("Simpul"));
        view(window)->englishAction()->trigger();
        QTRY_COMPARE(statusLine(), QString::fromUtf8("✔ Lesson started. Press Play (Space) or step with Right."));
    }

    void startsInTheRememberedLanguage()
    {
        QSettings().setValue("language", "id");
        MainWindow window;
        QCOMPARE(window.session().language(), Language::Indonesian);
        QTRY_COMPARE(window.windowTitle(), QString("MailFlow: perjalanan sebuah email"));
        QVERIFY(view(window)->indonesianAction()->isChecked());
        QVERIFY(window.openScenario(ScenarioCatalog::defaultScenarioPath()));
        QCOMPARE(window.session().world()->language(), Language::Indonesian);
        // A one-off choice (mailflow --lang en) is not remembered.
        view(window)->languageSwitcher().setLanguage(Language::English, false);
        QTRY_COMPARE(window.windowTitle(), QString("MailFlow: how an email travels"));
        QCOMPARE(QSettings().value("language").toString(), QString("id"));
    }

    void closingTheWindowRemovesItsTranslators()
    {
        {
            QSettings().setValue("language", "id");
            MainWindow window;
            QTRY_COMPARE(window.windowTitle(), QString("MailFlow: perjalanan sebuah email"));
        }
        QCOMPARE(QCoreApplication::translate("mf::gui::MainWindow", "Charts"), QString("Charts"));
    }

    void presentationModeScalesTheFontAndRaisesContrast()
    {
        const QFont normalFont = QApplication::font();
        const QPalette normalPalette = QApplication::palette();
        MainWindow window;
        auto *diagram = window.findChild<FlowDiagramView *>("flowDiagram");
        QVERIFY(diagram);
        QVERIFY(!diagram->isPresentation());
        window.show();
        ViewMenuAdditions *v = view(window);
        QVERIFY(!v->presentationAction()->isChecked());
        QVERIFY(normalFont.pointSizeF() > 0);

        // Texts with a size of their own: titles (bold, larger than the text around them) and the
        // transcript's monospaced protocol lines.
        auto *lessonTitle = window.findChild<QLabel *>("title");
        auto *nodeTitle = window.findChild<QLabel *>("nodeTitle");
        auto *transcript = window.findChild<TranscriptPanel *>("transcriptPanel");
        QVERIFY(lessonTitle && nodeTitle && transcript);
        const qreal lessonTitleSize = lessonTitle->font().pointSizeF();
        const qreal nodeTitleSize = nodeTitle->font().pointSizeF();
        const qreal protocolSize = transcript->model()->fixedFont().pointSizeF();
        QVERIFY(lessonTitle->font().bold());
        QVERIFY(lessonTitleSize > normalFont.pointSizeF());

        v->presentationAction()->trigger();
        QVERIFY(v->presentationMode().isOn());
        QCOMPARE(QApplication::font().pointSizeF(), normalFont.pointSizeF() * PresentationMode::kFontScale);
        QTRY_COMPARE(lessonTitle->font().pointSizeF(), lessonTitleSize * PresentationMode::kFontScale);
        QTRY_COMPARE(nodeTitle->font().pointSizeF(), nodeTitleSize * PresentationMode::kFontScale);
        QTRY_COMPARE(transcript->model()->fixedFont().pointSizeF(), protocolSize * PresentationMode::kFontScale);
        QVERIFY(lessonTitle->font().bold());
        // The tabbed docks' names stay whole (the tab bar scrolls instead of eliding them).
        const QList<QTabBar *> dockTabs = window.findChildren<QTabBar *>(Qt::FindDirectChildrenOnly);
        QVERIFY(!dockTabs.isEmpty());
        for (QTabBar *tabs : dockTabs)
            QCOMPARE(tabs->elideMode(), Qt::ElideNone);
        QTRY_COMPARE(window.font().pointSizeF(), normalFont.pointSizeF() * PresentationMode::kFontScale);
        QTRY_COMPARE(window.controls()->font().pointSizeF(), normalFont.pointSizeF() * PresentationMode::kFontScale);
        QCOMPARE(QApplication::palette().color(QPalette::Window), QColor(Qt::white));
        QCOMPARE(QApplication::palette().color(QPalette::WindowText), QColor(Qt::black));
        QTRY_COMPARE(window.palette().color(QPalette::Text), QColor(Qt::black));
        // Dock titles too (QDockWidget keeps the title font it was created with otherwise).
        QCOMPARE(window.dock("charts")->font().pointSizeF(), normalFont.pointSizeF() * PresentationMode::kFontScale);
        QVERIFY(diagram->isPresentation());
        QCOMPARE(qApp->property("presentation").toBool(), true);
        QCOMPARE(QSettings().value("presentation").toBool(), true);

        v->presentationAction()->trigger();
        QVERIFY(!v->presentationMode().isOn());
        QCOMPARE(QApplication::font(), normalFont);
        QTRY_COMPARE(window.font().pointSizeF(), normalFont.pointSizeF());
        QCOMPARE(QApplication::palette().color(QPalette::Window), normalPalette.color(QPalette::Window));
        QCOMPARE(QApplication::palette().color(QPalette::Highlight), normalPalette.color(QPalette::Highlight));
        QVERIFY(!diagram->isPresentation());
        QCOMPARE(window.dock("charts")->font(), QApplication::font());
        QTRY_COMPARE(lessonTitle->font().pointSizeF(), lessonTitleSize);
        QTRY_COMPARE(transcript->model()->fixedFont().pointSizeF(), protocolSize);
        QCOMPARE(QSettings().value("presentation").toBool(), false);
    }

    void presentationModeIsRememberedAndUndoneWithTheWindow()
    {
        const QFont normalFont = QApplication::font();
        QSettings().setValue("presentation", true);
        {
            MainWindow window;
            QVERIFY(view(window)->presentationAction()->isChecked());
            QCOMPARE(QApplication::font().pointSizeF(), normalFont.pointSizeF() * PresentationMode::kFontScale);
            // Remembered, the mode is applied before the window is shown: once it is, the diagram has the
            // screen (the panels are folded) and turning the mode off brings them back.
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            for (const char *panel : {"scenarios", "transcript"})
                QVERIFY2(!window.dock(QLatin1String(panel))->isVisible(), panel);
            view(window)->presentationAction()->trigger();
            for (const char *panel : {"scenarios", "transcript"})
                QTRY_VERIFY2(window.dock(QLatin1String(panel))->isVisible(), panel);
        }
        QCOMPARE(QApplication::font(), normalFont);
    }

    void presentationShortcutIsF5()
    {
        MainWindow window;
        QCOMPARE(view(window)->presentationAction()->shortcut(), QKeySequence(Qt::Key_F5));
        QVERIFY(window.actions().contains(view(window)->presentationAction()));
    }
};

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
