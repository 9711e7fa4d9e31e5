#include "WorldSession.h"

#include "core/WireCapture.h"
#include "scenario/ScenarioLoader.h"
#include "tls/TlsKeyLog.h"

#include <utility>

namespace mf::gui {

WorldSession::WorldSession(QObject *parent) : QObject(parent)
{
    connect(&m_clock, &LessonClock::goalChanged, this, &WorldSession::stateChanged);
    // Before any world makes a TLS connection.
    tls::TlsKeyLog::start(&m_keyLogUnavailable);
}

WorldSession::~WorldSession()
{
    // Panels may hold pointers into the world (e.g. models on its SQLite connections): let them go first.
    if (m_world)
        emit worldAboutToChange();
    m_clock.attach(nullptr, nullptr);
    m_finishAnnounced = false;
    if (m_world)
        m_world->stop();
}

bool WorldSession::load(const QString &path, QStringList *errors)
{
    const auto loaded = ScenarioLoader::loadFile(path);
    if (!loaded.ok()) {
        if (errors) {
            for (const auto &e : loaded.errors)
                errors->append(e.toString());
        }
        return false;
    }
    auto state = std::make_unique<QTemporaryDir>();
    if (!state->isValid()) {
        if (errors)
            errors->append(tr("Cannot create a temporary directory for the lesson: %1").arg(state->errorString()));
        return false;
    }
    WorldOptions options;
    options.dataDirectory = state->path();
    options.language = m_language;
    options.gateConnections = true;
    // File > Export > Packet capture can be chosen at any time: record from the start.
    options.capture = std::make_shared<WireCapture>();
    auto world = std::make_unique<World>(*loaded.scenario, options);
    // Simulated time passes at the chosen speed; long waits (retries) are shortened by the Stepper.
    world->stepper().setSpeed(m_speed);
    // A retry's wait stays long enough for the class to watch its countdown tick.
    world->stepper().setMaxRealWaitMs(3000);

    // The new world starts before the old one goes, so a lesson that cannot start (a port in use, an
    // unusable CA directory) leaves the running lesson untouched.
    QString error;
    if (!world->start(&error)) {
        world->stop();
        world.reset();
        if (errors)
            errors->append(tr("The lesson could not start: %1").arg(error));
        return false;
    }

    emit worldAboutToChange();
    m_clock.attach(nullptr, nullptr);
    m_finishAnnounced = false;
    if (m_world)
        m_world->stop();
    m_world.reset();
    m_state.reset();
    m_selectedNode.clear();
    m_selectedMessage.clear();
    m_state = std::move(state);
    m_world = std::move(world);
    m_path = path;
    World *w = m_world.get();
    connect(&w->log(), &EventLog::appended, this, &WorldSession::eventAppended);
    connect(&w->log(), &EventLog::cursorMoved, this, [this](int index) {
        emit cursorMoved(index);
    });
    connect(&w->stepper(), &Stepper::modeChanged, this, &WorldSession::stateChanged);
    connect(&w->stepper(), &Stepper::finished, this, [this] {
        // Nothing more will happen by itself: the world rests. The class sees the end once the clock
        // has shown every event.
        m_world->stepper().pause();
        announceIfFinished();
        emit stateChanged();
    });
    connect(&w->stepper(), &Stepper::wokeAfterFinish, this, [this] {
        // New work from a panel (a mail written, mail fetched): a playing lesson plays on.
        m_finishAnnounced = false;
        if (m_clock.isPlaying())
            m_clock.play();
        emit stateChanged();
    });
    connect(&w->log(), &EventLog::cursorMoved, this, &WorldSession::announceIfFinished);
    m_clock.attach(&w->log(), &w->stepper());
    emit worldChanged(w);
    emit stateChanged();
    return true;
}

bool WorldSession::reset(QStringList *errors)
{
    if (m_path.isEmpty())
        return false;
    return load(m_path, errors);
}

void WorldSession::setLanguage(Language language)
{
    if (language == m_language)
        return;
    m_language = language;
    if (m_world)
        m_world->setLanguage(language);
    emit languageChanged(language);
}

void WorldSession::setSpeed(double factor)
{
    if (factor <= 0 || qFuzzyCompare(factor, m_speed))
        return;
    m_speed = factor;
    if (m_world)
        m_world->stepper().setSpeed(factor);
    m_clock.setSpeed(factor);
    emit speedChanged(factor);
}

void WorldSession::play()
{
    if (!m_world || isFinished())
        return; // the lesson is over: Play has nothing to play
    m_clock.play();
    emit stateChanged();
}

void WorldSession::pause()
{
    if (!m_world)
        return;
    m_clock.hold();
    emit stateChanged();
}

bool WorldSession::isPlaying() const
{
    return m_world && m_clock.isPlaying() && !isFinished();
}

void WorldSession::setAnimated(bool on)
{
    if (on == m_clock.isAnimated())
        return;
    m_clock.setAnimated(on);
    emit animatedChanged(on);
}

void WorldSession::stepHop()
{
    if (!m_world || isFinished())
        return; // the lesson is over: one more step does nothing
    m_clock.stepHop();
    emit stateChanged();
}

void WorldSession::stepCommand()
{
    if (!m_world || isFinished())
        return;
    m_clock.stepCommand();
    emit stateChanged();
}

void WorldSession::back()
{
    if (!m_world)
        return;
    m_clock.hold();
    if (!m_world->log().stepBackTo(EventKind::Hop))
        m_world->log().setCursor(-1);
    emit stateChanged();
}

void WorldSession::showEventAt(int index)
{
    if (!m_world || index < -1 || index >= m_world->log().size())
        return;
    m_clock.hold();
    m_world->log().setCursor(index);
    emit stateChanged();
}

bool WorldSession::isShowingPast() const
{
    return m_world && m_world->log().cursor() < m_clock.present();
}

bool WorldSession::isFinished() const
{
    return m_world && m_world->stepper().hasFinished() && !m_world->scheduler().hasPending()
        && m_world->log().isLive();
}

void WorldSession::announceIfFinished()
{
    if (!isFinished()) {
        return;
    }
    if (std::exchange(m_finishAnnounced, true))
        return;
    emit lessonFinished();
    emit stateChanged();
}

void WorldSession::selectNode(const QString &nodeId)
{
    m_selectedNode = nodeId;
    emit nodeSelected(nodeId);
}

void WorldSession::selectMessage(const QString &flowId)
{
    m_selectedMessage = flowId;
    emit messageSelected(flowId);
}

int WorldSession::cursor() const
{
    return m_world ? m_world->log().cursor() : -1;
}

} // namespace mf::gui
