// KeyOrder against a std::map of the same insertions: in key order after each round of
// insertions, and a copy (which must not point into the map it was copied from) sorts its own.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "projections/key_order.h"

namespace coopledger::test {
namespace {

using Map = std::unordered_map<std::string, int64_t>;

std::vector<std::string> KeysOf(const std::vector<projections::KeyOrder<Map>::Entry>& entries) {
  std::vector<std::string> keys;
  for (const auto* entry : entries) keys.push_back(entry->first);
  return keys;
}

std::vector<std::string> KeysOf(const std::map<std::string, int64_t>& map) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : map) keys.push_back(key);
  return keys;
}

// Adds `key` to both maps, telling `order` of an insertion as the ledger does.
void Add(const std::string& key, Map* map, projections::KeyOrder<Map>* order,
         std::map<std::string, int64_t>* expected) {
  auto [at, inserted] = map->try_emplace(key, 0);
  if (inserted) order->Added(&*at);
  ++at->second;
  ++(*expected)[key];
}

TEST(KeyOrderTest, IsTheKeyOrderAfterEveryRoundOfInsertionsThroughRehashes) {
  Map map;
  projections::KeyOrder<Map> order;
  std::map<std::string, int64_t> expected;
  std::mt19937_64 random(7);
  std::uniform_int_distribution<int> pick(1, 20'000);
  EXPECT_TRUE(order.Of(map).empty());
  for (int round = 0; round < 30; ++round) {
    for (int i = 0; i < 500; ++i) Add("k" + std::to_string(pick(random)), &map, &order, &expected);
    const auto& sorted = order.Of(map);
    ASSERT_EQ(KeysOf(sorted), KeysOf(expected)) << "round " << round;
    for (const auto* entry : sorted) EXPECT_EQ(entry->second, expected[entry->first]);
  }
  EXPECT_GT(map.bucket_count(), 1'000u) << "the map rehashed on the way";
  EXPECT_EQ(KeysOf(order.Of(map)), KeysOf(expected)) << "a call without insertions";
}

TEST(KeyOrderTest, ACopyPointsIntoItsOwnMap) {
  Map map;
  projections::KeyOrder<Map> order;
  std::map<std::string, int64_t> expected;
  for (const char* key : {"b", "a", "c"}) Add(key, &map, &order, &expected);
  ASSERT_EQ(KeysOf(order.Of(map)), KeysOf(expected));

  Map copy = map;
  projections::KeyOrder<Map> copied_order = order;
  std::map<std::string, int64_t> copy_expected = expected;
  Add("d", &copy, &copied_order, &copy_expected);
  map.clear();  // The original's entries are gone: the copy must not point at them.
  const auto& sorted = copied_order.Of(copy);
  ASSERT_EQ(KeysOf(sorted), KeysOf(copy_expected));
  for (const auto* entry : sorted) EXPECT_EQ(entry, &*copy.find(entry->first));
}

}  // namespace
}  // namespace coopledger::test
