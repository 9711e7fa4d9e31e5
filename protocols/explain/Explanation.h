#pragma once

#include <QString>

namespace mf {

// A plain-language explanation of one protocol line and the RFC section that defines it.
struct Explanation {
    QString text;
    QString reference; // e.g. "RFC 5321 §4.1.1.1"
    bool isEmpty() const { return text.isEmpty(); }
    // "text (reference)", as the transcript shows it.
    QString combined() const;
};

} // namespace mf
