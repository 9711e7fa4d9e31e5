#pragma once

#include "SessionConnection.h"

#include <QByteArray>

namespace mf {

// Completes a retrieval client's result once its connection has ended. A conversation that did not reach
// its goodbye (`goodbye`: "QUIT", "LOGOUT") failed; the reason shown is the TLS failure when there was one
// (the session cannot see it), else the session's own error, else that the connection ended early.
// Result: any type with `bool ok` and `QByteArray error`.
template <class Result>
void settleClientOutcome(Result &result, bool sessionFinished, const SessionConnection &connection,
                         const char *goodbye)
{
    if (!sessionFinished)
        result.ok = false;
    if (result.ok)
        return;
    if (!connection.tlsFailure().isEmpty())
        result.error = QByteArrayLiteral("TLS failed: ") + connection.tlsFailure();
    else if (result.error.isEmpty())
        result.error = QByteArrayLiteral("the connection ended before ") + goodbye;
}

} // namespace mf
