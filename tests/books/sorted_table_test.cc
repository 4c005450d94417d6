// SortedTable against a std::map of the same additions: lookups, order and values through many
// merges, and a snapshot's in-order load by appending.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "projections/sorted_table.h"

namespace coopledger::test {
namespace {

std::string Key(uint64_t n) { return "m-" + std::to_string(n); }

TEST(SortedTableTest, HoldsWhatAMapHoldsInKeyOrderThroughMerges) {
  projections::SortedTable<int64_t> table;
  std::map<std::string, int64_t> expected;
  std::mt19937_64 random(11);
  std::uniform_int_distribution<uint64_t> pick(1, 9'000);
  for (int i = 0; i < 40'000; ++i) {
    const std::string key = Key(pick(random));
    table.FindOrAdd(key) += i;
    expected[key] += i;
    if (i % 997 == 0) {
      const std::string absent = Key(20'000 + static_cast<uint64_t>(i));
      EXPECT_EQ(table.Find(absent), nullptr);
    }
  }
  ASSERT_EQ(table.size(), expected.size());
  ASSERT_GT(table.size(), 4'000u) << "enough for several merges";
  auto next = expected.begin();
  table.ForEach([&next, &expected](const std::string& key, const int64_t& value) {
    ASSERT_NE(next, expected.end());
    EXPECT_EQ(key, next->first);
    EXPECT_EQ(value, next->second);
    ++next;
  });
  EXPECT_EQ(next, expected.end());
  for (const auto& [key, value] : expected) {
    const int64_t* found = table.Find(key);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(*found, value);
  }
}

TEST(SortedTableTest, AppendsInOrderOnlyAndLeavesAValueItRefuses) {
  projections::SortedTable<std::string> table;
  std::string first = "one";
  ASSERT_TRUE(table.Append("a", std::move(first)));
  std::string second = "two";
  ASSERT_TRUE(table.Append("b", std::move(second)));
  std::string late = "three";
  EXPECT_FALSE(table.Append("a", std::move(late)));
  EXPECT_EQ(late, "three");
  table.FindOrAdd("0");  // Pending: appending stops until the next merge.
  std::string after = "four";
  EXPECT_FALSE(table.Append("c", std::move(after)));
  EXPECT_EQ(after, "four");
  std::string order;
  table.ForEach([&order](const std::string& key, const std::string&) { order += key; });
  EXPECT_EQ(order, "0ab");
}

}  // namespace
}  // namespace coopledger::test
