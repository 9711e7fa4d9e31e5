#include "SmtpClientTypes.h"

namespace mf {

SmtpClientTimeouts SmtpClientTimeouts::scaled(double factor) const
{
    auto scale = [factor](int ms) { return qMax(1, int(ms * factor)); };
    SmtpClientTimeouts t;
    t.greeting = scale(greeting);
    t.command = scale(command);
    t.mail = scale(mail);
    t.rcpt = scale(rcpt);
    t.dataInitiation = scale(dataInitiation);
    t.dataBlock = scale(dataBlock);
    t.dataTermination = scale(dataTermination);
    return t;
}

QByteArray SmtpSendResult::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending: return QByteArrayLiteral("pending");
    case Outcome::Delivered: return QByteArrayLiteral("delivered");
    case Outcome::TemporaryFailure: return QByteArrayLiteral("temporary failure");
    case Outcome::PermanentFailure: return QByteArrayLiteral("permanent failure");
    case Outcome::ConnectionFailure: return QByteArrayLiteral("connection failure");
    case Outcome::TlsFailure: return QByteArrayLiteral("TLS failure");
    }
    return {};
}

} // namespace mf
