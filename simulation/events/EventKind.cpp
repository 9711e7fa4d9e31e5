#include "EventKind.h"

#include <QString>

#include <iterator>

namespace mf {

namespace {

const char *const kKindNames[] = {"note",      "hop",     "line",      "wire",   "tls",   "dns",   "db",
                                  "queue",     "delivered", "expunged", "bounced", "retrieved", "action", "error", "expectation"};
static_assert(std::size(kKindNames) == std::size_t(EventKind::Expectation) + 1);

const char *const kReasonNames[] = {
    "",
    "user-writes",
    "ua-to-spool",
    "alias-check-outgoing",
    "alias-lookup",
    "addresses-resolved",
    "submission",
    "mx-found",
    "link-down",
    "relay-to-mx",
    "inject-direct",
    "inject-accepted",
    "alias-check-incoming",
    "stored-in-mailbox",
    "access-server-reads",
    "pop3-download",
    "imap-read",
    "bounce-written",
    "submission-refused",
    "world-started",
    "duplicate-suppressed",
    "relay-not-done",
    "mx-did-not-answer",
    "bounce-not-bounced",
    "bounce-already-queued",
    "outsider-result",
    "already-in-spool",
    "seen-stored",
    "data-not-kept",
};
static_assert(std::size(kReasonNames) == std::size_t(EventReason::DataNotKept) + 1);

} // namespace

QLatin1StringView kindName(EventKind kind)
{
    return QLatin1StringView(kKindNames[std::size_t(kind)]);
}

std::optional<EventKind> kindFromName(QStringView name)
{
    for (std::size_t i = 0; i < std::size(kKindNames); ++i)
        if (name == QLatin1StringView(kKindNames[i]))
            return EventKind(i);
    return std::nullopt;
}

QLatin1StringView reasonName(EventReason reason)
{
    return QLatin1StringView(kReasonNames[std::size_t(reason)]);
}

EventReason reasonFromName(QStringView name)
{
    for (std::size_t i = 1; i < std::size(kReasonNames); ++i)
        if (name == QLatin1StringView(kReasonNames[i]))
            return EventReason(i);
    return EventReason::None;
}

} // namespace mf
