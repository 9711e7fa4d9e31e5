#include "FlowDiagramView.h"

#include <algorithm>
#include <cmath>

#include "DiagramItems.h"
#include "gui/WorldSession.h"
#include "narration/EventNarrator.h"
#include "world/NodeIds.h"
#include "world/World.h"

#include <QAction>
#include <QEvent>
#include <QGraphicsScene>
#include <QImage>
#include <QImageWriter>
#include <QMouseEvent>
#include <QPainter>
#include <QtMath>

namespace mf::gui {

namespace {

struct KindText {
    const char *kind;
    const char *title;
    const char *tip;
};

// What each node is, for a first-year student: its name and one sentence on what it does.
const KindText kKindTexts[] = {
    {"user", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "User"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "A person who writes and reads email.")},
    {"ua", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "User agent"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView",
                       "The user agent is the mail program (like Thunderbird) a person uses to write, send and read mail.")},
    {"spool", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "Spool"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView",
                       "The spool is a waiting room on disk: a message stays here until the next program picks it up.")},
    {"alias-expander", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "Alias ex\u00ad" "pander"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView",
                       "The alias expander checks whether an address is a nickname or a mailing list and replaces it with the real mailboxes.")},
    {"database", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "Data\u00ad" "base"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "The database holds the alias table the alias expander looks addresses up in.")},
    {"mta-client", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "MTA client"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "The MTA client hands the message over to a mail server by speaking SMTP.")},
    {"mta-server", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "MTA server"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView",
                       "The MTA server (mail transfer agent) accepts mail with SMTP and passes it on towards the recipient's domain.")},
    {"internet", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "Inter\u00ad" "net"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "The Internet carries the message between the mail servers of different domains.")},
    {"dns", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "DNS server"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView",
                       "The DNS server answers which mail server receives mail for a domain (its MX records; the lowest preference wins).")},
    {"mailboxes", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "Mail\u00ad" "boxes"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView",
                       "The mailboxes keep each user's delivered mail until their user agent fetches it with POP3 or IMAP.")},
    {"access-server", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "POP3/IMAP server"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView",
                       "The POP3/IMAP server (the message access agent, like Dovecot) reads the mailboxes and serves them to "
                       "the user agent when it asks. The user agent's request goes out; the message comes back.")},
    // Not a kind of its own: a receiving domain's spool, the seed's "spool before User B's agent", shown
    // together with the message access agent that really serves retrieval.
    {"receiving-spool", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "Spool · POP3/IMAP"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView",
                       "The seed's spool before the user agent, shown together with the POP3/IMAP server (like Dovecot) "
                       "that really serves it: it reads the mailbox and hands the mail over when the user agent asks. "
                       "POP3 downloads (and usually deletes); IMAP keeps the mail on the server.")},
    {"other", QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "Out\u00ad" "side client"),
     QT_TRANSLATE_NOOP("mf::gui::FlowDiagramView", "A program outside the lesson's domains that connects straight to a mail server.")},
};

const KindText *kindText(const QString &kind)
{
    for (const KindText &k : kKindTexts)
        if (kind == QLatin1String(k.kind))
            return &k;
    return &kKindTexts[std::size(kKindTexts) - 1];
}

QString protoName(const QString &proto)
{
    return proto.toUpper();
}

QString formatDuration(qint64 ms)
{
    const qint64 s = qMax<qint64>(0, (ms + 999) / 1000);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

double easeInOut(double t)
{
    return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) * (-2 * t + 2) / 2;
}

} // namespace

FlowDiagramView::FlowDiagramView(WorldSession &session, QWidget *parent)
    : QGraphicsView(parent), m_session(session), m_style(DiagramStyle::normal()), m_state(&m_topology)
{
    setObjectName(QStringLiteral("flowDiagram"));
    m_scene = new DiagramScene(this);
    m_scene->background = m_style.background;
    // Envelopes move every frame: a BSP index would be rebuilt constantly.
    m_scene->setItemIndexMethod(QGraphicsScene::NoIndex);
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setOptimizationFlags(QGraphicsView::DontSavePainterState);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::NoFrame);
    setMinimumSize(320, 160);
    // The background (domain boxes) is painted once and then blitted: it never moves.
    setCacheMode(QGraphicsView::CacheBackground);
    m_wall.start();

    m_clock.setTimerType(Qt::PreciseTimer);
    m_clock.setInterval(16);
    connect(&m_clock, &QTimer::timeout, this, &FlowDiagramView::tick);
    m_countdownTimer.setInterval(250);
    connect(&m_countdownTimer, &QTimer::timeout, this, &FlowDiagramView::refreshCountdowns);
    m_flashTimer.setInterval(220);
    connect(&m_flashTimer, &QTimer::timeout, this, [this] {
        if (++m_flashPhase >= 7) {
            m_flashPhase = 0;
            m_flashTimer.stop();
        }
        refreshRefusal();
    });

    m_exportAction = new QAction(this);
    m_exportAction->setObjectName(QStringLiteral("exportDiagramPng"));
    m_zoomIn = new QAction(this);
    m_zoomIn->setObjectName(QStringLiteral("zoomIn"));
    m_zoomIn->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    m_zoomOut = new QAction(this);
    m_zoomOut->setObjectName(QStringLiteral("zoomOut"));
    m_zoomOut->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    m_zoomOut->setEnabled(false);
    m_zoomFit = new QAction(this);
    m_zoomFit->setObjectName(QStringLiteral("zoomFit"));
    m_zoomFit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_zoomFit->setEnabled(false);
    connect(m_zoomIn, &QAction::triggered, this, &FlowDiagramView::zoomIn);
    connect(m_zoomOut, &QAction::triggered, this, &FlowDiagramView::zoomOut);
    connect(m_zoomFit, &QAction::triggered, this, &FlowDiagramView::zoomToFit);

    connect(&m_session, &WorldSession::worldAboutToChange, this, &FlowDiagramView::clearScene);
    connect(&m_session, &WorldSession::worldChanged, this, &FlowDiagramView::buildScene);
    connect(&m_session, &WorldSession::cursorMoved, this, &FlowDiagramView::onCursorMoved);
    connect(&m_session, &WorldSession::animatedChanged, this, [this](bool on) {
        if (!on)
            snapAll();
    });
    connect(&m_session, &WorldSession::nodeSelected, this, [this](const QString &id) {
        if (NodeItem *old = m_nodes.value(m_selectedNode))
            old->setHighlighted(false);
        m_selectedNode = id;
        if (NodeItem *n = m_nodes.value(id))
            n->setHighlighted(true);
    });
    connect(&m_session, &WorldSession::messageSelected, this, [this](const QString &flow) {
        if (EnvelopeItem *old = m_envelopes.value(m_selectedFlow))
            old->setHighlighted(false);
        m_selectedFlow = flow;
        if (EnvelopeItem *e = m_envelopes.value(flow))
            e->setHighlighted(true);
    });
    connect(&m_session, &WorldSession::languageChanged, this, [this] {
        retranslate();
        // Presenting, how large the picture may be drawn depends on the words in its columns.
        fit();
    });

    retranslate();
    if (m_session.world())
        buildScene(m_session.world());
}

FlowDiagramView::~FlowDiagramView()
{
    m_clock.stop();
    clearScene();
}

// ---- building

