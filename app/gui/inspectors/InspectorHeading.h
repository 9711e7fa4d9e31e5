#pragma once

#include <QString>

class QComboBox;
class QLabel;
class QVBoxLayout;
class QWidget;

namespace mf::gui {

// The top of an inspector dock: a "pick what to inspect" row (caption + combo box) and a bold title under
// it, the same in the message and node inspectors so the two docks read alike.
struct InspectorHeading {
    QLabel *pickLabel = nullptr;
    QComboBox *combo = nullptr;
    QLabel *title = nullptr;
};

// Adds the heading to `layout` (children of `owner`); `titleScale` enlarges the title's font.
InspectorHeading addInspectorHeading(QWidget *owner, QVBoxLayout *layout, const QString &comboName,
                                     const QString &titleName, double titleScale);

} // namespace mf::gui
