#pragma once

#include "ScenarioPeople.h"

#include <QCompleter>

class QStandardItemModel;

namespace mf::gui {

// Completes the address being typed in a comma-separated list ("carol@c.example, bo" offers
// bob@b.example and the aliases containing "bo"); choosing one replaces only that last address.
class AddressCompleter : public QCompleter
{
    Q_OBJECT
public:
    static constexpr int AddressRole = Qt::UserRole + 1;

    explicit AddressCompleter(QObject *parent = nullptr);
    void setPeople(const QList<Person> &users, const QList<Person> &aliases);
    // Refreshes the words "user" and "list" shown in the popup.
    void retranslate();

    QStringList splitPath(const QString &path) const override;
    QString pathFromIndex(const QModelIndex &index) const override;

private:
    QStandardItemModel *m_model = nullptr;
    QList<Person> m_people;
};

} // namespace mf::gui
