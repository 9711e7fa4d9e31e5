#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace mf::smtp {

// One command line split into its verb (upper-cased, RFC 5321 §2.4: verbs are case-insensitive) and
// the rest after the first space, kept as sent.
struct SmtpCommand {
    QByteArray verb;
    QByteArray argument;
    bool hasArgument = false;
};

// A MAIL/RCPT parameter (RFC 5321 §4.1.2 esmtp-param): keyword upper-cased, value as sent.
struct SmtpParameter {
    QByteArray keyword;
    QByteArray value;
    bool hasValue = false;
};

// The argument of MAIL FROM: or RCPT TO:.
struct SmtpPathArgument {
    enum class Error { None, Syntax, BadAddress, LocalPartTooLong, DomainTooLong, PathTooLong };
    Error error = Error::None;
    QByteArray address; // the mailbox without brackets or source route; empty for the null path <>
    QList<SmtpParameter> parameters;

    bool isNull() const { return error == Error::None && address.isEmpty(); }
    // The parameter named `keyword` (upper case), or nullptr.
    const SmtpParameter *parameter(QByteArrayView keyword) const;
};

class SmtpCommandParser
{
public:
    static SmtpCommand parseCommand(QByteArrayView line);
    // `argument` is what follows the verb, e.g. "FROM:<a@b.example> SIZE=10". `prefix` is "FROM:" or
    // "TO:" (case-insensitive). `allowNull`: MAIL accepts <> (§4.5.5). `allowBarePostmaster`: RCPT
    // accepts <postmaster> without a domain (§4.1.1.3).
    static SmtpPathArgument parsePath(QByteArrayView argument, QByteArrayView prefix, bool allowNull,
                                      bool allowBarePostmaster);
    // RFC 5321 §4.1.2 Domain (sub-domains of letters, digits and hyphens) or address-literal.
    static bool isValidDomain(QByteArrayView domain);
    // The EHLO/HELO argument: a domain or address literal; underscores tolerated as real hosts use them.
    static bool isValidHeloName(QByteArrayView name);
    static bool isValidLocalPart(QByteArrayView localPart);
    // The local part of `address` (before the last '@' outside quotes), or all of it without '@'.
    static QByteArray localPart(QByteArrayView address);
    static QByteArray domain(QByteArrayView address);
};

} // namespace mf::smtp
