#include "LessonEndCard.h"

#include "gui/WorldSession.h"
#include "labels/LessonNotes.h"
#include "narration/EventNarrator.h"
#include "scenario/ScenarioCatalog.h"
#include "world/World.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace mf::gui {

LessonEndCard::LessonEndCard(WorldSession &session, QWidget *parent)
    : QFrame(parent), m_session(session)
{
    setObjectName(QStringLiteral("lessonEndCard"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setStyleSheet(QStringLiteral("#lessonEndCard { background: #fffdf5; border: 2px solid #1b5e20; border-radius: 8px; }"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(18, 14, 18, 14);
    m_heading = new QLabel(this);
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_heading->setFont(big);
    m_heading->setWordWrap(true);
    layout->addWidget(m_heading);
    // The checks and the notes scroll when the diagram area is short; heading and buttons stay.
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *body = new QWidget(scroll);
    body->setObjectName(QStringLiteral("lessonEndBody"));
    body->setStyleSheet(QStringLiteral("#lessonEndBody { background: #fffdf5; }"));
    auto *bodyLayout = new QVBoxLayout(body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(body);
    m_summary->setWordWrap(true);
    bodyLayout->addWidget(m_summary);
    m_checks = new QVBoxLayout;
    bodyLayout->addLayout(m_checks);
    m_noticeHeading = new QLabel(body);
    QFont bold = m_noticeHeading->font();
    bold.setBold(true);
    m_noticeHeading->setFont(bold);
    bodyLayout->addSpacing(6);
    bodyLayout->addWidget(m_noticeHeading);
    m_notice = new QLabel(body);
    m_notice->setWordWrap(true);
    bodyLayout->addWidget(m_notice);
    bodyLayout->addStretch();
    scroll->setWidget(body);
    layout->addWidget(scroll, 1);
    auto *buttons = new QHBoxLayout;
    m_restart = new QPushButton(this);
    m_next = new QPushButton(this);
    m_close = new QPushButton(this);
    buttons->addWidget(m_restart);
    buttons->addWidget(m_next);
    buttons->addStretch();
    buttons->addWidget(m_close);
    layout->addLayout(buttons);

    connect(m_restart, &QPushButton::clicked, this, [this] { m_session.reset(); });
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (const QString next = nextLessonPath(); !next.isEmpty())
            m_session.load(next);
    });
    connect(m_close, &QPushButton::clicked, this, [this] {
        m_dismissed = true;
        hide();
    });
    connect(&m_session, &WorldSession::lessonFinished, this, [this] {
        m_dismissed = false;
        refresh();
    });
    connect(&m_session, &WorldSession::stateChanged, this, &LessonEndCard::refresh);
    connect(&m_session, &WorldSession::cursorMoved, this, &LessonEndCard::refresh);
    connect(&m_session, &WorldSession::worldChanged, this, [this] {
        m_dismissed = false;
        refresh();
    });
    connect(&m_session, &WorldSession::languageChanged, this, &LessonEndCard::refresh);
    parent->installEventFilter(this);
    hide();
}

QString LessonEndCard::nextLessonPath() const
{
    const QList<ScenarioCatalog::Entry> bundled = ScenarioCatalog::bundled();
    for (qsizetype i = 0; i + 1 < bundled.size(); ++i)
        if (bundled[i].path == m_session.scenarioPath())
            return bundled[i + 1].path;
    return {};
}

QStringList LessonEndCard::checkLines() const
{
    QStringList out;
    for (QLabel *label : findChildren<QLabel *>(QStringLiteral("check")))
        out << label->text();
    return out;
}

void LessonEndCard::refresh()
{
    World *w = m_session.world();
    if (!w || !m_session.isFinished() || m_dismissed) {
        hide();
        return;
    }
    const Language language = m_session.language();
    m_heading->setText(tr("Lesson finished: %1").arg(w->scenario().title.in(language)));
    while (QLayoutItem *item = m_checks->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const auto results = w->checkExpectations();
    int held = 0;
    for (const auto &r : results) {
        held += r.held ? 1 : 0;
        auto *line = new QLabel(m_summary->parentWidget());
        line->setObjectName(QStringLiteral("check"));
        line->setWordWrap(true);
        line->setStyleSheet(r.held ? QStringLiteral("color: #1b5e20;") : QStringLiteral("color: #b00020; font-weight: bold;"));
        // A path that held is said in one line; one that failed shows both paths.
        const QString text = r.held && r.spec.kind == ExpectationSpec::Kind::Path
                                 ? tr("%1 takes the lesson's path, %2 nodes from %3 to %4")
                                       .arg(r.spec.address).arg(r.actualPath.size())
                                       .arg(r.actualPath.value(0), r.actualPath.value(r.actualPath.size() - 1))
                                 : narration::expectationText(r.spec, r.actual, r.actualPath, language);
        line->setText((r.held ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + text);
        m_checks->addWidget(line);
    }
    m_summary->setText(results.isEmpty() ? tr("This lesson states no expectations.")
                       : held == results.size()
                           ? tr("Every expectation of the lesson holds (the same checks as mailflow run):")
                           : tr("%1 of %2 expectations hold (the same checks as mailflow run):").arg(held).arg(results.size()));
    m_noticeHeading->setText(tr("What to notice"));
    const QString notes = lessonNotes(w->scenario(), language);
    m_notice->setText(notes.isEmpty() ? tr("Walk back with Back (Left) and look at each hop again.") : notes);
    m_restart->setText(tr("Restart"));
    m_restart->setToolTip(tr("Start this lesson again from the beginning (R)"));
    const QString next = nextLessonPath();
    m_next->setText(tr("Next lesson"));
    m_next->setVisible(!next.isEmpty());
    m_close->setText(tr("Close"));
    m_close->setToolTip(tr("Hide this card; the lesson stays finished"));
    place();
    show();
    raise();
}

void LessonEndCard::place()
{
    QWidget *area = parentWidget();
    const int width = qMin(area->width() - 40, qMax(420, area->width() * 3 / 5));
    setFixedWidth(width);
    // As tall as its content wants (the body's wrapped height at this width), at most the diagram area.
    QWidget *body = findChild<QWidget *>(QStringLiteral("lessonEndBody"));
    const int bodyHeight = body ? body->heightForWidth(width - 40) : 0;
    const int chrome = m_heading->heightForWidth(width - 40) + m_restart->sizeHint().height() + 60;
    const int height = qMin(chrome + qMax(0, bodyHeight), area->height() - 20);
    setFixedHeight(height);
    move((area->width() - width) / 2, qMax(10, (area->height() - height) / 2));
}

bool LessonEndCard::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize && isVisible())
        place();
    return QFrame::eventFilter(watched, event);
}

void LessonEndCard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QFrame::changeEvent(event);
}

} // namespace mf::gui