void FlowDiagramView::clearScene()
{
    m_clock.stop();
    m_countdownTimer.stop();
    m_flashTimer.stop();
    m_flashPhase = 0;
    m_moving.clear();
    m_scene->clear();
    m_nodes.clear();
    m_edges.clear();
    m_edgeFrom.clear();
    m_envelopes.clear();
    m_bubbles.clear();
    m_scene->regions.clear();
    for (const Region &g : std::as_const(m_regions))
        delete g.item;
    m_regions.clear();
    m_topology = DiagramTopology();
    m_state.clear();
    m_state.takeChanges();
    m_world = nullptr;
    m_target = -1;
    m_selectedNode.clear();
    m_selectedFlow.clear();
}

void FlowDiagramView::buildScene(World *world)
{
    clearScene();
    m_world = world;
    if (!world)
        return;
    m_topology = DiagramTopology::fromScenario(world->scenario(), m_style.presentation ? DiagramTopology::Spacing::Compact
                                                                                       : DiagramTopology::Spacing::Normal);
    m_state.setSenderDomain(world->scenario().sendingDomain());

    // Domain boxes behind the nodes.
    QHash<QString, QRectF> boxes;
    QHash<QString, bool> senderDomains;
    for (const DiagramTopology::Node &n : m_topology.nodes()) {
        if (n.domain.isEmpty())
            continue;
        const QPointF c(n.cell.x() * DiagramStyle::kColumn, n.cell.y() * DiagramStyle::kRow);
        const QRectF cell(c.x() - DiagramStyle::kColumn / 2 + 6, c.y() - DiagramStyle::kRow / 2 + 4,
                          DiagramStyle::kColumn - 12, DiagramStyle::kRow - 8);
        boxes[n.domain] = boxes.contains(n.domain) ? boxes[n.domain].united(cell) : cell;
        senderDomains[n.domain] = n.side == DiagramTopology::Side::Sender;
    }
    for (auto it = boxes.cbegin(); it != boxes.cend(); ++it) {
        const bool sender = senderDomains.value(it.key());
        const QRectF cells = it.value().adjusted(0, -18, 0, 0);
        auto *region = new RegionItem(cells, sender ? m_style.senderTint : m_style.receiverTint, &m_style);
        m_scene->regions << region;
        m_regions << Region{region, it.key(), sender, cells};
    }
    for (const DiagramTopology::Node &n : m_topology.nodes())
        ensureNode(n.id);
    for (const DiagramTopology::Edge &e : m_topology.edges()) {
        EdgeItem *edge = ensureEdge(e.from, e.to);
        Q_UNUSED(edge);
    }
    // The DNS link is an association, drawn dashed: replace the solid one ensureEdge made.
    for (const DiagramTopology::Edge &e : m_topology.edges()) {
        if (!e.dashed)
            continue;
        const QString key = FlowState::linkKey(e.from, e.to);
        delete m_edges.take(key);
        auto *edge = new EdgeItem(nodeCenter(e.from), nodeCenter(e.to), false, true, &m_style);
        m_scene->addItem(edge);
        m_edges.insert(key, edge);
        m_edgeFrom.insert(key, e.from);
    }
    // Retrieval is drawn in both directions: the UA's request goes out, the message comes back.
    for (const DiagramTopology::Edge &e : m_topology.edges()) {
        if (EdgeItem *edge = e.twoWay ? m_edges.value(FlowState::linkKey(e.from, e.to)) : nullptr)
            edge->setTwoWay(true);
    }
    retranslate();
    updateSceneRect();
    fit();

    m_target = world->log().cursor();
    m_state.rebuild(world->log().events(), m_target);
    snapAll();
}

NodeItem *FlowDiagramView::ensureNode(const QString &id)
{
    if (NodeItem *existing = m_nodes.value(id))
        return existing;
    const DiagramTopology::Node &n = m_topology.contains(id) ? *m_topology.node(id) : m_topology.addExtraNode(id);
    const QColor tint = n.side == DiagramTopology::Side::Sender     ? m_style.senderTint
                        : n.side == DiagramTopology::Side::Receiver ? m_style.receiverTint
                                                                    : m_style.middleTint;
    auto *item = new NodeItem(n.id, n.kind, tint, &m_style);
    item->setPos(n.cell.x() * DiagramStyle::kColumn, n.cell.y() * DiagramStyle::kRow);
    // A node with nothing under it has room for a third line of title. Presenting, the icons are smaller:
    // so has one above a node that never carries a badge over its icon (a database, an MTA client, a user).
    const auto badgeless = [](const QString &kind) {
        return kind == QLatin1String("database") || kind == QLatin1String("mta-client") || kind == QLatin1String("user");
    };
    bool nodeBelow = false;
    for (const DiagramTopology::Node &other : m_topology.nodes())
        nodeBelow = nodeBelow
                    || (qAbs(other.cell.x() - n.cell.x()) < 0.6 && other.cell.y() > n.cell.y() && other.cell.y() - n.cell.y() < 1.6
                        && !(m_style.presentation && badgeless(other.kind)));
    item->setMaxTitleLines(nodeBelow ? 2 : 3);
    m_scene->addItem(item);
    m_nodes.insert(id, item);
    if (!m_topology.contains(id) || n.kind == QLatin1String("other")) {
        retranslate();
        updateSceneRect();
        fit();
    }
    return item;
}

QPointF FlowDiagramView::nodeCenter(const QString &id) const
{
    const NodeItem *n = m_nodes.value(id);
    return n ? n->pos() : QPointF();
}

EdgeItem *FlowDiagramView::edgeBetween(const QString &a, const QString &b, bool *reverse) const
{
    const QString key = FlowState::linkKey(a, b);
    EdgeItem *e = m_edges.value(key);
    if (e && reverse)
        *reverse = m_edgeFrom.value(key) != a;
    return e;
}

EdgeItem *FlowDiagramView::ensureEdge(const QString &from, const QString &to)
{
    if (from == to)
        return nullptr;
    if (EdgeItem *e = edgeBetween(from, to))
        return e;
    ensureNode(from);
    ensureNode(to);
    const QPointF a = nodeCenter(from), b = nodeCenter(to);
    // Curve around any node the straight line would cross (a bounce going home, a forward).
    bool blocked = false;
    const QPointF d = b - a;
    const double len2 = QPointF::dotProduct(d, d);
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend() && !blocked && len2 > 0; ++it) {
        if (it.key() == from || it.key() == to)
            continue;
        const QPointF p = it.value()->pos();
        const double t = QPointF::dotProduct(p - a, d) / len2;
        if (t <= 0.05 || t >= 0.95)
            continue;
        const QPointF closest = a + d * t;
        blocked = QLineF(closest, p).length() < 48;
    }
    auto *edge = new EdgeItem(a, b, blocked, false, &m_style);
    m_scene->addItem(edge);
    const QString key = FlowState::linkKey(from, to);
    m_edges.insert(key, edge);
    m_edgeFrom.insert(key, from);
    return edge;
}

void FlowDiagramView::fitRegionsToNames()
{
    for (const Region &g : std::as_const(m_regions)) {
        QRectF box = g.cells;
        for (const NodeItem *n : std::as_const(m_nodes)) {
            const DiagramTopology::Node *node = m_topology.node(n->id());
            if (node && node->domain == g.domain)
                box |= n->mapRectToScene(n->labelRect()).adjusted(-6, 0, 6, 8);
        }
        for (const Region &other : std::as_const(m_regions)) {
            if (other.item == g.item || !box.intersects(other.cells))
                continue;
            if (other.cells.top() >= g.cells.bottom())
                box.setBottom(qMax(g.cells.bottom(), other.cells.top() - 6));
            else if (other.cells.bottom() <= g.cells.top())
                box.setTop(qMin(g.cells.top(), other.cells.bottom() + 6));
        }
        g.item->setRect(box);
    }
}

