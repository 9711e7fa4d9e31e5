#include "DiagramItems.h"

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPainter>
#include <QtMath>
#include <algorithm>
#include <optional>

namespace mf::gui {

namespace {

constexpr double kLabelW = DiagramStyle::kLabelWidth;

QFont bubbleFont(const DiagramStyle &s)
{
    QFont f = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    f.setPixelSize(qMax(10, s.bubblePixelSize));
    f.setBold(s.presentation);
    return f;
}

constexpr QChar kSoftHyphen(0x00ad);

// A node title in lines no wider than `width`: words fill lines; with `hyphenate`, a word too wide
// for a line breaks after a '/' or at a soft hyphen (drawn as "-"), in `maxLines` at most. Nothing
// when it cannot fit.
std::optional<QStringList> titleLayout(const QString &title, const QFont &font, double width, bool hyphenate, int maxLines)
{
    const QFontMetricsF fm(font);
    auto fits = [&](const QString &text) { return fm.horizontalAdvance(text) <= width; };
    struct Unit {
        QString text;
        bool breakAfter = false;
    };
    QList<Unit> units;
    for (const QString &word : title.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString plain = QString(word).remove(kSoftHyphen);
        if (fits(plain)) {
            units << Unit{plain};
            continue;
        }
        if (!hyphenate)
            return std::nullopt;
        // The word's pieces, each ending where it may break.
        QStringList pieces;
        QString piece;
        for (const QChar c : word) {
            piece += c;
            if (c == kSoftHyphen || c == QLatin1Char('/')) {
                pieces << piece;
                piece.clear();
            }
        }
        if (!piece.isEmpty())
            pieces << piece;
        auto shown = [](const QString &chunk) {
            return chunk.endsWith(kSoftHyphen) ? chunk.chopped(1).remove(kSoftHyphen) + QLatin1Char('-')
                                               : QString(chunk).remove(kSoftHyphen);
        };
        QString chunk;
        for (const QString &p : std::as_const(pieces)) {
            if (!chunk.isEmpty() && !fits(shown(chunk + p))) {
                units << Unit{shown(chunk), true};
                chunk.clear();
            }
            chunk += p;
            if (!fits(shown(chunk)))
                return std::nullopt;
        }
        units << Unit{shown(chunk)};
    }
    QStringList lines;
    QString line;
    for (const Unit &u : std::as_const(units)) {
        const QString joined = line.isEmpty() ? u.text : line + QLatin1Char(' ') + u.text;
        if (fits(joined)) {
            line = joined;
        } else {
            lines << line;
            line = u.text;
        }
        if (u.breakAfter) {
            lines << line;
            line.clear();
        }
    }
    if (!line.isEmpty())
        lines << line;
    // More lines would run into the node below.
    if (hyphenate && lines.size() > maxLines)
        return std::nullopt;
    return lines;
}

} // namespace

// ---- NodeItem

NodeItem::NodeItem(const QString &id, const QString &kind, const QColor &tint, const DiagramStyle *style)
    : m_id(id), m_kind(kind), m_tint(tint), m_style(style)
{
    setCacheMode(DeviceCoordinateCache);
    setAcceptHoverEvents(false);
    setZValue(1);
}

QRectF NodeItem::labelRect() const
{
    return QRectF(-m_labelWidth / 2, iconRect().bottom() + 4, m_labelWidth, m_labelHeight);
}

QRectF NodeItem::iconRect() const
{
    const double w = m_style->iconWidth() * (m_kind == QLatin1String("internet") ? 1.6 : 1.0);
    const double h = m_style->iconHeight() * (m_kind == QLatin1String("internet") ? 1.25 : 1.0);
    return QRectF(-w / 2, -h / 2, w, h);
}

QRectF NodeItem::badgeRect() const
{
    if (m_badge.isEmpty())
        return {};
    const double h = m_style->smallFont().pixelSize() + 10;
    const double w = m_badgeWidth + 16 + (m_badgeLocked ? h * 0.8 : 0);
    return QRectF(-w / 2 + m_badgeShift, iconRect().top() - h - 3 - m_badgeLift, w, h);
}

void NodeItem::setBadgeLift(double up)
{
    if (qFuzzyCompare(1.0 + up, 1.0 + m_badgeLift))
        return;
    prepareGeometryChange();
    m_badgeLift = up;
    update();
}

void NodeItem::setBadgeShift(double dx)
{
    if (qFuzzyCompare(1.0 + dx, 1.0 + m_badgeShift))
        return;
    prepareGeometryChange(); // only the badge moves: nothing to measure again
    m_badgeShift = dx;
    update();
}

void NodeItem::setLabel(const QString &title, const QString &detail)
{
    if (title == m_title && detail == m_detail)
        return;
    m_title = title;
    m_detail = detail;
    relayout();
}

void NodeItem::setBadge(const QString &text, bool locked, bool alert)
{
    if (text == m_badge && locked == m_badgeLocked && alert == m_badgeAlert)
        return;
    m_badge = text;
    m_badgeLocked = locked;
    m_badgeAlert = alert;
    relayout();
}

bool NodeItem::titleFitsAt(int pixelSize) const
{
    QFont font = m_style->labelFont(true);
    font.setPixelSize(pixelSize);
    return titleLayout(m_title, font, kLabelW, true, m_maxTitleLines).has_value();
}

void NodeItem::setMaxTitleLines(int lines)
{
    if (lines == m_maxTitleLines)
        return;
    m_maxTitleLines = lines;
    relayout();
}

void NodeItem::setHighlighted(bool on)
{
    if (on == m_highlighted)
        return;
    m_highlighted = on;
    update();
}

void NodeItem::setDown(bool down)
{
    if (down == m_down)
        return;
    m_down = down;
    update();
}

void NodeItem::relayout()
{
    prepareGeometryChange();
    // The largest title size up to the style's at which the words fit the column; at the floor (a
    // projector's smallest readable size) a long word breaks at its soft hyphens rather than shrink.
    m_titleFont = m_style->labelFont(true);
    const int largest = m_titleFont.pixelSize();
    const int floor = qMin(largest, m_style->titleFloorPixelSize);
    std::optional<QStringList> lines;
    for (int size = largest; size >= qMax(9, floor) && !lines; --size) {
        m_titleFont.setPixelSize(size);
        lines = titleLayout(m_title, m_titleFont, kLabelW, false, m_maxTitleLines);
    }
    for (int size = largest; size >= floor && floor > 0 && !lines; --size) {
        m_titleFont.setPixelSize(size);
        lines = titleLayout(m_title, m_titleFont, kLabelW, true, m_maxTitleLines);
    }
    for (int size = qMin(largest, floor > 0 ? floor - 1 : largest); size >= 8 && !lines; --size) {
        m_titleFont.setPixelSize(size);
        lines = titleLayout(m_title, m_titleFont, kLabelW, true, m_maxTitleLines);
    }
    m_titleLines = lines ? *lines : QStringList{QString(m_title).remove(QChar(0x00ad))};
    // The detail (a host name, "mx2.b.example (backup)") shrinks by a quarter at most: smaller would be
    // unreadable on a projector. Then it goes on two lines, at the largest size where every word fits;
    // a single word still too wide is cut in the middle.
    const double detailWidth = kLabelW + 8;
    const QFont usualDetail = m_style->smallFont();
    // Presenting, a host name may shrink further (to 3/5) rather than lose its middle to "…".
    const int smallestDetail = qMax(8, m_style->presentation ? usualDetail.pixelSize() * 3 / 5 : usualDetail.pixelSize() * 3 / 4);
    const auto largestFitting = [&](const QStringList &parts) {
        QFont f = usualDetail;
        for (int size = usualDetail.pixelSize(); size >= smallestDetail; --size) {
            f.setPixelSize(size);
            const QFontMetricsF fm(f);
            if (std::all_of(parts.cbegin(), parts.cend(),
                            [&](const QString &part) { return fm.horizontalAdvance(part) <= detailWidth; }))
                return std::optional<QFont>(f);
        }
        return std::optional<QFont>();
    };
    m_detailWraps = false;
    if (const auto oneLine = largestFitting({m_detail})) {
        m_detailFont = *oneLine;
    } else if (const auto words = m_detail.contains(QLatin1Char(' '))
                                      ? largestFitting(m_detail.split(QLatin1Char(' '), Qt::SkipEmptyParts))
                                      : std::nullopt) {
        m_detailFont = *words;
        m_detailWraps = true;
    } else {
        m_detailFont = usualDetail;
        m_detailFont.setPixelSize(smallestDetail);
    }
    const QFontMetricsF title(m_titleFont);
    const QFontMetricsF detail(m_detailFont);
    m_detailHeight = m_detailWraps ? detail.boundingRect(QRectF(0, 0, kLabelW + 8, 1000),
                                                         Qt::AlignHCenter | Qt::TextWordWrap, m_detail).height()
                                   : detail.height();
    m_titleHeight = title.lineSpacing() * double(m_titleLines.size());
    m_labelWidth = 0;
    for (const QString &line : std::as_const(m_titleLines))
        m_labelWidth = qMax(m_labelWidth, title.horizontalAdvance(line));
    const QStringList detailLines = m_detailWraps ? m_detail.split(QLatin1Char(' '), Qt::SkipEmptyParts) : QStringList{m_detail};
    for (const QString &line : detailLines)
        m_labelWidth = qMax(m_labelWidth, qMin(kLabelW + 8, detail.horizontalAdvance(line)));
    m_labelHeight = m_titleHeight + (m_detail.isEmpty() ? 0 : m_detailHeight + 1);
    m_badgeWidth = m_badge.isEmpty() ? 0 : QFontMetricsF(m_style->smallFont()).horizontalAdvance(m_badge);
    update();
}

QRectF NodeItem::boundingRect() const
{
    const QRectF icon = iconRect();
    QRectF r = icon.adjusted(-8, -8, 8, 8);
    r = r.united(QRectF(-kLabelW / 2 - 6, icon.bottom(), kLabelW + 12, m_labelHeight + 14));
    if (!m_badge.isEmpty())
        r = r.united(badgeRect().adjusted(-2, -2, 2, 2));
    return r;
}

QPainterPath NodeItem::shape() const
{
    QPainterPath p;
    const QRectF icon = iconRect();
    p.addRect(icon.adjusted(-6, -6, 6, 6).united(QRectF(-kLabelW / 2, icon.bottom(), kLabelW, m_labelHeight + 8)));
    return p;
}

void NodeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const DiagramStyle &s = *m_style;
    p->setRenderHint(QPainter::Antialiasing);
    p->setRenderHint(QPainter::TextAntialiasing);
    const QRectF icon = iconRect();
    const QRectF label(-kLabelW / 2, icon.bottom() + 4, kLabelW, m_labelHeight + 2);
    if (m_highlighted) {
        p->setPen(QPen(s.selection.darker(130), s.outlineWidth + 1));
        QColor fill = s.selection;
        fill.setAlpha(70);
        p->setBrush(fill);
        p->drawRoundedRect(icon.adjusted(-6, -6, 6, 6).united(label.adjusted(-4, 0, 4, 4)), 10, 10);
    }
    paintNodeIcon(p, m_kind, icon, s, m_down ? QColor(0x9e, 0x9e, 0x9e) : m_tint);
    if (m_down) {
        p->setPen(QPen(s.downEdge, s.outlineWidth + 3, Qt::SolidLine, Qt::RoundCap));
        const QRectF x = icon.adjusted(12, 8, -12, -8);
        p->drawLine(x.topLeft(), x.bottomRight());
        p->drawLine(x.topRight(), x.bottomLeft());
    }

