// The member balances' snapshot format (version 3): every figure back as it was, each activity id
// written once, months as numbers with text kept for any other month key, and bytes it did not
// write (or an earlier version wrote) refused with the reason.
#include <gtest/gtest.h>

#include <string>

#include "projections/member_balances.h"
#include "projections/snapshot_codec.h"

namespace coopledger::test {
namespace {

using projections::ActivityAccount;
using projections::MemberBalances;
using projections::MonthHours;

size_t Occurrences(std::string_view bytes, std::string_view text) {
  size_t count = 0;
  for (size_t at = bytes.find(text); at != std::string_view::npos; at = bytes.find(text, at + 1)) ++count;
  return count;
}

// Members whose ids share prefixes, of long activity ids shared by several, an activity-less
// member, months across years and both ends of the supported years, and one month key that is no
// "YYYY-MM".
MemberBalances Sample() {
  MemberBalances balances;
  const std::string cjs = "CJS-CLERMONT-2025-17";
  const std::string kpa = "KPA-VERGNES-2025-101";
  for (int i = 0; i < 40; ++i) {
    const std::string id = "KM-0001-" + std::to_string(100 + i);
    balances.SetMember(id, i % 2 == 0 ? cjs : kpa, i % 3 == 0 ? events::Regime::kCape : events::Regime::kCesa);
    balances.AddHours(id, "2025-07", MonthHours{60 * i, 30, 0});
    if (i % 4 == 0) balances.AddHours(id, "2025-12", MonthHours{15, 0, 45 + i});
    if (i % 5 == 0) balances.AddHours(id, "2026-01", MonthHours{-15, 0, 0});
  }
  balances.SetMember("EM-0001", "", events::Regime::kUnset);
  balances.AddHours("EM-0001", "1900-01", MonthHours{1, 2, 3});
  balances.AddHours("EM-0001", "2199-12", MonthHours{4, 5, 6});
  balances.AddHours("EM-0001", "summer", MonthHours{7, 8, 9});
  balances.AddHours("Y-1", "2025-08", MonthHours{480, 0, 0});  // Hours before joining: no activity.
  balances.AddToActivity(cjs, ActivityAccount{Money::FromCents(120'000), Money::FromCents(90'000),
                                              Money::FromCents(12'000), Money::FromCents(3'000),
                                              Money::FromCents(500)});
  balances.AddToActivity(kpa, ActivityAccount{Money::FromCents(-4'000), Money(), Money(), Money(), Money()});
  return balances;
}

std::string FiguresOf(const MemberBalances& balances) {
  std::string text;
  for (const projections::MemberBalance* member : balances.Members()) {
    text += member->member_id + " " + member->activity_id + " " +
            std::to_string(static_cast<int>(member->regime)) + "\n";
  }
  return text + balances.ToString();
}

TEST(MemberBalancesSnapshotTest, EveryFigureComesBackAndTheBytesAreTheSame) {
  const MemberBalances sample = Sample();
  const std::string bytes = sample.Snapshot();
  Result<MemberBalances> loaded = MemberBalances::FromSnapshot(bytes);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  EXPECT_EQ(FiguresOf(*loaded), FiguresOf(sample));
  EXPECT_NE(FiguresOf(sample).find("EM-0001 1900-01 paid"), std::string::npos);
  EXPECT_NE(FiguresOf(sample).find("\nY-1  0\n"), std::string::npos);  // Named by its hours.
  EXPECT_NE(FiguresOf(sample).find("EM-0001 summer paid"), std::string::npos);
  EXPECT_NE(FiguresOf(sample).find("\nKM-0001-139 KPA-VERGNES-2025-101 "), std::string::npos);
  EXPECT_EQ(loaded->Snapshot(), bytes);

  Result<MemberBalances> figures = MemberBalances::FiguresFromSnapshot(bytes);
  ASSERT_TRUE(figures.has_value()) << figures.error().message();
  EXPECT_EQ(FiguresOf(*figures), FiguresOf(sample));
}

TEST(MemberBalancesSnapshotTest, NamesEachActivityOnceAndMonthsAsNumbers) {
  const std::string bytes = Sample().Snapshot();
  // 20 members and an activity account each name these two.
  EXPECT_EQ(Occurrences(bytes, "CJS-CLERMONT-2025-17"), 1u);
  EXPECT_EQ(Occurrences(bytes, "KPA-VERGNES-2025-101"), 1u);
  EXPECT_EQ(Occurrences(bytes, "2025-07"), 0u);
  EXPECT_EQ(Occurrences(bytes, "summer"), 1u);  // Not a "YYYY-MM": kept as text.
  // Ids as the part that differs from the previous one's.
  EXPECT_EQ(Occurrences(bytes, "KM-0001-1"), 1u);
}

// Version 3 bytes written by hand: the names, then one member and its one month.
std::string Written(std::string_view names_first, uint64_t shared, uint64_t activity,
                    uint64_t month = 2025 * 12 + 7) {
  projections::SnapshotWriter out(MemberBalances::kSnapshotMagic, MemberBalances::kSnapshotVersion);
  out.Varint(0);  // Mode: no fetcher.
  out.Integer(0);
  out.Count(2);
  out.Text(names_first);
  out.Text("B-ACTIVITY");
  out.Count(1);
  out.Varint(shared);
  out.Text("M-1");
  out.Varint(activity);
  out.Varint(0);
  out.Count(1);
  out.Varint(month);
  for (int minutes = 0; minutes < 3; ++minutes) out.Integer(60);
  for (int empty_table = 0; empty_table < 4; ++empty_table) out.Count(0);
  return out.Take();
}

TEST(MemberBalancesSnapshotTest, RefusesBytesItDidNotWriteAndNamesWhy) {
  ASSERT_TRUE(MemberBalances::FromSnapshot(Written("A-ACTIVITY", 0, 2)).has_value());
  const auto refused = [](const std::string& bytes, const std::string& why) {
    Result<MemberBalances> loaded = MemberBalances::FromSnapshot(bytes);
    ASSERT_FALSE(loaded.has_value()) << why;
    EXPECT_EQ(loaded.error().code(), ErrorCode::kCorruption);
    EXPECT_NE(loaded.error().message().find(why), std::string::npos) << loaded.error().message();
  };
  refused(Written("C-ACTIVITY", 0, 1), "bad activity names");  // Out of order.
  refused(Written("", 0, 1), "bad activity names");            // "" is named by 0.
  refused(Written("A-ACTIVITY", 0, 3), "bad member");          // Past the names.
  refused(Written("A-ACTIVITY", 1, 1), "bad member");          // More shared than the previous id.
  refused(Written("A-ACTIVITY", 0, 1, 10'000 * 12 + 1), "bad month");  // Year 10000.
  Result<MemberBalances> december = MemberBalances::FromSnapshot(Written("A-ACTIVITY", 0, 1, 9'999 * 12 + 12));
  ASSERT_TRUE(december.has_value()) << december.error().message();
  EXPECT_NE(december->ToString().find("M-1 9999-12 paid 1.00"), std::string::npos) << december->ToString();
  std::string trailing = Written("A-ACTIVITY", 0, 2);
  trailing.push_back('\0');
  refused(trailing, "trailing bytes");
}

TEST(MemberBalancesSnapshotTest, RefusesVersion2AsAnEarlierFormat) {
  std::string bytes = Sample().Snapshot();
  ASSERT_EQ(bytes.substr(0, 5), std::string("MBL \x03"));
  bytes[4] = '\x02';
  EXPECT_EQ(projections::SnapshotVersion(bytes, MemberBalances::kSnapshotMagic), 2u);
  for (const bool figures_only : {false, true}) {
    Result<MemberBalances> loaded = figures_only ? MemberBalances::FiguresFromSnapshot(bytes)
                                                 : MemberBalances::FromSnapshot(bytes);
    ASSERT_FALSE(loaded.has_value());
    EXPECT_NE(loaded.error().message().find("earlier format: run `coopledger rebuild`"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace coopledger::test
