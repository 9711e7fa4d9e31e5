#include "CaptionStrip.h"

#include "WorldSession.h"
#include "i18n/PresentationMode.h"
#include "labels/NodeNames.h"
#include "narration/EventNarrator.h"

#include <QEvent>
#include <QLabel>
#include <QResizeEvent>
#include <QVBoxLayout>

namespace mf::gui {

namespace {

// Type sizes (px): a projector's caption is read from the last row.
constexpr int kHeadlinePx = 16;
constexpr int kExplanationPx = 15;
constexpr int kPresentingHeadlinePx = 30;
constexpr int kPresentingExplanationPx = 26;
// A long explanation is set smaller, down to these sizes, so that it fits its three lines whole.
constexpr int kSmallestExplanationPx = 12;
constexpr int kSmallestPresentingExplanationPx = 20;
constexpr int kExplanationLines = 3;

// The event whose story the caption tells: the cursor's, or the last one before it that is a row of the
// lesson (the eavesdropper's bytes and the end card's checks are not).
int storyEvent(const EventLog &log, int cursor)
{
    for (int i = qMin(cursor, log.size() - 1); i >= 0; --i) {
        const EventKind kind = log.at(i).kind;
        if (kind != EventKind::Wire && kind != EventKind::Expectation)
            return i;
    }
    return -1;
}

} // namespace

CaptionStrip::CaptionStrip(WorldSession &session, QWidget *parent)
    : QFrame(parent), m_session(session), m_headline(new QLabel(this)), m_explanation(new QLabel(this))
{
    setObjectName(QStringLiteral("captionStrip"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    m_headline->setObjectName(QStringLiteral("captionHeadline"));
    m_explanation->setObjectName(QStringLiteral("captionExplanation"));
    m_headline->setTextFormat(Qt::PlainText);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long line is cut at the strip's edge rather than widening the window.
    m_headline->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_explanation->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 8);
    layout->setSpacing(2);
    layout->addWidget(m_headline);
    layout->addWidget(m_explanation);
    // Height for the headline and three lines of explanation: the diagram above does not jump when a
    // sentence is longer.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    connect(&m_session, &WorldSession::cursorMoved, this, &CaptionStrip::refresh);
    connect(&m_session, &WorldSession::worldChanged, this, &CaptionStrip::refresh);
    connect(&m_session, &WorldSession::languageChanged, this, &CaptionStrip::refresh);
    connect(&m_session, &WorldSession::stateChanged, this, &CaptionStrip::refresh);
    applyFonts();
    refresh();
}

QString CaptionStrip::headline() const
{
    return m_headlineText;
}

QString CaptionStrip::explanation() const
{
    return m_explanation->text();
}

int CaptionStrip::explanationPixelSize() const
{
    return m_explanation->font().pixelSize();
}

void CaptionStrip::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    fitText();
}

void CaptionStrip::fitText()
{
    // The headline ends in "…" where the strip ends (its tooltip has it whole).
    const int width = qMax(40, contentsRect().width() - 24);
    m_headline->setText(QFontMetrics(m_headline->font()).elidedText(m_headlineText, Qt::ElideRight, width));
    // The explanation at the largest size at which it fits its lines.
    const bool presenting = PresentationMode::isActive();
    QFont f = m_explanation->font();
    const int largest = presenting ? kPresentingExplanationPx : kExplanationPx;
    const int smallest = presenting ? kSmallestPresentingExplanationPx : kSmallestExplanationPx;
    for (int px = largest; px >= smallest; --px) {
        f.setPixelSize(px);
        const QFontMetrics fm(f);
        const QRect needed = fm.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, m_explanation->text());
        if (needed.height() <= kExplanationLines * fm.lineSpacing())
            break;
    }
    if (f != m_explanation->font())
        m_explanation->setFont(f);
}

void CaptionStrip::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        refresh();
    else if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        applyFonts();
}

void CaptionStrip::applyFonts()
{
    const bool presenting = PresentationMode::isActive();
    QFont headline = m_headline->font();
    headline.setPixelSize(presenting ? kPresentingHeadlinePx : kHeadlinePx);
    headline.setBold(true);
    QFont explanation = m_explanation->font();
    explanation.setPixelSize(presenting ? kPresentingExplanationPx : kExplanationPx);
    explanation.setBold(false);
    // Setting a font sends FontChange again: only when something differs.
    if (headline != m_headline->font())
        m_headline->setFont(headline);
    if (explanation != m_explanation->font())
        m_explanation->setFont(explanation);
    const QFontMetrics h(headline), e(explanation);
    setFixedHeight(h.lineSpacing() + kExplanationLines * e.lineSpacing() + 18);
    fitText();
}

void CaptionStrip::refresh()
{
    const World *world = m_session.world();
    const Language language = m_session.language();
    const int at = world ? storyEvent(world->log(), m_session.cursor()) : -1;
    const SimEvent *event = at >= 0 ? &world->log().at(at) : nullptr;
    // Before the first step (only the lesson's opening note is on show), the keys that move the lesson.
    const bool fresh = world && (at < 0 || (at == 0 && event->kind == EventKind::Note && m_session.cursor() <= 0));
    if (!world) {
        setHeadline(tr("Open a lesson from the Lessons panel."));
        m_explanation->clear();
    } else if (fresh) {
        setHeadline(tr("%1 is ready.").arg(world->scenario().title.in(language)));
        m_explanation->setText(tr("Press Space to play the lesson, → to watch one hop, Shift+→ for one protocol "
                                  "command, ← to go back. Click a node or an envelope to inspect it."));
    } else {
        const QString marker = narration::marker(*event, language);
        const QString summary = event->kind == EventKind::Hop
                                    ? NodeNames::hopHeadline(*event, language, world->scenario().sendingDomain())
                                    : narration::summary(*event, language);
        setHeadline(marker.isEmpty() ? summary : marker + QStringLiteral("  ") + summary);
        m_explanation->setText(narration::explanation(*event, language));
    }
    m_headline->setToolTip(m_headlineText);
    fitText();
}

void CaptionStrip::setHeadline(const QString &text)
{
    m_headlineText = text;
}

} // namespace mf::gui