QRectF FlowDiagramView::nodesRect() const
{
    QRectF r;
    for (const NodeItem *n : std::as_const(m_nodes))
        r |= n->mapRectToScene(n->boundingRect());
    for (const Region &g : std::as_const(m_regions))
        r |= g.item->boundingRect();
    return r;
}

void FlowDiagramView::updateSceneRect()
{
    fitRegionsToNames();
    const QRectF r = nodesRect();
    // Room above the top row for the conversation bubbles, and below for links curving under the nodes.
    m_scene->setSceneRect(r.adjusted(-20, -150, 20, 40));
}

void FlowDiagramView::setZoom(double factor)
{
    factor = qBound(1.0, factor, kMaxZoom);
    if (qFuzzyCompare(factor, m_zoom) && !m_overview)
        return;
    m_zoom = factor;
    m_overview = false;
    const bool zoomed = m_zoom > 1.0;
    setHorizontalScrollBarPolicy(zoomed ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(zoomed ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);
    fit();
}

void FlowDiagramView::zoomToFit()
{
    // Presenting with the camera on: the whole picture, until the next step.
    const bool following = isFollowing();
    setZoom(1.0);
    if (following) {
        m_overview = true;
        m_camera.running = false;
        fit();
    }
}

bool FlowDiagramView::isFollowing() const
{
    return m_style.presentation && !m_overview && transform().m11() > m_fitScale * 1.001;
}

void FlowDiagramView::updateZoomActions()
{
    const bool larger = transform().m11() > m_fitScale * 1.001; // the picture is larger than the screen
    setDragMode(larger ? QGraphicsView::ScrollHandDrag : QGraphicsView::NoDrag);
    m_zoomOut->setEnabled(m_zoom > 1.0);
    m_zoomFit->setEnabled(larger);
    m_zoomIn->setEnabled(m_zoom < kMaxZoom);
}

void FlowDiagramView::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier)) {
        QGraphicsView::wheelEvent(event); // pans when zoomed in
        return;
    }
    const double notches = event->angleDelta().y() / 120.0;
    if (qFuzzyIsNull(notches))
        return;
    const QPointF under = mapToScene(event->position().toPoint());
    setZoom(m_zoom * std::pow(kZoomStep, notches));
    // Keep the point under the pointer where it was.
    const QPointF moved = mapToScene(event->position().toPoint());
    centerOn(mapToScene(viewport()->rect().center()) + (under - moved));
    event->accept();
}

void FlowDiagramView::fit()
{
    const QRectF scene = m_scene->sceneRect();
    // As fitInView(): the whole picture, with a margin of 2 px.
    const QRectF port = QRectF(viewport()->rect()).adjusted(2, 2, -2, -2);
    if (scene.isEmpty() || port.isEmpty())
        return;
    const QPointF centre = mapToScene(viewport()->rect().center());
    m_fitScale = qMin(port.width() / scene.width(), port.height() / scene.height());
    // Keep labels readable when the window is small: at least 12 px on screen (24 px presenting, for
    // the back of a room). A label never grows past what its column can hold. Presenting, the picture
    // is not drawn smaller than that: the camera follows the hop instead.
    const double scale = m_style.presentation ? readableScale(m_fitScale) : m_fitScale;
    const int minimum = m_style.presentation ? DiagramStyle::kReadableTitlePx : 12;
    const int base = m_style.presentation ? 20 : 16;
    const int cap = m_style.presentation ? 34 : 23;
    const int wanted = qBound(base, int(qCeil(minimum / scale)), cap);
    const int floor = m_style.presentation ? qMin(cap, int(qCeil(minimum / scale))) : 0;
    // Presenting, bubbles are 0.9 of the labels (they leave room for the picture), never under 20 px.
    const int bubble = m_style.presentation ? qMax(int(wanted * 0.9), int(qCeil(DiagramStyle::kReadableBubblePx / scale)))
                                            : qMax(10, int(wanted * 1.1));
    if (wanted != m_style.labelPixelSize || floor != m_style.titleFloorPixelSize || bubble != m_style.bubblePixelSize) {
        m_style.labelPixelSize = wanted;
        m_style.titleFloorPixelSize = floor;
        m_style.bubblePixelSize = bubble;
        applyStyle();
    }
    const double shown = m_overview ? m_fitScale : scale * m_zoom;
    setTransform(QTransform::fromScale(shown, shown));
    if (shown <= m_fitScale * 1.001) {
        centerOn(m_scene->sceneRect().center()); // as it is after the names were laid out
    } else {
        centerOn(centre);
        m_camera.running = false;
        follow(false);
    }
    updateZoomActions();
}

double FlowDiagramView::readableScale(double from) const
{
    // Titles are at most 34 scene units presenting (fit()): the scale that makes that 24 px is the least.
    double k = qMax(from, double(DiagramStyle::kReadableTitlePx) / 34.0);
    for (int i = 0; i < 200; ++i, k *= 1.01) {
        const int size = int(qCeil(DiagramStyle::kReadableTitlePx / k));
        if (std::all_of(m_nodes.cbegin(), m_nodes.cend(), [size](const NodeItem *n) { return n->titleFitsAt(size); }))
            break;
    }
    return k;
}

QRectF FlowDiagramView::focusRect(QSizeF room) const
{
    // The parts of the step, most important first; each is added while the whole still fits `room`.
    QList<QRectF> parts;
    const auto nodeRect = [this](const QString &id) {
        const NodeItem *n = m_nodes.value(id);
        return n ? n->mapRectToScene(n->iconArea() | n->labelRect()) : QRectF();
    };
    const auto bubblesOf = [](const Bubbles &b) {
        QRectF r;
        for (const BubbleItem *bubble : {b.command, b.reply})
            if (bubble->isVisible())
                r |= bubble->mapRectToScene(bubble->boundingRect());
        return r;
    };
    const int step = m_state.lastStepEvent();
    const SimEvent *event = m_world && step >= 0 && step < m_world->log().size() ? &m_world->log().at(step) : nullptr;
    // The hop on show: where the envelope goes, then where it comes from.
    if (event && event->kind == EventKind::Hop) {
        if (const FlowState::Envelope *env = m_state.envelope(event->field(QStringLiteral("message")).toString()))
            parts << nodeRect(env->at) << nodeRect(env->from);
    }
    // A refused connection: the server that refused it, then the link into it.
    if (const FlowState::Refusal &refusal = m_state.refusal(); refusal.event >= 0 && refusal.event == step)
        parts << nodeRect(refusal.node) << nodeRect(node::internet());
    // The step's own conversation: its bubbles, then the server, then the client.
    const QString conn = !event                       ? QString()
                         : event->kind == EventKind::Dns ? QStringLiteral("dns") // FlowState's one DNS conversation
                                                         : event->text("conn");
    if (const auto it = m_bubbles.constFind(conn); it != m_bubbles.cend()) {
        const FlowState::Connection c = m_state.connections().value(conn);
        parts << bubblesOf(*it) << nodeRect(c.server) << nodeRect(c.client);
    }
    // The other conversations on show, with the nodes at both ends of their links.
    for (auto it = m_bubbles.cbegin(); it != m_bubbles.cend(); ++it) {
        if (it.key() == conn)
            continue;
        const FlowState::Connection c = m_state.connections().value(it.key());
        parts << (bubblesOf(*it) | nodeRect(c.server) | nodeRect(c.client));
    }
    QRectF r;
    for (const QRectF &part : std::as_const(parts)) {
        if (part.isEmpty())
            continue;
        const QRectF grown = r | part;
        if (!r.isEmpty() && !room.isEmpty() && (grown.width() > room.width() || grown.height() > room.height()))
            continue;
        r = grown;
    }
    // Before the first step: where the story starts, the sending domain.
    if (r.isEmpty()) {
        for (const Region &g : m_regions)
            if (g.sender)
                r |= g.item->boundingRect();
    }
    return r;
}

