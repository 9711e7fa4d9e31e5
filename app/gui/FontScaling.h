#pragma once

#include <QFont>

class QLabel;

namespace mf::gui {

// `font`, `factor` times as large, whether its size is given in points or in pixels.
QFont scaledFont(QFont font, double factor);

// Draws `label` bold and `scale` times as large as the text of the widget it sits in, and keeps it so when
// that text grows or shrinks (presentation mode enlarges the application font): a font set once with a
// size of its own would stay at the old size.
void setTitleFont(QLabel *label, double scale);

} // namespace mf::gui
