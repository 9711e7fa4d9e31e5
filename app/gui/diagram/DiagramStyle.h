#pragma once

#include <QColor>
#include <QFont>

class QPainter;
class QRectF;

namespace mf::gui {

// Sizes (scene units) and colours of the flow diagram, in a normal and a presentation variant (bigger
// text, thicker lines, high contrast for a projector).
struct DiagramStyle {
    // Grid.
    static constexpr double kColumn = 132;
    static constexpr double kRow = 200;
    static constexpr double kIconWidth = 80;
    static constexpr double kIconHeight = 68;
    static constexpr double kLabelWidth = 124;
    static constexpr double kEnvelopeWidth = 40;
    static constexpr double kEnvelopeHeight = 27;

    bool presentation = false;
    // Presenting, the icons are smaller beside the larger text: the names are what the back row reads.
    double iconScale = 1.0;
    double iconWidth() const { return kIconWidth * iconScale; }
    double iconHeight() const { return kIconHeight * iconScale; }
    // Presenting, the smallest title and bubble text on screen (px) the view keeps to, for the back of
    // a room; it moves the picture to the current hop rather than draw them smaller.
    static constexpr int kReadableTitlePx = 24;
    static constexpr int kReadableBubblePx = 20;
    // The bubbles' text (scene units): set by the view, at least kReadableBubblePx on screen presenting.
    int bubblePixelSize = 17;
    int labelPixelSize = 16; // scene units; raised by the view so labels stay readable when scaled down
    // A node's title is not set smaller than this (scene units): a long word breaks at a soft hyphen
    // (U+00AD, placed by the translation: "Mail\u00adboxes") instead. 0: shrink to fit.
    int titleFloorPixelSize = 0;

    QColor background;
    QColor text;
    QColor mutedText;
    QColor edge;
    QColor lockedEdge;
    QColor downEdge;
    QColor senderTint;
    QColor receiverTint;
    QColor middleTint;
    QColor outline;
    QColor selection;
    QColor envelope;
    QColor envelopeBounce;
    QColor envelopeFailed;
    QColor badge;
    QColor badgeText;
    QColor clientBubble;
    QColor serverBubble;
    QColor regionFill;
    double edgeWidth = 3;
    double outlineWidth = 2;

    static DiagramStyle normal();
    static DiagramStyle highContrast();

    QFont labelFont(bool bold = true) const;
    QFont smallFont() const;
};

// The node pictures, drawn with QPainter paths (no image files): `kind` is a node kind from DESIGN.md.
void paintNodeIcon(QPainter *painter, const QString &kind, const QRectF &rect, const DiagramStyle &style, const QColor &tint);
// A closed padlock of height `size`, centred on `center`.
void paintPadlock(QPainter *painter, const QPointF &center, double size, const QColor &color, const DiagramStyle &style);

} // namespace mf::gui
