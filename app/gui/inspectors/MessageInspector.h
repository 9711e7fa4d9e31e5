#pragma once

#include "world/MessageHistory.h"

#include <QWidget>
#include <optional>

class QBoxLayout;
class QComboBox;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QStandardItemModel;
class QTableWidget;
class QTabWidget;
class QTreeView;

namespace mf {
class World;
}

namespace mf::gui {

class WorldSession;

// The message inspector: one message as it was at the moment the views show (the event log's cursor).
// Its SMTP envelope (MAIL FROM / RCPT TO) beside its headers (From / To / Cc / Subject), the Received:
// trail hop by hop, Return-Path and Delivered-To once delivered, the raw source and the MIME tree.
// Follows WorldSession::messageSelected; a combo offers every message seen so far.
class MessageInspector : public QWidget
{
    Q_OBJECT
public:
    explicit MessageInspector(WorldSession &session, QWidget *parent = nullptr);

    // The flow shown ("m1"), empty when none.
    QString shownMessage() const { return m_flow; }

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    void arrangeEnvelopeAndHeaders();
    void attach(World *world);
    void showMessage(const QString &flow);
    void refreshList();
    void refresh(bool force = false);
    void fill(const std::optional<MessageSnapshot> &snapshot);
    void fillTrail(const QByteArray &data);
    void fillMime(const QByteArray &data);
    QString nodeName(const QString &nodeId) const;

    WorldSession &m_session;
    World *m_world = nullptr;
    QString m_flow;
    int m_shownEventIndex = -2; // eventIndex of the snapshot on screen (-1: none, -2: nothing drawn yet)
    int m_listed = -1;          // how many flows the combo lists
    int m_listedAt = -1;        // the cursor m_listed was computed for

    QLabel *m_pickLabel = nullptr;
    QComboBox *m_combo = nullptr;
    QLabel *m_where = nullptr;
    QBoxLayout *m_envelopeAndHeaders = nullptr;
    QGroupBox *m_envelopeBox = nullptr;
    QGroupBox *m_headerBox = nullptr;
    QLabel *m_mailFromCaption = nullptr, *m_rcptToCaption = nullptr;
    QLabel *m_fromCaption = nullptr, *m_toCaption = nullptr, *m_ccCaption = nullptr, *m_subjectCaption = nullptr;
    QLabel *m_mailFrom = nullptr, *m_rcptTo = nullptr;
    QLabel *m_from = nullptr, *m_to = nullptr, *m_cc = nullptr, *m_subject = nullptr;
    QLabel *m_difference = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_trailIntro = nullptr;
    QTableWidget *m_trail = nullptr;
    QLabel *m_trailLegend = nullptr;
    QLabel *m_delivery = nullptr;
    QPlainTextEdit *m_raw = nullptr;
    QTreeView *m_mimeView = nullptr;
    QStandardItemModel *m_mime = nullptr;
    std::optional<MessageSnapshot> m_snapshot;
};

} // namespace mf::gui
