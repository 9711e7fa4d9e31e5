#include "ComposerPanel.h"

#include "AddressCompleter.h"
#include "gui/StatusLine.h"
#include "gui/WorldSession.h"
#include "explain/ExplanationTables.h"
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
#include <QScrollArea>
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
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
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
    // Three lines: a confirmation with its hint, or a refusal with the server's reply.
    m_status = new StatusLine(3, this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_fromLabel = new QLabel(this);
    m_passwordLabel = new QLabel(this);
    m_toLabel = new QLabel(this);
    m_ccLabel = new QLabel(this);
    m_bccLabel = new QLabel(this);
    m_subjectLabel = new QLabel(this);
    form->addRow(m_fromLabel, m_from);
    form->addRow(m_passwordLabel, m_password);
    form->addRow(m_toLabel, m_to);
    form->addRow(m_ccLabel, m_cc);
    form->addRow(m_bccLabel, m_bcc);
    form->addRow(m_subjectLabel, m_subject);
    for (auto [label, field] : {std::pair<QLabel *, QWidget *>{m_fromLabel, m_from}, {m_passwordLabel, m_password}, {m_toLabel, m_to},
                                {m_ccLabel, m_cc}, {m_bccLabel, m_bcc}, {m_subjectLabel, m_subject}})
        label->setBuddy(field);

    m_bodyLabel = new QLabel(this);
    m_bodyLabel->setBuddy(m_body);
    m_attachmentsLabel = new QLabel(this);

    // The form scrolls when the panel is short (a 1366x768 projector); the buttons never do.
    auto *formPage = new QWidget;
    auto *formLayout = new QVBoxLayout(formPage);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->addWidget(m_intro);
    formLayout->addLayout(form);
    formLayout->addWidget(m_bodyLabel);
    formLayout->addWidget(m_body, 1);
    formLayout->addWidget(m_attachmentsLabel);
    formLayout->addWidget(m_attachmentList);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("composerForm"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(formPage);

    // The fixed bar: Attach, Remove, Clear and Send in one row, the status below them in a box of a fixed
    // height, so a long message never moves the buttons.
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_attach);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    buttons->addWidget(m_clear);
    buttons->addWidget(m_send);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_attach, &QPushButton::clicked, this, &ComposerPanel::chooseFiles);
    connect(m_remove, &QPushButton::clicked, this, &ComposerPanel::removeSelectedAttachments);
    connect(m_attachmentList, &QListWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_attachmentList->selectedItems().isEmpty()); });
    connect(m_send, &QPushButton::clicked, this, [this] { send(); });
    connect(m_clear, &QPushButton::clicked, this, &ComposerPanel::clearForm);
    connect(&m_session, &WorldSession::worldChanged, this, &ComposerPanel::rebuild);
    connect(&m_session, &WorldSession::worldAboutToChange, this, [this] { rebuild(nullptr); });
    connect(&m_session, &WorldSession::eventAppended, this, &ComposerPanel::watchSent);
    connect(m_from, &QComboBox::currentIndexChanged, this, &ComposerPanel::fillPassword);

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
    m_sentFlows.clear();
    fillPassword();
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
    action.password = m_password->text();
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
    m_sentFlows.insert(flow, action);
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
    m_status->setStatus(QString());
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
    m_attachmentsLabel->setVisible(!m_attachments.isEmpty());
    m_remove->setEnabled(!m_attachmentList->selectedItems().isEmpty());
}

void ComposerPanel::showProblem(const QString &text)
{
    m_statusSource = {};
    showStatus(text, true);
}

void ComposerPanel::showStatus(const QString &text, bool problem)
{
    m_statusIsProblem = problem;
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b00020; font-weight: bold;") : QStringLiteral("color: #1b5e20;"));
    m_status->setStatus((problem ? QStringLiteral("⚠ ") : QStringLiteral("✔ ")) + text);
}

void ComposerPanel::fillPassword()
{
    const QString from = m_from->currentData().toString();
    const World *w = m_session.world();
    const DomainSpec *d = w ? w->scenario().domainOfAddress(from) : nullptr;
    m_password->setText(d ? d->passwordOf(from) : QString());
}

void ComposerPanel::watchSent(int eventIndex)
{
    const World *w = m_session.world();
    if (!w || m_sentFlows.isEmpty() || eventIndex >= w->log().size())
        return;
    const SimEvent &e = w->log().at(eventIndex);
    const QString flow = e.text("message");
    if (!m_sentFlows.contains(flow))
        return;
    if (e.kind == EventKind::Queue && e.text("queue") == QLatin1String("spool") && e.text("state") == QLatin1String("delivered")) {
        m_sentFlows.remove(flow); // its own MTA server took it
        return;
    }
    if (e.kind != EventKind::Hop || e.reason != EventReason::SubmissionRefused)
        return;
    const ActionSpec message = m_sentFlows.take(flow);
    const QString host = e.text("host");
    const QString reply = e.text("reply");
    m_statusSource = [this, flow, host, reply] {
        const Language language = m_session.language();
        QString text = tr("Sending of message %1 failed. The mail server %2 replied: “%3”.").arg(flow, host, reply);
        // What the reply's enhanced status code means (RFC 3463), from the explanation tables.
        if (const explain::EnhancedStatus *s = explain::enhancedStatus(reply.section(QLatin1Char(' '), 1, 1).toLatin1()))
            text += QLatin1Char(' ') + explain::enhancedStatusMeaning(*s, explain::mailDomainIn(reply.toUtf8()), language);
        if (reply.startsWith(QLatin1String("535")))
            text += QLatin1Char(' ') + tr("Check the password and send it again.");
        text += QLatin1Char(' ') + tr("The message was not sent; it is back in the form.");
        return text;
    };
    restoreForm(message);
    showStatus(m_statusSource(), true);
}

void ComposerPanel::restoreForm(const ActionSpec &message)
{
    // Only into an empty form: a message the user has started since is not overwritten.
    if (!m_to->text().isEmpty() || !m_cc->text().isEmpty() || !m_bcc->text().isEmpty() || !m_subject->text().isEmpty()
        || !m_body->toPlainText().isEmpty() || !m_attachments.isEmpty())
        return;
    if (const int index = m_from->findData(message.from); index >= 0)
        m_from->setCurrentIndex(index);
    m_to->setText(message.to.join(QStringLiteral(", ")));
    m_cc->setText(message.cc.join(QStringLiteral(", ")));
    m_bcc->setText(message.bcc.join(QStringLiteral(", ")));
    m_subject->setText(message.subject);
    m_body->setPlainText(message.body);
    m_attachments = message.attachments;
    refreshAttachments();
    if (message.password)
        m_password->setText(*message.password);
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
    m_passwordLabel->setText(tr("Pass&word:"));
    m_password->setToolTip(tr("The password the user agent logs in with when it submits the mail (SMTP AUTH), "
                              "from the lesson. Type a wrong one to see the MTA server refuse it."));
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
        showStatus(m_statusSource(), m_statusIsProblem);
}

} // namespace mf::gui
