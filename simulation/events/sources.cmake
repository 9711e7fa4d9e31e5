target_sources(simulation PRIVATE
    events/EventFields.h events/EventFields.cpp
    events/EventKind.h events/EventKind.cpp
    events/SimEvent.h events/SimEvent.cpp
    events/EventLog.h events/EventLog.cpp
    events/SimScheduler.h events/SimScheduler.cpp
    events/Stepper.h events/Stepper.cpp
    events/StepUnits.h
    events/EventRetention.h events/EventArchive.h events/EventArchive.cpp
)
