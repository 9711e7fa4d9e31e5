#include "ScenarioLoader.h"

#include "JsonLocator.h"
#include "NoteMarkup.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <cmath>
#include <optional>

namespace mf {

namespace {

constexpr int kSchemaVersion = 1;

bool isAddress(const QString &a)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9.-]{1,253}$"));
    return re.match(a).hasMatch() && !a.startsWith(QLatin1Char('.')) && !a.contains(QStringLiteral(".."));
}

bool isDomainName(const QString &d)
{
    static const QRegularExpression re(QStringLiteral("^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$"));
    return d.size() <= 253 && re.match(d).hasMatch();
}

// `value` as an integer when it lies within [min, max]; nullopt when it does not, or is not finite. The
// range is checked on the double before converting: converting one beyond qint64's range (5.8e20, say) is
// undefined behaviour. Within the range a fraction is cut toward zero, as the conversion does; callers that
// want whole numbers only refuse fractions first.
std::optional<qint64> boundedInteger(double value, qint64 min, qint64 max)
{
    // double(INT64_MAX) rounds up to 2^63, itself beyond qint64: hence the last test.
    if (!std::isfinite(value) || value < double(min) || value > double(max) || value >= 0x1p63)
        return std::nullopt;
    return qint64(value);
}

// Walks the JSON tree, collecting errors with their location.
class Validator
{
public:
    Validator(const QByteArray &text, QString file) : m_locator(text), m_file(std::move(file)) {}

    QList<ScenarioError> errors;

    void fail(const QString &field, const QString &message)
    {
        errors.append({m_file, m_locator.lineOf(field), field, message});
    }
    int line(const QString &field) const { return m_locator.lineOf(field); }

    // Reports keys that the schema does not know (most often a typo).
    void onlyKeys(const QJsonObject &obj, const QString &path, const QStringList &allowed)
    {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            if (!allowed.contains(it.key())) {
                fail(join(path, it.key()), QStringLiteral("unknown field '%1' (expected one of: %2)")
                                               .arg(it.key(), allowed.join(QStringLiteral(", "))));
            }
        }
    }

    static QString join(const QString &path, const QString &key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

    QString string(const QJsonObject &obj, const QString &path, const QString &key, bool required,
                   const QString &fallback = {})
    {
        const QJsonValue v = obj.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(join(path, key), QStringLiteral("required field '%1' is missing").arg(key));
            return fallback;
        }
        if (!v.isString()) {
            fail(join(path, key), QStringLiteral("must be a string"));
            return fallback;
        }
        return v.toString();
    }

    qint64 integer(const QJsonObject &obj, const QString &path, const QString &key, qint64 fallback,
                   qint64 min, qint64 max)
    {
        const QJsonValue v = obj.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isDouble() || std::trunc(v.toDouble()) != v.toDouble()) {
            fail(join(path, key), QStringLiteral("must be a whole number"));
            return fallback;
        }
        const double d = v.toDouble();
        const std::optional<qint64> n = boundedInteger(d, min, max);
        if (!n) {
            fail(join(path, key), QStringLiteral("must be between %1 and %2 (is %3)").arg(min).arg(max).arg(d, 0, 'g', 17));
            return fallback;
        }
        return *n;
    }

    bool boolean(const QJsonObject &obj, const QString &path, const QString &key, bool fallback)
    {
        const QJsonValue v = obj.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isBool()) {
            fail(join(path, key), QStringLiteral("must be true or false"));
            return fallback;
        }
        return v.toBool();
    }

    qint64 duration(const QJsonObject &obj, const QString &path, const QString &key, qint64 fallback)
    {
        const QJsonValue v = obj.value(key);
        if (v.isUndefined())
            return fallback;
        constexpr qint64 max = ScenarioLoader::kMaxDurationMs;
        qint64 ms = -1;
        if (v.isDouble()) {
            // A negative number is no duration; a positive one beyond a year is refused as too long.
            const double d = v.toDouble();
            ms = !(d >= 0) ? -1 : boundedInteger(d, 0, max).value_or(max + 1);
        } else if (v.isString()) {
            ms = ScenarioLoader::parseDuration(v.toString());
        }
        if (ms < 0) {
            fail(join(path, key), QStringLiteral("must be a duration such as \"30s\", \"15m\", \"2h\" or a number of milliseconds"));
            return fallback;
        }
        if (ms > max) {
            fail(join(path, key), QStringLiteral("must be at most 365 days"));
            return fallback;
        }
        return ms;
    }

    QStringList addresses(const QJsonObject &obj, const QString &path, const QString &key, bool required)
    {
        QStringList out;
        const QJsonValue v = obj.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(join(path, key), QStringLiteral("required field '%1' is missing").arg(key));
            return out;
        }
        if (v.isString()) {
            out << v.toString();
        } else if (v.isArray()) {
            const QJsonArray arr = v.toArray();
            for (int i = 0; i < arr.size(); ++i) {
                if (!arr[i].isString())
                    fail(QStringLiteral("%1[%2]").arg(join(path, key)).arg(i), QStringLiteral("must be an address string"));
                else
                    out << arr[i].toString();
            }
        } else {
            fail(join(path, key), QStringLiteral("must be an address or a list of addresses"));
            return out;
        }
        for (int i = 0; i < out.size(); ++i) {
            if (!isAddress(out[i])) {
                fail(v.isArray() ? QStringLiteral("%1[%2]").arg(join(path, key)).arg(i) : join(path, key),
                     QStringLiteral("'%1' is not an email address").arg(out[i]));
            }
        }
        if (required && out.isEmpty())
            fail(join(path, key), QStringLiteral("needs at least one address"));
        return out;
    }

    LocalizedText localized(const QJsonObject &obj, const QString &path, const QString &key, bool required)
    {
        LocalizedText t;
        const QJsonValue v = obj.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(join(path, key), QStringLiteral("required field '%1' is missing").arg(key));
            return t;
        }
        if (v.isString()) {
            t.english = v.toString();
            return t;
        }
        if (!v.isObject()) {
            fail(join(path, key), QStringLiteral("must be a string or an object {\"en\": ..., \"id\": ...}"));
            return t;
        }
        const QJsonObject o = v.toObject();
        const QString p = join(path, key);
        onlyKeys(o, p, {QStringLiteral("en"), QStringLiteral("id")});
        t.english = string(o, p, QStringLiteral("en"), true);
        t.indonesian = string(o, p, QStringLiteral("id"), false);
        return t;
    }