QSizeF FlowDiagramView::cameraRoom() const
{
    // The screen in scene units, less the camera's margin on each side.
    return mapToScene(viewport()->rect()).boundingRect().size() - QSizeF(24, 24);
}

void FlowDiagramView::follow(bool animate)
{
    m_followedEvent = m_state.lastEvent();
    if (!isFollowing())
        return;
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    // As much of the step as the screen holds, the most important first: the closing bubbles of another
    // lane's conversation give way to the hop in this one.
    const QRectF focus = focusRect(cameraRoom());
    if (focus.isEmpty())
        return;
    const QPointF now = m_camera.running ? m_camera.to : visible.center();
    // Still on screen (with a margin) where the camera is, or is going: nothing moves. Nor where every
    // node fits the height and all of them are on screen from top to bottom.
    const QRectF heading = visible.translated(now - visible.center());
    const QRectF nodes = nodesRect();
    const bool nodesFitHeight = nodes.height() <= visible.height() - 24;
    const QRectF margin = heading.adjusted(12, 12, -12, -12);
    if (margin.contains(focus) && (!nodesFitHeight || (margin.top() <= nodes.top() && margin.bottom() >= nodes.bottom())))
        return;
    // Centred on the focus, as far as the picture goes (a focus larger than the screen: its top, where
    // the bubbles are, stays in view).
    const QRectF scene = m_scene->sceneRect();
    QPointF target = focus.center();
    if (focus.height() > visible.height() - 24)
        target.setY(focus.top() - 12 + visible.height() / 2);
    // Where every node fits the height (only the width needs the camera), all of them stay on screen,
    // moved up only as far as the bubbles above them need.
    if (nodesFitHeight && focus.height() <= visible.height() - 24) {
        const double half = visible.height() / 2;
        target.setY(qBound(focus.bottom() + 12 - half, nodes.center().y(), focus.top() - 12 + half));
    }
    target.setX(qBound(scene.left() + visible.width() / 2, target.x(), qMax(scene.left() + visible.width() / 2, scene.right() - visible.width() / 2)));
    target.setY(qBound(scene.top() + visible.height() / 2, target.y(), qMax(scene.top() + visible.height() / 2, scene.bottom() - visible.height() / 2)));
    if (!animate) {
        m_camera.running = false;
        centerOn(target);
        return;
    }
    m_camera.from = visible.center();
    m_camera.to = target;
    m_camera.startMs = m_wall.elapsed();
    // As long as an envelope's journey at this speed, and never slow: the class follows the hop.
    m_camera.durationMs = qMin(450, travelMs());
    m_camera.running = true;
    startClock();
}

void FlowDiagramView::advanceCamera(qint64 now)
{
    if (!m_camera.running)
        return;
    const double raw = m_camera.durationMs > 0 ? double(now - m_camera.startMs) / m_camera.durationMs : 1.0;
    const double t = easeInOut(qBound(0.0, raw, 1.0));
    centerOn(m_camera.from + (m_camera.to - m_camera.from) * t);
    if (raw >= 1.0)
        m_camera.running = false;
}

void FlowDiagramView::applyStyle()
{
    m_scene->background = m_style.background;
    for (NodeItem *n : std::as_const(m_nodes))
        n->relayout();
    for (NodeItem *n : std::as_const(m_nodes))
        placeBadge(n); // the names around it changed size
    for (EdgeItem *e : std::as_const(m_edges))
        e->relayout();
    for (EnvelopeItem *e : std::as_const(m_envelopes))
        e->relayout();
    for (const Bubbles &b : std::as_const(m_bubbles)) {
        b.command->relayout();
        b.reply->relayout();
    }
    updateSceneRect(); // the names' sizes changed: so did the domain boxes around them
    refreshBubbles(false);
    resetCachedContent();
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        restack(it.key());
    viewport()->update();
}

void FlowDiagramView::setPresentation(bool on)
{
    if (on == m_style.presentation)
        return;
    m_style = on ? DiagramStyle::highContrast() : DiagramStyle::normal();
    m_overview = false;
    m_camera.running = false;
    // Node and region colours come from the palette: build the items again.
    World *world = m_world;
    const QString node = m_selectedNode, flow = m_selectedFlow;
    if (world) {
        buildScene(world);
        m_selectedNode = node;
        m_selectedFlow = flow;
        if (NodeItem *n = m_nodes.value(node))
            n->setHighlighted(true);
        if (EnvelopeItem *e = m_envelopes.value(flow))
            e->setHighlighted(true);
    }
    fit();
    applyStyle();
}

void FlowDiagramView::setAnimationsEnabled(bool on)
{
    m_animations = on;
    if (!on)
        pump();
}

// ---- following the cursor

void FlowDiagramView::onCursorMoved(int index)
{
    if (!m_world)
        return;
    // Ctrl+0's whole picture lasts until the next step: then the camera follows the hop again.
    if (m_overview) {
        m_overview = false;
        fit();
    }
    if (index < m_state.lastEvent()) {
        // Back: show that moment, no animation.
        m_target = index;
        m_state.rebuild(m_world->log().events(), index);
        snapAll();
        return;
    }
    m_target = index;
    // A long way forward (Play after Back, a fast run): catch up at once.
    if (m_target - m_state.lastEvent() > 600) {
        m_state.rebuild(m_world->log().events(), m_target);
        snapAll();
        return;
    }
    pump();
}

int FlowDiagramView::travelMs() const
{
    return m_session.clock().travelMs();
}

qint64 FlowDiagramView::simulatedNow() const
{
    // At the present the world's wall clock (it runs through a retry's wait, so the countdown ticks);
    // in the past the time of the event on show.
    if (m_world && m_world->log().isLive() && m_state.lastEvent() == m_target)
        return qMax(m_state.time(), m_world->stepper().presentTime());
    return m_state.time();
}

// The lesson clock (gui/LessonClock) paces the cursor: everything up to it is drawn now, and only the
// last few events animate (an envelope's journey takes the clock's travel time, which is as long as
// the clock stays on a hop).
void FlowDiagramView::pump()
{
    if (!m_world)
        return;
    const QList<SimEvent> &events = m_world->log().events();
    m_target = qMin(m_target, int(events.size()) - 1);
    while (m_state.lastEvent() < m_target) {
        const int index = m_state.lastEvent() + 1;
        const SimEvent &e = events.at(index);
        const bool animate = m_animations && m_session.isAnimated() && isVisible() && m_target - index < 8;
        m_state.apply(index, e);
        applyChanges(m_state.takeChanges(), animate, &e);
    }
    if (m_followedEvent != m_state.lastEvent())
        follow(m_animations && m_session.isAnimated() && isVisible());
    startClock();
}

