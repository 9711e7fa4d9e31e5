#include "ComposerPanel.h"

#include "AddressCompleter.h"
#include "gui/WorldSession.h"
#include "world/World.h"

#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMimeDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace mf::gui {

namespace {

// Big enough for a lecture's example files; the servers' own size limit (552) can still be shown.
constexpr qint64 kMaxAttachmentBytes = 25 * 1024 * 1024;

bool isAddress(const QString &text)
{
    // local@domain with a dot-separated domain: what the simulated MTAs route (RFC 5321 §4.1.2, simplified).
    static const QRegularExpression pattern(QStringLiteral(R"(^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$)"));
    return pattern.match(text).hasMatch() && !text.startsWith(QLatin1Char('.')) && !text.contains(QStringLiteral(".."));
}

} // namespace

ComposerPanel::ComposerPanel(WorldSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("composerPanel"));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    {
        QFont hint = m_intro->font();
        hint.setItalic(true);
        m_intro->setFont(hint);
    }

    m_from = new QComboBox(this);
    m_from->setObjectName(QStringLiteral("from"));
    m_to = new QLineEdit(this);
    m_to->setObjectName(QStringLiteral("to"));
    m_cc = new QLineEdit(this);
    m_cc->setObjectName(QStringLiteral("cc"));
    m_bcc = new QLineEdit(this);
    m_bcc->setObjectName(QStringLiteral("bcc"));
    m_subject = new QLineEdit(this);
    m_subject->setObjectName(QStringLiteral("subject"));
    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("body"));
    m_body->setTabChangesFocus(true);

    m_completer = new AddressCompleter(this);
    m_to->setCompleter(m_completer);
    // One completer per field: QCompleter follows the widget it was last set on.
    for (QLineEdit *edit : {m_cc, m_bcc})
        edit->setCompleter(new AddressCompleter(this));

    m_attachmentList = new QListWidget(this);
    m_attachmentList->setObjectName(QStringLiteral("attachments"));
    m_attachmentList->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_attachmentList->setMaximumHeight(72);
    m_attach = new QPushButton(this);
    m_attach->setObjectName(QStringLiteral("attach"));
    m_remove = new QPushButton(this);
    m_remove->setObjectName(QStringLiteral("removeAttachment"));
    m_send = new QPushButton(this);
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_send->setStyleSheet(QStringLiteral("font-weight: bold; padding: 4px 16px;"));
    m_clear = new QPushButton(this);
    m_clear->setObjectName(QStringLiteral("clear"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_fromLabel = new QLabel(this);
    m_toLabel = new QLabel(this);
    m_ccLabel = new QLabel(this);
    m_bccLabel = new QLabel(this);
    m_subjectLabel = new QLabel(this);
    form->addRow(m_fromLabel, m_from);
    form->addRow(m_toLabel, m_to);
    form->addRow(m_ccLabel, m_cc);
    form->addRow(m_bccLabel, m_bcc);
    form->addRow(m_subjectLabel, m_subject);
    for (auto [label, field] : {std::pair<QLabel *, QWidget *>{m_fromLabel, m_from}, {m_toLabel, m_to}, {m_ccLabel, m_cc},
                                {m_bccLabel, m_bcc}, {m_subjectLabel, m_subject}})
        label->setBuddy(field);

    m_bodyLabel = new QLabel(this);
    m_bodyLabel->setBuddy(m_body);
    m_attachmentsLabel = new QLabel(this);
    auto *attachButtons = new QHBoxLayout;
    attachButtons->addWidget(m_attachmentsLabel, 1);
    attachButtons->addWidget(m_attach);
    attachButtons->addWidget(m_remove);
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_clear);
    sendRow->addStretch(1);
    sendRow->addWidget(m_send);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_bodyLabel);
    layout->addWidget(m_body, 1);
    layout->addLayout(attachButtons);
    layout->addWidget(m_attachmentList);
    layout->addLayout(sendRow);
    layout->addWidget(m_status);

    connect(m_attach, &QPushButton::clicked, this, &ComposerPanel::chooseFiles);
    connect(m_remove, &QPushButton::clicked, this, &ComposerPanel::removeSelectedAttachments);
    connect(m_attachmentList, &QListWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_attachmentList->selectedItems().isEmpty()); });
    connect(m_send, &QPushButton::clicked, this, [this] { send(); });
    connect(m_clear, &QPushButton::clicked, this, &ComposerPanel::clearForm);
    connect(&m_session, &WorldSession::worldChanged, this, &ComposerPanel::rebuild);
    connect(&m_session, &WorldSession::worldAboutToChange, this, [this] { rebuild(nullptr); });

    retranslate();
    refreshAttachments();
    rebuild(m_session.world());
}

