#include "MailClientPanel.h"

#include "DeviceView.h"
#include "gui/WorldSession.h"
#include "world/World.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QVBoxLayout>

namespace mf::gui {

namespace {

struct DeviceName {
    const char *id;
    const char *label;
};
const DeviceName kDevices[] = {{"laptop", QT_TRANSLATE_NOOP("mf::gui::MailClientPanel", "Laptop")},
                               {"phone", QT_TRANSLATE_NOOP("mf::gui::MailClientPanel", "Phone")}};

bool isRelevant(const SimEvent &e)
{
    return e.kind == EventKind::Retrieved
        || (e.kind == EventKind::Action && e.field(QStringLiteral("action")).toString() == QLatin1String("fetch"));
}

} // namespace

MailClientPanel::MailClientPanel(WorldSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("mailClientPanel"));
    m_userLabel = new QLabel(this);
    m_protocolLabel = new QLabel(this);
    m_user = new QComboBox(this);
    m_user->setObjectName(QStringLiteral("user"));
    m_protocol = new QComboBox(this);
    m_protocol->setObjectName(QStringLiteral("protocol"));
    for (const char *p : {"pop3", "pop3s", "imap"})
        m_protocol->addItem(QString::fromLatin1(p).toUpper(), QString::fromLatin1(p));
    m_userLabel->setBuddy(m_user);
    m_protocolLabel->setBuddy(m_protocol);
    m_leave = new QCheckBox(this);
    m_leave->setObjectName(QStringLiteral("leaveOnServer"));
    m_passwordLabel = new QLabel(this);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_passwordLabel->setBuddy(m_password);
    m_explanation = new QLabel(this);
    m_explanation->setWordWrap(true);
    {
        QFont hint = m_explanation->font();
        hint.setItalic(true);
        m_explanation->setFont(hint);
    }

    m_devices = new QTabWidget(this);
    m_devices->setObjectName(QStringLiteral("devices"));
    m_devices->setDocumentMode(true);
    for (const DeviceName &d : kDevices) {
        auto *view = new DeviceView(session, QString::fromLatin1(d.id), this);
        m_views << view;
        m_devices->addTab(view, QString());
        connect(view, &DeviceView::checkRequested, this, &MailClientPanel::checkMail);
        connect(view, &DeviceView::unreadCountChanged, this, &MailClientPanel::refreshTabs);
    }

    auto *grid = new QGridLayout;
    grid->addWidget(m_userLabel, 0, 0);
    grid->addWidget(m_user, 0, 1);
    grid->addWidget(m_passwordLabel, 1, 0);
    grid->addWidget(m_password, 1, 1);
    grid->addWidget(m_protocolLabel, 2, 0);
    grid->addWidget(m_protocol, 2, 1);
    grid->addWidget(m_leave, 3, 1);
    grid->setColumnStretch(1, 1);
    auto *layout = new QVBoxLayout(this);
    // The fields (one line each) and then the devices with their Check mail buttons; the protocol's
    // explanation, which wraps differently in each language and size, goes last, so it moves nothing.
    layout->addLayout(grid);
    layout->addWidget(m_devices, 1);
    layout->addWidget(m_explanation);

    connect(m_user, &QComboBox::currentIndexChanged, this, &MailClientPanel::refresh);
    connect(m_user, &QComboBox::currentIndexChanged, this, &MailClientPanel::fillPassword);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &MailClientPanel::protocolChanged);
    connect(m_leave, &QCheckBox::toggled, this, [this] { retranslate(); });
    connect(&m_session, &WorldSession::worldAboutToChange, this, [this] { rebuild(nullptr); });
    connect(&m_session, &WorldSession::worldChanged, this, &MailClientPanel::rebuild);
    connect(&m_session, &WorldSession::eventAppended, this, [this](int index) {
        if (World *w = m_session.world(); w && index < w->log().size() && isRelevant(w->log().at(index)))
            m_relevant.append(index);
    });
    connect(&m_session, &WorldSession::cursorMoved, this, &MailClientPanel::refresh);
    connect(&m_session, &WorldSession::stateChanged, this, &MailClientPanel::refresh);

    retranslate();
    rebuild(m_session.world());
}