void FlowDiagramView::startClock()
{
    const bool busy = !m_moving.empty() || m_state.lastEvent() < m_target || !m_bubbles.isEmpty() || m_camera.running;
    if (busy && !m_clock.isActive())
        m_clock.start();
}

void FlowDiagramView::tick()
{
    const qint64 now = m_wall.elapsed();
    // Advance every travelling envelope (no allocation: positions are computed in place).
    for (std::size_t i = 0; i < m_moving.size();) {
        EnvelopeItem *env = m_moving[i];
        EnvelopeItem::Motion &m = env->motion;
        const double raw = m.durationMs > 0 ? double(now - m.startMs) / m.durationMs : 1.0;
        const double t = easeInOut(qBound(0.0, raw, 1.0));
        QPointF pos;
        if (m.edge) {
            const double along = m.reverse ? 1.0 - t : t;
            pos = m.edge->path().pointAtPercent(along) + m.startOffset * (1 - t) + m.endOffset * t;
        } else {
            pos = m.from + (m.to - m.from) * t;
        }
        env->setPos(pos);
        if (raw >= 1.0) {
            m.running = false;
            m_moving[i] = m_moving.back();
            m_moving.pop_back();
            if (const FlowState::Envelope *e = m_state.envelope(env->flow()))
                restack(e->at);
            continue;
        }
        ++i;
    }
    pump();
    advanceCamera(now);
    if (m_moving.empty() && m_state.lastEvent() >= m_target && !m_camera.running)
        m_clock.stop();
}

void FlowDiagramView::snapAll()
{
    for (EnvelopeItem *e : m_moving)
        e->motion.running = false;
    m_moving.clear();
    // Envelopes of messages that do not exist at this point (after Back) go away.
    for (auto it = m_envelopes.begin(); it != m_envelopes.end();) {
        if (!m_state.envelope(it.key())) {
            delete it.value();
            it = m_envelopes.erase(it);
        } else {
            ++it;
        }
    }
    FlowState::Changes all = m_state.takeChanges();
    for (auto it = m_state.envelopes().cbegin(); it != m_state.envelopes().cend(); ++it)
        all.envelopes.insert(it.key());
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        all.nodes.insert(it.key());
    all.links = true;
    applyChanges(all, false, nullptr);
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        restack(it.key());
    refreshBubbles(false);
    refreshCountdowns();
    follow(false);
    startClock();
}

void FlowDiagramView::applyChanges(const FlowState::Changes &changes, bool animate, const SimEvent *event)
{
    if (changes.links) {
        refreshEdges();
        // A failed connection flashes as it happens.
        if (animate && event && m_state.refusal().event >= 0 && m_state.refusal().event == m_state.lastEvent())
            startRefusalFlash();
    }
    for (const QString &id : changes.nodes)
        refreshNode(id);
    for (const QString &flow : changes.envelopes)
        refreshEnvelope(flow, animate, event);
    // A hop ends the moment of a conversation that just closed: its last bubbles go.
    if (!changes.connections.isEmpty() || (event && event->kind == EventKind::Hop && !m_bubbles.isEmpty()))
        refreshBubbles(animate);
}

void FlowDiagramView::refreshEdges()
{
    for (const QString &link : m_state.travelledLinks())
        ensureEdge(link.section(QLatin1Char('|'), 0, 0), link.section(QLatin1Char('|'), 1));
    for (auto it = m_edges.cbegin(); it != m_edges.cend(); ++it) {
        const QString a = it.key().section(QLatin1Char('|'), 0, 0);
        const QString b = it.key().section(QLatin1Char('|'), 1);
        it.value()->setLocked(m_state.isLocked(a, b));
        // A cut Internet link: every link between the Internet and the two domains' MTA servers.
        bool down = false;
        if (a == node::internet() || b == node::internet()) {
            const QString other = a == node::internet() ? b : a;
            const DiagramTopology::Node *n = m_topology.node(other);
            for (const QString &pair : m_state.downLinks())
                down = down || (n && pair.split(QLatin1Char('|')).contains(n->domain));
        }
        it.value()->setDown(down);
    }
    refreshRefusal();
}

void FlowDiagramView::refreshRefusal()
{
    const FlowState::Refusal &r = m_state.refusal();
    QString key;
    if (r.event >= 0 && m_nodes.contains(r.node)) {
        ensureEdge(node::internet(), r.node);
        key = FlowState::linkKey(node::internet(), r.node);
    }
    const QString text = refusalText(r);
    for (auto it = m_edges.cbegin(); it != m_edges.cend(); ++it)
        it.value()->setRefused(it.key() == key ? text : QString(), it.key() == key && m_flashPhase % 2 == 1);
    if (key.isEmpty())
        m_flashPhase = 0;
}

bool FlowDiagramView::isLinkRefused(const QString &a, const QString &b) const
{
    const EdgeItem *edge = m_edges.value(FlowState::linkKey(a, b));
    return edge && !edge->refusedText().isEmpty();
}

QString FlowDiagramView::refusalText(const FlowState::Refusal &r) const
{
    return r.text.contains(QLatin1String("refused"), Qt::CaseInsensitive) ? tr("✘ connection refused")
                                                                          : tr("✘ no connection");
}

void FlowDiagramView::startRefusalFlash()
{
    // Three blinks, then it stays drawn (red, with its words) until the next hop.
    m_flashPhase = 1;
    m_flashTimer.start();
    refreshRefusal();
}

void FlowDiagramView::refreshNode(const QString &id)
{
    NodeItem *item = m_nodes.value(id);
    if (!item)
        return;
    const FlowState::NodeState n = m_state.node(id);
    const QString kind = item->kind();
    QStringList parts;
    bool alert = false;
    if (kind == QLatin1String("spool") || kind == QLatin1String("mta-server")) {
        if (n.deferred > 0)
            parts << tr("%1 deferred").arg(n.deferred);
        if (n.queued - n.deferred > 0)
            parts << tr("%1 queued").arg(n.queued - n.deferred);
    }
    if (n.openConnections > 0) {
        // Which conversation: the latest open connection served here.
        QString proto;
        for (const FlowState::Connection *c : m_state.openConnections())
            if (c->server == id)
                proto = protoName(c->proto);
        parts << (n.openConnections == 1 ? proto : tr("%1 ×%2").arg(proto).arg(n.openConnections));
    }
    if (kind == QLatin1String("mailboxes"))
        parts << (n.messages == 1 ? tr("1 message") : tr("%1 messages").arg(n.messages));
    if (kind == QLatin1String("ua")) {
        // Each device's own view of the messages it fetched: read or unread (the \Seen flag it last saw).
        const QHash<QString, bool> view = m_state.deviceView(id);
        QStringList flows = view.keys();
        std::sort(flows.begin(), flows.end());
        if (flows.size() <= 2) {
            for (const QString &flow : flows)
                parts << (view.value(flow) ? tr("%1 ✓ read").arg(flow) : tr("%1 ● unread").arg(flow));
        } else {
            const qsizetype read = std::count(view.cbegin(), view.cend(), true);
            parts << tr("%1 read, %2 unread").arg(read).arg(flows.size() - read);
        }
    }
    if (kind == QLatin1String("dns") && n.dnsQueries > 0)
        parts << (n.dnsQueries == 1 ? tr("1 question") : tr("%1 questions").arg(n.dnsQueries));
    if (kind == QLatin1String("internet") && !m_state.downLinks().isEmpty()) {
        parts << tr("link down");
        alert = true;
    }
    if (n.down) {
        parts.prepend(tr("down"));
        alert = true;
    }
    if (const FlowState::Refusal &r = m_state.refusal(); r.event >= 0 && r.node == id) {
        parts << refusalText(r);
        alert = true;
    }
    if (const FlowState::Refusal &r = m_state.notSent(); r.event >= 0 && r.node == id) {
        parts << tr("✘ not sent (%1)").arg(r.text.section(QLatin1Char(' '), 0, 0));
        alert = true;
    }
    item->setBadge(parts.join(QStringLiteral(" · ")), n.tlsConnections > 0, alert);
    item->setDown(n.down);
    placeBadge(item);
}

