// Snapshots: `rebuild` writes them for every projection, `check` compares them with a rebuild from
// event 1, byte for byte, and a state restored from a snapshot plus the events after it equals a
// replay from event 1, for every projection, at several seqs of the demo's store.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "adapters/rules_loader.h"
#include "engine/command_service.h"
#include "engine/snapshot_keeper.h"
#include "engine/snapshots.h"
#include "projections/member_balances.h"
#include "projections/work_state_snapshot.h"
#include "tests/audit/rebuilt_store_fixture.h"
#include "tests/test_util/tamper.h"

namespace coopledger::test {
namespace {

// Flips one byte in the middle of the stored snapshot of `name` at `seq` (the store must be
// closed).
bool FlipSnapshotByte(const std::string& path, const std::string& name, events::Seq seq) {
  std::string error;
  return RewriteSnapshot(path, name, seq, [](std::string* value) {
    if (value->size() <= 20) return false;
    (*value)[value->size() / 2] ^= 0x01;
    return true;
  }, &error);
}

class SnapshotTest : public DemoStoreTest {};

TEST_F(SnapshotTest, RebuildWritesSnapshotsThatCheckFindsEqualAndQueriesUse) {
  // Before any snapshot: replays from event 1.
  const std::vector<std::vector<std::string>> queries = {
      {"balances", "--known-at", "877", "--format", "csv"},
      {"balances", "--known-at", "1846", "--format", "csv"},
      {"receivables", "--known-at", "1234", "--on", "2025-09-30", "--format", "csv"},
      {"report", "trial-balance", "--year", "2025", "--known-at", "1500", "--format", "csv",
       "--rules", kRulesDirectory},
      {"payroll", "show", "--month", "2025-07", "--known-at", "1400", "--format", "json"},
  };
  std::vector<std::string> before;
  for (const std::vector<std::string>& query : queries) {
    const RunOutput output = Run(query);
    ASSERT_EQ(output.exit_code, 0) << output.err;
    before.push_back(output.out);
  }
  const RunOutput rebuild = Run({"rebuild", "--every", "300", "--rules", kRulesDirectory});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_NE(rebuild.out.find("snapshots of work_state, member_balances, payroll_state, ledger, "
                             "trial_balance"),
            std::string::npos)
      << rebuild.out;
  const RunOutput check = Run({"check", "--rules", kRulesDirectory});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("ok: rebuilt "), std::string::npos);
  for (size_t i = 0; i < queries.size(); ++i) {
    EXPECT_EQ(Run(queries[i]).out, before[i]) << queries[i][0];
  }

