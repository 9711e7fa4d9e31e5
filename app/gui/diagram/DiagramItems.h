#pragma once

#include "DiagramStyle.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QPainterPath>

namespace mf::gui {

// The flow diagram's graphics items. They only draw; the FlowDiagramView decides what they show.
// Every item caches its drawing in device coordinates (it is re-rendered only when it changes or the
// view is rescaled), so moving 200 envelopes costs 200 pixmap blits a frame.

// A node: its icon, a two-part label (what it is; whose / which host) and a live badge.
class NodeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };
    NodeItem(const QString &id, const QString &kind, const QColor &tint, const DiagramStyle *style);

    int type() const override { return Type; }
    QString id() const { return m_id; }
    QString kind() const { return m_kind; }
    void setLabel(const QString &title, const QString &detail);
    QString title() const { return m_title; }
    // The title as drawn: its lines (a long word broken at a soft hyphen ends in "-") and its font.
    QStringList titleLines() const { return m_titleLines; }
    QFont titleFont() const { return m_titleFont; }
    // How many lines a title broken at its soft hyphens may take: more where no node stands below.
    void setMaxTitleLines(int lines);
    // Whether the title fits its column at `pixelSize` (scene units), broken at its soft hyphens.
    bool titleFitsAt(int pixelSize) const;
    // Where the label's text and the icon are, in item coordinates.
    QRectF labelRect() const;
    QRectF iconArea() const { return iconRect(); }
    QFont detailFont() const { return m_detailFont; }
    bool detailWraps() const { return m_detailWraps; }
    // An empty text hides the badge; `locked` draws a padlock in it, `alert` colours it red.
    void setBadge(const QString &text, bool locked = false, bool alert = false);
    QString badgeText() const { return m_badge; }
    // Where the badge is, in item coordinates (empty without one); moved sideways by `dx` from above
    // the icon's centre, so that it keeps clear of a neighbour's name.
    QRectF badgeArea() const { return badgeRect(); }
    void setBadgeShift(double dx);
    double badgeShift() const { return m_badgeShift; }
    // Raised by `up` above its place over the icon: envelopes resting on the icon rise above it.
    void setBadgeLift(double up);
    double badgeLift() const { return m_badgeLift; }
    void setHighlighted(bool on);
    bool isHighlighted() const { return m_highlighted; }
    void setDown(bool down);
    // The style changed (presentation mode, label size): re-measure.
    void relayout();

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QRectF iconRect() const;
    QRectF badgeRect() const;

    QString m_id;
    QString m_kind;
    QColor m_tint;
    const DiagramStyle *m_style;
    QString m_title;
    QStringList m_titleLines;
    QFont m_titleFont;
    QFont m_detailFont;
    QString m_detail;
    QString m_badge;
    bool m_badgeLocked = false;
    bool m_badgeAlert = false;
    bool m_highlighted = false;
    bool m_down = false;
    double m_titleHeight = 0;
    double m_labelWidth = 0; // the widest line of the title and the detail
    int m_maxTitleLines = 2;
    double m_labelHeight = 0;
    double m_detailHeight = 0;
    bool m_detailWraps = false; // too wide for one line at a readable size: words on two lines
    double m_badgeWidth = 0;
    double m_badgeShift = 0;
    double m_badgeLift = 0;
};

