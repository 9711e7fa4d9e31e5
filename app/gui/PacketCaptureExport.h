#pragma once

#include <QDialog>
#include <QObject>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QWidget;

namespace mf::gui {

class WorldSession;

// File > Export > Packet capture…: what the lesson's network carried, as a pcapng file for Wireshark, and
// on request the TLS session secrets beside it (an NSS key log) so Wireshark can decrypt TLS too.
class PacketCaptureExport : public QObject
{
    Q_OBJECT
public:
    PacketCaptureExport(QWidget *window, QMenu *exportMenu, WorldSession &session);

    QAction *action() const { return m_action; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void exportToFiles();
    void retranslate();

    QWidget *m_window;
    QMenu *m_menu;
    WorldSession &m_session;
    QAction *m_action = nullptr;
};

// The export's dialog: where the capture goes and, only when ticked, where the key log goes, with the
// warning that it holds the session keys.
class PacketCaptureDialog : public QDialog
{
    Q_OBJECT
public:
    // `keyLogUnavailable`: why no key log can be written (empty when it can).
    PacketCaptureDialog(const QString &keyLogUnavailable, QWidget *parent = nullptr);

    QString capturePath() const;
    // Empty unless the key log was asked for.
    QString keyLogPath() const;

private:
    void browse(QLineEdit *edit, const QString &title, const QString &filter);
    void updateState();

    QLineEdit *m_capture;
    QCheckBox *m_withKeys;
    QLineEdit *m_keys;
    QWidget *m_keysRow;
    QLabel *m_warning;
    QPushButton *m_saveButton = nullptr;
};

} // namespace mf::gui