void MailClientPanel::rebuild(World *world)
{
    const QString previous = user();
    m_people = world ? ScenarioPeople::of(world->scenario()) : ScenarioPeople();
    m_relevant.clear();
    if (world) {
        for (int i = 0; i < world->log().size(); ++i)
            if (isRelevant(world->log().at(i)))
                m_relevant.append(i);
    }
    {
        const QSignalBlocker blocker(m_user);
        m_user->clear();
        for (const Person &p : std::as_const(m_people.users))
            m_user->addItem(p.name.isEmpty() ? p.address : QStringLiteral("%1 <%2>").arg(p.name, p.address), p.address);
        int index = m_user->findData(previous);
        if (index < 0)
            index = m_user->findData(m_people.userB);
        m_user->setCurrentIndex(qMax(0, index));
    }
    // Start with the protocol the lesson's own timeline uses for this user, when it fetches.
    if (world) {
        for (const ActionSpec &a : world->scenario().timeline) {
            if (a.kind == ActionSpec::Kind::Fetch && a.user == user()) {
                const int p = m_protocol->findData(a.protocol == QLatin1String("imaps") ? QStringLiteral("imap") : a.protocol);
                if (p >= 0)
                    m_protocol->setCurrentIndex(p);
                if (!a.protocol.startsWith(QLatin1String("imap")))
                    m_leave->setChecked(a.keep);
                break;
            }
        }
    }
    setEnabled(world != nullptr);
    fillPassword();
    refresh();
}

void MailClientPanel::fillPassword()
{
    const DomainSpec *d = m_session.world() ? m_session.world()->scenario().domainOfAddress(user()) : nullptr;
    m_password->setText(d ? d->passwordOf(user()) : QString());
}

void MailClientPanel::refresh()
{
    const int cursor = m_session.cursor();
    for (DeviceView *view : std::as_const(m_views)) {
        view->setUser(user());
        view->setProtocolName(protocol());
        view->showAt(cursor, m_relevant);
    }
    refreshTabs();
}

void MailClientPanel::refreshTabs()
{
    for (int i = 0; i < m_views.size(); ++i) {
        const DeviceName &d = kDevices[i];
        const int unread = m_views[i]->unreadCount();
        QString text = tr(d.label);
        if (unread)
            text += QLatin1Char(' ') + tr("(%1 unread)").arg(unread);
        m_devices->setTabText(i, text);
    }
}

void MailClientPanel::protocolChanged()
{
    const bool imap = protocol().startsWith(QLatin1String("imap"));
    m_leave->setEnabled(!imap);
    retranslate();
}

DeviceView *MailClientPanel::device(const QString &name) const
{
    for (DeviceView *view : m_views)
        if (view->device() == name)
            return view;
    return nullptr;
}

void MailClientPanel::setUser(const QString &address)
{
    const int index = m_user->findData(address);
    if (index >= 0)
        m_user->setCurrentIndex(index);
}

void MailClientPanel::setProtocol(const QString &protocol)
{
    const int index = m_protocol->findData(protocol);
    if (index >= 0)
        m_protocol->setCurrentIndex(index);
}

void MailClientPanel::setLeaveOnServer(bool leave)
{
    m_leave->setChecked(leave);
}

QString MailClientPanel::user() const
{
    return m_user->currentData().toString();
}

QString MailClientPanel::protocol() const
{
    return m_protocol->currentData().toString();
}

void MailClientPanel::checkMail(const QString &device)
{
    World *world = m_session.world();
    if (!world || user().isEmpty())
        return;
    ActionSpec fetch;
    fetch.kind = ActionSpec::Kind::Fetch;
    fetch.user = user();
    fetch.protocol = protocol();
    fetch.device = device;
    fetch.keep = protocol().startsWith(QLatin1String("imap")) || m_leave->isChecked();
    fetch.openNewMessages = false; // the student opens them
    fetch.password = m_password->text();
    world->fetch(fetch);
    if (!m_session.isShowingPast())
        refresh();
}

void MailClientPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void MailClientPanel::retranslate()
{
    m_userLabel->setText(tr("&User:"));
    m_protocolLabel->setText(tr("&Protocol:"));
    m_passwordLabel->setText(tr("Pass&word:"));
    m_password->setToolTip(tr("The lesson's password for this user. Type a wrong one to see the server refuse the login."));
    m_user->setToolTip(tr("Whose mailbox to read."));
    m_protocol->setToolTip(tr("How the mail client talks to the access server."));
    m_leave->setText(tr("&Leave messages on server"));
    const QString p = protocol();
    if (p.startsWith(QLatin1String("imap"))) {
        m_leave->setToolTip(tr("IMAP always keeps the mail on the server."));
        m_explanation->setText(tr("IMAP (port 143): the mail stays on the server and every device sees the same "
                                  "mailbox. Open a message on the laptop, then check on the phone: it is read there too."));
    } else {
        m_leave->setToolTip(tr("Without it, POP3 deletes each message from the server after downloading it (DELE)."));
        const QString base = p == QLatin1String("pop3s")
            ? tr("POP3S (port 995): POP3 inside TLS, so nobody on the network can read the password or the mail.")
            : tr("POP3 (port 110): the mail client downloads the messages.");
        m_explanation->setText(base + QLatin1Char(' ')
                               + (m_leave->isChecked() ? tr("They stay on the server, so the other device gets them too.")
                                                       : tr("Then they are deleted from the server: the other device will find nothing.")));
    }
    refreshTabs();
}

} // namespace mf::gui
