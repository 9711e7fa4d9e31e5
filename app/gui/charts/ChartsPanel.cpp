#include "ChartsPanel.h"

#include "gui/FontScaling.h"
#include "gui/WorldSession.h"
#include "gui/i18n/PresentationMode.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace mf::gui {

namespace {

constexpr int kRefreshIntervalMs = 250;
constexpr int kSlowestHops = 5;
constexpr int kSlowestHopsPresenting = 4; // larger letters, fewer rows

// A queue's name in the legend: the MTA server's host name, or "spool a.example".
QString queueName(const QString &nodeId)
{
    const QString kind = ChartModel::nodeKind(nodeId);
    const QString place = nodeId.mid(kind.size() + 1);
    if (place.isEmpty())
        return nodeId;
    return kind == QLatin1String("mta-server") ? place : kind + QLatin1Char(' ') + place;
}

// Strong colours that stay distinct on a projector and in presentation mode.
const QColor kBlue(0x1F, 0x5F, 0xBF);
const QColor kGreen(0x1E, 0x8C, 0x3A);
const QColor kOrange(0xE0, 0x7B, 0x00);
const QColor kRed(0xC6, 0x28, 0x28);
const QColor kPurple(0x6A, 0x3D, 0x9A);

// Replaces a bar set's values in place (no flicker from removing and re-adding the set). When the number
// of bars changes (Back to an earlier moment, a new protocol), the set is refilled: Qt Charts does not
// lay out the remaining bars again after values are removed from a set.
void setValues(QBarSet *set, const QList<qreal> &values)
{
    if (set->count() != values.size()) {
        if (set->count() > 0)
            set->remove(0, set->count());
        set->append(values);
        return;
    }
    for (int i = 0; i < values.size(); ++i) {
        if (set->at(i) != values[i])
            set->replace(i, values[i]);
    }
}

void setCategories(QBarCategoryAxis *axis, const QStringList &categories)
{
    // Qt Charts keeps drawing the old labels of an emptied category axis: hide them instead.
    axis->setLabelsVisible(!categories.isEmpty());
    if (axis->categories() == categories)
        return;
    if (categories.isEmpty())
        axis->clear();
    else
        axis->setCategories(categories);
}

// A value axis from 0 to a little above `max`, in whole units when the numbers are small.
void fitValueAxis(QValueAxis *axis, double max)
{
    const double top = max <= 0 ? 1.0 : max * 1.15;
    axis->setRange(0, top);
    if (max <= 10) {
        axis->setTickCount(int(std::ceil(top)) + 1 <= 8 ? int(std::ceil(top)) + 1 : 6);
        axis->setRange(0, std::ceil(top));
        axis->setLabelFormat(QStringLiteral("%d"));
    } else {
        axis->setTickCount(5);
        axis->applyNiceNumbers();
        axis->setLabelFormat(QStringLiteral("%.0f"));
    }
}

QChart *newChart()
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setVisible(false);
    return chart;
}

} // namespace

