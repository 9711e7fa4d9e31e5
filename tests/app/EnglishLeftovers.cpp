#include "EnglishLeftovers.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QTextDocument>
#include <QXmlStreamReader>

#include <functional>

namespace {

// What is compared: no leading marks ("✔ ", "⚠ "), no mnemonic ampersands, no surrounding space.
QString normalised(QString text)
{
    if (Qt::mightBeRichText(text)) {
        QTextDocument doc;
        doc.setHtml(text);
        text = doc.toPlainText();
    }
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    qsizetype start = 0;
    while (start < text.size() && !text[start].isLetterOrNumber() && text[start] != QLatin1Char('%'))
        ++start;
    return text.mid(start).trimmed();
}

bool hasWord(const QString &text)
{
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{3,}"));
    return word.match(text).hasMatch();
}

} // namespace

bool EnglishLeftovers::load(const QString &tsFile)
{
    QFile file(tsFile);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    // A source is English-only when no context translates it to itself.
    QHash<QString, bool> differs;
    QXmlStreamReader xml(&file);
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            const QString translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            const QString key = normalised(source);
            const bool different = normalised(translation) != key;
            differs[key] = differs.value(key, true) && different;
        }
    }
    static const QRegularExpression placeholder(QStringLiteral("%(\\d+|n)"));
    for (auto it = differs.cbegin(); it != differs.cend(); ++it) {
        if (!it.value() || !hasWord(it.key()))
            continue;
        if (!it.key().contains(placeholder)) {
            m_exact.insert(it.key());
            continue;
        }
        // "Message %1 was not sent": only when the words around the placeholders say something.
        const QStringList parts = it.key().split(placeholder);
        if (!hasWord(parts.join(QString())))
            continue;
        QStringList escaped;
        for (const QString &p : parts)
            escaped << QRegularExpression::escape(p);
        m_patterns << QRegularExpression(QStringLiteral("\\A") + escaped.join(QStringLiteral(".*")) + QStringLiteral("\\z"),
                                         QRegularExpression::DotMatchesEverythingOption);
    }
    if (xml.hasError())
        qWarning("%s:%lld: %s", qPrintable(tsFile), xml.lineNumber(), qPrintable(xml.errorString()));
    return !xml.hasError();
}

bool EnglishLeftovers::isEnglishOnly(const QString &text) const
{
    const QString t = normalised(text);
    if (t.isEmpty() || !hasWord(t))
        return false;
    if (m_exact.contains(t))
        return true;
    for (const QRegularExpression &p : m_patterns)
        if (p.match(t).hasMatch())
            return true;
    return false;
}

QStringList EnglishLeftovers::find(QWidget *window) const
{
    QStringList out;
    auto check = [&](const QObject *where, const char *what, const QString &text) {
        if (isEnglishOnly(text)) {
            QString name = where->objectName();
            for (const QObject *p = where->parent(); p && name.size() < 120; p = p->parent())
                if (!p->objectName().isEmpty())
                    name = p->objectName() + QLatin1Char('/') + name;
            out << QStringLiteral("%1 (%2) %3: %4").arg(name, QString::fromLatin1(where->metaObject()->className()),
                                                       QString::fromLatin1(what), text);
        }
    };
    // Menus are popups, hidden until opened: they are walked from the visible widgets' actions.
    std::function<void(const QAction *)> checkAction = [&](const QAction *a) {
        check(a, "action", a->text());
        check(a, "action tooltip", a->toolTip());
        check(a, "action status tip", a->statusTip());
        if (const QMenu *menu = a->menu()) {
            check(menu, "menu title", menu->title());
            for (const QAction *item : menu->actions())
                checkAction(item);
        }
    };
    QList<QWidget *> widgets = window->findChildren<QWidget *>();
    widgets.prepend(window);
    for (QWidget *w : std::as_const(widgets)) {
        if (!w->isVisible() || qobject_cast<QMenu *>(w))
            continue;
        check(w, "window title", w->windowTitle());
        check(w, "tooltip", w->toolTip());
        check(w, "what's this", w->whatsThis());
        if (auto *label = qobject_cast<QLabel *>(w))
            check(w, "text", label->text());
        if (auto *button = qobject_cast<QAbstractButton *>(w))
            check(w, "text", button->text());
        if (auto *group = qobject_cast<QGroupBox *>(w))
            check(w, "title", group->title());
        if (auto *edit = qobject_cast<QLineEdit *>(w))
            check(w, "placeholder", edit->placeholderText());
        if (auto *edit = qobject_cast<QPlainTextEdit *>(w))
            check(w, "placeholder", edit->placeholderText());
        if (auto *combo = qobject_cast<QComboBox *>(w))
            for (int i = 0; i < combo->count(); ++i)
                check(w, "item", combo->itemText(i));
        if (auto *tabs = qobject_cast<QTabBar *>(w)) {
            for (int i = 0; i < tabs->count(); ++i) {
                check(w, "tab", tabs->tabText(i));
                check(w, "tab tooltip", tabs->tabToolTip(i));
            }
        }
        if (auto *view = qobject_cast<QAbstractItemView *>(w); view && view->model()) {
            const QAbstractItemModel *m = view->model();
            for (int c = 0; c < m->columnCount(); ++c) {
                check(w, "header", m->headerData(c, Qt::Horizontal).toString());
                check(w, "header tooltip", m->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString());
            }
            for (int r = 0; r < qMin(m->rowCount(), 300); ++r) {
                for (int c = 0; c < m->columnCount(); ++c) {
                    check(w, "row", m->index(r, c).data().toString());
                    check(w, "row tooltip", m->index(r, c).data(Qt::ToolTipRole).toString());
                }
            }
        }
        for (const QAction *a : w->actions())
            checkAction(a);
    }
    out.removeDuplicates();
    return out;
}
