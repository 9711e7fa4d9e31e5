#include "PacketCaptureExport.h"

#include "WorldSession.h"
#include "core/PcapngExport.h"
#include "core/WireCapture.h"
#include "tls/TlsKeyLog.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace mf::gui {

PacketCaptureExport::PacketCaptureExport(QWidget *window, QMenu *exportMenu, WorldSession &session)
    : QObject(window), m_window(window), m_menu(exportMenu), m_session(session)
{
    setObjectName(QStringLiteral("packetCaptureExport"));
    m_action = m_menu->addAction(QString());
    m_action->setObjectName(QStringLiteral("exportPacketCapture"));
    connect(m_action, &QAction::triggered, this, &PacketCaptureExport::exportToFiles);
    auto enable = [this] { m_action->setEnabled(m_session.world() && m_session.world()->capture()); };
    connect(&m_session, &WorldSession::worldChanged, this, enable);
    enable();
    m_menu->installEventFilter(this);
    retranslate();
}

void PacketCaptureExport::exportToFiles()
{
    World *world = m_session.world();
    if (!world || !world->capture())
        return;
    PacketCaptureDialog dialog(m_session.keyLogUnavailable(), m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString capturePath = dialog.capturePath();
    const QString keyLogPath = dialog.keyLogPath();
    pcap::ExportSummary summary;
    QString error;
    if (!pcap::writeCaptureFile(*world->capture(), capturePath, world->scenario().title.in(Language::English), &summary,
                                &error)) {
        QMessageBox::warning(m_window, tr("Export failed"), tr("Cannot write %1: %2").arg(capturePath, error));
        return;
    }
    if (!keyLogPath.isEmpty() && !tls::TlsKeyLog::write(keyLogPath, &error)) {
        QMessageBox::warning(m_window, tr("Export failed"), tr("Cannot write %1: %2").arg(keyLogPath, error));
        return;
    }
    QStringList text{tr("Saved %n packet(s) to %1.", nullptr, summary.packets).arg(QDir::toNativeSeparators(capturePath))};
    if (!keyLogPath.isEmpty())
        text << tr("Saved the TLS key log to %1. It holds the session keys: keep it to yourself.")
                    .arg(QDir::toNativeSeparators(keyLogPath));
    if (summary.captureStopped)
        text << tr("The capture reached its limit of %1 MiB and stopped: later traffic is not in the file.")
                    .arg(world->capture()->limitBytes() / (1024 * 1024));
    text << tr("MailFlow's servers do not use the well-known ports, so tell Wireshark which protocol each port "
               "carries (Analyze > Decode As…), or open the file with:");
    QMessageBox box(QMessageBox::Information, tr("Packet capture saved"), text.join(QStringLiteral("\n\n")),
                    QMessageBox::Ok, m_window);
    box.setInformativeText(pcap::tsharkCommand(capturePath, summary.decodeAs, keyLogPath));
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
}

bool PacketCaptureExport::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_menu && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}

void PacketCaptureExport::retranslate()
{
    m_action->setText(tr("&Packet capture…"));
    m_action->setToolTip(tr("Save what crossed the network as a pcapng file for Wireshark"));
}

PacketCaptureDialog::PacketCaptureDialog(const QString &keyLogUnavailable, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("packetCaptureDialog"));
    setWindowTitle(tr("Export packet capture"));
    const QString base = QDir::home().filePath(QStringLiteral("mailflow-capture"));
    m_capture = new QLineEdit(base + QStringLiteral(".pcapng"), this);
    m_capture->setObjectName(QStringLiteral("capturePath"));
    m_withKeys = new QCheckBox(tr("Also save the TLS &key log, so Wireshark can decrypt the TLS sessions"), this);
    m_withKeys->setObjectName(QStringLiteral("withKeyLog"));
    m_keys = new QLineEdit(base + QStringLiteral(".keys"), this);
    m_keys->setObjectName(QStringLiteral("keyLogPath"));
    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("keyLogWarning"));
    m_warning->setWordWrap(true);
    if (keyLogUnavailable.isEmpty()) {
        m_warning->setText(tr("Warning: the key log holds the session keys. Anyone who has it can read every "
                              "TLS session of this lesson, passwords included. Share it only with the capture it "
                              "belongs to."));
    } else {
        m_withKeys->setEnabled(false);
        m_warning->setText(tr("No key log can be saved: %1").arg(keyLogUnavailable));
    }

    auto row = [this](QLineEdit *edit, const QString &title, const QString &filter) {
        auto *w = new QWidget(this);
        auto *h = new QHBoxLayout(w);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(edit, 1);
        auto *button = new QPushButton(tr("Browse…"), w);
        connect(button, &QPushButton::clicked, this, [this, edit, title, filter] { browse(edit, title, filter); });
        h->addWidget(button);
        return w;
    };
    auto *form = new QFormLayout;
    form->addRow(tr("Capture file:"),
                 row(m_capture, tr("Save the packet capture"), tr("pcapng captures (*.pcapng);;All files (*)")));
    m_keysRow = row(m_keys, tr("Save the TLS key log"), tr("Key logs (*.keys *.txt);;All files (*)"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *column = new QVBoxLayout(this);
    column->addLayout(form);
    column->addWidget(m_withKeys);
    auto *keysForm = new QFormLayout;
    keysForm->addRow(tr("Key log file:"), m_keysRow);
    column->addLayout(keysForm);
    column->addWidget(m_warning);
    column->addWidget(buttons);
    connect(m_withKeys, &QCheckBox::toggled, this, &PacketCaptureDialog::updateState);
    connect(m_capture, &QLineEdit::textChanged, this, &PacketCaptureDialog::updateState);
    connect(m_keys, &QLineEdit::textChanged, this, &PacketCaptureDialog::updateState);
    m_saveButton = buttons->button(QDialogButtonBox::Save);
    updateState();
}

QString PacketCaptureDialog::capturePath() const
{
    return m_capture->text().trimmed();
}

QString PacketCaptureDialog::keyLogPath() const
{
    return m_withKeys->isChecked() ? m_keys->text().trimmed() : QString();
}

void PacketCaptureDialog::browse(QLineEdit *edit, const QString &title, const QString &filter)
{
    const QString path = QFileDialog::getSaveFileName(this, title, edit->text(), filter);
    if (!path.isEmpty())
        edit->setText(path);
}

void PacketCaptureDialog::updateState()
{
    m_keysRow->setEnabled(m_withKeys->isChecked());
    // The warning stays in sight while a key log is asked for (or explains why there is none).
    m_warning->setVisible(m_withKeys->isChecked() || !m_withKeys->isEnabled());
    // A word-wrapped warning that appears needs more height at the dialog's width: grow, never clip it.
    if (isVisible() && layout()->hasHeightForWidth()) {
        layout()->activate();
        const int needed = layout()->totalHeightForWidth(width());
        if (needed > height())
            resize(width(), needed);
    }
    // (QFileInfo's == is undefined for files that do not exist yet: compare the cleaned absolute paths.)
    auto absolute = [](const QString &path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); };
    const bool keysOk = !m_withKeys->isChecked()
                        || (!keyLogPath().isEmpty() && absolute(keyLogPath()) != absolute(capturePath()));
    m_saveButton->setEnabled(!capturePath().isEmpty() && keysOk);
}

} // namespace mf::gui