  // A changed byte in a stored snapshot is found, and named.
  events::Seq work_state_seq = 0;
  {
    const std::vector<events::Seq> seqs =
        OpenReadOnly(dir_->Sub("data"))->SnapshotSeqs("work_state").value();
    ASSERT_GE(seqs.size(), 2u);  // The year close and the head.
    work_state_seq = seqs.front();
  }
  ASSERT_TRUE(FlipSnapshotByte(dir_->Sub("data"), "ledger", 600));
  ASSERT_TRUE(FlipSnapshotByte(dir_->Sub("data"), "work_state", work_state_seq));
  const RunOutput broken = Run({"check", "--rules", kRulesDirectory});
  EXPECT_EQ(broken.exit_code, 3);
  EXPECT_NE(broken.out.find("MISMATCH ledger at seq 600"), std::string::npos) << broken.out;
  EXPECT_NE(broken.out.find("MISMATCH work_state at seq " + std::to_string(work_state_seq)),
            std::string::npos)
      << broken.out;
  EXPECT_EQ(broken.out.find("MISMATCH member_balances"), std::string::npos) << broken.out;
}

class SnapshotReplayTest : public RebuiltDemoStoreTest {};

TEST_F(SnapshotReplayTest, EveryProjectionFromASnapshotAndItsTailEqualsAReplayFromEventOne) {
  const projections::Chart chart = adapters::LoadChart(kRulesDirectory).value();
  std::unique_ptr<engine::EventStore> store = OpenReadOnly(dir_->Sub("data"));
  const events::Seq head = store->head().seq;
  ASSERT_GT(head, 1'500u);
  for (const events::Seq seq : {events::Seq{1}, events::Seq{299}, events::Seq{300},
                                events::Seq{301}, events::Seq{877}, events::Seq{1234},
                                events::Seq{1500}, head}) {
    SCOPED_TRACE("known at seq " + std::to_string(seq));
    const std::unique_ptr<engine::ProjectionSet> replayed = ReplayedFromEventOne(*store, chart, seq);
    engine::ProjectionSet restored(engine::kAllProjections, chart, engine::FetcherOf(*store));
    const Result<events::Seq> from = engine::LoadAsOf(*store, seq, &restored);
    ASSERT_TRUE(from.has_value()) << from.error().message();
    EXPECT_EQ(restored.last_seq(), seq);
    // The balances and the ledger are snapshotted every 300 events: their tail is never longer.
    engine::ProjectionSet compact(engine::kBalancesProjection | engine::kLedgerProjection, chart,
                                  engine::FetcherOf(*store));
    const Result<events::Seq> compact_from = engine::LoadAsOf(*store, seq, &compact);
    ASSERT_TRUE(compact_from.has_value());
    if (seq >= 300) {
      EXPECT_GT(*compact_from, 0u);
    }
    EXPECT_LE(seq - *compact_from, 300u);
    for (const std::string& name : compact.Names()) {
      EXPECT_EQ(compact.SnapshotOf(name), replayed->SnapshotOf(name)) << name;
    }
    for (const std::string& name : restored.Names()) {
      EXPECT_EQ(restored.SnapshotOf(name), replayed->SnapshotOf(name)) << name;
    }
    EXPECT_TRUE(restored.work_state() == replayed->work_state());
    EXPECT_EQ(restored.balances().ToString(), replayed->balances().ToString());
    for (const int32_t year : {2025, 2026}) {
      const auto rows = restored.trial_balances().Rows(chart, year);
      const auto expected = replayed->trial_balances().Rows(chart, year);
      ASSERT_EQ(rows.size(), expected.size());
      for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].account, expected[i].account);
        EXPECT_EQ(rows[i].debit, expected[i].debit);
        EXPECT_EQ(rows[i].credit, expected[i].credit);
      }
    }
  }
}

TEST_F(SnapshotReplayTest, CommandServiceStartsFromTheSnapshotInTheSameState) {
  engine::StoreOptions options;
  options.path = dir_->Sub("data");
  engine::ManualClock clock(Timestamp::FromMicros(0));
  options.clock = &clock;
  std::unique_ptr<engine::EventStore> store = engine::OpenEventStore(options).value();
  const engine::Rules rules = adapters::LoadRules(kRulesDirectory).value();
  auto from_event_one = engine::CommandService::Create(store.get(), &clock, rules);
  auto from_snapshot = engine::CommandService::CreateFromSnapshot(store.get(), &clock, rules);
  ASSERT_TRUE(from_event_one.has_value());
  ASSERT_TRUE(from_snapshot.has_value()) << from_snapshot.error().message();
  EXPECT_EQ((*from_snapshot)->state().last_seq(), store->head().seq);
  EXPECT_TRUE((*from_snapshot)->state() == (*from_event_one)->state());
}

TEST_F(SnapshotReplayTest, EveryProjectionRefusesBytesItDidNotWrite) {
  const projections::Chart chart = adapters::LoadChart(kRulesDirectory).value();
  std::unique_ptr<engine::EventStore> store = OpenReadOnly(dir_->Sub("data"));
  const std::unique_ptr<engine::ProjectionSet> replayed =
      ReplayedFromEventOne(*store, chart, store->head().seq);
  for (const std::string& name : replayed->Names()) {
    SCOPED_TRACE(name);
    const std::string bytes = replayed->SnapshotOf(name);
    const events::Seq seq = replayed->last_seq();
    for (const std::string& bad : {bytes.substr(0, bytes.size() - 1), bytes + "x",
                                   std::string("XXXX"), std::string()}) {
      engine::ProjectionSet fresh(engine::kAllProjections, chart, engine::FetcherOf(*store));
      const Status loaded = fresh.Load(name, seq, bad);
      ASSERT_FALSE(loaded.has_value());
      EXPECT_EQ(loaded.error().code(), ErrorCode::kCorruption);
      EXPECT_NE(loaded.error().message().find(name), std::string::npos);
    }
    engine::ProjectionSet fresh(engine::kAllProjections, chart, engine::FetcherOf(*store));
    ASSERT_TRUE(fresh.Load(name, seq, bytes).has_value());
    EXPECT_EQ(fresh.SnapshotOf(name), bytes);
  }
}

