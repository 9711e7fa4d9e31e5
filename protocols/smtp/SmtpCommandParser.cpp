#include "SmtpCommandParser.h"

namespace mf::smtp {

namespace {

// RFC 5321 §4.5.3.1.1-3 size floors, which are also what we enforce.
constexpr qsizetype kMaxLocalPart = 64;
constexpr qsizetype kMaxDomain = 255;
constexpr qsizetype kMaxPath = 256;

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 §3.2.3 atext.
bool isAtext(char c)
{
    return isAlnum(c) || QByteArrayView("!#$%&'*+-/=?^_`{|}~").contains(c);
}

qsizetype lastAtOutsideQuotes(QByteArrayView address)
{
    bool quoted = false;
    qsizetype at = -1;
    for (qsizetype i = 0; i < address.size(); ++i) {
        const char c = address[i];
        if (quoted && c == '\\') {
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == '@') {
            at = i;
        }
    }
    return at;
}

bool isValidLabelSequence(QByteArrayView domain, bool allowUnderscore)
{
    if (domain.isEmpty())
        return false;
    qsizetype labelStart = 0;
    for (qsizetype i = 0; i <= domain.size(); ++i) {
        if (i == domain.size() || domain[i] == '.') {
            const qsizetype len = i - labelStart;
            if (len == 0 || len > 63)
                return false;
            if (domain[labelStart] == '-' || domain[i - 1] == '-')
                return false;
            labelStart = i + 1;
            continue;
        }
        const char c = domain[i];
        if (!isAlnum(c) && c != '-' && !(allowUnderscore && c == '_'))
            return false;
    }
    return true;
}

bool isValidAddressLiteral(QByteArrayView literal)
{
    if (literal.size() < 3 || literal.front() != '[' || literal.back() != ']')
        return false;
    const QByteArrayView inner = literal.sliced(1, literal.size() - 2);
    for (char c : inner) {
        // dcontent (§4.1.3): printable US-ASCII except "[", "\" and "]".
        if (c < 33 || c > 126 || c == '[' || c == ']' || c == '\\')
            return false;
    }
    return true;
}

} // namespace

const SmtpParameter *SmtpPathArgument::parameter(QByteArrayView keyword) const
{
    for (const SmtpParameter &p : parameters) {
        if (p.keyword == keyword)
            return &p;
    }
    return nullptr;
}

SmtpCommand SmtpCommandParser::parseCommand(QByteArrayView line)
{
    SmtpCommand command;
    const qsizetype space = line.indexOf(' ');
    const QByteArrayView verb = space < 0 ? line : line.first(space);
    command.verb = verb.toByteArray().toUpper();
    if (space >= 0) {
        command.hasArgument = true;
        command.argument = line.sliced(space + 1).toByteArray();
        // Trailing spaces are common and harmless (Postfix ignores them too).
        while (command.argument.endsWith(' '))
            command.argument.chop(1);
        if (command.argument.isEmpty())
            command.hasArgument = false;
    }
    return command;
}

SmtpPathArgument SmtpCommandParser::parsePath(QByteArrayView argument, QByteArrayView prefix, bool allowNull,
                                              bool allowBarePostmaster)
{
    SmtpPathArgument result;
    result.error = SmtpPathArgument::Error::Syntax;
    if (argument.size() < prefix.size() || argument.first(prefix.size()).compare(prefix, Qt::CaseInsensitive) != 0)
        return result;
    qsizetype pos = prefix.size();
    // §3.3 forbids spaces around the colon; like Postfix we tolerate them after it, since refusing helps
    // nobody and the address is still unambiguous.
    while (pos < argument.size() && argument[pos] == ' ')
        ++pos;
    if (pos >= argument.size() || argument[pos] != '<')
        return result;
    const qsizetype open = pos;
    bool quoted = false;
    qsizetype close = -1;
    for (qsizetype i = open + 1; i < argument.size(); ++i) {
        const char c = argument[i];
        if (quoted && c == '\\') {
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == '>') {
            close = i;
            break;
        }
    }
    if (close < 0)
        return result;

    // Parameters: SP-separated esmtp-keyword["=" esmtp-value] (§4.1.2).
    QByteArrayView rest = argument.sliced(close + 1);
    if (!rest.isEmpty() && rest.front() != ' ')
        return result;
    for (const QByteArray &token : rest.toByteArray().split(' ')) {
        if (token.isEmpty())
            continue;
        SmtpParameter p;
        const qsizetype eq = token.indexOf('=');
        p.keyword = (eq < 0 ? token : token.first(eq)).toUpper();
        if (p.keyword.isEmpty() || !isAlnum(p.keyword[0]))
            return result;
        for (char c : std::as_const(p.keyword)) {
            if (!isAlnum(c) && c != '-')
                return result;
        }
        if (eq >= 0) {
            p.hasValue = true;
            p.value = token.sliced(eq + 1);
            if (p.value.isEmpty())
                return result;
            for (char c : std::as_const(p.value)) {
                if (c < 33 || c > 126 || c == '=')
                    return result;
            }
        }
        result.parameters.append(p);
    }

    const qsizetype pathLength = close - open + 1;
    QByteArrayView path = argument.sliced(open + 1, close - open - 1);
    if (path.isEmpty()) {
        result.error = allowNull ? SmtpPathArgument::Error::None : SmtpPathArgument::Error::BadAddress;
        return result;
    }
    if (pathLength > kMaxPath) {
        result.error = SmtpPathArgument::Error::PathTooLong;
        return result;
    }
    // A source route (§4.1.2 A-d-l, "@one,@two:") MUST be accepted and SHOULD be ignored (§C).
    if (path.front() == '@') {
        const qsizetype colon = path.indexOf(':');
        if (colon < 0)
            return result;
        path = path.sliced(colon + 1);
    }
    result.error = SmtpPathArgument::Error::BadAddress;
    const qsizetype at = lastAtOutsideQuotes(path);
    if (at < 0) {
        if (allowBarePostmaster && path.compare("postmaster", Qt::CaseInsensitive) == 0) {
            result.error = SmtpPathArgument::Error::None;
            result.address = path.toByteArray();
        }
        return result;
    }
    const QByteArrayView local = path.first(at);
    const QByteArrayView domainPart = path.sliced(at + 1);
    if (!isValidLocalPart(local) || !isValidDomain(domainPart))
        return result;
    if (local.size() > kMaxLocalPart) {
        result.error = SmtpPathArgument::Error::LocalPartTooLong;
        return result;
    }
    if (domainPart.size() > kMaxDomain) {
        result.error = SmtpPathArgument::Error::DomainTooLong;
        return result;
    }
    result.error = SmtpPathArgument::Error::None;
    result.address = path.toByteArray();
    return result;
}

bool SmtpCommandParser::isValidLocalPart(QByteArrayView local)
{
    if (local.isEmpty())
        return false;
    if (local.front() == '"') {
        // Quoted-string (§4.1.2): qtextSMTP or quoted-pairSMTP between the quotes.
        if (local.size() < 2 || local.back() != '"')
            return false;
        for (qsizetype i = 1; i + 1 < local.size(); ++i) {
            const char c = local[i];
            if (c == '\\') {
                if (i + 2 >= local.size())
                    return false;
                const char next = local[++i];
                if (next < 32 || next > 126)
                    return false;
            } else if (c < 32 || c > 126 || c == '"') {
                return false;
            }
        }
        return true;
    }
    // Dot-string: atoms of atext separated by single dots.
    if (local.front() == '.' || local.back() == '.')
        return false;
    for (qsizetype i = 0; i < local.size(); ++i) {
        const char c = local[i];
        if (c == '.') {
            if (local[i - 1] == '.')
                return false;
        } else if (!isAtext(c)) {
            return false;
        }
    }
    return true;
}

bool SmtpCommandParser::isValidDomain(QByteArrayView domain)
{
    if (!domain.isEmpty() && domain.front() == '[')
        return isValidAddressLiteral(domain);
    return isValidLabelSequence(domain, false);
}

bool SmtpCommandParser::isValidHeloName(QByteArrayView name)
{
    if (!name.isEmpty() && name.front() == '[')
        return isValidAddressLiteral(name);
    if (name.endsWith('.'))
        name.chop(1); // a fully qualified name with its root dot
    return name.size() <= kMaxDomain && isValidLabelSequence(name, true);
}

QByteArray SmtpCommandParser::localPart(QByteArrayView address)
{
    const qsizetype at = lastAtOutsideQuotes(address);
    return (at < 0 ? address : address.first(at)).toByteArray();
}

QByteArray SmtpCommandParser::domain(QByteArrayView address)
{
    const qsizetype at = lastAtOutsideQuotes(address);
    return at < 0 ? QByteArray() : address.sliced(at + 1).toByteArray();
}

} // namespace mf::smtp
