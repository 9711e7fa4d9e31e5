#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace mf {

// One message in a spool: its envelope, bytes, queue state and per-recipient progress.
struct SpoolEntry {
    enum class State { Queued, Active, Deferred, Delivered, Bounced };
    enum class RecipientState { Pending, Delivered, Failed };

    struct Recipient {
        QString address;
        RecipientState state = RecipientState::Pending;
        QString lastReply;
    };

    qint64 id = 0;
    QString flow;     // the simulation's id for this message copy
    QString sender;   // reverse-path; empty for the null sender
    QList<Recipient> recipients;
    QByteArray data;
    State state = State::Queued;
    int attempts = 0;
    qint64 createdMs = 0;
    qint64 nextAttemptMs = 0;
    QString lastError;

    QList<QString> pendingRecipients() const
    {
        QList<QString> out;
        for (const Recipient &r : recipients)
            if (r.state == RecipientState::Pending)
                out << r.address;
        return out;
    }
    bool isFinished() const { return state == State::Delivered || state == State::Bounced; }
};

// The N of a root flow id: "m12" and its copies "m12.3.1" are 12; 0 for anything else.
inline int rootFlowNumber(const QString &flow)
{
    if (!flow.startsWith(QLatin1Char('m')))
        return 0;
    bool ok = false;
    const int n = QStringView(flow).mid(1).split(QLatin1Char('.')).value(0).toInt(&ok);
    return ok ? n : 0;
}

} // namespace mf
