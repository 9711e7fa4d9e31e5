#include "core/LineReader.h"

#include <QTest>

using mf::LineReader;

class TestLineReader : public QObject
{
    Q_OBJECT
private:
    // Feeds `input` whole or byte by byte and returns the lines, with "<TOO LONG>" for overlong ones.
    static QList<QByteArray> run(const QByteArray &input, qsizetype limit, bool byteByByte)
    {
        LineReader reader(limit);
        QList<QByteArray> out;
        auto drain = [&] {
            QByteArray line;
            for (;;) {
                const auto r = reader.next(line);
                if (r == LineReader::Result::NeedMore)
                    return;
                out << (r == LineReader::Result::Line ? line : QByteArray("<TOO LONG>"));
            }
        };
        if (byteByByte) {
            for (char c : input) {
                reader.append(QByteArrayView(&c, 1));
                drain();
            }
        } else {
            reader.append(input);
            drain();
        }
        return out;
    }

private slots:
    void lines_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("two lines") << QByteArray("EHLO a\r\nQUIT\r\n") << 512
                                   << QList<QByteArray>{"EHLO a", "QUIT"};
        QTest::newRow("partial last line") << QByteArray("NOOP\r\nQU") << 512 << QList<QByteArray>{"NOOP"};
        QTest::newRow("bare LF is not a terminator") << QByteArray("a\nb\r\n") << 512
                                                     << QList<QByteArray>{"a\nb"};
        QTest::newRow("bare CR is not a terminator") << QByteArray("a\rb\r\n") << 512
                                                     << QList<QByteArray>{"a\rb"};
        QTest::newRow("empty line") << QByteArray("\r\n") << 512 << QList<QByteArray>{""};
        QTest::newRow("exactly at limit") << QByteArray("abcd\r\n") << 6 << QList<QByteArray>{"abcd"};
        QTest::newRow("one over limit") << QByteArray("abcde\r\nok\r\n") << 6
                                        << QList<QByteArray>{"<TOO LONG>", "ok"};
        QTest::newRow("far over limit") << QByteArray(5000, 'x') + "\r\nNOOP\r\n" << 512
                                        << QList<QByteArray>{"<TOO LONG>", "NOOP"};
        QTest::newRow("overlong then CR at chunk end") << QByteArray(20, 'x') + "\r\n\r\n" << 8
                                                       << QList<QByteArray>{"<TOO LONG>", ""};
    }
    void lines()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, limit);
        QFETCH(QList<QByteArray>, expected);
        QCOMPARE(run(input, limit, false), expected);
        QCOMPARE(run(input, limit, true), expected);
    }

    void rawAfterLine()
    {
        LineReader reader(512);
        reader.append("A1 APPEND x {5}\r\nhello\r\n");
        QByteArray line;
        QCOMPARE(reader.next(line), LineReader::Result::Line);
        QCOMPARE(line, QByteArray("A1 APPEND x {5}"));
        QCOMPARE(reader.takeRaw(5), QByteArray("hello"));
        QCOMPARE(reader.next(line), LineReader::Result::Line);
        QCOMPARE(line, QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestLineReader)
#include "tst_linereader.moc"