void FlowDiagramView::placeBadge(NodeItem *item)
{
    const QRectF centred = item->mapRectToScene(item->badgeArea().translated(-item->badgeShift(), 0));
    if (centred.isEmpty())
        return;
    // How much a place covers: other badges weigh most (one would hide the other's words), then names,
    // then icons.
    QList<QPair<QRectF, double>> obstacles;
    for (const NodeItem *other : std::as_const(m_nodes)) {
        if (other == item)
            continue;
        if (const QRectF otherBadge = other->badgeArea(); !otherBadge.isEmpty())
            obstacles.append({other->mapRectToScene(otherBadge).adjusted(-4, 0, 4, 0), 4.0});
        obstacles.append({other->mapRectToScene(other->labelRect()), 2.0});
        obstacles.append({other->mapRectToScene(other->iconArea()), 1.0});
    }
    const auto covered = [&obstacles](const QRectF &badge) {
        double score = 0;
        for (const auto &[rect, weight] : std::as_const(obstacles)) {
            const QRectF i = badge.intersected(rect);
            if (!i.isEmpty())
                score += weight * i.width() * i.height();
        }
        return score;
    };
    // Centred over the icon where it covers nothing; otherwise the nearest shift, either way, that
    // covers nothing, or failing that the least, always leaving the badge over its own icon.
    const double icon = item->iconArea().width();
    const double reach = qMax(0.0, (centred.width() + icon) / 2 - 12);
    double best = 0, least = covered(centred);
    for (double dx = 4; dx <= reach && least > 0; dx += 4)
        for (const double shift : {-dx, dx})
            if (const double score = covered(centred.translated(shift, 0)); score < least) {
                least = score;
                best = shift;
                if (score <= 0)
                    break;
            }
    item->setBadgeShift(best);
}

QPointF FlowDiagramView::slotOffset(int index)
{
    // Envelopes resting at a node sit on its icon, fanned out in rows of five.
    const int k = index % 20;
    return QPointF(-28 + (k % 5) * 14, -4 - (k / 5) * 11);
}

QPointF FlowDiagramView::restOffset(const QString &nodeId, const QString &flow) const
{
    const QStringList here = m_state.envelopesAt(nodeId);
    if (here.size() <= 1)
        return QPointF(16, 8);
    bool labelled = false;
    for (const QString &f : here)
        if (const EnvelopeItem *e = m_envelopes.value(f); e && !e->label().isEmpty())
            labelled = true;
    if (!labelled)
        return slotOffset(int(here.indexOf(flow)));
    // Copies that say whom they are for stand side by side, rows of three, so every label reads.
    constexpr int kPerRow = 3;
    const int index = int(here.indexOf(flow));
    const int row = index / kPerRow;
    const int first = row * kPerRow, last = qMin(int(here.size()), first + kPerRow);
    double rowWidth = 0, x = 0, height = 0, bottom = 0;
    for (int i = first; i < last; ++i) {
        const EnvelopeItem *e = m_envelopes.value(here[i]);
        const double w = e ? e->boundingRect().width() : DiagramStyle::kEnvelopeWidth;
        if (i == index)
            x = rowWidth + w / 2;
        rowWidth += w + (i + 1 < last ? 2 : 0);
        if (e) {
            height = qMax(height, e->boundingRect().height());
            bottom = qMax(bottom, e->boundingRect().bottom());
        }
    }
    // The first row's name pills stay on the icon, clear of the node's name under it (presenting, the
    // icon is smaller and the pills larger).
    const double top = qMin(-6.0, m_style.iconHeight() / 2 + 2 - bottom);
    return QPointF(x - rowWidth / 2, top + row * (height + 2));
}

void FlowDiagramView::restack(const QString &nodeId)
{
    if (!m_nodes.contains(nodeId))
        return;
    const QPointF c = nodeCenter(nodeId);
    QRectF resting;
    for (const QString &flow : m_state.envelopesAt(nodeId)) {
        EnvelopeItem *e = m_envelopes.value(flow);
        if (e && !e->motion.running) {
            e->setPos(c + restOffset(nodeId, flow));
            resting |= e->sceneBoundingRect();
        }
    }
    // The node's badge (its count) stays readable above copies fanned out on the icon.
    NodeItem *node = m_nodes.value(nodeId);
    const QRectF badge = node->mapRectToScene(node->badgeArea().translated(0, node->badgeLift()));
    node->setBadgeLift(!badge.isEmpty() && !resting.isEmpty() && badge.intersects(resting) ? badge.bottom() - resting.top() + 2 : 0);
}

void FlowDiagramView::refreshEnvelope(const QString &flow, bool animate, const SimEvent *event)
{
    const FlowState::Envelope *e = m_state.envelope(flow);
    EnvelopeItem *item = m_envelopes.value(flow);
    if (!e) {
        delete item;
        m_envelopes.remove(flow);
        return;
    }
    ensureNode(e->at);
    if (!item) {
        item = new EnvelopeItem(flow, &m_style);
        item->setPos(nodeCenter(e->from.isEmpty() ? e->at : e->from));
        item->setToolTip(tr("Message %1: click to inspect its envelope, headers and path.").arg(flow));
        item->setHighlighted(flow == m_selectedFlow);
        m_scene->addItem(item);
        m_envelopes.insert(flow, item);
    }
    item->setLook(e->bounce, e->failed);
    item->setVisible(!e->split);
    item->setCountdown(countdownText(*e));
    item->setLabel(e->fannedOut ? e->recipient.section(QLatin1Char('@'), 0, 0) : QString());
    if (e->deferred && !m_countdownTimer.isActive())
        m_countdownTimer.start();

    const bool isHop = event && event->kind == EventKind::Hop
                       && event->field(QStringLiteral("message")).toString() == flow;
    const QString previous = item->data(0).toString(); // the node it was drawn at
    item->setData(0, e->at);
    const QPointF endOffset = restOffset(e->at, flow);
    const QString from = isHop ? e->from : previous;
    if (animate && !from.isEmpty() && from != e->at && !e->split) {
        ensureNode(from);
        bool reverse = false;
        EnvelopeItem::Motion &m = item->motion;
        m.edge = edgeBetween(from, e->at, &reverse);
        m.reverse = reverse;
        m.from = m.running ? item->pos() : nodeCenter(from);
        m.to = nodeCenter(e->at) + endOffset;
        m.startOffset = (m.running ? item->pos() : nodeCenter(from)) - nodeCenter(from);
        if (m.edge && !m.running)
            m.startOffset = QPointF(16, 8);
        m.endOffset = endOffset;
        m.startMs = m_wall.elapsed();
        m.durationMs = travelMs();
        if (!m.running)
            m_moving.push_back(item);
        m.running = true;
        if (!previous.isEmpty() && previous != from)
            restack(previous);
        restack(from);
    } else if (!item->motion.running) {
        item->setPos(nodeCenter(e->at) + endOffset);
        if (!previous.isEmpty() && previous != e->at)
            restack(previous);
    }
    // The envelopes already there make room (labelled copies stand in a centred row).
    restack(e->at);
}