TEST_F(SnapshotTest, SnapshotsOfAnEarlierFormatAreRefusedAndQueriesReplayFromEventOne) {
  const projections::Chart chart = adapters::LoadChart(kRulesDirectory).value();
  constexpr events::Seq kAt = 1000;
  std::string outdated;
  {
    engine::StoreOptions options;
    options.path = dir_->Sub("data");
    engine::ManualClock clock(Timestamp::FromMicros(0));
    options.clock = &clock;
    std::unique_ptr<engine::EventStore> store = engine::OpenEventStore(options).value();
    const std::unique_ptr<engine::ProjectionSet> set = ReplayedFromEventOne(*store, chart, kAt);
    for (const std::string& name : set->Names()) {
      std::string bytes = set->SnapshotOf(name);
      if (name == engine::kLedgerSnapshot) {
        // The same bytes under version 1, the format that kept every invoice.
        ASSERT_EQ(bytes.substr(0, 5), std::string("LGR \x02"));
        bytes[4] = '\x01';
        outdated = bytes;
      }
      if (name == engine::kBalancesSnapshot) {
        // Under version 2, the format that named activities and months as text.
        ASSERT_EQ(bytes.substr(0, 5), std::string("MBL \x03"));
        bytes[4] = '\x02';
      }
      ASSERT_TRUE(store->PutSnapshot(name, kAt, bytes).has_value());
    }
  }
  std::unique_ptr<engine::EventStore> store = OpenReadOnly(dir_->Sub("data"));
  engine::ProjectionSet fresh(engine::kAllProjections, chart, engine::FetcherOf(*store));
  EXPECT_TRUE(fresh.Outdated(engine::kLedgerSnapshot, outdated));
  const Status loaded = fresh.Load(engine::kLedgerSnapshot, kAt, outdated);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code(), ErrorCode::kCorruption);
  EXPECT_NE(loaded.error().message().find("earlier format"), std::string::npos);

  const events::Seq head = store->head().seq;
  engine::ProjectionSet through(engine::kAllProjections, chart, engine::FetcherOf(*store));
  const Result<events::Seq> from = engine::LoadAsOf(*store, head, &through);
  ASSERT_TRUE(from.has_value()) << from.error().message();
  EXPECT_EQ(*from, 0u);  // The snapshots of seq 1000 were not used.
  const std::unique_ptr<engine::ProjectionSet> replayed = ReplayedFromEventOne(*store, chart, head);
  for (const std::string& name : replayed->Names()) {
    EXPECT_EQ(through.SnapshotOf(name), replayed->SnapshotOf(name)) << name;
  }

  // `check` names them as of an earlier format, and says what writes them again.
  const Result<engine::CheckReport> check = engine::CheckSnapshots(*store, chart, nullptr);
  ASSERT_TRUE(check.has_value()) << check.error().message();
  const std::string why = ": the stored snapshot is of an earlier format, which queries ignore: "
                          "run `coopledger rebuild` to write it again";
  EXPECT_EQ(check->mismatches, (std::vector<std::string>{"member_balances at seq 1000" + why,
                                                         "ledger at seq 1000" + why}));
}

class SnapshotKeeperTest : public DemoStoreTest {};

