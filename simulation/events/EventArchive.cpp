#include "EventArchive.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mf {

EventArchive::EventArchive(QString path, qint64 maxFileBytes) : m_path(std::move(path)), m_maxFileBytes(maxFileBytes) {}

QString EventArchive::previousPath() const
{
    QString previous = m_path;
    if (previous.endsWith(QLatin1String(".jsonl")))
        previous.chop(6);
    return previous + QStringLiteral(".1.jsonl");
}

bool EventArchive::open(QString *error)
{
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(m_path, m_file.errorString());
        return false;
    }
    m_fileBytes = m_file.size();
    return true;
}

namespace {

// A JSON string (RFC 8259 §7): UTF-8, with quotes, backslashes and control characters escaped.
void appendString(QByteArray &out, QStringView text)
{
    out.append('"');
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.append('\\').append(c);
        } else if (u < 0x20) {
            static const char hex[] = "0123456789abcdef";
            const char escaped[] = {'\\', 'u', '0', '0', hex[u >> 4], hex[u & 15]};
            out.append(escaped, 6);
        } else {
            out.append(c);
        }
    }
    out.append('"');
}

void appendValue(QByteArray &out, const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QString:
        appendString(out, *static_cast<const QString *>(value.constData()));
        return;
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        out.append(QByteArray::number(value.toLongLong()));
        return;
    case QMetaType::Bool:
        out.append(value.toBool() ? "true" : "false");
        return;
    default: {
        // Arrays, objects, doubles: rare; Qt writes them.
        const QJsonValue json = QJsonValue::fromVariant(value);
        if (json.isArray())
            out.append(QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact));
        else if (json.isObject())
            out.append(QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact));
        else
            out.append(QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact).chopped(1).sliced(1));
    }
    }
}

} // namespace

void EventArchive::write(const SimEvent &event)
{
    if (!m_file.isOpen())
        return;
    // Written here rather than through QJsonObject: a busy server archives every event it records, and the
    // explanations are left out without being copied first. The event's own fields override its common ones.
    QByteArray line;
    line.reserve(256);
    line.append("{\"t\":").append(QByteArray::number(event.t)).append(",\"kind\":\"").append(kindName(event.kind).data(),
                                                                                         kindName(event.kind).size());
    line.append('"');
    if (event.reason != EventReason::None)
        line.append(",\"reason\":\"").append(reasonName(event.reason).data(), reasonName(event.reason).size()).append('"');
    auto append = [&line](const EventFields::Field &f) {
        line.append(',');
        appendString(line, f.first);
        line.append(':');
        appendValue(line, f.second);
    };
    for (const EventFields::Field &f : event.common.fields())
        if (!f.first.startsWith(QLatin1String("explain")) && !event.fields.contains(f.first))
            append(f);
    for (const EventFields::Field &f : event.fields.fields())
        if (!f.first.startsWith(QLatin1String("explain")))
            append(f);
    line.append("}\n");
    if (m_maxFileBytes > 0 && m_fileBytes > 0 && m_fileBytes + line.size() > m_maxFileBytes)
        rotate();
    m_file.write(line);
    m_fileBytes += line.size();
    ++m_events;
}

void EventArchive::flush()
{
    if (m_file.isOpen())
        m_file.flush();
}

void EventArchive::rotate()
{
    m_file.close();
    QFile::remove(previousPath());
    QFile::rename(m_path, previousPath());
    m_file.open(QIODevice::WriteOnly | QIODevice::Append);
    m_fileBytes = 0;
}

} // namespace mf
