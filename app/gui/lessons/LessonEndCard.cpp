#include "LessonEndCard.h"

#include "gui/WorldSession.h"
#include "gui/i18n/PresentationMode.h"
#include "labels/LessonNotes.h"
#include "narration/EventNarrator.h"
#include "scenario/ScenarioCatalog.h"
#include "world/World.h"

#include <QBoxLayout>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace mf::gui {

namespace {

// Type sizes (px), as the caption strip's: presenting, the card is read from the last row. A long card
// is set smaller, down to the least size, before it scrolls.
constexpr int kHeadingPx = 20;
constexpr int kTextPx = 15;
constexpr int kLeastTextPx = 12;
constexpr int kPresentingHeadingPx = 30;
constexpr int kPresentingTextPx = 24;
constexpr int kLeastPresentingTextPx = 18;
constexpr int kColumnGap = 24;
constexpr int kTwoColumnsFrom = 720; // card width (px)

QFont sized(QFont font, int px, bool bold)
{
    font.setPixelSize(px);
    font.setBold(bold);
    return font;
}

} // namespace

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
    // The checks and what to notice side by side where the card is wide, one under the other otherwise.
    m_columns = new QBoxLayout(QBoxLayout::LeftToRight);
    m_columns->setSpacing(kColumnGap);
    m_checks = new QVBoxLayout;
    auto *notice = new QVBoxLayout;
    m_columns->addLayout(m_checks, 1);
    m_columns->addLayout(notice, 1);
    bodyLayout->addLayout(m_columns);
    m_noticeHeading = new QLabel(body);
    notice->addWidget(m_noticeHeading);
    m_notice = new QLabel(body);
    m_notice->setWordWrap(true);
    m_notice->setAlignment(Qt::AlignLeft | Qt::AlignTop); // given more height than it needs, it stays up
    notice->addWidget(m_notice);
    notice->addStretch();
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
    const auto results = w->checkExpectations();
    QStringList lines;
    int held = 0;
    for (const auto &r : results) {
        held += r.held ? 1 : 0;
        // A path that held is said in one line; one that failed shows both paths.
        const QString text = r.held && r.spec.kind == ExpectationSpec::Kind::Path
                                 ? tr("%1 takes the lesson's path, %2 nodes from %3 to %4")
                                       .arg(r.spec.address).arg(r.actualPath.size())
                                       .arg(r.actualPath.value(0), r.actualPath.value(r.actualPath.size() - 1))
                                 : narration::expectationText(r.spec, r.actual, r.actualPath, language);
        lines << (r.held ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + text;
    }
    const QString heading = tr("Lesson finished: %1").arg(w->scenario().title.in(language));
    const QString notes = lessonNotes(w->scenario(), language);
    // Events still arrive after the end (a late queue row): the card is laid out again only when what it
    // shows, or where, changed.
    const QString signature = QStringList{heading, notes, lines.join(QLatin1Char('\n')),
                                          QString::number(parentWidget()->width()), QString::number(parentWidget()->height()),
                                          QString::number(int(PresentationMode::isActive()))}.join(QChar(0x1f));
    if (isVisible() && signature == m_signature)
        return;
    m_signature = signature;
    m_heading->setText(heading);
    while (QLayoutItem *item = m_checks->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (qsizetype i = 0; i < lines.size(); ++i) {
        auto *line = new QLabel(m_summary->parentWidget());
        line->setObjectName(QStringLiteral("check"));
        line->setWordWrap(true);
        line->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        line->setProperty("held", results[i].held);
        line->setStyleSheet(results[i].held ? QStringLiteral("color: #1b5e20;") : QStringLiteral("color: #b00020;"));
        line->setText(lines[i]);
        m_checks->addWidget(line);
    }
    m_checks->addStretch(); // the checks stand together at the top of their column
    m_summary->setText(results.isEmpty() ? tr("This lesson states no expectations.")
                       : held == results.size()
                           ? tr("Every expectation of the lesson holds (the same checks as mailflow run):")
                           : tr("%1 of %2 expectations hold (the same checks as mailflow run):").arg(held).arg(results.size()));
    m_noticeHeading->setText(tr("What to notice"));
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
    const QWidget *caption = area->findChild<QWidget *>(QStringLiteral("captionStrip"));
    const int diagramHeight = caption && caption->isVisible() ? caption->y() : area->height();
    // Over the diagram where it fits there; otherwise over the caption strip too, the whole width (the
    // card says more than the last step's caption), never across the middle of the strip.
    int width = qMin(area->width() - 40, qMax(420, area->width() * 4 / 5));
    int height = fitTo(width, area->height() - 20);
    if (height > diagramHeight - 20) {
        width = area->width() - 20;
        height = fitTo(width, area->height() - 20);
    }
    setFixedSize(width, height);
    const int top = height <= diagramHeight - 20 ? (diagramHeight - height) / 2 : area->height() - height - 10;
    move((area->width() - width) / 2, qMax(10, top));
}

int LessonEndCard::fitTo(int width, int available)
{
    const bool presenting = PresentationMode::isActive();
    const bool twoColumns = width >= kTwoColumnsFrom;
    m_columns->setDirection(twoColumns ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    const int inner = width - 40;                                       // the frame's margins
    const int column = twoColumns ? (inner - kColumnGap) / 2 : inner;
    const QList<QLabel *> checks = findChildren<QLabel *>(QStringLiteral("check"));
    // The largest type at which the whole card fits.
    int height = 0;
    for (int px = presenting ? kPresentingTextPx : kTextPx; px >= (presenting ? kLeastPresentingTextPx : kLeastTextPx); --px) {
        const int headingPx = (presenting ? kPresentingHeadingPx : kHeadingPx) * px / (presenting ? kPresentingTextPx : kTextPx);
        m_heading->setFont(sized(m_heading->font(), headingPx, true));
        m_summary->setFont(sized(m_summary->font(), px, false));
        m_noticeHeading->setFont(sized(m_noticeHeading->font(), px, true));
        m_notice->setFont(sized(m_notice->font(), px, false));
        for (QPushButton *button : {m_restart, m_next, m_close})
            button->setFont(sized(button->font(), px, false));
        int checksHeight = 0;
        for (QLabel *check : checks) {
            check->setFont(sized(check->font(), px, !check->property("held").toBool()));
            checksHeight += check->heightForWidth(column) + 6;
        }
        const int noticeHeight = m_noticeHeading->heightForWidth(column) + m_notice->heightForWidth(column) + 12;
        const int body = m_summary->heightForWidth(inner) + 12
                         + (twoColumns ? qMax(checksHeight, noticeHeight) : checksHeight + noticeHeight);
        height = m_heading->heightForWidth(inner) + body + m_restart->sizeHint().height() + 28 + 40;
        if (height <= available)
            break;
    }
    return qMin(height, available);
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
