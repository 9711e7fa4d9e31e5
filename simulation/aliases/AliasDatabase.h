#pragma once

#include "store/SqliteFile.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <functional>

namespace mf {

// A domain's alias table in SQLite (the "Database" node the alias expander consults), and the expansion
// rules of aliases(5) and RFC 5321 §3.9: one-to-many lists, nested aliases, forwarding to external
// addresses, a depth limit and loop detection, and owner- list semantics for the envelope sender.
class AliasDatabase
{
public:
    // One query the expander made, shown to students as a `db` event.
    struct Lookup {
        QString query;   // the SQL with the value filled in
        QString address;
        QStringList members; // empty: not an alias
        QString owner;
    };
    struct Target {
        QString address;
        QString envelopeSender; // the reverse-path this copy travels with
        bool operator==(const Target &) const = default;
    };
    struct Expansion {
        QList<Target> targets;
        QList<Lookup> lookups;
        QString error;        // non-empty: the expansion failed (loop, depth), with an enhanced code
    };

    static constexpr int kMaxDepth = 100; // Postfix local(8): "alias database loop" past this depth

    // `connectionName` must be unique per open database.
    AliasDatabase(QString path, QString connectionName);
    ~AliasDatabase();
    AliasDatabase(const AliasDatabase &) = delete;
    AliasDatabase &operator=(const AliasDatabase &) = delete;

    bool open(QString *error = nullptr);
    QSqlDatabase database() const { return m_file.db(); }
    static QString tableName() { return QStringLiteral("aliases"); }

    // Replaces the alias's members (an empty list removes it).
    bool setAlias(const QString &address, const QStringList &members, const QString &owner = {});
    QStringList aliasAddresses() const;

    // Expands one envelope recipient sent by `sender`.
    Expansion expand(const QString &recipient, const QString &sender) const;

private:
    Lookup lookup(const QString &address) const;
    void expandInto(const QString &address, const QString &sender, int depth, QStringList &chain,
                    Expansion &out) const;

    SqliteFile m_file;
};

} // namespace mf