ChartsPanel::ChartsPanel(WorldSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("chartsPanel"));
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(2, 2, 2, 2);
    m_grid->setSpacing(4);

    // Time per hop: horizontal bars, one per kind of hop.
    m_latency = newChart();
    m_latencySet = new QBarSet(QString());
    m_latencySet->setColor(kBlue);
    m_latencySeries = new QHorizontalBarSeries;
    m_latencySeries->append(m_latencySet);
    m_latencySeries->setLabelsVisible(true);
    m_latencySeries->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_latencySeries->setLabelsFormat(QStringLiteral("@value ms"));
    m_latency->addSeries(m_latencySeries);
    m_latencyKinds = new QBarCategoryAxis;
    m_latencyMs = new QValueAxis;
    m_latency->addAxis(m_latencyKinds, Qt::AlignLeft);
    m_latency->addAxis(m_latencyMs, Qt::AlignBottom);
    m_latencySeries->attachAxis(m_latencyKinds);
    m_latencySeries->attachAxis(m_latencyMs);
    m_latencyMs->setLabelsVisible(false); // each bar carries its value
    addChart(m_latency)->setObjectName(QStringLiteral("latencyChart"));

    // Queue length over time: one stepped line per queue node, created as queues appear.
    m_queue = newChart();
    m_queue->legend()->setVisible(true);
    m_queue->legend()->setAlignment(Qt::AlignRight);
    m_queueTime = new QValueAxis;
    m_queueLength = new QValueAxis;
    m_queue->addAxis(m_queueTime, Qt::AlignBottom);
    m_queue->addAxis(m_queueLength, Qt::AlignLeft);
    addChart(m_queue)->setObjectName(QStringLiteral("queueChart"));

    // Delivered / deferred / bounced: a stacked series with one set per outcome gives each bar its colour.
    // Horizontal bars: the category names (with their counts) get the chart's full label width.
    m_outcome = newChart();
    m_outcomeSeries = new QHorizontalStackedBarSeries;
    for (const QColor &colour : {kGreen, kOrange, kRed}) {
        auto *set = new QBarSet(QString());
        set->setColor(colour);
        set->setBorderColor(colour);
        m_outcomeSets.append(set);
        m_outcomeSeries->append(set);
    }
    m_outcome->addSeries(m_outcomeSeries);
    m_outcomeNames = new QBarCategoryAxis;
    m_outcomeCount = new QValueAxis;
    m_outcome->addAxis(m_outcomeNames, Qt::AlignLeft);
    m_outcome->addAxis(m_outcomeCount, Qt::AlignBottom);
    m_outcomeSeries->attachAxis(m_outcomeNames);
    m_outcomeSeries->attachAxis(m_outcomeCount);
    m_outcomeCount->setLabelsVisible(false); // the counts are in the category names
    addChart(m_outcome)->setObjectName(QStringLiteral("outcomeChart"));

    // Bytes per protocol.
    m_bytes = newChart();
    m_bytesSet = new QBarSet(QString());
    m_bytesSet->setColor(kPurple);
    m_bytesSeries = new QHorizontalBarSeries;
    m_bytesSeries->append(m_bytesSet);
    m_bytesSeries->setLabelsVisible(true);
    m_bytesSeries->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_bytesSeries->setLabelsFormat(QStringLiteral("@value"));
    m_bytes->addSeries(m_bytesSeries);
    m_bytesProtocols = new QBarCategoryAxis;
    m_bytesCount = new QValueAxis;
    m_bytes->addAxis(m_bytesProtocols, Qt::AlignLeft);
    m_bytes->addAxis(m_bytesCount, Qt::AlignBottom);
    m_bytesSeries->attachAxis(m_bytesProtocols);
    m_bytesSeries->attachAxis(m_bytesCount);
    m_bytesCount->setLabelsVisible(false); // each bar carries its value
    addChart(m_bytes)->setObjectName(QStringLiteral("bytesChart"));

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(kRefreshIntervalMs);
    connect(&m_throttle, &QTimer::timeout, this, &ChartsPanel::refreshNow);
    connect(&m_session, &WorldSession::worldAboutToChange, this, [this] {
        m_model.clear();
        m_throttle.stop();
    });
    connect(&m_session, &WorldSession::worldChanged, this, [this] {
        m_model.clear();
        refreshNow();
    });
    connect(&m_session, &WorldSession::cursorMoved, this, &ChartsPanel::scheduleRefresh);

    arrange();
    applyLook();
    retranslate();
    refreshNow();
}

QChartView *ChartsPanel::addChart(QChart *chart)
{
    auto *view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(220, 210);
    m_views.append(view);
    return view;
}