void FlowDiagramView::placeClearOf(const Bubbles &pair, QList<QRectF> &placed, const QList<QRectF> &soft) const
{
    // Conversations on neighbouring links (the submission, the MTA's DNS question, the relay) would cover
    // each other: the newer pair moves to the nearest free place: above, beside or above-beside one of the
    // pairs in its way, inside the picture. `placed` collects what is already on screen.
    QRectF mine;
    for (const BubbleItem *bubble : {pair.command, pair.reply})
        if (bubble->isVisible())
            mine |= QRectF(bubble->pos(), bubble->size());
    if (mine.isEmpty())
        return;
    constexpr double kGap = 6;
    const auto clearOf = [](const QList<QRectF> &rects, const QRectF &r) {
        return std::none_of(rects.cbegin(), rects.cend(), [&r](const QRectF &other) {
            return other.adjusted(-kGap / 2, -kGap / 2, kGap / 2, kGap / 2).intersects(r);
        });
    };
    bool strict = true;
    const auto isFree = [&](const QRectF &r) { return clearOf(placed, r) && (!strict || clearOf(soft, r)); };
    QPointF best;
    QList<QRectF> obstacles = placed;
    obstacles += soft;
    for (const bool pass : {true, false}) {
        strict = pass;
        if (isFree(mine.translated(best)))
            break;
        QList<double> dys{0}, dxs{0};
        // Places next to what is near (the pair's own size around it): enough, and few to try.
        const QRectF near = mine.adjusted(-2 * mine.width(), -3 * mine.height(), 2 * mine.width(), 3 * mine.height());
        for (const QRectF &other : std::as_const(obstacles)) {
            if (!other.intersects(near))
                continue;
            dys << other.top() - kGap - mine.bottom() << other.bottom() + kGap - mine.top();
            dxs << other.right() + kGap - mine.left() << other.left() - kGap - mine.right();
        }
        const QRectF area = m_scene->sceneRect();
        double bestCost = -1;
        for (const double dy : std::as_const(dys)) {
            for (const double dx : std::as_const(dxs)) {
                const QRectF moved = mine.translated(dx, dy);
                if (moved.top() < area.top() || moved.bottom() > area.bottom() || moved.left() < area.left()
                    || moved.right() > area.right() || !isFree(moved))
                    continue;
                // Up first: the tails still point at the link; down (into the picture) only when nothing else is free.
                const double cost = (dy <= 0 ? -dy : 4 * dy) + 1.5 * qAbs(dx);
                if (bestCost < 0 || cost < bestCost) {
                    bestCost = cost;
                    best = QPointF(dx, dy);
                }
            }
        }
        if (bestCost >= 0)
            break;
    }
    for (BubbleItem *bubble : {pair.command, pair.reply})
        bubble->setPos(bubble->pos() + best);
    placed.append(mine.translated(best));
}

void FlowDiagramView::refreshBubbles(bool animate)
{
    Q_UNUSED(animate)
    // The conversations to show: open ones (latest three), and a closed one while its last line (QUIT's
    // reply, a 421) is still the latest line or hop on show.
    QList<const FlowState::Connection *> open = m_state.openConnections();
    while (open.size() > 3)
        open.removeFirst();
    QSet<QString> shown;
    QSet<QString> edgesInUse;
    for (const FlowState::Connection *c : std::as_const(open)) {
        if (c->command.isEmpty() && c->reply.isEmpty())
            continue;
        shown.insert(c->id);
    }
    for (auto it = m_bubbles.begin(); it != m_bubbles.end();) {
        const FlowState::Connection c = m_state.connections().value(it.key());
        const bool isOpen = shown.contains(it.key());
        if (!isOpen && c.lastEvent >= 0 && c.lastEvent >= m_state.lastStepEvent()) {
            shown.insert(it.key());
            ++it;
            continue;
        }
        if (!isOpen) {
            delete it->command;
            delete it->reply;
            it = m_bubbles.erase(it);
            continue;
        }
        ++it;
    }
    // Oldest conversation first, so each keeps its place from frame to frame and a newer one moves aside.
    QStringList order = shown.values();
    std::sort(order.begin(), order.end(), [this](const QString &a, const QString &b) {
        const int ea = m_state.connections().value(a).firstEvent, eb = m_state.connections().value(b).firstEvent;
        return ea != eb ? ea < eb : a < b;
    });
    // Domain titles, node names and icons are not covered: they name what the class is looking at.
    QList<QRectF> placed, soft;
    for (const Region &g : std::as_const(m_regions))
        placed.append(g.item->titleRect());
    for (const NodeItem *n : std::as_const(m_nodes)) {
        soft.append(n->mapRectToScene(n->labelRect()));
        soft.append(n->mapRectToScene(n->iconArea()));
    }
    for (const QString &id : std::as_const(order)) {
        const FlowState::Connection c = m_state.connections().value(id);
        Bubbles &b = m_bubbles[id];
        if (!b.command) {
            b.command = new BubbleItem(true, &m_style);
            b.reply = new BubbleItem(false, &m_style);
            m_scene->addItem(b.command);
            m_scene->addItem(b.reply);
        }
        b.command->setText(c.command);
        b.reply->setText(c.reply);
        b.command->setVisible(!c.command.isEmpty());
        b.reply->setVisible(!c.reply.isEmpty());
        b.edge = FlowState::linkKey(c.client, c.server);
        EdgeItem *edge = ensureEdge(c.client, c.server);
        const QPointF mid = edge ? edge->midpoint() : (nodeCenter(c.client) + nodeCenter(c.server)) / 2;
        // Stacked above the link's upper node (clear of its badge): the command on top, the reply under
        // it, tails pointing down at the link. Kept inside the picture.
        const double top = qMin(nodeCenter(c.client).y(), nodeCenter(c.server).y()) - m_style.iconHeight() / 2 - 36;
        const QSizeF rs = b.reply->size(), cs = b.command->size();
        const QRectF area = m_scene->sceneRect();
        const double replyTop = top - rs.height() - 8;
        const double commandTop = replyTop - (c.reply.isEmpty() ? 0 : cs.height() + 4);
        b.reply->setPos(qBound(area.left(), mid.x() + 30 - rs.width(), area.right() - rs.width()), replyTop);
        b.command->setPos(qBound(area.left(), mid.x() - 30, area.right() - cs.width()), commandTop);
        placeClearOf(b, placed, soft);
        b.reply->setZValue(4.1);
        edgesInUse.insert(b.edge);
    }
    for (auto it = m_edges.cbegin(); it != m_edges.cend(); ++it)
        it.value()->setActive(edgesInUse.contains(it.key()));
    startClock();
}

