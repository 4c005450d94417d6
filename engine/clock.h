// The source of recorded time. engine/ never reads the system clock directly: the store takes a
// Clock, so tests and the demo can run on a manual one and replay stays exact.
#ifndef COOPLEDGER_ENGINE_CLOCK_H_
#define COOPLEDGER_ENGINE_CLOCK_H_

#include <atomic>
#include <cstdint>

#include "events/date.h"

namespace coopledger::engine {

class Clock {
 public:
  virtual ~Clock() = default;
  // Thread-safe.
  virtual Timestamp Now() = 0;
};

// Wall-clock UTC time.
class SystemClock final : public Clock {
 public:
  Timestamp Now() override;
};

// A clock that moves only when told. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : micros_(start.micros()) {}
  Timestamp Now() override { return Timestamp::FromMicros(micros_.load()); }
  void Set(Timestamp now) { micros_.store(now.micros()); }
  void AdvanceMicros(int64_t micros) { micros_.fetch_add(micros); }

 private:
  std::atomic<int64_t> micros_;
};

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_CLOCK_H_
