// The demo store with its snapshots and figure movements rebuilt every 300 events, and the
// helpers the snapshot tests compare it with: the store opened read-only, and projections folded
// from event 1.
#ifndef COOPLEDGER_TESTS_AUDIT_REBUILT_STORE_FIXTURE_H_
#define COOPLEDGER_TESTS_AUDIT_REBUILT_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/command_service.h"
#include "engine/event_store.h"
#include "engine/projection_set.h"
#include "engine/snapshots.h"
#include "tests/books/demo_store_fixture.h"

namespace coopledger::test {

inline const std::string kRulesDirectory = std::string(COOPLEDGER_SOURCE_ROOT) + "/rules";

inline std::unique_ptr<engine::EventStore> OpenReadOnly(const std::string& path) {
  engine::StoreOptions options;
  options.path = path;
  options.read_only = true;
  return engine::OpenEventStore(options).value();
}

// The projections of `mask`, replayed from event 1 up to `last`.
inline std::unique_ptr<engine::ProjectionSet> ReplayedFromEventOne(
    engine::EventStore& store, const projections::Chart& chart, events::Seq last,
    uint32_t mask = engine::kAllProjections) {
  auto set = std::make_unique<engine::ProjectionSet>(mask, chart, engine::FetcherOf(store));
  EXPECT_TRUE(engine::ReplayLog(store, last, [&set](const events::StoredEvent& event) {
    set->Apply(event);
  }).has_value());
  return set;
}

class RebuiltDemoStoreTest : public DemoStoreTest {
 protected:
  static void SetUpTestSuite() {
    DemoStoreTest::SetUpTestSuite();
    const RunOutput rebuild = Run({"rebuild", "--every", "300", "--rules", kRulesDirectory});
    ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  }
};

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_AUDIT_REBUILT_STORE_FIXTURE_H_