// A link between two nodes along which envelopes travel: straight, or curved around other nodes.
class EdgeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };
    EdgeItem(const QPointF &from, const QPointF &to, bool curved, bool dashed, const DiagramStyle *style);

    int type() const override { return Type; }
    // From the centre of the first node to the centre of the second (envelopes follow it).
    const QPainterPath &path() const { return m_path; }
    QPointF midpoint() const { return m_path.pointAtPercent(0.5); }
    void setLocked(bool locked);
    bool isLocked() const { return m_locked; }
    void setDown(bool down);
    void setActive(bool active); // a conversation runs over it now
    // A connection along this link failed (`text` says how; the node's badge shows it): drawn red and
    // dashed with a cross; `flash` thickens it (the view blinks it when the failure happens).
    void setRefused(const QString &text, bool flash = false);
    QString refusedText() const { return m_refused; }
    // Retrieval: a second arrowhead at the start, for the request the UA sends to its POP3/IMAP server
    // (the main head, at the end, is the message coming back).
    void setTwoWay(bool twoWay);
    bool isTwoWay() const { return m_twoWay; }
    void relayout();

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QPainterPath m_path;
    QPainterPath m_visible; // trimmed where the node icons are
    QPointF m_arrowTip;
    double m_arrowAngle = 0;
    QPointF m_startTip;
    double m_startAngle = 0;
    bool m_twoWay = false;
    bool m_dashed;
    bool m_locked = false;
    bool m_down = false;
    bool m_active = false;
    QString m_refused;
    bool m_flash = false;
    const DiagramStyle *m_style;
};

// One message's envelope. Bounces are orange, failed messages carry a red cross, deferred ones a
// countdown to their next attempt.
class EnvelopeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 3 };
    EnvelopeItem(const QString &flow, const DiagramStyle *style);

    int type() const override { return Type; }
    QString flow() const { return m_flow; }
    void setLook(bool bounce, bool failed);
    bool isBounce() const { return m_bounce; }
    void setCountdown(const QString &text);
    QString countdown() const { return m_countdown; }
    // Whom this copy is for ("bob"), drawn in a pill under the envelope: an alias split fans out into
    // envelopes that say where each goes.
    void setLabel(const QString &text);
    QString label() const { return m_label; }
    void setHighlighted(bool on);
    void relayout();

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // Animation state, advanced by the view's single clock.
    struct Motion {
        const EdgeItem *edge = nullptr; // follow this edge (else a straight line)
        bool reverse = false;
        QPointF from;                   // scene positions at the start and the end
        QPointF to;
        QPointF startOffset;            // offsets from the edge's ends (envelopes stack at a node)
        QPointF endOffset;
        qint64 startMs = 0;
        int durationMs = 0;
        bool running = false;
    };
    Motion motion;

private:
    QString m_flow;
    const DiagramStyle *m_style;
    bool m_bounce = false;
    bool m_failed = false;
    bool m_highlighted = false;
    QString m_countdown;
    QString m_label;
    QRectF m_bounds;
};

// A speech bubble over a link: the client's last command (C:) or the server's last reply (S:).
class BubbleItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 4 };
    BubbleItem(bool fromClient, const DiagramStyle *style);

    int type() const override { return Type; }
    void setText(const QString &text);
    QString text() const { return m_text; }
    bool fromClient() const { return m_fromClient; }
    QSizeF size() const { return m_size; }
    // The text's font (scene units).
    QFont font() const;
    void relayout();

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    bool m_fromClient;
    const DiagramStyle *m_style;
    QString m_text;
    QString m_shown;      // the lines, joined
    QStringList m_lines;
    QSizeF m_size;
};

// The background box of one domain with its title. Drawn by the DiagramScene's background (which the
// view caches), not as a scene item: it never moves.
class RegionItem : public QGraphicsItem
{
public:
    RegionItem(const QRectF &rect, const QColor &tint, const DiagramStyle *style);
    void setTitle(const QString &title);
    void setRect(const QRectF &rect);
    QRectF rect() const { return m_rect; }
    void relayout() { prepareGeometryChange(); update(); }
    // Where the domain's title is written (scene coordinates): bubbles keep clear of it.
    QRectF titleRect() const;
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QRectF m_rect;
    QColor m_tint;
    const DiagramStyle *m_style;
    QString m_title;
};

// The scene: its background (colour and domain boxes) is painted once into the view's background cache.
class DiagramScene : public QGraphicsScene
{
public:
    using QGraphicsScene::QGraphicsScene;
    QList<RegionItem *> regions; // not owned
    QColor background;

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;
};

} // namespace mf::gui
