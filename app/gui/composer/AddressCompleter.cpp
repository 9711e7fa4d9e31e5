#include "AddressCompleter.h"

#include <QLineEdit>
#include <QStandardItemModel>

namespace mf::gui {

AddressCompleter::AddressCompleter(QObject *parent) : QCompleter(parent), m_model(new QStandardItemModel(this))
{
    setModel(m_model);
    setCompletionRole(AddressRole);
    setCaseSensitivity(Qt::CaseInsensitive);
    setFilterMode(Qt::MatchContains);
    setCompletionMode(QCompleter::PopupCompletion);
    setMaxVisibleItems(8);
}

void AddressCompleter::setPeople(const QList<Person> &users, const QList<Person> &aliases)
{
    m_people = users + aliases;
    retranslate();
}

void AddressCompleter::retranslate()
{
    m_model->clear();
    for (const Person &p : std::as_const(m_people)) {
        auto *item = new QStandardItem;
        const QString who = p.isAlias ? tr("list: %1").arg(p.name) : p.name;
        item->setText(who.isEmpty() ? p.address : QStringLiteral("%1   (%2)").arg(p.address, who));
        item->setData(p.address, AddressRole);
        item->setToolTip(p.isAlias ? tr("An alias: the alias expander turns it into these addresses: %1").arg(p.name)
                                   : tr("A user of this lesson"));
        m_model->appendRow(item);
    }
}

QStringList AddressCompleter::splitPath(const QString &path) const
{
    return {path.section(QLatin1Char(','), -1).trimmed()};
}

QString AddressCompleter::pathFromIndex(const QModelIndex &index) const
{
    const QString address = index.data(AddressRole).toString();
    const auto *edit = qobject_cast<const QLineEdit *>(widget());
    const QString text = edit ? edit->text() : QString();
    const qsizetype comma = text.lastIndexOf(QLatin1Char(','));
    if (comma < 0)
        return address;
    return text.left(comma + 1) + QLatin1Char(' ') + address;
}

} // namespace mf::gui