private:
    JsonLocator m_locator;
    QString m_file;
};

void readDomain(Validator &v, const QJsonObject &o, const QString &p, DomainSpec &d, int index)
{
    v.onlyKeys(o, p, {QStringLiteral("name"), QStringLiteral("address"), QStringLiteral("mx"),
                      QStringLiteral("null_mx"), QStringLiteral("users"), QStringLiteral("aliases"),
                      QStringLiteral("servers"), QStringLiteral("retry")});
    d.line = v.line(p);
    d.name = v.string(o, p, QStringLiteral("name"), true).toLower();
    if (!d.name.isEmpty() && !isDomainName(d.name))
        v.fail(p + QStringLiteral(".name"), QStringLiteral("'%1' is not a domain name").arg(d.name));
    const QString addr = v.string(o, p, QStringLiteral("address"), false,
                                  QStringLiteral("127.0.0.%1").arg(index + 2));
    d.address = QHostAddress(addr);
    if (d.address.isNull() || !d.address.isLoopback()) {
        v.fail(p + QStringLiteral(".address"),
               QStringLiteral("'%1' must be a loopback address (127.0.0.0/8 or ::1): MailFlow never binds elsewhere").arg(addr));
    }
    d.nullMx = v.boolean(o, p, QStringLiteral("null_mx"), false);

    const QJsonValue mx = o.value(QStringLiteral("mx"));
    if (mx.isArray()) {
        const QJsonArray arr = mx.toArray();
        for (int i = 0; i < arr.size(); ++i) {
            const QString mp = QStringLiteral("%1.mx[%2]").arg(p).arg(i);
            if (!arr[i].isObject()) {
                v.fail(mp, QStringLiteral("must be an object {\"host\": ..., \"preference\": ...}"));
                continue;
            }
            const QJsonObject m = arr[i].toObject();
            v.onlyKeys(m, mp, {QStringLiteral("host"), QStringLiteral("preference"), QStringLiteral("address")});
            MxSpec spec;
            spec.host = v.string(m, mp, QStringLiteral("host"), true).toLower();
            if (!spec.host.isEmpty() && !isDomainName(spec.host))
                v.fail(mp + QStringLiteral(".host"), QStringLiteral("'%1' is not a host name").arg(spec.host));
            spec.preference = int(v.integer(m, mp, QStringLiteral("preference"), 10, 0, 65535));
            const QString a = v.string(m, mp, QStringLiteral("address"), false);
            spec.address = a.isEmpty() ? d.address : QHostAddress(a);
            if (spec.address.isNull() || !spec.address.isLoopback())
                v.fail(mp + QStringLiteral(".address"), QStringLiteral("'%1' must be a loopback address").arg(a));
            d.mx << spec;
        }
    } else if (!mx.isUndefined()) {
        v.fail(p + QStringLiteral(".mx"), QStringLiteral("must be a list of MX records"));
    }
    if (d.nullMx && !d.mx.isEmpty())
        v.fail(p + QStringLiteral(".null_mx"), QStringLiteral("a domain with a null MX must not publish other MX records (RFC 7505 §3)"));

    const QJsonValue users = o.value(QStringLiteral("users"));
    if (users.isArray()) {
        const QJsonArray arr = users.toArray();
        for (int i = 0; i < arr.size(); ++i) {
            const QString up = QStringLiteral("%1.users[%2]").arg(p).arg(i);
            if (!arr[i].isObject()) {
                v.fail(up, QStringLiteral("must be an object {\"address\": ..., \"password\": ...}"));
                continue;
            }
            const QJsonObject u = arr[i].toObject();
            v.onlyKeys(u, up, {QStringLiteral("address"), QStringLiteral("password"), QStringLiteral("name")});
            UserSpec spec;
            spec.address = v.string(u, up, QStringLiteral("address"), true).toLower();
            spec.password = v.string(u, up, QStringLiteral("password"), true);
            spec.displayName = v.string(u, up, QStringLiteral("name"), false);
            if (!spec.address.isEmpty() && !isAddress(spec.address))
                v.fail(up + QStringLiteral(".address"), QStringLiteral("'%1' is not an email address").arg(spec.address));
            else if (!spec.address.isEmpty() && addressDomain(spec.address) != d.name)
                v.fail(up + QStringLiteral(".address"),
                       QStringLiteral("user '%1' does not belong to domain '%2'").arg(spec.address, d.name));
            d.users << spec;
        }
    } else if (!users.isUndefined()) {
        v.fail(p + QStringLiteral(".users"), QStringLiteral("must be a list of users"));
    }

    const QJsonValue aliases = o.value(QStringLiteral("aliases"));
    if (aliases.isArray()) {
        const QJsonArray arr = aliases.toArray();
        for (int i = 0; i < arr.size(); ++i) {
            const QString ap = QStringLiteral("%1.aliases[%2]").arg(p).arg(i);
            if (!arr[i].isObject()) {
                v.fail(ap, QStringLiteral("must be an object {\"address\": ..., \"members\": [...]}"));
                continue;
            }
            const QJsonObject a = arr[i].toObject();
            v.onlyKeys(a, ap, {QStringLiteral("address"), QStringLiteral("members"), QStringLiteral("owner")});
            AliasSpec spec;
            spec.address = v.string(a, ap, QStringLiteral("address"), true).toLower();
            if (!spec.address.isEmpty() && (!isAddress(spec.address) || addressDomain(spec.address) != d.name))
                v.fail(ap + QStringLiteral(".address"), QStringLiteral("'%1' must be an address in domain '%2'").arg(spec.address, d.name));
            spec.members = v.addresses(a, ap, QStringLiteral("members"), true);
            spec.owner = v.string(a, ap, QStringLiteral("owner"), false).toLower();
            if (!spec.owner.isEmpty() && !isAddress(spec.owner))
                v.fail(ap + QStringLiteral(".owner"), QStringLiteral("'%1' is not an email address").arg(spec.owner));
            d.aliases << spec;
        }
    } else if (!aliases.isUndefined()) {
        v.fail(p + QStringLiteral(".aliases"), QStringLiteral("must be a list of aliases"));
    }

    const QJsonValue servers = o.value(QStringLiteral("servers"));
    if (servers.isObject()) {
        const QJsonObject s = servers.toObject();
        const QString sp = p + QStringLiteral(".servers");
        v.onlyKeys(s, sp, {QStringLiteral("submission_requires_auth"), QStringLiteral("pop3_requires_tls"),
                           QStringLiteral("imap_login_disabled"), QStringLiteral("max_message_size")});
        d.servers.submissionRequiresAuth = v.boolean(s, sp, QStringLiteral("submission_requires_auth"), true);
        d.servers.pop3RequiresTls = v.boolean(s, sp, QStringLiteral("pop3_requires_tls"), false);
        d.servers.imapLoginDisabled = v.boolean(s, sp, QStringLiteral("imap_login_disabled"), false);
        d.servers.maxMessageSize = v.integer(s, sp, QStringLiteral("max_message_size"), d.servers.maxMessageSize,
                                             1024, 1LL << 31);
    } else if (!servers.isUndefined()) {
        v.fail(p + QStringLiteral(".servers"), QStringLiteral("must be an object"));
    }

    const QJsonValue retry = o.value(QStringLiteral("retry"));
    if (retry.isObject()) {
        const QJsonObject r = retry.toObject();
        const QString rp = p + QStringLiteral(".retry");
        v.onlyKeys(r, rp, {QStringLiteral("min_backoff"), QStringLiteral("max_backoff"), QStringLiteral("max_lifetime")});
        d.retry.minimalBackoffMs = v.duration(r, rp, QStringLiteral("min_backoff"), d.retry.minimalBackoffMs);
        d.retry.maximalBackoffMs = v.duration(r, rp, QStringLiteral("max_backoff"), d.retry.maximalBackoffMs);
        d.retry.maximalLifetimeMs = v.duration(r, rp, QStringLiteral("max_lifetime"), d.retry.maximalLifetimeMs);
        if (d.retry.maximalBackoffMs < d.retry.minimalBackoffMs)
            v.fail(rp + QStringLiteral(".max_backoff"), QStringLiteral("must not be smaller than min_backoff"));
    } else if (!retry.isUndefined()) {
        v.fail(p + QStringLiteral(".retry"), QStringLiteral("must be an object"));
    }
}

