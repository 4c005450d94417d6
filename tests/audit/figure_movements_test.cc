// Figure movements: the member balances and trial balances as known at any seq, read from their
// snapshots and the movements recorded since, equal those folded from event 1; a missing block
// sends the query to the fold; `check` compares the stored blocks with a rebuild; a snapshot
// keeper resuming in the middle of a block keeps the events before it.
#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "adapters/rules_loader.h"
#include "engine/command_service.h"
#include "engine/figures_as_of.h"
#include "engine/movement_log.h"
#include "engine/snapshots.h"
#include "projections/figure_movements.h"
#include "projections/member_balances.h"
#include "projections/trial_balance.h"
#include "tests/audit/rebuilt_store_fixture.h"
#include "tests/test_util/tamper.h"

namespace coopledger::test {
namespace {

// Every figure of `balances`: members with their activity, regime and months, then the activity
// accounts (MemberBalances::ToString leaves out members without hours).
std::string FiguresText(const projections::MemberBalances& balances) {
  std::string text;
  for (const projections::MemberBalance* member : balances.Members()) {
    text += member->member_id + " " + member->activity_id + " " +
            std::to_string(static_cast<int>(member->regime)) + " months " +
            std::to_string(member->months.size()) + "\n";
  }
  return text + balances.ToString();
}

// The figures folded from event 1 up to `last`: the balances and the ledger.
std::unique_ptr<engine::ProjectionSet> Folded(engine::EventStore& store, const projections::Chart& chart,
                                              events::Seq last) {
  return ReplayedFromEventOne(store, chart, last, engine::kBalancesProjection | engine::kLedgerProjection);
}

class FigureMovementsTest : public RebuiltDemoStoreTest {};

TEST_F(FigureMovementsTest, FiguresFromMovementsEqualTheFoldFromEventOne) {
  const projections::Chart chart = adapters::LoadChart(kRulesDirectory).value();
  std::unique_ptr<engine::EventStore> store = OpenReadOnly(dir_->Sub("data"));
  const events::Seq head = store->head().seq;
  ASSERT_GT(head, 1'800u);
  std::vector<events::Seq> seqs = {1, 299, 300, 301, 999, 1000, 1001, 1234, 1800, head - 1, head};
  std::mt19937_64 random(7);
  for (int i = 0; i < 12; ++i) seqs.push_back(std::uniform_int_distribution<events::Seq>(1, head)(random));
  for (const events::Seq seq : seqs) {
    const Result<engine::Figures> figures = engine::FiguresAsOf(
        *store, seq, engine::kBalancesProjection | engine::kLedgerProjection, chart);
    ASSERT_TRUE(figures.has_value()) << figures.error().message();
    EXPECT_TRUE(figures->from_movements) << seq;
    EXPECT_LE(figures->snapshot_seq, seq);
    EXPECT_GT(figures->snapshot_seq + 300, seq) << "the nearest snapshot";
    const std::unique_ptr<engine::ProjectionSet> folded = Folded(*store, chart, seq);
    EXPECT_EQ(FiguresText(figures->balances), FiguresText(folded->balances())) << seq;
    EXPECT_EQ(figures->trial_balances.Snapshot(), folded->trial_balances().Snapshot()) << seq;
  }
  // The figures move: a query that read nothing after its snapshot would fail above.
  const std::unique_ptr<engine::ProjectionSet> early = Folded(*store, chart, 1234);
  const std::unique_ptr<engine::ProjectionSet> late = Folded(*store, chart, 1800);
  EXPECT_NE(FiguresText(early->balances()), FiguresText(late->balances()));
  EXPECT_NE(early->trial_balances().Snapshot(), late->trial_balances().Snapshot());
}

// A query needing a whole block adds its sum; one needing part of it, its events.
TEST_F(FigureMovementsTest, TheSumOfABlockAddsWhatItsEventsAdd) {
  std::unique_ptr<engine::EventStore> store = OpenReadOnly(dir_->Sub("data"));
  const std::vector<events::Seq> blocks = store->SnapshotSeqs(engine::kMovementsName).value();
  ASSERT_GE(blocks.size(), 2u);
  for (const events::Seq block : blocks) {
    const std::string bytes = store->FindSnapshot(engine::kMovementsName, block).value()->second;
    const projections::MovementRange range = projections::MovementBlockRange(bytes).value();
    ASSERT_LT(range.first, range.last);
    projections::MemberBalances summed;
    projections::TrialBalances summed_totals;
    ASSERT_TRUE(projections::ApplyMovements(bytes, range.first, range.last, &summed, &summed_totals)
                    .has_value());
    projections::MemberBalances one_by_one;
    projections::TrialBalances one_by_one_totals;
    const events::Seq middle = (range.first + range.last) / 2;
    ASSERT_TRUE(projections::ApplyMovements(bytes, range.first, middle, &one_by_one, &one_by_one_totals)
                    .has_value());
    ASSERT_TRUE(projections::ApplyMovements(bytes, middle + 1, range.last, &one_by_one,
                                            &one_by_one_totals)
                    .has_value());
    EXPECT_FALSE(summed.Members().empty()) << block;
    EXPECT_EQ(FiguresText(summed), FiguresText(one_by_one)) << block;
    EXPECT_EQ(summed_totals.Snapshot(), one_by_one_totals.Snapshot()) << block;
  }
}

TEST_F(FigureMovementsTest, CheckComparesTheBlocksWithARebuild) {
  const RunOutput check = Run({"check", "--rules", kRulesDirectory});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  const events::Seq head = OpenReadOnly(dir_->Sub("data"))->head().seq;
  const std::vector<events::Seq> blocks =
      OpenReadOnly(dir_->Sub("data"))->SnapshotSeqs(engine::kMovementsName).value();
  ASSERT_EQ(blocks.size(), (head + projections::kMovementBlock - 1) / projections::kMovementBlock);
  EXPECT_EQ(blocks[1], projections::kMovementBlock + 1);
  // A rebuild writes them again, and says so.
  const RunOutput rebuild = Run({"rebuild", "--every", "300", "--rules", kRulesDirectory});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_NE(rebuild.out.find("; figure movements in " + std::to_string(blocks.size()) + " blocks, "),
            std::string::npos)
      << rebuild.out;
}

class FigureMovementsTamperedTest : public FigureMovementsTest {};

TEST_F(FigureMovementsTamperedTest, AMissingBlockSendsTheQueryToTheFoldAndCheckNamesAChangedOne) {
  const projections::Chart chart = adapters::LoadChart(kRulesDirectory).value();
  const std::vector<std::string> balances = {"balances", "--known-at", "1234", "--format", "csv"};
  const std::vector<std::string> trial = {"report", "trial-balance", "--year", "2025", "--known-at",
                                          "1234", "--format", "csv", "--rules", kRulesDirectory};
  const RunOutput balances_before = Run(balances);
  const RunOutput trial_before = Run(trial);
  ASSERT_EQ(balances_before.exit_code, 0) << balances_before.err;
  ASSERT_EQ(trial_before.exit_code, 0) << trial_before.err;

  std::string error;
  ASSERT_TRUE(DeleteSnapshot(dir_->Sub("data"), engine::kMovementsName, 1001, &error)) << error;
  {
    std::unique_ptr<engine::EventStore> store = OpenReadOnly(dir_->Sub("data"));
    const Result<engine::Figures> figures = engine::FiguresAsOf(
        *store, 1234, engine::kBalancesProjection | engine::kLedgerProjection, chart);
    ASSERT_TRUE(figures.has_value()) << figures.error().message();
    EXPECT_FALSE(figures->from_movements);
    const Result<engine::Figures> earlier =
        engine::FiguresAsOf(*store, 950, engine::kBalancesProjection, chart);
    ASSERT_TRUE(earlier.has_value()) << earlier.error().message();
    EXPECT_TRUE(earlier->from_movements) << "its own block is there";
  }
  EXPECT_EQ(Run(balances).out, balances_before.out);
  EXPECT_EQ(Run(trial).out, trial_before.out);
  // A missing block is not an error of the store: the queries take the slower way.
  const RunOutput check = Run({"check", "--rules", kRulesDirectory});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

  // The last byte: a movement's last integer, so that the block still reads but says something
  // else.
  ASSERT_TRUE(RewriteSnapshot(dir_->Sub("data"), engine::kMovementsName, 1, [](std::string* value) {
    value->back() = static_cast<char>(value->back() ^ 0x02);
    return true;
  }, &error)) << error;
  const RunOutput broken = Run({"check", "--rules", kRulesDirectory});
  EXPECT_EQ(broken.exit_code, 3);
  EXPECT_NE(broken.out.find("MISMATCH figure_movements at seq 1:"), std::string::npos)
      << broken.out;

  // `rebuild` writes them all again.
  ASSERT_EQ(Run({"rebuild", "--every", "300", "--rules", kRulesDirectory}).exit_code, 0);
  EXPECT_EQ(Run({"check", "--rules", kRulesDirectory}).exit_code, 0);
}

class FigureMovementsKeeperTest : public FigureMovementsTest {};

// After a rebuild, a seal makes snapshots due: the command line's keeper starts from the head's
// snapshots, in the middle of a block, and keeps that block's events before it.
TEST_F(FigureMovementsKeeperTest, AKeeperResumingInTheMiddleOfABlockKeepsItsFirstEvents) {
  const events::Seq rebuilt_head = OpenReadOnly(dir_->Sub("data"))->head().seq;
  ASSERT_NE(rebuilt_head % projections::kMovementBlock, 0u) << "choose a store ending mid-block";
  const RunOutput sealed = Run({"seal", "--month", "2026-07"});
  ASSERT_EQ(sealed.exit_code, 0) << sealed.err;
  EXPECT_EQ(sealed.err, "");
  const projections::Chart chart = adapters::LoadChart(kRulesDirectory).value();
  std::unique_ptr<engine::EventStore> store = OpenReadOnly(dir_->Sub("data"));
  const events::Seq head = store->head().seq;
  ASSERT_GT(head, rebuilt_head);
  const auto block = store->FindSnapshot(engine::kMovementsName, head).value();
  ASSERT_TRUE(block.has_value());
  const projections::MovementRange range = projections::MovementBlockRange(block->second).value();
  EXPECT_EQ(range.first, projections::MovementBlockStart(head));
  EXPECT_EQ(range.last, head);
  for (const events::Seq seq : {rebuilt_head - 1, rebuilt_head, head}) {
    const Result<engine::Figures> figures = engine::FiguresAsOf(
        *store, seq, engine::kBalancesProjection | engine::kLedgerProjection, chart);
    ASSERT_TRUE(figures.has_value()) << figures.error().message();
    EXPECT_TRUE(figures->from_movements) << seq;
    const std::unique_ptr<engine::ProjectionSet> folded = Folded(*store, chart, seq);
    EXPECT_EQ(FiguresText(figures->balances), FiguresText(folded->balances())) << seq;
    EXPECT_EQ(figures->trial_balances.Snapshot(), folded->trial_balances().Snapshot()) << seq;
  }
  store.reset();
  const RunOutput check = Run({"check", "--rules", kRulesDirectory});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

// ------------------------------------------------------------------------ blocks themselves

projections::MovementBlock TwoEvents() {
  projections::MovementBlock block(1001);
  block.BeginEvent(1001);
  block.Trial(2025, "411", 12'000, 0);
  block.Trial(2025, "706", 0, 12'000);
  block.BeginEvent(1002);  // Moves nothing: left out.
  block.BeginEvent(1003);
  block.Member("m-1", "cjs", events::Regime::kCjsYouth);
  projections::MonthHours hours;
  hours.paid_minutes = 90;
  block.Hours("m-1", "2025-07", hours);
  return block;
}

TEST(MovementBlockTest, AppliesTheEventsAskedAndSlicesAtAnyEvent) {
  const std::string bytes = TwoEvents().Bytes();
  const projections::MovementRange range = projections::MovementBlockRange(bytes).value();
  EXPECT_EQ(range.first, 1001u);
  EXPECT_EQ(range.last, 1003u);

  projections::MemberBalances balances;
  projections::TrialBalances totals;
  ASSERT_TRUE(projections::ApplyMovements(bytes, 1001, 1002, &balances, &totals).has_value());
  EXPECT_TRUE(balances.Members().empty()) << "event 1003 was not asked";
  ASSERT_EQ(totals.Rows(projections::Chart{}, 2025).size(), 2u);
  EXPECT_EQ(totals.Rows(projections::Chart{}, 2025)[0].debit.cents(), 12'000);
  ASSERT_TRUE(projections::ApplyMovements(bytes, 1003, 1003, &balances, nullptr).has_value());
  ASSERT_EQ(balances.Members().size(), 1u);
  EXPECT_EQ(balances.Members()[0]->Total().paid_minutes, 90);

  // Cut after 1002, recording goes on: the same bytes as recorded at once.
  projections::MovementBlock resumed = projections::MovementBlock::Resume(bytes, 1002).value();
  EXPECT_EQ(resumed.last_seq(), 1002u);
  resumed.BeginEvent(1003);
  resumed.Member("m-1", "cjs", events::Regime::kCjsYouth);
  projections::MonthHours hours;
  hours.paid_minutes = 90;
  resumed.Hours("m-1", "2025-07", hours);
  EXPECT_EQ(resumed.Bytes(), bytes);
  // A slice from 1002 holds event 1003 only, with its seq.
  const std::string slice = projections::MovementBlock::Slice(bytes, 1002, 1003).value().Bytes();
  projections::MemberBalances sliced;
  ASSERT_TRUE(projections::ApplyMovements(slice, 1002, 1003, &sliced, nullptr).has_value());
  EXPECT_EQ(FiguresText(sliced), FiguresText(balances));
}

TEST(MovementBlockTest, RefusesEventsItDoesNotCoverAndBytesItDidNotWrite) {
  const std::string bytes = TwoEvents().Bytes();
  projections::MemberBalances balances;
  const Status before = projections::ApplyMovements(bytes, 1000, 1003, &balances, nullptr);
  ASSERT_FALSE(before.has_value());
  EXPECT_EQ(before.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(before.error().message().find("not seqs 1000 to 1003"), std::string::npos);
  EXPECT_EQ(projections::MovementBlock::Resume(bytes, 1004).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(balances.Members().empty());

  // Read event by event (a query needing part of the block; one needing all of it reads its sum
  // only, and `check` compares whole blocks).
  for (const std::string& bad : {std::string("FMV "), bytes.substr(0, bytes.size() - 1),
                                 "XYZ " + bytes.substr(4), bytes + std::string(1, '\x09')}) {
    projections::TrialBalances totals;
    const Status applied = projections::ApplyMovements(bad, 1002, 1003, &balances, &totals);
    ASSERT_FALSE(applied.has_value()) << bad.size();
    EXPECT_EQ(applied.error().code(), ErrorCode::kCorruption);
  }
}

}  // namespace
}  // namespace coopledger::test