    p->setPen(s.text);
    p->setFont(m_titleFont);
    const double lineHeight = QFontMetricsF(m_titleFont).lineSpacing();
    for (qsizetype i = 0; i < m_titleLines.size(); ++i)
        p->drawText(QRectF(label.left() - 4, label.top() + lineHeight * double(i), label.width() + 8, lineHeight),
                    Qt::AlignHCenter | Qt::AlignVCenter, m_titleLines[i]);
    if (!m_detail.isEmpty()) {
        p->setFont(m_detailFont);
        p->setPen(s.mutedText);
        const QFontMetricsF fm(m_detailFont);
        const QRectF area(label.left() - 4, label.top() + m_titleHeight + 1, label.width() + 8, m_detailHeight);
        if (m_detailWraps)
            p->drawText(area, Qt::AlignHCenter | Qt::TextWordWrap, m_detail);
        else
            p->drawText(area, Qt::AlignHCenter, fm.elidedText(m_detail, Qt::ElideMiddle, area.width()));
    }

    if (!m_badge.isEmpty()) {
        const QRectF b = badgeRect();
        p->setPen(QPen(Qt::white, 1.5));
        p->setBrush(m_badgeAlert ? s.downEdge : s.badge);
        p->drawRoundedRect(b, b.height() / 2, b.height() / 2);
        double textLeft = b.left() + 8;
        if (m_badgeLocked) {
            paintPadlock(p, QPointF(b.left() + 8 + b.height() * 0.35, b.center().y() - 1), b.height() * 0.72, QColor(0xff, 0xd5, 0x4f), s);
            textLeft += b.height() * 0.8;
        }
        p->setPen(s.badgeText);
        p->setFont(s.smallFont());
        p->drawText(QRectF(textLeft, b.top(), m_badgeWidth + 2, b.height()), Qt::AlignVCenter | Qt::AlignLeft, m_badge);
    }
}

