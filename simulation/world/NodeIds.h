#pragma once

#include <QString>

namespace mf::node {

// Node ids as DESIGN.md names them: `kind@domain` or `kind@host`; the Internet is one node.
inline QString user(const QString &domain) { return QStringLiteral("user@") + domain; }
inline QString ua(const QString &domain) { return QStringLiteral("ua@") + domain; }
inline QString spool(const QString &domain) { return QStringLiteral("spool@") + domain; }
inline QString aliasExpander(const QString &domain) { return QStringLiteral("alias-expander@") + domain; }
inline QString database(const QString &domain) { return QStringLiteral("database@") + domain; }
inline QString mtaClient(const QString &domain) { return QStringLiteral("mta-client@") + domain; }
inline QString mtaServer(const QString &host) { return QStringLiteral("mta-server@") + host; }
inline QString mailboxes(const QString &domain) { return QStringLiteral("mailboxes@") + domain; }
inline QString accessServer(const QString &domain) { return QStringLiteral("access-server@") + domain; }
inline QString dns() { return QStringLiteral("dns@internet"); }
inline QString internet() { return QStringLiteral("internet"); }

} // namespace mf::node
