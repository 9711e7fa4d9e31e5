// ScenarioLoader on a scenario file's text (a lab assistant's JSON, or anyone's).
#include "scenario/ScenarioLoader.h"

#include <QCoreApplication>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto result = mf::ScenarioLoader::loadData(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)),
                                                     QStringLiteral("fuzz.json"));
    (void)result.ok();
    return 0;
}
