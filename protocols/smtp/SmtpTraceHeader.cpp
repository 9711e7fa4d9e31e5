#include "SmtpTraceHeader.h"

#include <QLocale>

namespace mf::smtp {

QByteArray SmtpTraceHeader::addressLiteral(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return '[' + QHostAddress(v4).toString().toLatin1() + ']';
    if (address.isNull())
        return "[0.0.0.0]";
    return "[IPv6:" + address.toString().toLatin1() + ']';
}

QByteArray SmtpTraceHeader::rfc5322Date(const QDateTime &date)
{
    const QLocale c = QLocale::c();
    const int offset = date.offsetFromUtc();
    const int minutes = qAbs(offset) / 60;
    const QByteArray zone = (offset < 0 ? "-" : "+")
        + QByteArray::number(minutes / 60).rightJustified(2, '0')
        + QByteArray::number(minutes % 60).rightJustified(2, '0');
    return c.toString(date, QStringLiteral("ddd, d MMM yyyy hh:mm:ss ")).toLatin1() + zone;
}

QByteArray SmtpTraceHeader::toField() const
{
    // Received: from <helo> (<rdns> [ip])  -- TCP-info holds only what TCP told us (§4.4): the address
    // literal, plus a reverse-DNS name when one is known. The EHLO name is the client's own claim and
    // stays outside the parentheses.
    QByteArray tcpInfo = addressLiteral(peerAddress);
    if (!peerHostName.isEmpty())
        tcpInfo = peerHostName + ' ' + tcpInfo;
    QByteArray field = "Received: from " + heloName + " (" + tcpInfo + ")\r\n"
        + "\tby " + byHost + " (MailFlow) with " + protocol + " id " + id;
    if (!forRecipient.isEmpty())
        field += "\r\n\tfor <" + forRecipient + '>';
    field += "; " + rfc5322Date(date) + "\r\n";
    return field;
}

} // namespace mf::smtp