QString FlowDiagramView::countdownText(const FlowState::Envelope &e) const
{
    if (!e.deferred)
        return {};
    // Simulated time to the next attempt.
    return e.nextRetryMs >= 0 ? tr("retry in %1").arg(formatDuration(e.nextRetryMs - simulatedNow())) : tr("waiting");
}

void FlowDiagramView::refreshCountdowns()
{
    bool any = false;
    for (auto it = m_envelopes.cbegin(); it != m_envelopes.cend(); ++it) {
        const FlowState::Envelope *e = m_state.envelope(it.key());
        it.value()->setCountdown(e ? countdownText(*e) : QString());
        any = any || (e && e->deferred);
    }
    if (!any)
        m_countdownTimer.stop();
}

// ---- language, events

void FlowDiagramView::retranslate()
{
    m_exportAction->setText(tr("Diagram as &PNG…"));
    m_exportAction->setToolTip(tr("Save the flow diagram as a picture"));
    m_zoomIn->setText(tr("Zoom &in"));
    m_zoomIn->setToolTip(tr("Enlarge the diagram (Ctrl++ or Ctrl+wheel); drag or scroll to pan"));
    m_zoomOut->setText(tr("Zoom &out"));
    m_zoomFit->setText(tr("&Fit the diagram"));
    m_zoomFit->setToolTip(tr("Show the whole diagram again (Ctrl+0)"));
    for (NodeItem *item : std::as_const(m_nodes)) {
        const DiagramTopology::Node *n = m_topology.node(item->id());
        const bool receivingSpool = n && n->kind == QLatin1String("spool") && n->side == DiagramTopology::Side::Receiver;
        const KindText *k = kindText(receivingSpool ? QStringLiteral("receiving-spool") : item->kind());
        QString detail = n ? n->detail : item->id();
        if (n && n->backupMx)
            detail = tr("%1 (backup)").arg(detail);
        if (n && n->kind == QLatin1String("other"))
            detail = item->id();
        if (n && !n->device.isEmpty())
            detail = narration::deviceName(n->device, m_session.language());
        item->setLabel(tr(k->title), detail);
        item->setToolTip(tr(k->tip));
    }
    for (const Region &g : std::as_const(m_regions))
        g.item->setTitle(g.sender ? tr("%1: sending domain").arg(g.domain) : tr("%1: receiving domain").arg(g.domain));
    resetCachedContent();
    m_scene->update();
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        refreshNode(it.key());

    for (auto it = m_envelopes.cbegin(); it != m_envelopes.cend(); ++it)
        it.value()->setToolTip(tr("Message %1: click to inspect its envelope, headers and path.").arg(it.key()));
    refreshCountdowns();
}

void FlowDiagramView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        fit();
    }
    QGraphicsView::changeEvent(event);
}

void FlowDiagramView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    fit();
}

void FlowDiagramView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    fit();
}

void FlowDiagramView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        for (QGraphicsItem *item : items(event->position().toPoint())) {
            if (item->type() == EnvelopeItem::Type && item->isVisible()) {
                m_session.selectMessage(static_cast<EnvelopeItem *>(item)->flow());
                return;
            }
            if (item->type() == NodeItem::Type) {
                m_session.selectNode(static_cast<NodeItem *>(item)->id());
                return;
            }
        }
    }
    QGraphicsView::mousePressEvent(event);
}

// ---- export and inspection

QImage FlowDiagramView::renderImage(double scale) const
{
    const QRectF source = m_scene->sceneRect();
    QImage image((source.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(m_style.background);
    // Item caches belong to the view's device: draw every item afresh for the image.
    QList<QPair<QGraphicsItem *, QGraphicsItem::CacheMode>> cached;
    for (QGraphicsItem *item : m_scene->items()) {
        if (item->cacheMode() != QGraphicsItem::NoCache) {
            cached.append({item, item->cacheMode()});
            item->setCacheMode(QGraphicsItem::NoCache);
        }
    }
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    m_scene->render(&painter, QRectF(QPointF(0, 0), image.size()), source);
    painter.end();
    for (const auto &[item, mode] : std::as_const(cached))
        item->setCacheMode(mode);
    return image;
}

bool FlowDiagramView::exportPng(const QString &path, QString *error, double scale) const
{
    const QImage image = renderImage(scale);
    QImageWriter writer(path, "png");
    if (image.isNull() || !writer.write(image)) {
        if (error)
            *error = image.isNull() ? tr("The diagram is empty.") : writer.errorString();
        return false;
    }
    return true;
}

bool FlowDiagramView::isSettled() const
{
    return m_moving.empty() && !m_camera.running && (!m_world || m_state.lastEvent() >= qMin(m_target, m_world->log().size() - 1));
}

QString FlowDiagramView::envelopeNodeOnScreen(const QString &flow) const
{
    const EnvelopeItem *e = m_envelopes.value(flow);
    if (!e || !e->isVisible())
        return {};
    QString best;
    double bestDistance = 1e9;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
        const double d = QLineF(it.value()->pos(), e->pos()).length();
        if (d < bestDistance) {
            bestDistance = d;
            best = it.key();
        }
    }
    return bestDistance < 60 ? best : QString();
}

QList<QRectF> FlowDiagramView::domainTitleRects() const
{
    QList<QRectF> out;
    for (const Region &g : m_regions)
        out.append(g.item->titleRect());
    return out;
}

QHash<QString, QRectF> FlowDiagramView::nodeLabelRects() const
{
    QHash<QString, QRectF> out;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        out.insert(it.key(), it.value()->mapRectToScene(it.value()->labelRect()));
    return out;
}

QHash<QString, QRectF> FlowDiagramView::nodeBadgeRects() const
{
    QHash<QString, QRectF> out;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        if (const QRectF badge = it.value()->badgeArea(); !badge.isEmpty())
            out.insert(it.key(), it.value()->mapRectToScene(badge));
    return out;
}

QHash<QString, QRectF> FlowDiagramView::nodeIconRects() const
{
    QHash<QString, QRectF> out;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        out.insert(it.key(), it.value()->mapRectToScene(it.value()->iconArea()));
    return out;
}

QList<QRectF> FlowDiagramView::bubbleRects() const
{
    QList<QRectF> out;
    for (const Bubbles &b : m_bubbles)
        for (const BubbleItem *bubble : {b.command, b.reply})
            if (bubble->isVisible())
                out.append(QRectF(bubble->pos(), bubble->size())); // the box, without its tail
    return out;
}

QStringList FlowDiagramView::bubbleTexts() const
{
    QList<QPair<int, QString>> ordered;
    for (auto it = m_bubbles.cbegin(); it != m_bubbles.cend(); ++it) {
        const int order = m_state.connections().value(it.key()).lastEvent;
        if (it->command->isVisible())
            ordered.append({order * 2, QStringLiteral("C: ") + it->command->text()});
        if (it->reply->isVisible())
            ordered.append({order * 2 + 1, QStringLiteral("S: ") + it->reply->text()});
    }
    std::sort(ordered.begin(), ordered.end());
    QStringList out;
    for (const auto &p : std::as_const(ordered))
        out << p.second;
    return out;
}

QString FlowDiagramView::badgeText(const QString &nodeId) const
{
    const NodeItem *n = m_nodes.value(nodeId);
    return n ? n->badgeText() : QString();
}

bool FlowDiagramView::isLinkDrawnLocked(const QString &a, const QString &b) const
{
    const EdgeItem *e = edgeBetween(a, b);
    return e && e->isLocked();
}

} // namespace mf::gui
