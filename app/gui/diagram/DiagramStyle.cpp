#include "DiagramStyle.h"

#include <QPainter>
#include <QPainterPath>

namespace mf::gui {

DiagramStyle DiagramStyle::normal()
{
    DiagramStyle s;
    s.background = QColor(0xfb, 0xfc, 0xfe);
    s.text = QColor(0x1d, 0x23, 0x2f);
    s.mutedText = QColor(0x55, 0x5e, 0x6e);
    s.edge = QColor(0x9a, 0xa5, 0xb8);
    s.lockedEdge = QColor(0x2e, 0x8b, 0x57);
    s.downEdge = QColor(0xd3, 0x2f, 0x2f);
    s.senderTint = QColor(0x3f, 0x7f, 0xd8);
    s.receiverTint = QColor(0x2f, 0xa0, 0x6e);
    s.middleTint = QColor(0x8a, 0x5c, 0xc7);
    s.outline = QColor(0x2b, 0x33, 0x42);
    s.selection = QColor(0xff, 0xb3, 0x00);
    s.envelope = QColor(0xff, 0xf4, 0xc7);
    s.envelopeBounce = QColor(0xff, 0x8a, 0x3d);
    s.envelopeFailed = QColor(0xd3, 0x2f, 0x2f);
    s.badge = QColor(0x2b, 0x33, 0x42);
    s.badgeText = QColor(Qt::white);
    s.clientBubble = QColor(0xdc, 0xea, 0xff);
    s.serverBubble = QColor(0xdc, 0xf5, 0xe6);
    s.regionFill = QColor(0xee, 0xf2, 0xf8);
    return s;
}

DiagramStyle DiagramStyle::highContrast()
{
    DiagramStyle s = normal();
    s.presentation = true;
    s.background = QColor(Qt::white);
    s.text = QColor(Qt::black);
    s.mutedText = QColor(0x20, 0x20, 0x20);
    s.edge = QColor(0x30, 0x30, 0x30);
    s.lockedEdge = QColor(0x00, 0x6b, 0x2d);
    s.downEdge = QColor(0xc0, 0x00, 0x00);
    s.senderTint = QColor(0x00, 0x4f, 0xc4);
    s.receiverTint = QColor(0x00, 0x7a, 0x3d);
    s.middleTint = QColor(0x5b, 0x1f, 0xa8);
    s.outline = QColor(Qt::black);
    s.selection = QColor(0xff, 0x9d, 0x00);
    s.envelope = QColor(0xff, 0xe0, 0x4a);
    s.envelopeBounce = QColor(0xff, 0x5a, 0x00);
    s.badge = QColor(Qt::black);
    s.clientBubble = QColor(0xc4, 0xdc, 0xff);
    s.serverBubble = QColor(0xc2, 0xf0, 0xd2);
    s.regionFill = QColor(0xf0, 0xf0, 0xf0);
    s.edgeWidth = 5;
    s.outlineWidth = 3;
    s.labelPixelSize = 20;
    s.iconScale = 0.82;
    s.bubblePixelSize = 18;
    return s;
}

QFont DiagramStyle::labelFont(bool bold) const
{
    QFont f;
    f.setPixelSize(labelPixelSize);
    f.setBold(bold);
    return f;
}

QFont DiagramStyle::smallFont() const
{
    QFont f;
    f.setPixelSize(qMax(8, int(labelPixelSize * 0.8)));
    f.setBold(presentation);
    return f;
}

namespace {

QPen outlinePen(const DiagramStyle &s)
{
    QPen pen(s.outline, s.outlineWidth);
    pen.setJoinStyle(Qt::RoundJoin);
    pen.setCapStyle(Qt::RoundCap);
    return pen;
}

void person(QPainter *p, const QRectF &r, const QColor &fill)
{
    const double cx = r.center().x();
    const double head = r.height() * 0.36;
    p->setBrush(fill);
    p->drawEllipse(QRectF(cx - head / 2, r.top(), head, head));
    QPainterPath body;
    const double top = r.top() + head + 3;
    const double w = r.width() * 0.62;
    body.moveTo(cx - w / 2, r.bottom());
    body.lineTo(cx - w / 2, top + 10);
    body.quadTo(cx - w / 2, top, cx - w / 2 + 10, top);
    body.lineTo(cx + w / 2 - 10, top);
    body.quadTo(cx + w / 2, top, cx + w / 2, top + 10);
    body.lineTo(cx + w / 2, r.bottom());
    body.closeSubpath();
    p->drawPath(body);
}

void smallEnvelope(QPainter *p, const QRectF &r, const QColor &fill)
{
    p->setBrush(fill);
    p->drawRect(r);
    QPainterPath flap;
    flap.moveTo(r.topLeft());
    flap.lineTo(r.center().x(), r.top() + r.height() * 0.55);
    flap.lineTo(r.topRight());
    p->drawPath(flap);
}

void cloud(QPainter *p, const QRectF &r, const QColor &fill)
{
    QPainterPath c;
    const double w = r.width(), h = r.height();
    c.addEllipse(QRectF(r.left(), r.top() + h * 0.35, w * 0.42, h * 0.6));
    c.addEllipse(QRectF(r.left() + w * 0.2, r.top() + h * 0.05, w * 0.45, h * 0.7));
    c.addEllipse(QRectF(r.left() + w * 0.48, r.top() + h * 0.18, w * 0.42, h * 0.62));
    c.addEllipse(QRectF(r.left() + w * 0.62, r.top() + h * 0.4, w * 0.38, h * 0.55));
    c.addRoundedRect(QRectF(r.left() + w * 0.15, r.top() + h * 0.55, w * 0.72, h * 0.4), 8, 8);
    p->setBrush(fill);
    p->drawPath(c.simplified());
}

void serverTower(QPainter *p, const QRectF &box, const QColor &tint, const QColor &light)
{
    p->setBrush(tint);
    p->drawRoundedRect(box, 5, 5);
    for (int i = 0; i < 3; ++i) {
        const QRectF bay(box.left() + 6, box.top() + 6 + i * (box.height() - 12) / 3, box.width() - 12, (box.height() - 12) / 3 - 4);
        p->setBrush(light);
        p->drawRoundedRect(bay, 2, 2);
        p->setBrush(QColor(0x7c, 0xff, 0x7a));
        p->drawEllipse(QPointF(bay.right() - 6, bay.center().y()), 2.5, 2.5);
    }
}

} // namespace

void paintNodeIcon(QPainter *p, const QString &kind, const QRectF &rect, const DiagramStyle &s, const QColor &tint)
{
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->setPen(outlinePen(s));
    const QColor light = tint.lighter(175);
    const QColor white(Qt::white);
    const QRectF r = rect.adjusted(4, 4, -4, -4);
    const double cx = r.center().x();

    if (kind == QLatin1String("user") || kind == QLatin1String("other")) {
        person(p, QRectF(cx - r.height() * 0.5, r.top(), r.height(), r.height()), kind == QLatin1String("other") ? QColor(0xb0, 0x3a, 0x2e) : tint);
    } else if (kind == QLatin1String("ua")) {
        // A laptop showing a letter: the user agent is the mail program.
        const QRectF screen(r.left() + 6, r.top(), r.width() - 12, r.height() * 0.7);
        p->setBrush(light);
        p->drawRoundedRect(screen, 4, 4);
        QPainterPath base;
        base.moveTo(r.left(), r.bottom());
        base.lineTo(r.left() + 6, screen.bottom() + 2);
        base.lineTo(r.right() - 6, screen.bottom() + 2);
        base.lineTo(r.right(), r.bottom());
        base.closeSubpath();
        p->setBrush(tint);
        p->drawPath(base);
        smallEnvelope(p, QRectF(screen.center().x() - 12, screen.center().y() - 8, 24, 16), white);
    } else if (kind == QLatin1String("spool")) {
        // A stack of trays: messages wait here in order.
        const double h = r.height() / 4.2;
        for (int i = 0; i < 3; ++i) {
            const QRectF tray(r.left() + 4, r.top() + h * 0.4 + i * (h + 3), r.width() - 8, h);
            p->setBrush(i == 0 ? light : tint.lighter(140 - i * 15));
            p->drawRoundedRect(tray, 3, 3);
        }
        p->setBrush(white);
        smallEnvelope(p, QRectF(cx - 10, r.top() - 2, 20, 12), white);
    } else if (kind == QLatin1String("alias-expander")) {
        // One arrow splitting into three: one address becomes several mailboxes.
        p->setBrush(light);
        p->drawRoundedRect(r, 8, 8);
        QPen arrow(s.outline, s.outlineWidth + 0.5);
        arrow.setCapStyle(Qt::RoundCap);
        p->setPen(arrow);
        const QPointF start(r.left() + 10, r.center().y());
        const QPointF fork(r.center().x() - 4, r.center().y());
        p->drawLine(start, fork);
        for (double dy : {-r.height() * 0.3, 0.0, r.height() * 0.3}) {
            const QPointF end(r.right() - 10, r.center().y() + dy);
            p->drawLine(fork, end);
            p->drawLine(end, end + QPointF(-7, -4));
            p->drawLine(end, end + QPointF(-7, 4));
        }
    } else if (kind == QLatin1String("database")) {
        // A cylinder.
        const double w = r.height() * 0.95;
        const QRectF c(cx - w / 2, r.top(), w, r.height());
        const double e = c.height() * 0.24;
        QPainterPath body;
        body.moveTo(c.left(), c.top() + e / 2);
        body.lineTo(c.left(), c.bottom() - e / 2);
        body.arcTo(QRectF(c.left(), c.bottom() - e, c.width(), e), 180, 180);
        body.lineTo(c.right(), c.top() + e / 2);
        body.closeSubpath();
        p->setBrush(light);
        p->drawPath(body);
        p->setBrush(tint.lighter(130));
        p->drawEllipse(QRectF(c.left(), c.top(), c.width(), e));
        p->setBrush(Qt::NoBrush);
        p->drawArc(QRectF(c.left(), c.top() + c.height() * 0.33, c.width(), e), 180 * 16, 180 * 16);
        p->drawArc(QRectF(c.left(), c.top() + c.height() * 0.58, c.width(), e), 180 * 16, 180 * 16);
    } else if (kind == QLatin1String("mta-client")) {
        // A box sending a letter out: the client side of SMTP.
        p->setBrush(light);
        p->drawRoundedRect(QRectF(r.left(), r.top() + 6, r.width() * 0.55, r.height() - 12), 6, 6);
        smallEnvelope(p, QRectF(r.left() + r.width() * 0.36, r.center().y() - 9, 26, 18), white);
        QPen arrow(s.outline, s.outlineWidth + 0.5);
        arrow.setCapStyle(Qt::RoundCap);
        p->setPen(arrow);
        const QPointF tip(r.right(), r.center().y());
        p->drawLine(QPointF(r.left() + r.width() * 0.36 + 28, r.center().y()), tip);
        p->drawLine(tip, tip + QPointF(-7, -6));
        p->drawLine(tip, tip + QPointF(-7, 6));
    } else if (kind == QLatin1String("mta-server")) {
        // A server tower with three drive bays and their lights.
        const double w = r.height() * 0.85;
        serverTower(p, QRectF(cx - w / 2, r.top(), w, r.height()), tint, light);
    } else if (kind == QLatin1String("access-server")) {
        // A smaller server tower handing a letter to the user agent: the POP3/IMAP server (Dovecot).
        const double w = r.height() * 0.7;
        serverTower(p, QRectF(cx - w * 0.8, r.top(), w, r.height()), tint, light);
        smallEnvelope(p, QRectF(cx + w * 0.05, r.bottom() - r.height() * 0.42, 28, 19), white);
    } else if (kind == QLatin1String("internet")) {
        cloud(p, r.adjusted(-8, -2, 8, 2), light);
    } else if (kind == QLatin1String("dns")) {
        // A globe: the Internet's directory of names.
        const double d = r.height();
        const QRectF g(cx - d / 2, r.top(), d, d);
        p->setBrush(light);
        p->drawEllipse(g);
        p->setBrush(Qt::NoBrush);
        p->drawEllipse(QRectF(g.center().x() - d * 0.22, g.top(), d * 0.44, d));
        p->drawLine(QPointF(g.left(), g.center().y()), QPointF(g.right(), g.center().y()));
        p->drawLine(QPointF(g.center().x(), g.top()), QPointF(g.center().x(), g.bottom()));
        p->drawArc(QRectF(g.left() + 4, g.top() + d * 0.1, d - 8, d * 0.3), 200 * 16, 140 * 16);
        p->drawArc(QRectF(g.left() + 4, g.bottom() - d * 0.4, d - 8, d * 0.3), 20 * 16, 140 * 16);
    } else if (kind == QLatin1String("mailboxes")) {
        // Pigeonholes, one per user, with a letter in one of them.
        p->setBrush(light);
        p->drawRoundedRect(r, 4, 4);
        const double cellW = (r.width() - 8) / 3, cellH = (r.height() - 8) / 2;
        p->setBrush(white);
        for (int row = 0; row < 2; ++row) {
            for (int col = 0; col < 3; ++col)
                p->drawRect(QRectF(r.left() + 4 + col * cellW + 2, r.top() + 4 + row * cellH + 2, cellW - 4, cellH - 4));
        }
        smallEnvelope(p, QRectF(r.left() + 4 + cellW + 4, r.top() + 4 + cellH * 0.2 + 2, cellW - 8, cellH * 0.6), s.envelope);
    } else {
        p->setBrush(light);
        p->drawRoundedRect(r, 6, 6);
    }
    p->restore();
}

void paintPadlock(QPainter *p, const QPointF &c, double size, const QColor &color, const DiagramStyle &s)
{
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const double w = size * 0.8, bodyH = size * 0.55;
    const QRectF body(c.x() - w / 2, c.y() - bodyH / 2 + size * 0.18, w, bodyH);
    QPen shackle(color, qMax(2.0, size * 0.13));
    p->setPen(shackle);
    p->setBrush(Qt::NoBrush);
    const double sw = w * 0.62;
    p->drawArc(QRectF(c.x() - sw / 2, body.top() - size * 0.42, sw, size * 0.62), 0, 180 * 16);
    p->drawLine(QPointF(c.x() - sw / 2, body.top() - size * 0.11), QPointF(c.x() - sw / 2, body.top()));
    p->drawLine(QPointF(c.x() + sw / 2, body.top() - size * 0.11), QPointF(c.x() + sw / 2, body.top()));
    p->setPen(QPen(s.outline, 1));
    p->setBrush(color);
    p->drawRoundedRect(body, 2, 2);
    p->setBrush(Qt::white);
    p->setPen(Qt::NoPen);
    p->drawEllipse(QPointF(c.x(), body.center().y()), size * 0.07, size * 0.07);
    p->restore();
}

} // namespace mf::gui