void readAction(Validator &v, const QJsonObject &o, const QString &p, ActionSpec &a, const Scenario &s)
{
    static const QStringList kinds{QStringLiteral("send"), QStringLiteral("inject"), QStringLiteral("fetch"),
                                   QStringLiteral("link"), QStringLiteral("server"), QStringLiteral("alias")};
    v.onlyKeys(o, p, QStringList{QStringLiteral("at")} + kinds);
    a.line = v.line(p);
    a.atMs = v.duration(o, p, QStringLiteral("at"), 0);
    QStringList present;
    for (const QString &k : kinds)
        if (o.contains(k))
            present << k;
    if (present.size() != 1) {
        v.fail(p, QStringLiteral("each timeline entry needs exactly one action of: %1").arg(kinds.join(QStringLiteral(", "))));
        return;
    }
    const QString kind = present.first();
    const QString ap = p + QLatin1Char('.') + kind;
    if (!o.value(kind).isObject()) {
        v.fail(ap, QStringLiteral("must be an object"));
        return;
    }
    const QJsonObject x = o.value(kind).toObject();
    auto isMxHost = [&](const QString &host) {
        for (const DomainSpec &d : s.domains)
            for (const MxSpec &m : d.mx)
                if (m.host == host)
                    return true;
        return false;
    };
    auto knownUser = [&](const QString &field, const QString &address) {
        const DomainSpec *d = s.domainOfAddress(address);
        bool found = false;
        if (d)
            for (const UserSpec &u : d->users)
                found = found || u.address == address.toLower();
        if (!found)
            v.fail(field, QStringLiteral("'%1' is not a user of any domain in this world").arg(address));
    };
    if (kind == QLatin1String("send")) {
        a.kind = ActionSpec::Kind::Send;
        v.onlyKeys(x, ap, {QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("cc"), QStringLiteral("bcc"),
                           QStringLiteral("subject"), QStringLiteral("body"), QStringLiteral("password")});
        a.from = v.string(x, ap, QStringLiteral("from"), true).toLower();
        if (!a.from.isEmpty())
            knownUser(ap + QStringLiteral(".from"), a.from);
        // The password the UA's submission logs in with (SMTP AUTH); by default the sender's own.
        if (x.contains(QStringLiteral("password")))
            a.password = v.string(x, ap, QStringLiteral("password"), true);
        a.to = v.addresses(x, ap, QStringLiteral("to"), true);
        a.cc = v.addresses(x, ap, QStringLiteral("cc"), false);
        a.bcc = v.addresses(x, ap, QStringLiteral("bcc"), false);
        a.subject = v.string(x, ap, QStringLiteral("subject"), false, QStringLiteral("(no subject)"));
        a.body = v.string(x, ap, QStringLiteral("body"), false);
    } else if (kind == QLatin1String("inject")) {
        a.kind = ActionSpec::Kind::Inject;
        v.onlyKeys(x, ap, {QStringLiteral("host"), QStringLiteral("from"), QStringLiteral("to"),
                           QStringLiteral("subject"), QStringLiteral("body")});
        a.host = v.string(x, ap, QStringLiteral("host"), true).toLower();
        if (!a.host.isEmpty() && !isMxHost(a.host))
            v.fail(ap + QStringLiteral(".host"), QStringLiteral("'%1' is not an MX host of this world").arg(a.host));
        a.from = v.string(x, ap, QStringLiteral("from"), true).toLower();
        if (!a.from.isEmpty() && !isAddress(a.from))
            v.fail(ap + QStringLiteral(".from"), QStringLiteral("'%1' is not an email address").arg(a.from));
        a.to = v.addresses(x, ap, QStringLiteral("to"), true);
        a.subject = v.string(x, ap, QStringLiteral("subject"), false, QStringLiteral("(no subject)"));
        a.body = v.string(x, ap, QStringLiteral("body"), false);
    } else if (kind == QLatin1String("fetch")) {
        a.kind = ActionSpec::Kind::Fetch;
        v.onlyKeys(x, ap, {QStringLiteral("user"), QStringLiteral("protocol"), QStringLiteral("keep"),
                           QStringLiteral("device")});
        a.user = v.string(x, ap, QStringLiteral("user"), true).toLower();
        if (!a.user.isEmpty())
            knownUser(ap + QStringLiteral(".user"), a.user);
        a.protocol = v.string(x, ap, QStringLiteral("protocol"), false, QStringLiteral("pop3")).toLower();
        static const QStringList protocols{QStringLiteral("pop3"), QStringLiteral("pop3s"), QStringLiteral("imap"),
                                           QStringLiteral("imaps")};
        if (!protocols.contains(a.protocol))
            v.fail(ap + QStringLiteral(".protocol"), QStringLiteral("must be one of pop3, pop3s, imap, imaps"));
        a.keep = v.boolean(x, ap, QStringLiteral("keep"), a.protocol.startsWith(QLatin1String("imap")));
        a.device = v.string(x, ap, QStringLiteral("device"), false, QStringLiteral("laptop")).toLower();
        // The mail client has these two devices, and the narration names them in both languages.
        if (a.device != QLatin1String("laptop") && a.device != QLatin1String("phone"))
            v.fail(ap + QStringLiteral(".device"), QStringLiteral("must be laptop or phone"));
    } else if (kind == QLatin1String("link")) {
        a.kind = ActionSpec::Kind::LinkState;
        v.onlyKeys(x, ap, {QStringLiteral("between"), QStringLiteral("state")});
        const QJsonValue b = x.value(QStringLiteral("between"));
        if (b.isArray() && b.toArray().size() == 2) {
            for (const QJsonValue &d : b.toArray()) {
                a.between << d.toString().toLower();
                if (!s.domain(a.between.last()))
                    v.fail(ap + QStringLiteral(".between"), QStringLiteral("'%1' is not a domain of this world").arg(d.toString()));
            }
        } else {
            v.fail(ap + QStringLiteral(".between"), QStringLiteral("must name two domains, e.g. [\"a.example\", \"b.example\"]"));
        }
        const QString state = v.string(x, ap, QStringLiteral("state"), true);
        if (state != QLatin1String("up") && state != QLatin1String("down"))
            v.fail(ap + QStringLiteral(".state"), QStringLiteral("must be \"up\" or \"down\""));
        a.up = state == QLatin1String("up");
    } else if (kind == QLatin1String("server")) {
        a.kind = ActionSpec::Kind::ServerState;
        v.onlyKeys(x, ap, {QStringLiteral("host"), QStringLiteral("state")});
        a.host = v.string(x, ap, QStringLiteral("host"), true).toLower();
        if (!a.host.isEmpty() && !isMxHost(a.host))
            v.fail(ap + QStringLiteral(".host"), QStringLiteral("'%1' is not an MX host of this world").arg(a.host));
        const QString state = v.string(x, ap, QStringLiteral("state"), true);
        if (state != QLatin1String("up") && state != QLatin1String("down"))
            v.fail(ap + QStringLiteral(".state"), QStringLiteral("must be \"up\" or \"down\""));
        a.up = state == QLatin1String("up");
    } else {
        a.kind = ActionSpec::Kind::SetAlias;
        v.onlyKeys(x, ap, {QStringLiteral("address"), QStringLiteral("members"), QStringLiteral("owner")});
        a.alias.address = v.string(x, ap, QStringLiteral("address"), true).toLower();
        if (!a.alias.address.isEmpty() && !s.domainOfAddress(a.alias.address))
            v.fail(ap + QStringLiteral(".address"), QStringLiteral("'%1' is not in a domain of this world").arg(a.alias.address));
        a.alias.members = v.addresses(x, ap, QStringLiteral("members"), false);
        a.alias.owner = v.string(x, ap, QStringLiteral("owner"), false).toLower();
    }
}

