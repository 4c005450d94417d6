// A real RocksDB event store in a fresh temporary directory, on a manual clock.
#ifndef COOPLEDGER_TESTS_ENGINE_STORE_FIXTURE_H_
#define COOPLEDGER_TESTS_ENGINE_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>

#include "engine/event_store.h"
#include "tests/test_util/random_events.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {

class StoreTest : public ::testing::Test {
 protected:
  // 2025-07-01T08:00:00Z.
  static constexpr int64_t kStartMicros = 1'751'356'800'000'000;

  StoreTest() : clock_(Timestamp::FromMicros(kStartMicros)) {}

  engine::StoreOptions Options(bool sync = true) {
    engine::StoreOptions options;
    options.path = dir_.Sub("store");
    options.create_if_missing = true;
    options.clock = &clock_;
    options.sync = sync;
    options.holder = "store test";
    return options;
  }

  void Open(bool sync = true) {
    store_.reset();
    store_ = engine::OpenEventStore(Options(sync)).value();
  }

  Result<engine::AppendResult> AppendOne(const std::string& command_id, events::Event event,
                                         uint64_t expected_version = engine::kAnyVersion) {
    return store_->Append(events::CommandId{command_id}, Batch({std::move(event)}, expected_version));
  }

  TempDir dir_;
  engine::ManualClock clock_;
  std::unique_ptr<engine::EventStore> store_;
};

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_ENGINE_STORE_FIXTURE_H_