TEST_F(SnapshotKeeperTest, WritesTheSnapshotsARebuildWouldAsItFollowsTheLog) {
  const projections::Chart chart = adapters::LoadChart(kRulesDirectory).value();
  {
    engine::StoreOptions options;
    options.path = dir_->Sub("data");
    engine::ManualClock clock(Timestamp::FromMicros(0));
    options.clock = &clock;
    std::unique_ptr<engine::EventStore> store = engine::OpenEventStore(options).value();
    Result<std::unique_ptr<engine::SnapshotKeeper>> keeper =
        engine::SnapshotKeeper::Open(store.get(), chart, 300);
    ASSERT_TRUE(keeper.has_value()) << keeper.error().message();
    EXPECT_EQ((*keeper)->last_seq(), store->head().seq);
    const std::vector<events::Seq> seqs = store->SnapshotSeqs("ledger").value();
    ASSERT_FALSE(seqs.empty());
    EXPECT_NE(std::find(seqs.begin(), seqs.end(), 300u), seqs.end());
    // Nothing new: nothing written. A keeper opened again starts from the last snapshots.
    EXPECT_EQ((*keeper)->CatchUp().value(), 0u);
    keeper->reset();
    Result<std::unique_ptr<engine::SnapshotKeeper>> reopened =
        engine::SnapshotKeeper::Open(store.get(), chart, 300);
    ASSERT_TRUE(reopened.has_value()) << reopened.error().message();
    EXPECT_EQ(store->SnapshotSeqs("ledger").value(), seqs);
  }
  const RunOutput check = Run({"check", "--rules", kRulesDirectory});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

class CliSnapshotTest : public DemoStoreTest {};

// A store kept with the command line gets the snapshots its events make due, as `rebuild` and the
// server write them: none after a write that closes nothing, every one due after a seal.
TEST_F(CliSnapshotTest, AWritingVerbWritesTheSnapshotsItsEventsMakeDue) {
  const auto ledger_seqs = [] {
    return OpenReadOnly(dir_->Sub("data"))->SnapshotSeqs(engine::kLedgerSnapshot).value();
  };
  ASSERT_TRUE(ledger_seqs().empty()) << "the demo leaves them to rebuild and the server";
  const RunOutput exported = Run({"export", "ledger", "--year", "2025"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(ledger_seqs().empty()) << "an export closes nothing";

  const RunOutput sealed = Run({"seal", "--month", "2026-07"});
  ASSERT_EQ(sealed.exit_code, 0) << sealed.err;
  EXPECT_EQ(sealed.err, "");
  const events::Seq head = OpenReadOnly(dir_->Sub("data"))->head().seq;
  const std::vector<events::Seq> seqs = ledger_seqs();
  EXPECT_NE(std::find(seqs.begin(), seqs.end(), head), seqs.end()) << "the seal's own";
  EXPECT_GT(seqs.size(), 10u) << "and every close before it";
  const RunOutput check = Run({"check", "--rules", kRulesDirectory});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST(MemberBalancesSnapshotTest, RefusesBytesOfTheOtherMode) {
  const projections::MemberBalances keeping;
  const projections::MemberBalances fetching(
      [](events::Seq) -> std::optional<events::StoredEvent> { return std::nullopt; });
  EXPECT_TRUE(projections::MemberBalances::FromSnapshot(keeping.Snapshot()).has_value());
  EXPECT_FALSE(projections::MemberBalances::FromSnapshot(fetching.Snapshot()).has_value());
  EXPECT_FALSE(projections::MemberBalances::FromSnapshot("XX").has_value());
  // Open invoices only (a fetcher that reads streams): a third mode.
  const projections::MemberBalances open_only(projections::EventFetcher(
      [](events::Seq) -> std::optional<events::StoredEvent> { return std::nullopt; },
      [](std::string_view) -> std::optional<events::StoredEvent> { return std::nullopt; }));
  EXPECT_FALSE(projections::MemberBalances::FromSnapshot(open_only.Snapshot(),
                                                         [](events::Seq) {
                                                           return std::optional<events::StoredEvent>();
                                                         })
                   .has_value());
}

}  // namespace
}  // namespace coopledger::test
