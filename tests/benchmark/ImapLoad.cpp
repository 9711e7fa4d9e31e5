#include "ImapLoad.h"

#include <algorithm>
#include <vector>

#include <QElapsedTimer>
#include <QTcpSocket>

namespace mf::bench {

namespace {

// A deliberately simple blocking IMAP driver: one command at a time, literals skipped by octet count.
class BlockingImap
{
public:
    bool connect(const QString &host, quint16 port, QString *error)
    {
        m_socket.connectToHost(host, port);
        if (!m_socket.waitForConnected(10000)) {
            *error = QStringLiteral("connect: ") + m_socket.errorString();
            return false;
        }
        QByteArray greeting;
        if (!readLine(greeting) || !greeting.startsWith("* OK")) {
            *error = QStringLiteral("bad greeting: ") + QString::fromLatin1(greeting);
            return false;
        }
        m_literalPlus = greeting.contains("LITERAL+");
        return true;
    }

    // Sends one command (with an optional literal after `line`) and reads up to its tagged reply.
    // Returns the tagged status line; `untagged` counts the "* " responses seen.
    QByteArray command(const QByteArray &line, const QByteArray &literal = {}, int *untagged = nullptr,
                       QByteArrayList *collect = nullptr)
    {
        const QByteArray tag = 'b' + QByteArray::number(++m_tag);
        if (literal.isNull()) {
            m_socket.write(tag + ' ' + line + "\r\n");
        } else if (m_literalPlus) {
            m_socket.write(tag + ' ' + line + " {" + QByteArray::number(literal.size()) + "+}\r\n" + literal + "\r\n");
        } else {
            m_socket.write(tag + ' ' + line + " {" + QByteArray::number(literal.size()) + "}\r\n");
            QByteArray cont;
            if (!readLine(cont) || !cont.startsWith('+'))
                return "no continuation: " + cont;
            m_socket.write(literal + "\r\n");
        }
        for (;;) {
            QByteArray response;
            if (!readResponse(response))
                return "connection lost";
            if (response.startsWith(tag + ' '))
                return response.mid(tag.size() + 1);
            if (response.startsWith("* ")) {
                if (untagged)
                    ++*untagged;
                if (collect)
                    collect->append(response);
            }
        }
    }

    QByteArray capabilities;

private:
    bool fill()
    {
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(120000))
            return false;
        m_buffer += m_socket.readAll();
        return true;
    }
    bool readLine(QByteArray &line)
    {
        for (;;) {
            const qsizetype end = m_buffer.indexOf("\r\n", m_pos);
            if (end >= 0) {
                line = m_buffer.mid(m_pos, end - m_pos);
                m_pos = end + 2;
                if (m_pos > 1 << 20) {
                    m_buffer.remove(0, m_pos);
                    m_pos = 0;
                }
                return true;
            }
            if (!fill())
                return false;
        }
    }
    // One response: a line, plus the literals it announces and the text after them.
    bool readResponse(QByteArray &response)
    {
        response.clear();
        for (;;) {
            QByteArray line;
            if (!readLine(line))
                return false;
            response += line;
            if (!line.endsWith('}'))
                return true;
            const qsizetype open = line.lastIndexOf('{');
            const qint64 n = line.mid(open + 1, line.size() - open - 2).toLongLong();
            while (m_buffer.size() - m_pos < n) {
                if (!fill())
                    return false;
            }
            response += "\r\n" + m_buffer.mid(m_pos, n);
            m_pos += n;
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    int m_tag = 0;
    bool m_literalPlus = false;
};

QByteArray benchMessage(int i, int size)
{
    QByteArray m = "From: Sender " + QByteArray::number(i % 97) + " <sender" + QByteArray::number(i % 97)
        + "@a.example>\r\nTo: Bench <bench@b.example>\r\nSubject: Benchmark message " + QByteArray::number(i)
        + "\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <bench-" + QByteArray::number(i)
        + "@a.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
    const QByteArray line = "The quick brown fox jumps over the lazy dog, message " + QByteArray::number(i) + ".\r\n";
    while (m.size() + line.size() <= size)
        m += line;
    return m;
}

} // namespace

ImapLoadResult runImapLoad(const QString &host, quint16 port, const QByteArray &user, const QByteArray &password,
                           const ImapLoadOptions &options)
{
    ImapLoadResult r;
    {
        BlockingImap imap;
        if (!imap.connect(host, port, &r.error))
            return r;
        const QByteArray login = imap.command("LOGIN " + user + ' ' + password);
        if (!login.startsWith("OK")) {
            r.error = QStringLiteral("LOGIN: ") + QString::fromLatin1(login);
            return r;
        }
        QElapsedTimer timer;
        timer.start();
        for (int i = 1; i <= options.messages; ++i) {
            const QByteArray reply = imap.command("APPEND INBOX", benchMessage(i, options.messageSize));
            if (!reply.startsWith("OK")) {
                r.error = QStringLiteral("APPEND %1: %2").arg(i).arg(QString::fromLatin1(reply));
                break;
            }
            ++r.appended;
        }
        r.appendSeconds = timer.nsecsElapsed() / 1e9;
        imap.command("LOGOUT");
        if (!r.error.isEmpty())
            return r;
    }
    BlockingImap imap;
    if (!imap.connect(host, port, &r.error))
        return r;
    imap.command("LOGIN " + user + ' ' + password);
    QElapsedTimer timer;
    timer.start();
    const QByteArray select = imap.command("SELECT INBOX");
    r.selectMs = timer.nsecsElapsed() / 1e6;
    if (!select.startsWith("OK")) {
        r.error = QStringLiteral("SELECT: ") + QString::fromLatin1(select);
        return r;
    }
    timer.restart();
    const QByteArray fetch = imap.command("UID FETCH 1:* (FLAGS UID RFC822.SIZE ENVELOPE)", {}, &r.fetched);
    r.fetchMs = timer.nsecsElapsed() / 1e6;
    if (!fetch.startsWith("OK")) {
        r.error = QStringLiteral("UID FETCH: ") + QString::fromLatin1(fetch);
        return r;
    }
    timer.restart();
    int again = 0;
    imap.command("UID FETCH 1:* (FLAGS UID RFC822.SIZE ENVELOPE)", {}, &again);
    r.fetchAgainMs = timer.nsecsElapsed() / 1e6;
    const QByteArray wanted = "<bench-" + QByteArray::number(options.messages / 2 + 1) + "@a.example>";
    std::vector<double> searchTimes;
    for (int run = 0; run < qMax(1, options.searchRuns); ++run) {
        QByteArrayList found;
        timer.restart();
        const QByteArray search = imap.command("UID SEARCH HEADER Message-ID \"" + wanted + '"', {}, nullptr, &found);
        searchTimes.push_back(timer.nsecsElapsed() / 1e6);
        if (!search.startsWith("OK")) {
            r.error = QStringLiteral("UID SEARCH: ") + QString::fromLatin1(search);
            return r;
        }
        for (const QByteArray &line : std::as_const(found)) {
            if (line.startsWith("* SEARCH"))
                r.found = int(line.mid(8).simplified().split(' ').size()) - (line.mid(8).simplified().isEmpty() ? 1 : 0);
        }
    }
    std::sort(searchTimes.begin(), searchTimes.end());
    r.searchMs = searchTimes[searchTimes.size() / 2];
    r.searchMinMs = searchTimes.front();
    r.searchMaxMs = searchTimes.back();
    imap.command("LOGOUT");
    return r;
}

} // namespace mf::bench
