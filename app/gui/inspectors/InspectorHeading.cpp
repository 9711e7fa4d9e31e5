#include "InspectorHeading.h"

#include "gui/FontScaling.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace mf::gui {

InspectorHeading addInspectorHeading(QWidget *owner, QVBoxLayout *layout, const QString &comboName,
                                     const QString &titleName, double titleScale)
{
    InspectorHeading h;
    auto *pickRow = new QHBoxLayout;
    h.pickLabel = new QLabel(owner);
    h.combo = new QComboBox(owner);
    h.combo->setObjectName(comboName);
    h.combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    h.combo->setMinimumContentsLength(16);
    h.pickLabel->setBuddy(h.combo);
    pickRow->addWidget(h.pickLabel);
    pickRow->addWidget(h.combo, 1);
    layout->addLayout(pickRow);

    h.title = new QLabel(owner);
    h.title->setObjectName(titleName);
    h.title->setWordWrap(true);
    h.title->setTextFormat(Qt::PlainText);
    setTitleFont(h.title, titleScale);
    layout->addWidget(h.title);
    return h;
}

} // namespace mf::gui