void ComposerPanel::rebuild(World *world)
{
    const QString previous = m_from->currentData().toString();
    m_people = world ? ScenarioPeople::of(world->scenario()) : ScenarioPeople();
    m_from->clear();
    for (const Person &p : std::as_const(m_people.users))
        m_from->addItem(p.name.isEmpty() ? p.address : QStringLiteral("%1 <%2>").arg(p.name, p.address), p.address);
    int index = m_from->findData(previous);
    if (index < 0)
        index = m_from->findData(m_people.userA);
    m_from->setCurrentIndex(qMax(0, index));
    for (QLineEdit *edit : {m_to, m_cc, m_bcc}) {
        if (auto *c = qobject_cast<AddressCompleter *>(edit->completer()))
            c->setPeople(m_people.users, m_people.aliases);
    }
    retranslate();
    setEnabled(world != nullptr);
}

QStringList ComposerPanel::parseAddresses(const QString &text, QStringList *invalid)
{
    QStringList out;
    for (QString part : text.split(QRegularExpression(QStringLiteral("[,;]")), Qt::SkipEmptyParts)) {
        part = part.trimmed();
        if (part.isEmpty())
            continue;
        // "Bob <bob@b.example>": the address is inside the angle brackets (RFC 5322 §3.4).
        const qsizetype open = part.lastIndexOf(QLatin1Char('<'));
        if (open >= 0 && part.endsWith(QLatin1Char('>')))
            part = part.mid(open + 1, part.size() - open - 2).trimmed();
        if (isAddress(part))
            out << part.toLower();
        else if (invalid)
            *invalid << part;
    }
    return out;
}

QString ComposerPanel::send()
{
    World *world = m_session.world();
    if (!world) {
        showProblem(tr("No lesson is running. Open one in the Lessons panel first."));
        return {};
    }
    const QString from = m_from->currentData().toString();
    if (from.isEmpty()) {
        showProblem(tr("This lesson has no users who could write a mail."));
        return {};
    }
    QStringList invalid;
    const QStringList to = parseAddresses(m_to->text(), &invalid);
    const QStringList cc = parseAddresses(m_cc->text(), &invalid);
    const QStringList bcc = parseAddresses(m_bcc->text(), &invalid);
    if (!invalid.isEmpty()) {
        const QString first = invalid.first();
        showProblem(tr("“%1” is not an email address. An address looks like name@domain, for example "
                       "bob@b.example. Separate several addresses with commas.").arg(first));
        return {};
    }
    if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
        showProblem(tr("Add at least one recipient in To, Cc or Bcc."));
        (m_to->text().isEmpty() ? m_to : m_cc)->setFocus();
        return {};
    }
    ActionSpec action;
    action.kind = ActionSpec::Kind::Send;
    action.from = from;
    action.to = to;
    action.cc = cc;
    action.bcc = bcc;
    action.subject = m_subject->text();
    action.body = m_body->toPlainText();
    action.attachments = m_attachments;
    const QString flow = world->send(action);
    if (flow.isEmpty()) {
        showProblem(tr("The mail could not be sent: %1 does not belong to a domain of this lesson.").arg(from));
        return {};
    }
    const bool paused = !m_session.isPlaying();
    const bool past = m_session.isShowingPast();
    const int attachments = int(m_attachments.size());
    m_statusSource = [flow, paused, past, attachments] {
        QString text = attachments == 0 ? tr("Sent as message %1.").arg(flow)
                       : attachments == 1 ? tr("Sent as message %1 with 1 attachment.").arg(flow)
                                          : tr("Sent as message %1 with %2 attachments.").arg(flow).arg(attachments);
        if (past)
            text += QLatin1Char(' ') + tr("The views show an earlier moment: press Play (Space) to come back to now and watch it travel.");
        else if (paused)
            text += QLatin1Char(' ') + tr("Press Play (Space) or Step (Right) to watch it travel.");
        return text;
    };
    m_statusIsProblem = false;
    retranslate();
    m_session.selectMessage(flow);
    m_to->clear();
    m_cc->clear();
    m_bcc->clear();
    m_subject->clear();
    m_body->clear();
    m_attachments.clear();
    refreshAttachments();
    return flow;
}

