#include "ProtocolSession.h"

namespace mf {

QByteArray ProtocolSession::takeOutgoing()
{
    return std::exchange(m_outgoing, QByteArray());
}

std::vector<SessionEvent> ProtocolSession::takeEvents()
{
    return std::exchange(m_events, {});
}

void ProtocolSession::sendLine(QByteArrayView line)
{
    m_outgoing.append(line.data(), line.size());
    m_outgoing.append("\r\n", 2);
    addEvent(SessionEvent::Kind::Line, ownDirection(), line);
}

void ProtocolSession::sendRaw(QByteArrayView bytes)
{
    m_outgoing.append(bytes.data(), bytes.size());
}

void ProtocolSession::recordReceived(QByteArrayView line)
{
    addEvent(SessionEvent::Kind::Line, peerDirection(), line);
}

void ProtocolSession::recordSent(QByteArrayView line)
{
    addEvent(SessionEvent::Kind::Line, ownDirection(), line);
}

void ProtocolSession::requestTls()
{
    addEvent(SessionEvent::Kind::StartTls, ownDirection(), {});
}

void ProtocolSession::requestClose()
{
    m_closing = true;
    addEvent(SessionEvent::Kind::Close, ownDirection(), {});
}

void ProtocolSession::notice(QByteArrayView text)
{
    addEvent(SessionEvent::Kind::Notice, ownDirection(), text);
}

void ProtocolSession::error(QByteArrayView text)
{
    addEvent(SessionEvent::Kind::Error, ownDirection(), text);
}

void ProtocolSession::addEvent(SessionEvent::Kind kind, Direction dir, QByteArrayView text)
{
    m_events.push_back(SessionEvent{kind, dir, text.toByteArray()});
}

} // namespace mf
