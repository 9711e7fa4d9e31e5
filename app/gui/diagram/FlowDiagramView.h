#pragma once

#include "DiagramStyle.h"
#include "DiagramTopology.h"
#include "FlowState.h"

#include <QElapsedTimer>
#include <QGraphicsView>
#include <QHash>
#include <QTimer>

class QAction;

namespace mf {
class World;
}

namespace mf::gui {

class WorldSession;
class NodeItem;
class EdgeItem;
class EnvelopeItem;
class BubbleItem;
class RegionItem;
class DiagramScene;

// The flow diagram, the heart of the classroom window (objectName "flowDiagram"): the scenario's nodes
// left to right, envelopes travelling along the links hop by hop, the current protocol command and
// reply as bubbles over the link, padlocks on links that carried TLS, queue and mailbox badges.
//
// It shows the event log at the session's cursor, which the lesson clock (gui/LessonClock) paces: the
// picture, the transcript and every other panel show the same event. Moving forward, the new events are
// drawn at once and the last hop animates for as long as the clock stays on it; a long way forward or
// back rebuilds the picture at the cursor without animation. A 60 Hz QTimer, running only while
// something moves, advances every envelope.
class FlowDiagramView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit FlowDiagramView(WorldSession &session, QWidget *parent = nullptr);
    ~FlowDiagramView() override;

    // Presentation mode: bigger labels, thicker lines, high contrast (the View menu's toggle).
    Q_INVOKABLE void setPresentation(bool on);
    bool isPresentation() const { return m_style.presentation; }
    // Without animations every event is drawn at once (tests, screenshots).
    void setAnimationsEnabled(bool on);

    // File > Export > Diagram as PNG. `scale` 2 renders at twice the scene's size.
    QImage renderImage(double scale = 2.0) const;
    bool exportPng(const QString &path, QString *error = nullptr, double scale = 2.0) const;
    QAction *exportAction() const { return m_exportAction; }

    // Zoom and pan: Ctrl+wheel and Ctrl +/- zoom around the pointer (or the centre), Ctrl+0 fits the
    // whole picture again; zoomed in, the wheel or a drag on the background pans. 1.0 is "fit".
    //
    // Presenting, 1.0 is the smallest scale at which every title is kReadableTitlePx on screen: when the
    // whole picture is larger than that (three domains on a 1366x768 projector), a camera follows the
    // current hop, panning smoothly to it when it leaves the screen. Ctrl+0 then shows the whole
    // picture, smaller, until the next step brings the camera back.
    double zoom() const { return m_zoom; }
    void setZoom(double factor);
    void zoomIn() { setZoom(m_zoom * kZoomStep); }
    void zoomOut() { setZoom(m_zoom / kZoomStep); }
    void zoomToFit();
    // The picture is larger than the screen and the camera shows the current hop (presentation mode).
    bool isFollowing() const;
    // The part of the picture the current step is about (its nodes and bubbles), in scene coordinates.
    // As much of it as fits `room` (scene units), the most important first: the step's hop, its
    // conversation's bubbles, the server, the client, then the other conversations on show. An empty
    // `room`: all of it.
    QRectF focusRect(QSizeF room = {}) const;
    // The screen the camera fills, in scene units, less its margins.
    QSizeF cameraRoom() const;
    QList<QAction *> zoomActions() const { return {m_zoomIn, m_zoomOut, m_zoomFit}; }
    static constexpr double kZoomStep = 1.25;
    static constexpr double kMaxZoom = 6.0;

    // One step of the animation clock, now (the benchmark times frames with it).
    void advanceFrame() { tick(); }

    // What the drawing shows (tests, the benchmark, scripts).
    const FlowState &state() const { return m_state; }
    const DiagramTopology &topology() const { return m_topology; }
    int displayedEvent() const { return m_state.lastEvent(); }
    // Caught up with the cursor and nothing moving.
    bool isSettled() const;
    int envelopesInFlight() const { return int(m_moving.size()); }
    QStringList nodeIds() const { return m_nodes.keys(); }
    NodeItem *nodeItem(const QString &id) const { return m_nodes.value(id); }
    EnvelopeItem *envelopeItem(const QString &flow) const { return m_envelopes.value(flow); }
    // Whether the link between two nodes is drawn refused (a failed connection to a mail server).
    bool isLinkRefused(const QString &a, const QString &b) const;
    // The node an envelope is drawn at (the nearest node to it, when it rests), or empty when hidden.
    QString envelopeNodeOnScreen(const QString &flow) const;
    // The bubbles on screen, "C: EHLO ..." / "S: 250 ...", oldest connection first.
    QStringList bubbleTexts() const;
    // Where the visible bubbles' boxes are, in scene coordinates.
    QList<QRectF> bubbleRects() const;
    // Where the domain titles are written, in scene coordinates.
    QList<QRectF> domainTitleRects() const;
    // Every node's label and icon, in scene coordinates, by node id.
    QHash<QString, QRectF> nodeLabelRects() const;
    QHash<QString, QRectF> nodeIconRects() const;
    // The nodes' badges on show (counts, connections, read states), in scene coordinates.
    QHash<QString, QRectF> nodeBadgeRects() const;
    QString badgeText(const QString &nodeId) const;
    bool isLinkDrawnLocked(const QString &a, const QString &b) const;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    struct Bubbles {
        BubbleItem *command = nullptr;
        BubbleItem *reply = nullptr;
        QString edge;
    };

