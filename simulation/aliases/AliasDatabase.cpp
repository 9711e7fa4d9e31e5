#include "AliasDatabase.h"

#include <QSqlError>
#include <QSqlQuery>

namespace mf {

AliasDatabase::AliasDatabase(QString path, QString connectionName)
    : m_file(std::move(path), std::move(connectionName))
{
}

AliasDatabase::~AliasDatabase() = default;

bool AliasDatabase::open(QString *error)
{
    if (!m_file.open(SqliteFile::Sync::Full, error))
        return false;
    QSqlQuery q(m_file.db());
    const bool ok = q.exec(QStringLiteral(
        "CREATE TABLE IF NOT EXISTS aliases ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " address TEXT NOT NULL COLLATE NOCASE,"
        " member TEXT NOT NULL,"
        " owner TEXT NOT NULL DEFAULT '')"));
    q.exec(QStringLiteral("CREATE INDEX IF NOT EXISTS aliases_address ON aliases(address)"));
    if (!ok && error)
        *error = q.lastError().text();
    return ok;
}

bool AliasDatabase::setAlias(const QString &address, const QStringList &members, const QString &owner)
{
    if (!m_file.db().transaction())
        return false;
    QSqlQuery q(m_file.db());
    q.prepare(QStringLiteral("DELETE FROM aliases WHERE address = ?"));
    q.addBindValue(address.toLower());
    bool ok = q.exec();
    for (const QString &m : members) {
        q.prepare(QStringLiteral("INSERT INTO aliases(address, member, owner) VALUES(?, ?, ?)"));
        q.addBindValue(address.toLower());
        q.addBindValue(m.toLower());
        q.addBindValue(owner.isEmpty() ? QStringLiteral("") : owner.toLower()); // NOT NULL column
        ok = ok && q.exec();
    }
    return ok ? m_file.db().commit() : (m_file.db().rollback(), false);
}

QStringList AliasDatabase::aliasAddresses() const
{
    QStringList out;
    QSqlQuery q(m_file.db());
    q.exec(QStringLiteral("SELECT DISTINCT address FROM aliases ORDER BY address"));
    while (q.next())
        out << q.value(0).toString();
    return out;
}

AliasDatabase::Lookup AliasDatabase::lookup(const QString &address) const
{
    Lookup l;
    l.address = address;
    l.query = QStringLiteral("SELECT member, owner FROM aliases WHERE address = '%1'").arg(address);
    QSqlQuery &q = m_file.prepared(QStringLiteral("SELECT member, owner FROM aliases WHERE address = ? ORDER BY id"));
    q.addBindValue(address.toLower());
    q.exec();
    while (q.next()) {
        l.members << q.value(0).toString();
        l.owner = q.value(1).toString();
    }
    q.finish();
    return l;
}

AliasDatabase::Expansion AliasDatabase::expand(const QString &recipient, const QString &sender) const
{
    Expansion out;
    QStringList chain;
    expandInto(recipient.toLower(), sender, 0, chain, out);
    if (!out.error.isEmpty())
        out.targets.clear();
    return out;
}

void AliasDatabase::expandInto(const QString &address, const QString &sender, int depth, QStringList &chain,
                               Expansion &out) const
{
    if (!out.error.isEmpty())
        return;
    if (depth > kMaxDepth) {
        out.error = QStringLiteral("5.4.6 alias database loop for %1: nested deeper than %2").arg(chain.first()).arg(kMaxDepth);
        return;
    }
    const Lookup l = lookup(address);
    out.lookups << l;
    auto addTarget = [&](const QString &a, const QString &s) {
        const Target t{a, s};
        if (!out.targets.contains(t))
            out.targets << t;
    };
    if (l.members.isEmpty()) {
        addTarget(address, sender);
        return;
    }
    if (chain.contains(address)) {
        out.error = QStringLiteral("5.4.6 alias loop: %1 -> %2").arg(chain.join(QStringLiteral(" -> ")), address);
        return;
    }
    chain << address;
    // A list with an owner sends its copies with the owner as reverse-path (RFC 5321 §3.9.2); a plain
    // alias keeps the original sender (§3.9.1).
    const QString copySender = l.owner.isEmpty() ? sender : l.owner;
    for (const QString &member : l.members) {
        if (member == address) {
            // An alias that names itself delivers to the mailbox of that name (aliases(5)).
            addTarget(address, copySender);
            continue;
        }
        expandInto(member, copySender, depth + 1, chain, out);
    }
    chain.removeLast();
}

} // namespace mf
