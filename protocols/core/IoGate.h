#pragma once

#include <QObject>

namespace mf {

// Lets a lecturer step through a conversation one protocol line at a time: a server connection with a
// gate hands the session one complete line at a time, and only while the gate is open; lines that arrive
// meanwhile wait in the connection. The simulation's Stepper is the gate.
class IoGate : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual bool isOpen() const = 0;

signals:
    // The gate opened again: held lines may be delivered.
    void opened();
};

} // namespace mf
