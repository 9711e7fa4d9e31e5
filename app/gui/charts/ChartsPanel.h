#pragma once

#include "ChartModel.h"

#include <QTimer>
#include <QWidget>

class QAbstractAxis;
class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QGridLayout;
class QHorizontalBarSeries;
class QHorizontalStackedBarSeries;
class QValueAxis;

namespace mf {
class World;
}

namespace mf::gui {

class WorldSession;

// The Charts dock: the slowest kinds of hop, queue length over time, delivered / deferred / bounced, bytes per
// protocol. Shows the moment at the event log's cursor (after Back: the data up to that event) and
// follows a running lesson at most four times a second, and only while visible.
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChartsPanel(WorldSession &session, QWidget *parent = nullptr);

    const ChartModel &model() const { return m_model; }
    // Brings the charts up to the cursor now (tests; normally throttled).
    void refreshNow();

    QChart *latencyChart() const { return m_latency; }
    QChart *queueChart() const { return m_queue; }
    QChart *outcomeChart() const { return m_outcome; }
    QChart *bytesChart() const { return m_bytes; }

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void scheduleRefresh();
    void catchUpModel();
    void showLatency();
    void showQueue();
    void showOutcomes();
    void showBytes();
    void retranslate();
    void applyLook();
    void arrange();
    QChartView *addChart(QChart *chart);

    WorldSession &m_session;
    ChartModel m_model;
    QTimer m_throttle;
    QGridLayout *m_grid = nullptr;
    QList<QChartView *> m_views;
    int m_columns = 0;

    QChart *m_latency = nullptr;
    QHorizontalBarSeries *m_latencySeries = nullptr;
    QBarSet *m_latencySet = nullptr;
    QBarCategoryAxis *m_latencyKinds = nullptr;
    QValueAxis *m_latencyMs = nullptr;

    QChart *m_queue = nullptr;
    QValueAxis *m_queueTime = nullptr;
    QValueAxis *m_queueLength = nullptr;

    QChart *m_outcome = nullptr;
    QHorizontalStackedBarSeries *m_outcomeSeries = nullptr;
    QList<QBarSet *> m_outcomeSets; // delivered, deferred, bounced
    QBarCategoryAxis *m_outcomeNames = nullptr;
    QValueAxis *m_outcomeCount = nullptr;

    QChart *m_bytes = nullptr;
    QHorizontalBarSeries *m_bytesSeries = nullptr;
    QBarSet *m_bytesSet = nullptr;
    QBarCategoryAxis *m_bytesProtocols = nullptr;
    QValueAxis *m_bytesCount = nullptr;
};

} // namespace mf::gui
