#include "ConversationScript.h"

#include <QList>

namespace mf {

namespace {

QString describe(const QByteArray &bytes)
{
    QByteArray shown = bytes;
    shown.replace("\r\n", "\\r\\n\n");
    return QString::fromLatin1(shown);
}

} // namespace

QByteArray ConversationScript::unescape(QByteArrayView escaped)
{
    QByteArray out;
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        const char c = escaped[i];
        if (c != '\\' || i + 1 == escaped.size()) {
            out.append(c);
            continue;
        }
        const char e = escaped[++i];
        switch (e) {
        case 'r': out.append('\r'); break;
        case 'n': out.append('\n'); break;
        case 't': out.append('\t'); break;
        case '0': out.append('\0'); break;
        case 'x':
            if (i + 2 < escaped.size()) {
                out.append(char(QByteArray(escaped.data() + i + 1, 2).toInt(nullptr, 16)));
                i += 2;
            }
            break;
        default: out.append(e); break;
        }
    }
    return out;
}

QString ConversationScript::run(ProtocolSession &session, const QByteArray &script, Feed feed,
                                const Directive &onDirective)
{
    const char inputLetter = session.role() == ProtocolSession::Role::Server ? 'C' : 'S';
    const char outputLetter = session.role() == ProtocolSession::Role::Server ? 'S' : 'C';

    QByteArray pendingInput;
    QByteArray expected;
    QByteArray produced;
    int expectLine = 0;

    auto flushInput = [&] {
        if (pendingInput.isEmpty())
            return;
        if (feed == Feed::Whole) {
            session.feed(pendingInput);
        } else {
            for (char byte : std::as_const(pendingInput))
                session.feed(QByteArrayView(&byte, 1));
        }
        pendingInput.clear();
    };
    auto check = [&]() -> QString {
        produced += session.takeOutgoing();
        if (produced != expected) {
            return QStringLiteral("output mismatch before script line %1\n--- expected:\n%2--- got:\n%3")
                .arg(expectLine)
                .arg(describe(expected), describe(produced));
        }
        produced.clear();
        expected.clear();
        return {};
    };

    session.start();
    const QList<QByteArray> lines = script.split('\n');
    int lineNo = 0;
    for (QByteArray line : lines) {
        ++lineNo;
        if (line.endsWith('\r'))
            line.chop(1);
        const QByteArray trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith('#'))
            continue;
        if (line.size() >= 2 && line[1] == ':' && (line[0] == inputLetter || line[0] == 'R')) {
            // A new input block starts: what the previous one produced must match first.
            if (pendingInput.isEmpty()) {
                if (QString err = check(); !err.isEmpty())
                    return err;
            }
            const QByteArray body = line.size() > 2 && line[2] == ' ' ? line.mid(3) : line.mid(2);
            pendingInput += line[0] == 'R' ? unescape(body) : body + "\r\n";
            continue;
        }
        if (line.size() >= 2 && line[1] == ':' && line[0] == outputLetter) {
            flushInput();
            if (expected.isEmpty())
                expectLine = lineNo;
            const QByteArray body = line.size() > 2 && line[2] == ' ' ? line.mid(3) : line.mid(2);
            expected += body + "\r\n";
            continue;
        }
        if (trimmed.startsWith('!')) {
            flushInput();
            if (QString err = check(); !err.isEmpty())
                return err;
            const QByteArray directive = trimmed.mid(1).trimmed();
            if (directive == "close") {
                if (!session.isClosing())
                    return QStringLiteral("script line %1: session did not ask to close").arg(lineNo);
            } else if (onDirective) {
                onDirective(directive);
            } else {
                return QStringLiteral("script line %1: unhandled directive '%2'")
                    .arg(lineNo).arg(QString::fromLatin1(directive));
            }
            expectLine = lineNo + 1;
            continue;
        }
        return QStringLiteral("script line %1: cannot parse '%2'").arg(lineNo).arg(QString::fromLatin1(line));
    }
    flushInput();
    return check();
}

} // namespace mf
