#pragma once

#include <QRegularExpression>
#include <QSet>
#include <QStringList>

class QWidget;

// Finds English left on screen after a switch to Bahasa Indonesia: every text a window shows (widgets,
// actions, menus, dock titles, tab texts, tooltips, placeholders, item views' headers and rows) compared
// with the English source strings of translations/mailflow_id.ts whose translation differs.
class EnglishLeftovers
{
public:
    // Reads the .ts file; false when it cannot be read.
    bool load(const QString &tsFile);
    int sourceCount() const { return int(m_exact.size() + m_patterns.size()); }
    // "where: text" for every English-only text `window` shows now: its visible widgets, and the menus and
    // actions they carry.
    QStringList find(QWidget *window) const;
    // Whether `text` is one of the English-only sources (a %1 in a source matches anything).
    bool isEnglishOnly(const QString &text) const;

private:
    QSet<QString> m_exact;
    QList<QRegularExpression> m_patterns;
};