void readExpectation(Validator &v, const QJsonObject &o, const QString &p, ExpectationSpec &e)
{
    static const QStringList kinds{QStringLiteral("delivered"), QStringLiteral("bounced"), QStringLiteral("deferred"),
                                   QStringLiteral("retrieved"), QStringLiteral("left_on_server"), QStringLiteral("reply"),
                                   QStringLiteral("hop_count"), QStringLiteral("path")};
    v.onlyKeys(o, p, kinds);
    e.line = v.line(p);
    if (o.size() != 1) {
        v.fail(p, QStringLiteral("each expectation needs exactly one of: %1").arg(kinds.join(QStringLiteral(", "))));
        return;
    }
    const QString kind = o.begin().key();
    const QString ep = p + QLatin1Char('.') + kind;
    if (!o.begin().value().isObject()) {
        v.fail(ep, QStringLiteral("must be an object"));
        return;
    }
    const QJsonObject x = o.begin().value().toObject();
    if (kind == QLatin1String("delivered") || kind == QLatin1String("bounced")) {
        e.kind = kind == QLatin1String("delivered") ? ExpectationSpec::Kind::Delivered : ExpectationSpec::Kind::Bounced;
        v.onlyKeys(x, ep, {QStringLiteral("to"), QStringLiteral("count")});
        e.address = v.string(x, ep, QStringLiteral("to"), true).toLower();
        e.count = int(v.integer(x, ep, QStringLiteral("count"), 1, 0, 1'000'000));
    } else if (kind == QLatin1String("deferred")) {
        e.kind = ExpectationSpec::Kind::Deferred;
        v.onlyKeys(x, ep, {QStringLiteral("at_least")});
        e.count = int(v.integer(x, ep, QStringLiteral("at_least"), 1, 1, 1'000'000));
    } else if (kind == QLatin1String("retrieved") || kind == QLatin1String("left_on_server")) {
        e.kind = kind == QLatin1String("retrieved") ? ExpectationSpec::Kind::Retrieved : ExpectationSpec::Kind::LeftOnServer;
        v.onlyKeys(x, ep, {QStringLiteral("user"), QStringLiteral("count"), QStringLiteral("protocol")});
        e.address = v.string(x, ep, QStringLiteral("user"), true).toLower();
        e.count = int(v.integer(x, ep, QStringLiteral("count"), 1, 0, 1'000'000));
        e.protocol = v.string(x, ep, QStringLiteral("protocol"), false).toLower();
    } else if (kind == QLatin1String("reply")) {
        e.kind = ExpectationSpec::Kind::Reply;
        v.onlyKeys(x, ep, {QStringLiteral("proto"), QStringLiteral("code")});
        e.protocol = v.string(x, ep, QStringLiteral("proto"), false, QStringLiteral("smtp")).toLower();
        e.code = int(v.integer(x, ep, QStringLiteral("code"), 0, 200, 599));
        if (!x.contains(QStringLiteral("code")))
            v.fail(ep + QStringLiteral(".code"), QStringLiteral("required field 'code' is missing"));
    } else if (kind == QLatin1String("hop_count")) {
        e.kind = ExpectationSpec::Kind::HopCount;
        v.onlyKeys(x, ep, {QStringLiteral("to"), QStringLiteral("count")});
        e.address = v.string(x, ep, QStringLiteral("to"), true).toLower();
        e.count = int(v.integer(x, ep, QStringLiteral("count"), 0, 1, 1000));
    } else {
        e.kind = ExpectationSpec::Kind::Path;
        v.onlyKeys(x, ep, {QStringLiteral("to"), QStringLiteral("nodes")});
        e.address = v.string(x, ep, QStringLiteral("to"), true).toLower();
        const QJsonValue nodes = x.value(QStringLiteral("nodes"));
        if (!nodes.isArray() || nodes.toArray().isEmpty())
            v.fail(ep + QStringLiteral(".nodes"), QStringLiteral("must be a list of node ids such as \"spool@a.example\""));
        for (const QJsonValue &n : nodes.toArray())
            e.path << n.toString();
    }
    e.description = kind;
}

} // namespace

