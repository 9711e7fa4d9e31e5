#include "StatusLine.h"

#include <QEvent>

namespace mf::gui {

StatusLine::StatusLine(int lines, QWidget *parent) : QLabel(parent), m_lines(lines)
{
    setWordWrap(true);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    fit();
}

QSize StatusLine::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 8, height()};
}

void StatusLine::setStatus(const QString &text)
{
    setText(text);
    setToolTip(text);
}

void StatusLine::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        fit();
    QLabel::changeEvent(event);
}

void StatusLine::fit()
{
    const QMargins m = contentsMargins();
    setFixedHeight(m_lines * fontMetrics().lineSpacing() + m.top() + m.bottom() + 2 * margin());
}

} // namespace mf::gui