void ComposerPanel::clearForm()
{
    m_to->clear();
    m_cc->clear();
    m_bcc->clear();
    m_subject->clear();
    m_body->clear();
    m_attachments.clear();
    refreshAttachments();
    m_statusSource = {};
    m_status->clear();
}

bool ComposerPanel::attachFile(const QString &path)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (file.size() > kMaxAttachmentBytes) {
        showProblem(tr("%1 is too large to attach (more than %2).").arg(name, QLocale().formattedDataSize(kMaxAttachmentBytes)));
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        const QString why = file.errorString();
        showProblem(tr("%1 cannot be attached: %2").arg(name, why));
        return false;
    }
    AttachmentSpec a;
    a.fileName = name;
    a.content = file.readAll();
    a.mimeType = QMimeDatabase().mimeTypeForFileNameAndData(path, a.content).name().toUtf8();
    m_attachments.append(a);
    refreshAttachments();
    return true;
}

void ComposerPanel::chooseFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Attach files"));
    for (const QString &f : files)
        attachFile(f);
}

void ComposerPanel::removeSelectedAttachments()
{
    QList<int> rows;
    for (QListWidgetItem *item : m_attachmentList->selectedItems())
        rows << m_attachmentList->row(item);
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int row : std::as_const(rows))
        m_attachments.removeAt(row);
    refreshAttachments();
}

void ComposerPanel::refreshAttachments()
{
    m_attachmentList->clear();
    for (const AttachmentSpec &a : std::as_const(m_attachments)) {
        m_attachmentList->addItem(QStringLiteral("%1   (%2, %3)")
                                      .arg(a.fileName, QLocale().formattedDataSize(a.content.size()),
                                           QString::fromUtf8(a.mimeType)));
    }
    m_attachmentList->setVisible(!m_attachments.isEmpty());
    m_remove->setEnabled(!m_attachmentList->selectedItems().isEmpty());
}

void ComposerPanel::showProblem(const QString &text)
{
    m_statusSource = {};
    m_statusIsProblem = true;
    m_status->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    m_status->setText(QStringLiteral("⚠ ") + text);
}

void ComposerPanel::showInfo(const QString &text)
{
    m_statusIsProblem = false;
    m_status->setStyleSheet(QStringLiteral("color: #1b5e20;"));
    m_status->setText(QStringLiteral("✔ ") + text);
}

QString ComposerPanel::statusText() const
{
    return m_status->text();
}

void ComposerPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ComposerPanel::retranslate()
{
    m_intro->setText(tr("Write a mail as a user of the lesson and send it into the flow. "
                        "Bcc recipients get a copy but nobody sees them in the headers."));
    m_fromLabel->setText(tr("&From:"));
    m_toLabel->setText(tr("&To:"));
    m_ccLabel->setText(tr("&Cc:"));
    m_bccLabel->setText(tr("&Bcc:"));
    m_subjectLabel->setText(tr("&Subject:"));
    m_bodyLabel->setText(tr("&Message:"));
    m_attachmentsLabel->setText(tr("Attachments:"));
    m_from->setToolTip(tr("Who writes the mail. Its user agent (UA) puts it in the spool of this user's domain."));
    m_to->setToolTip(tr("Main recipients, separated by commas. Start typing to pick a user or an alias."));
    m_cc->setToolTip(tr("Copy recipients: everyone sees them in the Cc: header."));
    m_bcc->setToolTip(tr("Blind copy: these recipients are only in the envelope (RCPT TO), never in the headers."));
    m_to->setPlaceholderText(m_people.userB.isEmpty() ? tr("name@domain, …") : tr("for example %1").arg(m_people.userB));
    m_subject->setPlaceholderText(tr("What the mail is about"));
    m_body->setPlaceholderText(tr("Type your message here."));
    m_attach->setText(tr("Attach file…"));
    m_attach->setToolTip(tr("Add a file: it travels as a separate MIME part, encoded in base64."));
    m_remove->setText(tr("Remove"));
    m_send->setText(tr("Send"));
    m_send->setToolTip(tr("Put the mail into the flow: UA → spool → MTA → … → User B's mailbox."));
    m_clear->setText(tr("Clear"));
    m_completer->retranslate();
    for (QLineEdit *edit : {m_cc, m_bcc}) {
        if (auto *c = qobject_cast<AddressCompleter *>(edit->completer()))
            c->retranslate();
    }
    if (m_statusSource)
        showInfo(m_statusSource());
}

} // namespace mf::gui
