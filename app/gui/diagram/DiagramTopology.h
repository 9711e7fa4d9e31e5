#pragma once

#include <QHash>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

namespace mf {
struct Scenario;
}

namespace mf::gui {

// Which nodes the flow diagram shows and where, derived from a scenario's domains (no widgets, so it can
// be tested on its own). Positions are in grid cells: the sending domain on the left, the Internet with
// the DNS server in the middle, every receiving domain as a lane on the right (stacked top to bottom);
// a backup MX sits under the primary one and each database hangs under its alias expander.
//
// Retrieval keeps the seed's order. On a receiving domain the node `spool@b` is the seed's "spool before
// User B's agent", drawn together with the message access agent that really serves it (POP3/IMAP):
// mailboxes → spool → UA. The sending domain's spool is its outgoing queue only; its user reads mail
// (a bounce, say) through `access-server@a`, drawn under the UA: mailboxes → access server → UA. The
// last link of retrieval is two-way: the UA asks, the message comes back.
class DiagramTopology
{
public:
    enum class Side { Sender, Middle, Receiver };

    struct Node {
        QString id;     // "spool@a.example", "mta-server@mx.b.example", "internet", "dns@internet"
        QString kind;   // "user", "ua", "spool", "alias-expander", "database", "mta-client", "mta-server",
                        // "internet", "dns", "mailboxes", "access-server", or "other" for a node not in
                        // the scenario
        QString domain; // "a.example"; empty for the Internet, the DNS server and outsiders
        QString detail; // second label line: a person's name, a domain or an MX host
        bool backupMx = false;
        Side side = Side::Middle;
        QPointF cell;   // column, row
        QString device; // a reading device's name ("laptop", "phone") when its user reads on two or more
    };
    struct Edge {
        QString from;
        QString to;
        bool dashed = false; // an association (DNS beside the Internet), not a path mail takes
        bool twoWay = false; // retrieval: the UA's request goes `to` → `from`, the message comes `from` → `to`
    };

    // Compact (presentation mode): the Internet stands closer to the domains on either side, so the
    // columns, and the names in them, are wider on screen; a database stands under the node after its
    // alias expander, whose name then has room for a third line.
    enum class Spacing { Normal, Compact };

    DiagramTopology() = default;
    static DiagramTopology fromScenario(const Scenario &scenario, Spacing spacing = Spacing::Normal);

    const QList<Node> &nodes() const { return m_nodes; }
    const QList<Edge> &edges() const { return m_edges; }
    const Node *node(const QString &id) const;
    bool contains(const QString &id) const { return m_index.contains(id); }
    // A node that appears in events but not in the scenario (an outside SMTP client): placed in the
    // middle column under the DNS server. Returns the added (or existing) node.
    const Node &addExtraNode(const QString &id);
    // The grid's extent: columns 0..columnCount()-1, rows firstRow()..lastRow().
    double columnCount() const { return m_columns; }
    double firstRow() const { return m_firstRow; }
    double lastRow() const { return m_lastRow; }

    // The node kind of an id: the part before '@' ("internet" for the Internet).
    static QString kindOf(const QString &nodeId);
    // The user agent of `device` on a domain whose user reads mail on two or more devices
    // ("ua@b.example/phone"), or `uaId` itself when the lesson draws one UA there.
    QString deviceUa(const QString &uaId, const QString &device) const;
    static QString deviceNodeId(const QString &uaId, const QString &device);

private:
    void add(Node node);
    void addEdge(const QString &from, const QString &to, bool dashed = false, bool twoWay = false);
    void updateExtent(const QPointF &cell);

    QList<Node> m_nodes;
    QList<Edge> m_edges;
    QHash<QString, int> m_index;
    double m_columns = 0;
    double m_firstRow = 0;
    double m_lastRow = 0;
    double m_internetColumn = 0;
    int m_extraCount = 0;
};

} // namespace mf::gui
