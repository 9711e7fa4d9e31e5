#pragma once

// Messages whose header blocks mix every shape SEARCH HEADER must handle (RFC 3501 §6.4.4): folded,
// repeated and case-varied fields, a space before the colon, empty values, encoded words, raw 8-bit
// values; header-like lines in the body ("body ... Subject: menu"); with `oddShapes`, now and then bare LF
// line ends or no body at all. Shared by the store's header-field cache test and the IMAP SEARCH test.
#include <QByteArray>
#include <QByteArrayList>
#include <QRandomGenerator>

namespace mf::test {

inline QByteArray headerCorpusMessage(int n, QRandomGenerator &random, bool oddShapes = true)
{
    const QByteArray num = QByteArray::number(n);
    const QByteArrayList pool = {
        "Message-ID: <id-" + num + "@a.example>\r\n",
        "Message-Id:\r\n <ID-" + num + "@A.EXAMPLE>\r\n",
        "message-id: <id-" + num + "@a.example>\r\nMESSAGE-ID: <second-" + num + "@a.example>\r\n",
        "Subject: plain " + num + "\r\n",
        "Subject: =?UTF-8?Q?caf=C3=A9_menu_" + num + "?=\r\n",
        "Subject: caf\xc3\xa9 raw " + num + "\r\n",
        "Subject: first\r\n\tsecond " + num + "\r\n",
        "Subject: =?UTF-8?Q?caf=C3=A9?=\r\nSubject: plain menu " + num + "\r\n",
        "Received: from a\r\nReceived: from b " + num + "\r\n",
        "X-Tag : spaced " + num + "\r\n",
        "X-Empty:\r\n",
        "X-Note: ab\r\nxy\r\n cd " + num + "\r\n",
        "From: Alice <alice@a.example>\r\n",
        "From: =?ISO-8859-1?Q?Andr=E9?= <andre@a.example>\r\n",
    };
    QByteArray header;
    const int count = 1 + random.bounded(5);
    for (int i = 0; i < count; ++i)
        header += pool[random.bounded(int(pool.size()))];
    QByteArray message = header + "\r\nbody Message-ID: <id-" + num + "@not-a-header>\r\nSubject: menu\r\n";
    if (oddShapes && random.bounded(8) == 0)
        message.replace("\r\n", "\n"); // bare LF line ends
    if (oddShapes && random.bounded(16) == 0)
        message = header.chopped(2); // no blank line, no body
    return message;
}

} // namespace mf::test