void ChartsPanel::arrange()
{
    // Four in a row when the dock is wide, else two by two.
    const int columns = width() >= 1100 || width() == 0 ? 4 : 2;
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QChartView *view : m_views)
        m_grid->removeWidget(view);
    for (int i = 0; i < m_views.size(); ++i)
        m_grid->addWidget(m_views[i], i / columns, i % columns);
}

void ChartsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrange();
}

void ChartsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshNow();
}

void ChartsPanel::scheduleRefresh()
{
    if (!m_throttle.isActive())
        m_throttle.start();
}

void ChartsPanel::catchUpModel()
{
    World *world = m_session.world();
    if (!world) {
        m_model.clear();
        return;
    }
    const EventLog &log = world->log();
    const int cursor = qMin(log.cursor(), log.size() - 1);
    if (m_model.eventCount() > cursor + 1)
        m_model.clear(); // Back: rebuild the earlier moment from the start
    for (int i = m_model.eventCount(); i <= cursor; ++i)
        m_model.add(log.at(i));
}

void ChartsPanel::refreshNow()
{
    m_throttle.stop();
    catchUpModel();
    showLatency();
    showQueue();
    showOutcomes();
    showBytes();
}

void ChartsPanel::showLatency()
{
    QStringList kinds;
    QList<qreal> values;
    double max = 0;
    // The slowest kinds of hop only: most hand-overs inside a host take no simulated time, and a dozen
    // bars would not be readable in a dock. Horizontal bars are drawn bottom-up: slowest on top.
    auto rows = m_model.hopLatencies();
    std::stable_sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.averageMs > b.averageMs; });
    rows = rows.mid(0, PresentationMode::isActive() ? kSlowestHopsPresenting : kSlowestHops);
    for (auto it = rows.crbegin(); it != rows.crend(); ++it) {
        kinds.append(it->kind);
        values.append(std::round(it->averageMs));
        max = qMax(max, it->averageMs);
    }
    setCategories(m_latencyKinds, kinds);
    setValues(m_latencySet, values);
    fitValueAxis(m_latencyMs, max);
}

void ChartsPanel::showQueue()
{
    const auto rows = m_model.queueSeries();
    QList<QLineSeries *> lines;
    for (QAbstractSeries *s : m_queue->series())
        lines.append(static_cast<QLineSeries *>(s));
    if (lines.size() > rows.size()) { // a new lesson or Back past a queue's first event
        for (qsizetype i = rows.size(); i < lines.size(); ++i) {
            m_queue->removeSeries(lines[i]);
            delete lines[i];
        }
        lines.resize(rows.size());
    }
    static const QList<QColor> colours{kBlue, kOrange, kGreen, kRed, kPurple, QColor(0x00, 0x83, 0x8F)};
    const double end = double(m_model.lastTime());
    int maxLength = 0;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (i == lines.size()) {
            auto *line = new QLineSeries;
            QPen pen(colours[i % colours.size()]);
            pen.setWidth(3);
            line->setPen(pen);
            line->setPointsVisible(true);
            m_queue->addSeries(line);
            line->attachAxis(m_queueTime);
            line->attachAxis(m_queueLength);
            lines.append(line);
        }
        QLineSeries *line = lines[i];
        if (line->name() != queueName(rows[i].node))
            line->setName(queueName(rows[i].node));
        // A step line in simulated seconds: the length holds until the next change.
        QList<QPointF> steps;
        double previous = 0;
        for (const QPointF &p : rows[i].points) {
            if (!steps.isEmpty())
                steps.append(QPointF(p.x() / 1000.0, previous));
            steps.append(QPointF(p.x() / 1000.0, p.y()));
            previous = p.y();
            maxLength = qMax(maxLength, int(p.y()));
        }
        if (!steps.isEmpty())
            steps.append(QPointF(end / 1000.0, previous));
        line->replace(steps);
    }
    m_queueTime->setRange(0, qMax(1.0, end / 1000.0));
    m_queueTime->setLabelFormat(end < 10000 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
    fitValueAxis(m_queueLength, maxLength);
}