QString ScenarioError::toString() const
{
    return QStringLiteral("%1:%2: %3: %4").arg(file).arg(line).arg(field.isEmpty() ? QStringLiteral("(file)") : field, message);
}

const DomainSpec *Scenario::domain(const QString &name) const
{
    for (const DomainSpec &d : domains)
        if (d.name == name.toLower())
            return &d;
    return nullptr;
}

const DomainSpec *Scenario::domainOfAddress(const QString &address) const
{
    return domain(addressDomain(address));
}

QString Scenario::sendingDomain() const
{
    if (domains.isEmpty())
        return {};
    for (const ActionSpec &a : timeline) {
        if (a.kind != ActionSpec::Kind::Send)
            continue;
        if (const DomainSpec *d = domainOfAddress(a.from))
            return d->name;
        break;
    }
    return domains.first().name;
}

QString DomainSpec::passwordOf(const QString &address) const
{
    for (const UserSpec &u : users)
        if (u.address == address)
            return u.password;
    return {};
}

qint64 ScenarioLoader::parseDuration(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?\\s*$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return -1;
    const double n = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    const double factor = unit == QLatin1String("s") ? 1000.0
        : unit == QLatin1String("m")                 ? 60'000.0
        : unit == QLatin1String("h")                 ? 3'600'000.0
        : unit == QLatin1String("d")                 ? 86'400'000.0
                                                     : 1.0;
    // Never negative (the pattern has no sign): out of range means beyond a year.
    return boundedInteger(n * factor, 0, kMaxDurationMs).value_or(kMaxDurationMs + 1);
}

