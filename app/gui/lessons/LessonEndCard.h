#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QBoxLayout;
class QVBoxLayout;

namespace mf::gui {

class WorldSession;

// The card a lesson ends with, over the diagram: the lesson's expectations as ✔/✘ (the checks
// `mailflow run` makes), what to notice (the lesson's notes), and Restart / Next lesson. It shows when the
// timeline is done and nothing is in flight, and goes away on Back, Restart or another lesson.
class LessonEndCard : public QFrame
{
    Q_OBJECT
public:
    LessonEndCard(WorldSession &session, QWidget *parent);

    // The bundled lesson after the running one; empty for the last one or a file from disk.
    QString nextLessonPath() const;
    // The ✔/✘ lines as shown, for tests.
    QStringList checkLines() const;
    QPushButton *restartButton() const { return m_restart; }
    QPushButton *nextButton() const { return m_next; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void place();
    // Sets the card's type for `width` (the largest that fits `available`) and returns its height.
    int fitTo(int width, int available);

    WorldSession &m_session;
    QLabel *m_heading;
    QLabel *m_summary;
    QBoxLayout *m_columns;
    QVBoxLayout *m_checks;
    QLabel *m_noticeHeading;
    QLabel *m_notice;
    QPushButton *m_restart;
    QPushButton *m_next;
    QPushButton *m_close;
    bool m_dismissed = false;
    QString m_signature; // what the card showed last, and at which size
};

} // namespace mf::gui
