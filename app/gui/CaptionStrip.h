#pragma once

#include <QFrame>

class QLabel;

namespace mf::gui {

class WorldSession;

// The caption under the diagram (objectName "captionStrip"): the step on show in one line and why it
// happens in one or two sentences, in the current language, from the one renderer (EventNarrator), so
// it always says what the picture and the transcript show. Before the first step it tells a newcomer
// which keys move the lesson. In presentation mode it is set in large type for the back of the room.
class CaptionStrip : public QFrame
{
    Q_OBJECT
public:
    explicit CaptionStrip(WorldSession &session, QWidget *parent = nullptr);

    QString headline() const;
    QString explanation() const;
    // The pixel size of the explanation's type (tests check it is large enough on a projector).
    int explanationPixelSize() const;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void refresh();
    void applyFonts();
    void setHeadline(const QString &text);
    void fitText();

    WorldSession &m_session;
    QString m_headlineText; // whole; the label shows it elided to the strip's width
    QLabel *m_headline = nullptr;
    QLabel *m_explanation = nullptr;
};

} // namespace mf::gui
