#include "TlsKeyLog.h"

#include <QMutex>
#include <QMutexLocker>
#include <QSaveFile>
#include <QSet>
#include <QSslSocket>

#include <openssl/crypto.h>
#include <openssl/ssl.h>

// How MailFlow gets TLS secrets out of QSslSocket
// ------------------------------------------------
// Qt 6.4's OpenSSL backend (plugins/tls/libqopensslbackend.so) creates an SSL_CTX for every socket but
// offers no key log hook, and it does not link libssl: it dlopen()s "libssl.so.3" and looks each function
// up with dlsym() on that handle, so defining SSL_CTX_new in the executable would not interpose anything.
// But MailFlow links libssl.so.3 itself, and dlopen() of an already loaded library returns the same copy:
// Qt's contexts are made by this process's libssl. OpenSSL calls the "new" callback of every registered
// SSL_CTX ex_data index (CRYPTO_get_ex_new_index(3)) from inside SSL_CTX_new(), with the new context as
// `parent`, after the context's fields are set up and before it is returned. That callback sets the
// documented SSL_CTX_set_keylog_callback(3) on each context, and from then on OpenSSL hands every secret
// line to onKeyLine().
//
// It fails safe: start() creates a context of its own to check that the callback took, and refuses when
// Qt's TLS backend is not OpenSSL or reports another OpenSSL version than the one linked here (a second
// copy of libssl would not be hooked). A context that already has a key log callback keeps it.

namespace mf::tls {

namespace {

struct Collected {
    QMutex mutex;
    QByteArrayList lines;
    QSet<QByteArray> seen; // both ends of a connection are in this process: each secret comes twice
    bool collecting = false;
    bool truncated = false;
    int index = -1;
};

Collected &collected()
{
    static Collected c;
    return c;
}

void onKeyLine(const SSL *, const char *line)
{
    Collected &c = collected();
    QMutexLocker lock(&c.mutex);
    if (!c.collecting || !line)
        return;
    const QByteArray text(line);
    if (c.seen.contains(text))
        return;
    if (c.lines.size() >= TlsKeyLog::kMaxLines) {
        c.truncated = true;
        return;
    }
    c.seen.insert(text);
    c.lines.append(text);
}

void onNewContext(void *parent, void *, CRYPTO_EX_DATA *, int, long, void *)
{
    auto *context = static_cast<SSL_CTX *>(parent);
    if (context && !SSL_CTX_get_keylog_callback(context))
        SSL_CTX_set_keylog_callback(context, onKeyLine);
}

} // namespace

bool TlsKeyLog::start(QString *why)
{
    auto fail = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (QSslSocket::activeBackend() != QLatin1String("openssl"))
        return fail(QStringLiteral("Qt's TLS backend is \"%1\", not OpenSSL").arg(QSslSocket::activeBackend()));
    if (QSslSocket::sslLibraryVersionNumber() != long(OpenSSL_version_num()))
        return fail(QStringLiteral("Qt uses %1 but MailFlow is linked with %2")
                        .arg(QSslSocket::sslLibraryVersionString(), QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION))));
    Collected &c = collected();
    QMutexLocker lock(&c.mutex);
    if (c.index < 0) {
        c.index = CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL_CTX, 0, nullptr, onNewContext, nullptr, nullptr);
        if (c.index < 0)
            return fail(QStringLiteral("OpenSSL refused a new SSL_CTX ex_data index"));
    }
    SSL_CTX *probe = SSL_CTX_new(TLS_method());
    const bool hooked = probe && SSL_CTX_get_keylog_callback(probe) == onKeyLine;
    SSL_CTX_free(probe);
    if (!hooked)
        return fail(QStringLiteral("OpenSSL did not call MailFlow's callback for a new TLS context"));
    c.collecting = true;
    return true;
}

bool TlsKeyLog::isCollecting()
{
    Collected &c = collected();
    QMutexLocker lock(&c.mutex);
    return c.collecting;
}

QByteArrayList TlsKeyLog::lines()
{
    Collected &c = collected();
    QMutexLocker lock(&c.mutex);
    return c.lines;
}

bool TlsKeyLog::isTruncated()
{
    Collected &c = collected();
    QMutexLocker lock(&c.mutex);
    return c.truncated;
}

bool TlsKeyLog::write(const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    // Session keys: the owner's alone.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write("# TLS session secrets written by MailFlow (NSS key log format). Whoever has this file can decrypt\n"
               "# the captured sessions.\n");
    for (const QByteArray &line : lines()) {
        file.write(line);
        file.write("\n", 1);
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace mf::tls
