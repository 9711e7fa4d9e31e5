#pragma once

#include "EventFilter.h"
#include "TranscriptFormat.h"

#include <QAbstractTableModel>
#include <QFont>
#include <QPointer>

namespace mf {
class EventLog;
}

namespace mf::gui {

// The transcript as a table over the world's EventLog: one row per event that passes the filter (all
// events, one connection's dialogue, or its wire bytes) and the event filter (protocol, node, message), up to the log's cursor only, so after Back the
// later rows disappear and the last row is the current step. Rows are event indices; texts are made on
// demand, so a log of 50,000 events stays fast.
class TranscriptModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, PlaceColumn, MarkerColumn, TextColumn, ExplanationColumn, ColumnCount };
    enum Role { EventIndexRole = Qt::UserRole + 1, KindRole, ExplanationRole, IsCurrentRole };

    explicit TranscriptModel(QObject *parent = nullptr);

    // Follows `log` (null: empty). Rebuilds the rows.
    void setLog(const EventLog *log);
    void setFilter(const TranscriptFormat::Filter &filter);
    const TranscriptFormat::Filter &filter() const { return m_filter; }
    // The event list's protocol, node and message filters, on top of the connection filter.
    void setEventFilter(const EventFilter &filter);
    const EventFilter &eventFilter() const { return m_eventFilter; }
    void setLanguage(Language language);
    Language language() const { return m_language; }
    // Protocol lines and times are monospaced, as large as `textFont` relative to the system's usual
    // size (presentation mode enlarges both).
    void setTextFont(const QFont &textFont);
    QFont fixedFont() const { return m_fixed; }

    // The row of the current step (the last shown event at or before the cursor), or -1.
    int currentRow() const { return m_visible - 1; }
    int eventIndex(int row) const { return row >= 0 && row < m_visible ? m_rows.at(row) : -1; }
    // The row showing event `index`, or -1.
    int rowOf(int eventIndex) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Retranslates the headers and the texts made with tr().
    void retranslate();

signals:
    // The row of the current step changed (after a cursor move or a rebuild).
    void currentRowChanged(int row);

private:
    void rebuild();
    bool accepts(const SimEvent &event) const { return m_filter.accepts(event) && m_eventFilter.accepts(event); }
    void onAppended(int index);
    void onCursorMoved(int cursor);
    void updateVisible();
    void moveHighlight();

    QFont m_fixed;
    QFont m_fixedBold;
    QPointer<const EventLog> m_log;
    TranscriptFormat::Filter m_filter;
    EventFilter m_eventFilter;
    Language m_language = Language::English;
    QList<int> m_rows; // event indices that pass the filter, in log order
    int m_visible = 0; // how many of them are at or before the cursor
    int m_highlighted = -1; // the row painted as the current step
};

} // namespace mf::gui