// ---- EdgeItem

EdgeItem::EdgeItem(const QPointF &from, const QPointF &to, bool curved, bool dashed, const DiagramStyle *style)
    : m_dashed(dashed), m_style(style)
{
    setCacheMode(DeviceCoordinateCache);
    setZValue(0);
    m_path.moveTo(from);
    if (curved) {
        // Bend below the straight line (a hop going back under the nodes between).
        const QPointF mid = (from + to) / 2;
        const QPointF d = to - from;
        const double len = qMax(1.0, qSqrt(d.x() * d.x() + d.y() * d.y()));
        QPointF normal(-d.y() / len, d.x() / len);
        if (normal.y() < 0)
            normal = -normal;
        // Deep enough that a link going back along a row passes under the labels of the nodes between.
        const bool alongRow = qAbs(d.y()) < qAbs(d.x()) * 0.3;
        m_path.quadTo(mid + normal * (alongRow ? 260.0 : qMin(110.0, 40 + len * 0.22)), to);
    } else {
        m_path.lineTo(to);
    }
    relayout();
}

void EdgeItem::relayout()
{
    prepareGeometryChange();
    // Draw only between the icons: from where the path leaves the first to where it enters the second.
    const double length = m_path.length();
    // A link leaving a node downwards (or arriving from below) starts under its label, not through it.
    // Presenting, a label is two lines of title and a line of detail at the larger size.
    const bool presenting = m_style->presentation;
    const double labelBelow = m_style->iconHeight() / 2 + m_style->labelPixelSize * (presenting ? 3.7 : 3.2);
    auto trimAt = [&](double percent) {
        const double angle = m_path.angleAtPercent(percent); // counter-clockwise, 0 = east
        const double outward = percent < 0.5 ? angle : angle + 180;
        const double down = -qSin(qDegreesToRadians(outward)); // scene y grows downwards
        if (!presenting)
            return qMin(length * 0.4, down > 0.35 ? labelBelow : 44.0);
        if (down > 0.35)
            return labelBelow;
        // Where the path leaves the (smaller) icon, and a little more.
        const double dx = qAbs(qCos(qDegreesToRadians(outward))), dy = qAbs(down);
        const double halfW = m_style->iconWidth() / 2, halfH = m_style->iconHeight() / 2;
        return qMin(dx > 0.01 ? halfW / dx : 1e9, dy > 0.01 ? halfH / dy : 1e9) + 8;
    };
    double trim0 = trimAt(0), trim1 = trimAt(1) + 4;
    if (presenting && trim0 + trim1 > length - 24) {
        // A short link under a tall label: what is left of it, shared out.
        const double f = qMax(0.0, length - 24) / (trim0 + trim1);
        trim0 *= f;
        trim1 *= f;
    }
    const double t0 = m_path.percentAtLength(trim0);
    const double t1 = m_path.percentAtLength(length - trim1);
    m_visible = QPainterPath();
    constexpr int kSteps = 24;
    for (int i = 0; i <= kSteps; ++i) {
        const QPointF pt = m_path.pointAtPercent(t0 + (t1 - t0) * i / kSteps);
        if (i == 0)
            m_visible.moveTo(pt);
        else
            m_visible.lineTo(pt);
    }
    m_arrowTip = m_path.pointAtPercent(t1);
    m_arrowAngle = m_path.angleAtPercent(t1);
    m_startTip = m_path.pointAtPercent(t0);
    m_startAngle = m_path.angleAtPercent(t0) + 180;
    update();
}

