#pragma once

class QLabel;

namespace mf::gui {

// Draws `label` bold and `scale` times as large as the text of the widget it sits in, and keeps it so when
// that text grows or shrinks (presentation mode enlarges the application font): a font set once with a
// size of its own would stay at the old size.
void setTitleFont(QLabel *label, double scale);

} // namespace mf::gui