void ChartsPanel::showOutcomes()
{
    const ChartModel::Outcomes o = m_model.outcomes();
    const QList<int> counts{o.delivered, o.deferred, o.bounced};
    // Horizontal bars are drawn bottom-up: Delivered is the last category so it shows on top.
    for (int i = 0; i < 3; ++i) {
        QList<qreal> values{0, 0, 0};
        values[2 - i] = counts[i];
        setValues(m_outcomeSets[i], values);
    }
    setCategories(m_outcomeNames, {tr("Bounced: %1").arg(o.bounced), tr("Deferred: %1").arg(o.deferred),
                                   tr("Delivered: %1").arg(o.delivered)});
    fitValueAxis(m_outcomeCount, qMax(qMax(o.delivered, o.deferred), o.bounced));
}

void ChartsPanel::showBytes()
{
    QStringList protocols;
    QList<qreal> values;
    double max = 0;
    const auto rows = m_model.bytesPerProtocol();
    for (auto it = rows.crbegin(); it != rows.crend(); ++it) { // first protocol on top
        protocols.append(it->protocol);
        values.append(double(it->bytes));
        max = qMax(max, double(it->bytes));
    }
    setCategories(m_bytesProtocols, protocols);
    setValues(m_bytesSet, values);
    fitValueAxis(m_bytesCount, max);
}

void ChartsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        applyLook();
    QWidget::changeEvent(event);
}

void ChartsPanel::retranslate()
{
    m_latency->setTitle(tr("Slowest hops (simulated ms)"));
    m_latencySet->setLabel(tr("Average time"));
    m_queue->setTitle(tr("Queue length (simulated seconds)"));
    m_outcome->setTitle(tr("Messages"));
    m_outcomeSets[0]->setLabel(tr("Delivered"));
    m_outcomeSets[1]->setLabel(tr("Deferred"));
    m_outcomeSets[2]->setLabel(tr("Bounced"));
    m_bytes->setTitle(tr("Bytes per protocol"));
    m_bytesSet->setLabel(tr("Bytes"));
    showOutcomes();
}

// The charts take their fonts and colours from the widget, so presentation mode (larger application
// font, high-contrast palette) reaches them too.
void ChartsPanel::applyLook()
{
    const QPalette p = palette();
    // In presentation mode the application font is already 1.5 times larger; the charts' many labels
    // grow a little less so that they still fit the dock.
    const bool presenting = PresentationMode::isActive();
    QFont titleFont = scaledFont(font(), presenting ? 0.8 : 1.0);
    titleFont.setBold(true);
    const QFont smallFont = scaledFont(font(), presenting ? 0.72 : 0.9);
    const QFont legendFont = scaledFont(font(), presenting ? 0.65 : 0.8);
    for (QChart *chart : {m_latency, m_queue, m_outcome, m_bytes}) {
        chart->setBackgroundBrush(p.base());
        chart->setTitleBrush(p.text());
        chart->setTitleFont(titleFont);
        chart->legend()->setFont(legendFont);
        chart->legend()->setLabelColor(p.text().color());
        for (QAbstractAxis *axis : chart->axes()) {
            axis->setLabelsFont(smallFont);
            axis->setLabelsColor(p.text().color());
            axis->setTitleFont(smallFont);
            axis->setTitleBrush(p.text());
            axis->setLinePenColor(p.text().color());
            axis->setGridLineColor(p.mid().color());
        }
    }
    for (QAbstractBarSeries *series : {static_cast<QAbstractBarSeries *>(m_latencySeries),
                                       static_cast<QAbstractBarSeries *>(m_bytesSeries)}) {
        for (QBarSet *set : series->barSets()) {
            set->setLabelFont(smallFont);
            set->setLabelColor(p.text().color());
        }
    }
    for (QChartView *view : m_views)
        view->setBackgroundBrush(p.base());
    showLatency(); // fewer rows in presentation mode
}

} // namespace mf::gui