ScenarioLoader::Result ScenarioLoader::loadFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        Result r;
        r.errors.append({path, 0, {}, QStringLiteral("cannot open: %1").arg(f.errorString())});
        return r;
    }
    return loadData(f.readAll(), path);
}

ScenarioLoader::Result ScenarioLoader::loadData(const QByteArray &json, const QString &fileName)
{
    Result result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = 1 + int(json.left(parseError.offset).count('\n'));
        result.errors.append({fileName, line, {}, QStringLiteral("not valid JSON: %1").arg(parseError.errorString())});
        return result;
    }
    if (!doc.isObject()) {
        result.errors.append({fileName, 1, {}, QStringLiteral("a scenario must be a JSON object")});
        return result;
    }
    Validator v(json, fileName);
    const QJsonObject root = doc.object();
    Scenario s;
    s.fileName = fileName;
    v.onlyKeys(root, {}, {QStringLiteral("version"), QStringLiteral("title"), QStringLiteral("notes"),
                          QStringLiteral("world"), QStringLiteral("timeline"), QStringLiteral("expect")});
    if (!root.contains(QStringLiteral("version")))
        v.fail(QStringLiteral("version"), QStringLiteral("required field 'version' is missing"));
    s.version = int(v.integer(root, {}, QStringLiteral("version"), kSchemaVersion, 1, 1000));
    if (s.version != kSchemaVersion)
        v.fail(QStringLiteral("version"), QStringLiteral("schema version %1 is not supported (this MailFlow reads version %2)")
                                              .arg(s.version).arg(kSchemaVersion));
    s.title = v.localized(root, {}, QStringLiteral("title"), true);
    s.notes = v.localized(root, {}, QStringLiteral("notes"), false);

    const QJsonValue world = root.value(QStringLiteral("world"));
    if (!world.isObject()) {
        v.fail(QStringLiteral("world"), world.isUndefined() ? QStringLiteral("required field 'world' is missing")
                                                            : QStringLiteral("must be an object"));
    } else {
        const QJsonObject w = world.toObject();
        v.onlyKeys(w, QStringLiteral("world"), {QStringLiteral("internet"), QStringLiteral("latency"), QStringLiteral("domains")});
        const QJsonValue latency = w.value(QStringLiteral("latency"));
        if (latency.isObject()) {
            const QJsonObject l = latency.toObject();
            v.onlyKeys(l, QStringLiteral("world.latency"), {QStringLiteral("hop"), QStringLiteral("line")});
            s.hopLatencyMs = v.duration(l, QStringLiteral("world.latency"), QStringLiteral("hop"), s.hopLatencyMs);
            s.lineLatencyMs = v.duration(l, QStringLiteral("world.latency"), QStringLiteral("line"), s.lineLatencyMs);
            // Limit: 10 s each, so a lesson's conversation never outlasts its retry timers.
            for (const auto &[key, value] : {std::pair{QStringLiteral("hop"), s.hopLatencyMs}, std::pair{QStringLiteral("line"), s.lineLatencyMs}}) {
                if (value > 10000)
                    v.fail(QStringLiteral("world.latency.") + key, QStringLiteral("must be at most 10s"));
            }
        } else if (!latency.isUndefined()) {
            v.fail(QStringLiteral("world.latency"), QStringLiteral("must be an object"));
        }
        const QJsonValue internet = w.value(QStringLiteral("internet"));
        if (internet.isObject()) {
            const QJsonObject i = internet.toObject();
            v.onlyKeys(i, QStringLiteral("world.internet"), {QStringLiteral("latency")});
            s.internetLatencyMs = v.duration(i, QStringLiteral("world.internet"), QStringLiteral("latency"), s.internetLatencyMs);
        } else if (!internet.isUndefined()) {
            v.fail(QStringLiteral("world.internet"), QStringLiteral("must be an object"));
        }
        const QJsonArray domains = w.value(QStringLiteral("domains")).toArray();
        if (domains.isEmpty())
            v.fail(QStringLiteral("world.domains"), QStringLiteral("the world needs at least one domain"));
        QSet<QString> names;
        QSet<QString> hosts;
        for (int i = 0; i < domains.size(); ++i) {
            const QString p = QStringLiteral("world.domains[%1]").arg(i);
            if (!domains[i].isObject()) {
                v.fail(p, QStringLiteral("must be an object"));
                continue;
            }
            DomainSpec d;
            readDomain(v, domains[i].toObject(), p, d, i);
            if (names.contains(d.name))
                v.fail(p + QStringLiteral(".name"), QStringLiteral("domain '%1' appears twice").arg(d.name));
            names.insert(d.name);
            for (int m = 0; m < d.mx.size(); ++m) {
                if (hosts.contains(d.mx[m].host))
                    v.fail(QStringLiteral("%1.mx[%2].host").arg(p).arg(m), QStringLiteral("host '%1' appears twice").arg(d.mx[m].host));
                hosts.insert(d.mx[m].host);
            }
            s.domains << d;
        }
    }

    const QJsonValue timeline = root.value(QStringLiteral("timeline"));
    if (timeline.isArray()) {
        const QJsonArray arr = timeline.toArray();
        for (int i = 0; i < arr.size(); ++i) {
            const QString p = QStringLiteral("timeline[%1]").arg(i);
            if (!arr[i].isObject()) {
                v.fail(p, QStringLiteral("must be an object"));
                continue;
            }
            ActionSpec a;
            readAction(v, arr[i].toObject(), p, a, s);
            s.timeline << a;
        }
    } else if (!timeline.isUndefined()) {
        v.fail(QStringLiteral("timeline"), QStringLiteral("must be a list of actions"));
    }

    const QJsonValue expect = root.value(QStringLiteral("expect"));
    if (expect.isArray()) {
        const QJsonArray arr = expect.toArray();
        for (int i = 0; i < arr.size(); ++i) {
            const QString p = QStringLiteral("expect[%1]").arg(i);
            if (!arr[i].isObject()) {
                v.fail(p, QStringLiteral("must be an object"));
                continue;
            }
            ExpectationSpec e;
            readExpectation(v, arr[i].toObject(), p, e);
            s.expectations << e;
        }
    } else if (!expect.isUndefined()) {
        v.fail(QStringLiteral("expect"), QStringLiteral("must be a list of expectations"));
    }

    // A note names nodes of this world only ({node:ID}, see NoteMarkup.h).
    const QStringList known = notes::nodeIds(s);
    const bool notesAreText = root.value(QStringLiteral("notes")).isString();
    for (const auto &[language, text] : {std::pair{QStringLiteral("en"), s.notes.english}, std::pair{QStringLiteral("id"), s.notes.indonesian}}) {
        for (const notes::NodeReference &r : notes::nodeReferences(text)) {
            if (!known.contains(r.id))
                v.fail(notesAreText ? QStringLiteral("notes") : QStringLiteral("notes.") + language,
                       QStringLiteral("unknown node '%1' in {node:%1} (this world's nodes are such as %2)")
                           .arg(r.id, known.mid(2, 3).join(QStringLiteral(", "))));
        }
    }

    result.errors = v.errors;
    if (result.errors.isEmpty())
        result.scenario = std::move(s);
    return result;
}

} // namespace mf
