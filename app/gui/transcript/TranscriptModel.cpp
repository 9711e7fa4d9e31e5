#include "TranscriptModel.h"

#include "events/EventLog.h"

#include <QFont>
#include <QFontDatabase>
#include <algorithm>

namespace mf::gui {

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    setTextFont(QFontDatabase::systemFont(QFontDatabase::GeneralFont));
}

void TranscriptModel::setTextFont(const QFont &textFont)
{
    const QFont general = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    m_fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (general.pointSizeF() > 0 && textFont.pointSizeF() > 0 && m_fixed.pointSizeF() > 0)
        m_fixed.setPointSizeF(m_fixed.pointSizeF() * textFont.pointSizeF() / general.pointSizeF());
    m_fixedBold = m_fixed;
    m_fixedBold.setBold(true);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::FontRole});
}

void TranscriptModel::setLog(const EventLog *log)
{
    if (m_log)
        disconnect(m_log, nullptr, this, nullptr);
    m_log = log;
    if (m_log) {
        connect(m_log, &EventLog::appended, this, &TranscriptModel::onAppended);
        connect(m_log, &EventLog::cursorMoved, this, &TranscriptModel::onCursorMoved);
        connect(m_log, &EventLog::cleared, this, &TranscriptModel::rebuild);
    }
    rebuild();
}

void TranscriptModel::setFilter(const TranscriptFormat::Filter &filter)
{
    if (filter.connection == m_filter.connection && filter.wire == m_filter.wire)
        return;
    m_filter = filter;
    rebuild();
}

void TranscriptModel::setEventFilter(const EventFilter &filter)
{
    if (filter == m_eventFilter)
        return;
    m_eventFilter = filter;
    rebuild();
}

void TranscriptModel::setLanguage(Language language)
{
    if (language == m_language)
        return;
    m_language = language;
    if (m_visible > 0)
        emit dataChanged(index(0, ExplanationColumn), index(m_visible - 1, ExplanationColumn));
}

void TranscriptModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (m_visible > 0)
        emit dataChanged(index(0, 0), index(m_visible - 1, ColumnCount - 1));
}

int TranscriptModel::rowOf(int eventIndex) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cbegin() + m_visible, eventIndex);
    return it != m_rows.cbegin() + m_visible && *it == eventIndex ? int(it - m_rows.cbegin()) : -1;
}

void TranscriptModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    m_visible = 0;
    if (m_log) {
        const QList<SimEvent> &events = m_log->events();
        for (int i = 0; i < events.size(); ++i)
            if (accepts(events.at(i)))
                m_rows.append(i);
        const int cursor = m_log->cursor();
        m_visible = int(std::upper_bound(m_rows.cbegin(), m_rows.cend(), cursor) - m_rows.cbegin());
    }
    m_highlighted = currentRow();
    endResetModel();
    emit currentRowChanged(currentRow());
}

void TranscriptModel::onAppended(int index)
{
    if (accepts(m_log->at(index)))
        m_rows.append(index);
    updateVisible(); // the cursor moves after the append when live
}

void TranscriptModel::onCursorMoved(int)
{
    updateVisible();
}

void TranscriptModel::updateVisible()
{
    const int cursor = m_log ? m_log->cursor() : -1;
    const int visible = int(std::upper_bound(m_rows.cbegin(), m_rows.cend(), cursor) - m_rows.cbegin());
    if (visible == m_visible)
        return;
    if (visible > m_visible) {
        beginInsertRows({}, m_visible, visible - 1);
        m_visible = visible;
        endInsertRows();
    } else {
        beginRemoveRows({}, visible, m_visible - 1);
        m_visible = visible;
        endRemoveRows();
    }
    moveHighlight();
    emit currentRowChanged(currentRow());
}

void TranscriptModel::moveHighlight()
{
    const int old = m_highlighted;
    m_highlighted = currentRow();
    if (old >= 0 && old < m_visible && old != m_highlighted)
        emit dataChanged(index(old, 0), index(old, ColumnCount - 1));
    if (m_highlighted >= 0)
        emit dataChanged(index(m_highlighted, 0), index(m_highlighted, ColumnCount - 1));
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_visible;
}

int TranscriptModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!m_log || !index.isValid() || index.row() >= m_visible)
        return {};
    const int eventIndex = m_rows.at(index.row());
    const SimEvent &e = m_log->at(eventIndex);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return TranscriptFormat::time(e.t);
        case PlaceColumn: return TranscriptFormat::place(e);
        case MarkerColumn: return TranscriptFormat::marker(e, m_language);
        case TextColumn: return TranscriptFormat::summary(e, m_language);
        case ExplanationColumn: return TranscriptFormat::explanation(e, m_language);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TextColumn || index.column() == ExplanationColumn) {
            const QString text = TranscriptFormat::summary(e, m_language).toHtmlEscaped();
            const QString why = TranscriptFormat::explanation(e, m_language).toHtmlEscaped();
            return QStringLiteral("<p><tt>%1</tt></p><p>%2</p>").arg(text, why);
        }
        break;
    case Qt::FontRole: {
        if (index.column() == MarkerColumn)
            return m_fixedBold;
        const bool mono = (index.column() == TextColumn && TranscriptFormat::isProtocolText(e)) || index.column() == TimeColumn;
        if (index.row() == m_highlighted && index.column() == TextColumn) {
            if (mono)
                return m_fixedBold;
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        if (mono)
            return m_fixed;
        break;
    }
    case Qt::ForegroundRole:
        return index.column() == MarkerColumn ? TranscriptFormat::markerColor(e) : TranscriptFormat::foreground(e);
    case Qt::BackgroundRole:
        // The current step stands out; everything else keeps its kind's tint.
        return index.row() == m_highlighted ? QColor(0xff, 0xe0, 0x66) : TranscriptFormat::background(e);
    case IsCurrentRole:
        return index.row() == m_highlighted;
    case Qt::TextAlignmentRole:
        if (index.column() == TimeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case EventIndexRole: return eventIndex;
    case KindRole: return QString(kindName(e.kind));
    case ExplanationRole: return TranscriptFormat::explanation(e, m_language);
    default: break;
    }
    return {};
}

QVariant TranscriptModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case PlaceColumn: return tr("Where");
    case MarkerColumn: return QString();
    case TextColumn: return m_filter.wire ? tr("Bytes on the wire") : tr("What happened");
    case ExplanationColumn: return m_filter.wire ? tr("What an eavesdropper can tell") : tr("What it means");
    }
    return {};
}

} // namespace mf::gui
