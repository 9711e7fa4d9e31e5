#pragma once

#include <QLabel>

namespace mf::gui {

// A status message under a panel's buttons that never moves them: it wraps inside a box of a fixed
// number of lines (refitted when the font changes, e.g. in presentation mode), and its tooltip holds the
// whole text in case it is longer.
class StatusLine : public QLabel
{
    Q_OBJECT
public:
    explicit StatusLine(int lines, QWidget *parent = nullptr);

    void setStatus(const QString &text);
    // As narrow as the panel wants: a long text wraps (or is cut), it never widens the panel.
    QSize minimumSizeHint() const override;
    // Its height is fixed whatever the text: a panel in a scroll area must not grow with the text.
    bool hasHeightForWidth() const override { return false; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void fit();

    int m_lines;
};

} // namespace mf::gui