    void buildScene(World *world);
    void clearScene();
    NodeItem *ensureNode(const QString &id);
    EdgeItem *ensureEdge(const QString &from, const QString &to);
    EdgeItem *edgeBetween(const QString &a, const QString &b, bool *reverse = nullptr) const;
    void updateSceneRect();
    void fit();
    // Presenting: the smallest scale, from `from` up, at which every title fits its column at
    // kReadableTitlePx on screen.
    double readableScale(double from) const;
    void updateZoomActions();
    // Brings the current step into view (presenting, when the picture is larger than the screen):
    // nothing moves while it is on screen; otherwise the camera centres on it, panning when `animate`.
    void follow(bool animate);
    void advanceCamera(qint64 now);

    void onCursorMoved(int index);
    void pump();
    void tick();
    void startClock();
    void snapAll();
    void applyChanges(const FlowState::Changes &changes, bool animate, const SimEvent *event);
    void refreshNode(const QString &id);
    void refreshEdges();
    void refreshBubbles(bool animate);
    // `placed`: what must stay uncovered (titles, other bubbles); `soft`: what should (node names and
    // icons), given up only where no place clear of both exists.
    void placeClearOf(const Bubbles &pair, QList<QRectF> &placed, const QList<QRectF> &soft) const;
    void refreshEnvelope(const QString &flow, bool animate, const SimEvent *event);
    void restack(const QString &nodeId);
    void refreshRefusal();
    QString refusalText(const FlowState::Refusal &refusal) const;
    void startRefusalFlash();
    void refreshCountdowns();
    QString countdownText(const FlowState::Envelope &envelope) const;
    QPointF nodeCenter(const QString &id) const;
    static QPointF slotOffset(int index);
    // Where an envelope resting at `nodeId` sits, relative to the node's centre.
    QPointF restOffset(const QString &nodeId, const QString &flow) const;
    void retranslate();
    void applyStyle();

    int travelMs() const;
    qint64 simulatedNow() const;

    WorldSession &m_session;
    DiagramScene *m_scene = nullptr;
    DiagramStyle m_style;
    DiagramTopology m_topology;
    FlowState m_state;
    World *m_world = nullptr;

    QHash<QString, NodeItem *> m_nodes;
    QHash<QString, EdgeItem *> m_edges;     // FlowState::linkKey(a, b)
    QHash<QString, QString> m_edgeFrom;     // linkKey -> the node the edge was drawn from
    QHash<QString, EnvelopeItem *> m_envelopes;
    QHash<QString, Bubbles> m_bubbles;      // by connection id
    struct Region {
        RegionItem *item; // owned: drawn by the scene's background
        QString domain;
        bool sender;
        QRectF cells; // the box around the domain's cells, before it grows around their names
    };
    // Each domain box grows around the names of its nodes (three lines and a host under an icon on the
    // lowest row), never into another domain's box.
    void fitRegionsToNames();
    // Moves a node's badge sideways off a neighbour's name or icon, where it would cover one.
    void placeBadge(NodeItem *item);
    // The nodes with their names and the domain boxes: the scene without the room kept for bubbles.
    QRectF nodesRect() const;
    QList<Region> m_regions;
    std::vector<EnvelopeItem *> m_moving;

    QTimer m_clock;
    QTimer m_countdownTimer;
    QTimer m_flashTimer; // blinks a refused connection
    int m_flashPhase = 0;
    QElapsedTimer m_wall;
    int m_target = -1;         // the cursor the drawing is heading for
    bool m_animations = true;
    QString m_selectedNode;
    QString m_selectedFlow;
    QAction *m_exportAction = nullptr;
    QAction *m_zoomIn = nullptr;
    QAction *m_zoomOut = nullptr;
    QAction *m_zoomFit = nullptr;
    double m_zoom = 1.0;
    double m_fitScale = 1.0;   // the scale that shows the whole picture
    bool m_overview = false;   // presenting, Ctrl+0: the whole picture until the next step
    int m_followedEvent = -1;  // the step the camera last went to
    struct Camera {
        QPointF from; // scene points at the viewport's centre
        QPointF to;
        qint64 startMs = 0;
        int durationMs = 0;
        bool running = false;
    };
    Camera m_camera;
};

} // namespace mf::gui
