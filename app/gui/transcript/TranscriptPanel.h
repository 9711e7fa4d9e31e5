#pragma once

#include "TranscriptFormat.h"

#include <QSet>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QTabBar;
class QTableView;
class QTextBrowser;
class QToolButton;

namespace mf {
class World;
}

namespace mf::gui {

class TranscriptModel;
class WorldSession;

// The transcript dock, an event list like Packet Tracer's Simulation Mode: an "All" tab with every event
// of the lesson (hops, DNS, database lookups, queue changes, deliveries...) and one tab per protocol
// connection with its C:/S: dialogue, each line beside its plain-language explanation in the current
// language. The row of the current step is highlighted and kept in view; after Back the later rows
// disappear. Clicking a row (or Enter on it) moves the lesson cursor there, and every panel follows.
// Filters above the list narrow it by protocol, node and message (EventFilter); the detail pane shows
// the chosen event layer by layer (EventLayers). On a connection that used TLS, the eavesdropper view
// shows the bytes a network observer captured instead of the decrypted dialogue.
class TranscriptPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TranscriptPanel(WorldSession &session, QWidget *parent = nullptr);

    TranscriptModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    // The connection shown ("" for All) and choosing one (adds nothing: it must have a tab).
    QString currentConnection() const;
    bool showConnection(const QString &conn);
    // Connections that used STARTTLS/STLS or implicit TLS (the eavesdropper view is offered on them).
    bool usedTls(const QString &conn) const { return m_tlsConnections.contains(conn); }
    QAction *eavesdropperAction() const { return m_eavesdropper; }
    QAction *exportTextAction() const { return m_exportText; }
    QAction *exportHtmlAction() const { return m_exportHtml; }
    // The filter combo boxes (item data: the protocol family, node id or flow id; "" for All).
    QComboBox *protocolFilter() const { return m_protocolFilter; }
    QComboBox *nodeFilter() const { return m_nodeFilter; }
    QComboBox *messageFilter() const { return m_messageFilter; }
    // Chooses a filter value by its item data; false when the combo box does not offer it.
    static bool choose(QComboBox *combo, const QString &value);
    // The detail pane's HTML (the layers of the selected or current event).
    QString detailHtml() const;

    // What the view shows (its filter, up to the cursor), as a file.
    QString transcriptText() const;
    QString transcriptHtml() const;

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // Row height and column widths for the current fonts.
    void fitRowsAndColumns();
    void onWorldChanged(World *world);
    void onAppended(int index);
    void noteConnection(const SimEvent &event, int index);
    void syncConnectionTabs();
    void noteFilterChoices(const SimEvent &event);
    void resetFilterChoices();
    void retranslateFilterChoices();
    void onRowActivated(const QModelIndex &index);
    void onTabChanged();
    void applyFilter();
    void updateExportActions();
    void followCurrentRow(int row);
    void showDetail();
    void exportTo(bool html);
    void retranslate();

    WorldSession &m_session;
    TranscriptModel *m_model = nullptr;
    QTabBar *m_tabs = nullptr;
    QToolButton *m_eavesdropperButton = nullptr;
    QTableView *m_view = nullptr;
    bool m_fittedToWidth = false; // columns fitted once the view had its width
    QTextBrowser *m_detail = nullptr;
    QLabel *m_protocolLabel = nullptr;
    QLabel *m_nodeLabel = nullptr;
    QLabel *m_messageLabel = nullptr;
    QComboBox *m_protocolFilter = nullptr;
    QComboBox *m_nodeFilter = nullptr;
    QComboBox *m_messageFilter = nullptr;
    QToolButton *m_clearFilters = nullptr;
    QLabel *m_hint = nullptr;
    QAction *m_eavesdropper = nullptr;
    QAction *m_exportText = nullptr;
    QAction *m_exportHtml = nullptr;
    // Every connection of the log: where it begins and where it turned to TLS (one clock: a tab is
    // shown once the cursor has reached its first line, so Back takes away the tabs of the future).
    QHash<QString, int> m_connectionStart;
    QHash<QString, int> m_connectionTls;
    QSet<QString> m_tlsConnections; // ... of those on show
    QSet<QString> m_filterNodes;
    QSet<QString> m_filterMessages;
};

} // namespace mf::gui