void EdgeItem::setTwoWay(bool twoWay)
{
    if (twoWay != m_twoWay) {
        m_twoWay = twoWay;
        update();
    }
}

void EdgeItem::setLocked(bool locked)
{
    if (locked != m_locked) {
        m_locked = locked;
        update();
    }
}

void EdgeItem::setDown(bool down)
{
    if (down != m_down) {
        m_down = down;
        update();
    }
}

void EdgeItem::setRefused(const QString &text, bool flash)
{
    if (text == m_refused && flash == m_flash)
        return;
    m_refused = text;
    m_flash = flash;
    update();
}

void EdgeItem::setActive(bool active)
{
    if (active != m_active) {
        m_active = active;
        update();
    }
}

QRectF EdgeItem::boundingRect() const
{
    return m_visible.boundingRect().adjusted(-24, -24, 24, 24);
}

void EdgeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const DiagramStyle &s = *m_style;
    p->setRenderHint(QPainter::Antialiasing);
    const bool refused = !m_refused.isEmpty();
    QColor color = m_down || refused ? s.downEdge : m_locked ? s.lockedEdge : s.edge;
    double width = s.edgeWidth * (m_active ? 1.8 : 1.0) * (m_flash ? 2.2 : 1.0);
    QPen pen(color, width, m_dashed || m_down || refused ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p->setPen(pen);
    p->setBrush(Qt::NoBrush);
    p->drawPath(m_visible);
    if (!m_dashed) {
        // Arrowhead: the direction mail normally takes.
        p->save();
        p->translate(m_arrowTip);
        p->rotate(-m_arrowAngle);
        const double a = 7 + s.edgeWidth * 1.6;
        QPolygonF head{QPointF(0, 0), QPointF(-a, -a * 0.55), QPointF(-a, a * 0.55)};
        p->setPen(Qt::NoPen);
        p->setBrush(color);
        p->drawPolygon(head);
        p->restore();
        if (m_twoWay) {
            // The request's head at the start: drawn open, so the message's (filled) head stands out.
            p->save();
            p->translate(m_startTip);
            p->rotate(-m_startAngle);
            p->setPen(QPen(color, qMax(1.5, s.edgeWidth * 0.7), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p->setBrush(s.background);
            p->drawPolygon(head);
            p->restore();
        }
    }
    const QPointF mid = m_path.pointAtPercent(0.5);
    if (m_locked && !m_down) {
        // The padlock sits on the link: this conversation was encrypted (STARTTLS or implicit TLS).
        const double size = 22 + s.edgeWidth * 2;
        p->setPen(QPen(color, 2));
        p->setBrush(Qt::white);
        p->drawEllipse(mid, size * 0.68, size * 0.68);
        paintPadlock(p, mid, size * 0.9, color, s);
    }
    if (m_down || refused) {
        p->setPen(QPen(s.downEdge, s.edgeWidth + 2, Qt::SolidLine, Qt::RoundCap));
        p->drawLine(mid + QPointF(-10, -10), mid + QPointF(10, 10));
        p->drawLine(mid + QPointF(10, -10), mid + QPointF(-10, 10));
    }
}

// ---- EnvelopeItem

EnvelopeItem::EnvelopeItem(const QString &flow, const DiagramStyle *style) : m_flow(flow), m_style(style)
{
    // Not cached: on X11 a device-coordinate cache kept painting the envelope without the countdown pill
    // that grew its bounds while it moved (seen under Xvfb); an envelope is cheap to paint.
    setCacheMode(NoCache);
    setZValue(3);
    relayout();
}

void EnvelopeItem::setLook(bool bounce, bool failed)
{
    if (bounce == m_bounce && failed == m_failed)
        return;
    m_bounce = bounce;
    m_failed = failed;
    update();
}

void EnvelopeItem::setCountdown(const QString &text)
{
    if (text == m_countdown)
        return;
    m_countdown = text;
    relayout();
}

void EnvelopeItem::setLabel(const QString &text)
{
    if (text == m_label)
        return;
    m_label = text;
    relayout();
}

void EnvelopeItem::setHighlighted(bool on)
{
    if (on == m_highlighted)
        return;
    m_highlighted = on;
    setZValue(on ? 3.5 : 3);
    update();
}

void EnvelopeItem::relayout()
{
    prepareGeometryChange();
    const double scale = m_style->presentation ? 1.25 : 1.0;
    const double w = DiagramStyle::kEnvelopeWidth * scale, h = DiagramStyle::kEnvelopeHeight * scale;
    const QFontMetricsF fm(m_style->smallFont());
    double textW = 0;
    if (!m_countdown.isEmpty())
        textW = fm.horizontalAdvance(m_countdown) + 14;
    if (!m_label.isEmpty())
        textW = qMax(textW, fm.horizontalAdvance(m_label) + 12);
    const double bw = qMax(w, textW) + 10;
    // The countdown pill sits above the envelope: below it, it would cover the name of the node the
    // envelope waits at. The recipient's pill hangs just under the envelope, over the node's icon.
    const double pill = m_countdown.isEmpty() ? 0 : fm.height() + 6;
    const double labelPill = m_label.isEmpty() ? 0 : fm.height() + 2;
    m_bounds = QRectF(-bw / 2, -h / 2 - 5 - pill, bw, h + 10 + pill + labelPill);
    update();
}

QRectF EnvelopeItem::boundingRect() const
{
    return m_bounds;
}

void EnvelopeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const DiagramStyle &s = *m_style;
    p->setRenderHint(QPainter::Antialiasing);
    const double scale = s.presentation ? 1.25 : 1.0;
    const QRectF body(-DiagramStyle::kEnvelopeWidth * scale / 2, -DiagramStyle::kEnvelopeHeight * scale / 2,
                      DiagramStyle::kEnvelopeWidth * scale, DiagramStyle::kEnvelopeHeight * scale);
    if (m_highlighted) {
        p->setPen(QPen(s.selection.darker(120), 4));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(body.adjusted(-4, -4, 4, 4), 4, 4);
    }
    p->setPen(QPen(s.outline, s.presentation ? 2.2 : 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p->setBrush(m_bounce ? s.envelopeBounce : s.envelope);
    p->drawRect(body);
    QPainterPath flap;
    flap.moveTo(body.topLeft());
    flap.lineTo(body.center().x(), body.top() + body.height() * 0.58);
    flap.lineTo(body.topRight());
    p->setBrush(Qt::NoBrush);
    p->drawPath(flap);
    if (m_failed) {
        p->setPen(QPen(s.envelopeFailed, 3.5, Qt::SolidLine, Qt::RoundCap));
        p->drawLine(body.topLeft() + QPointF(3, 2), body.bottomRight() - QPointF(3, 2));
        p->drawLine(body.topRight() + QPointF(-3, 2), body.bottomLeft() + QPointF(3, -2));
    }
    // The message's flow id in the lower part of the envelope ("m1", "m1.2" for a copy).
    QFont idFont = s.smallFont();
    idFont.setPixelSize(qMax(8, int(body.height() * 0.42)));
    idFont.setBold(true);
    p->setFont(idFont);
    p->setPen(s.text);
    p->drawText(body.adjusted(2, body.height() * 0.45, -2, 0), Qt::AlignHCenter | Qt::AlignVCenter, m_flow);
    if (!m_countdown.isEmpty()) {
        // How long until the next delivery attempt, in simulated time.
        const QFontMetricsF fm(s.smallFont());
        p->setFont(s.smallFont());
        const QRectF pill(m_bounds.left() + 1, body.top() - 4 - (fm.height() + 2), m_bounds.width() - 2, fm.height() + 2);
        p->setPen(Qt::NoPen);
        p->setBrush(s.badge);
        p->drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
        p->setPen(s.badgeText);
        p->drawText(pill, Qt::AlignCenter, m_countdown);
    }
    if (!m_label.isEmpty()) {
        const QFontMetricsF fm(s.smallFont());
        p->setFont(s.smallFont());
        const double lw = fm.horizontalAdvance(m_label) + 12;
        const QRectF pill(-lw / 2, body.bottom() + 2, lw, fm.height() + 2);
        p->setPen(QPen(s.outline, 1));
        p->setBrush(s.envelope);
        p->drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
        p->setPen(s.text);
        p->drawText(pill, Qt::AlignCenter, m_label);
    }
}

// ---- BubbleItem

BubbleItem::BubbleItem(bool fromClient, const DiagramStyle *style) : m_fromClient(fromClient), m_style(style)
{
    setCacheMode(DeviceCoordinateCache);
    setZValue(4);
}

void BubbleItem::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    relayout();
}

void BubbleItem::relayout()
{
    prepareGeometryChange();
    const QFontMetricsF fm(bubbleFont(*m_style));
    QString t = m_text;
    t.replace(QLatin1Char('\t'), QLatin1Char(' '));
    // A long command goes on a second line (broken at a space where there is one); only a line longer
    // than two (base64, a long header) is cut: the transcript panel shows it whole.
    const QString whole = (m_fromClient ? QStringLiteral("C: ") : QStringLiteral("S: ")) + t;
    const double maxWidth = fm.averageCharWidth() * 34;
    m_lines.clear();
    if (fm.horizontalAdvance(whole) <= maxWidth) {
        m_lines << whole;
    } else {
        int cut = 1;
        while (cut < whole.size() && fm.horizontalAdvance(whole.left(cut + 1)) <= maxWidth)
            ++cut;
        const int space = int(whole.lastIndexOf(QLatin1Char(' '), cut));
        if (space > cut / 2)
            cut = space + 1;
        m_lines << whole.left(cut).trimmed() << fm.elidedText(whole.mid(cut), Qt::ElideRight, maxWidth);
    }
    m_shown = m_lines.join(QLatin1Char(' '));
    double width = 0;
    for (const QString &line : std::as_const(m_lines))
        width = qMax(width, fm.horizontalAdvance(line));
    m_size = QSizeF(width + 16, fm.lineSpacing() * double(m_lines.size()) + (fm.height() - fm.lineSpacing()) + 10);
    update();
}

QFont BubbleItem::font() const
{
    return bubbleFont(*m_style);
}

QRectF BubbleItem::boundingRect() const
{
    return QRectF(-2, -2, m_size.width() + 4, m_size.height() + 12);
}

void BubbleItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const DiagramStyle &s = *m_style;
    p->setRenderHint(QPainter::Antialiasing);
    const QRectF box(0, 0, m_size.width(), m_size.height());
    QPainterPath bubble;
    bubble.addRoundedRect(box, 8, 8);
    // The tail points down towards the link, on the client's side for commands and the server's for replies.
    const double tx = m_fromClient ? box.left() + 18 : box.right() - 18;
    QPainterPath tail;
    tail.moveTo(tx - 7, box.bottom() - 1);
    tail.lineTo(tx, box.bottom() + 9);
    tail.lineTo(tx + 7, box.bottom() - 1);
    tail.closeSubpath();
    bubble = bubble.united(tail);
    p->setPen(QPen(s.outline, s.presentation ? 2 : 1.2));
    p->setBrush(m_fromClient ? s.clientBubble : s.serverBubble);
    p->drawPath(bubble);
    p->setPen(s.text);
    p->setFont(bubbleFont(s));
    const QFontMetricsF fm(bubbleFont(s));
    for (qsizetype i = 0; i < m_lines.size(); ++i)
        p->drawText(QRectF(box.left() + 8, box.top() + 5 + fm.lineSpacing() * double(i), box.width() - 14, fm.lineSpacing()),
                    Qt::AlignVCenter | Qt::AlignLeft, m_lines[i]);
}

// ---- RegionItem

RegionItem::RegionItem(const QRectF &rect, const QColor &tint, const DiagramStyle *style)
    : m_rect(rect), m_tint(tint), m_style(style)
{
    setCacheMode(DeviceCoordinateCache);
    setZValue(-1);
}

void RegionItem::setTitle(const QString &title)
{
    m_title = title;
    update();
}

void RegionItem::setRect(const QRectF &rect)
{
    if (rect == m_rect)
        return;
    prepareGeometryChange();
    m_rect = rect;
    update();
}

QRectF RegionItem::boundingRect() const
{
    return m_rect.adjusted(-2, -2, 2, 2);
}

namespace {

QFont regionTitleFont(const DiagramStyle &s)
{
    QFont f = s.labelFont(true);
    f.setPixelSize(int(s.labelPixelSize * 1.1));
    return f;
}

} // namespace

QRectF RegionItem::titleRect() const
{
    const QFontMetricsF fm(regionTitleFont(*m_style));
    const QRectF area = m_rect.adjusted(14, 6, -14, 0);
    return QRectF(area.topLeft(), QSizeF(qMin(area.width(), fm.horizontalAdvance(m_title)), fm.height()));
}

void RegionItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const DiagramStyle &s = *m_style;
    p->setRenderHint(QPainter::Antialiasing);
    QColor fill = m_tint;
    fill.setAlpha(s.presentation ? 22 : 18);
    QColor border = m_tint;
    border.setAlpha(s.presentation ? 200 : 110);
    p->setPen(QPen(border, s.presentation ? 2.5 : 1.5));
    p->setBrush(fill);
    p->drawRoundedRect(m_rect, 16, 16);
    p->setFont(regionTitleFont(s));
    p->setPen(m_tint.darker(s.presentation ? 160 : 130));
    p->drawText(m_rect.adjusted(14, 6, -14, 0), Qt::AlignTop | Qt::AlignLeft, m_title);
}

// ---- DiagramScene

void DiagramScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, background);
    for (RegionItem *region : std::as_const(regions))
        if (region->boundingRect().intersects(rect))
            region->paint(painter, nullptr, nullptr);
}

} // namespace mf::gui
