#include "FontScaling.h"

#include <QEvent>
#include <QLabel>
#include <QPointer>

namespace mf::gui {

QFont scaledFont(QFont font, double factor)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * factor);
    else
        font.setPixelSize(qMax(1, qRound(font.pixelSize() * factor)));
    return font;
}

namespace {

// Watches the label's parent: the parent inherits the application font, so it hears of every change
// (the label itself, with a size of its own, does not).
class TitleFontKeeper : public QObject
{
public:
    TitleFontKeeper(QLabel *label, double scale) : QObject(label), m_label(label), m_scale(scale)
    {
        label->installEventFilter(this); // a layout may move the label to another parent later
        watchParent();
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_label && event->type() == QEvent::ParentChange)
            watchParent();
        else if (watched == m_parent && event->type() == QEvent::FontChange)
            apply();
        return QObject::eventFilter(watched, event);
    }

private:
    void watchParent()
    {
        if (m_parent)
            m_parent->removeEventFilter(this);
        m_parent = m_label->parentWidget();
        if (m_parent)
            m_parent->installEventFilter(this);
        apply();
    }

    void apply()
    {
        QFont font = scaledFont(m_parent ? m_parent->font() : QFont(), m_scale);
        font.setBold(true);
        m_label->setFont(font);
    }

    QLabel *m_label;
    QPointer<QWidget> m_parent;
    double m_scale;
};

} // namespace

void setTitleFont(QLabel *label, double scale)
{
    new TitleFontKeeper(label, scale);
}

} // namespace mf::gui
