// Hash maps in key order, as snapshots write them. InKeyOrder sorts a map's entries once;
// KeyOrder keeps them in order from one snapshot to the next: the entries added since the last
// call are sorted alone and merged with those already in order. A snapshot every N events then
// sorts what those N events added rather than the whole map (the ledger's balances of an open
// year: sorting them whole took a sixth of a rebuild writing snapshots).
//
// KeyOrder holds pointers to the map's entries, which a node-based map (std::unordered_map)
// keeps where they are through insertions and rehashes. Entries must not be erased one by one:
// the maps it serves are dropped whole. A copied or moved KeyOrder, like a new one, is stale: its
// first call sorts the map whole, so it never points into another map.
#ifndef COOPLEDGER_PROJECTIONS_KEY_ORDER_H_
#define COOPLEDGER_PROJECTIONS_KEY_ORDER_H_

#include <algorithm>
#include <vector>

#include "events/assert.h"

namespace coopledger::projections {

// Snapshots write maps in key order so that the same state gives the same bytes whatever the hash
// table's history. Compares pointers to map entries by key, or to set elements.
struct KeyLess {
  template <typename Entry>
  bool operator()(const Entry* a, const Entry* b) const {
    if constexpr (requires { a->first; }) {
      return a->first < b->first;
    } else {
      return *a < *b;
    }
  }
};

// The entries of an unordered map (or set), in key order.
template <typename Map>
std::vector<typename Map::const_pointer> InKeyOrder(const Map& map) {
  std::vector<typename Map::const_pointer> sorted;
  sorted.reserve(map.size());
  for (const auto& entry : map) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(), KeyLess());
  return sorted;
}

template <typename Map>
class KeyOrder {
 public:
  using Entry = const typename Map::value_type*;

  KeyOrder() = default;
  KeyOrder(const KeyOrder&) {}
  KeyOrder(KeyOrder&&) noexcept {}
  KeyOrder& operator=(const KeyOrder&) {
    Reset();
    return *this;
  }
  KeyOrder& operator=(KeyOrder&&) noexcept {
    Reset();
    return *this;
  }

  // `entry`, just inserted into the map this order is of.
  void Added(Entry entry) {
    if (!stale_) added_.push_back(entry);
  }

  // Every entry of `map` (the map whose insertions were passed to Added), in key order. Valid until
  // the next insertion.
  const std::vector<Entry>& Of(const Map& map) {
    if (stale_) {
      sorted_ = InKeyOrder(map);
      stale_ = false;
    } else if (!added_.empty()) {
      std::sort(added_.begin(), added_.end(), KeyLess());
      const auto middle = static_cast<typename std::vector<Entry>::difference_type>(sorted_.size());
      sorted_.insert(sorted_.end(), added_.begin(), added_.end());
      std::inplace_merge(sorted_.begin(), sorted_.begin() + middle, sorted_.end(), KeyLess());
    }
    added_.clear();
    COOPLEDGER_ASSERT(sorted_.size() == map.size());  // Every insertion was passed to Added.
    return sorted_;
  }

 private:
  void Reset() {
    sorted_.clear();
    added_.clear();
    stale_ = true;
  }

  std::vector<Entry> sorted_;
  std::vector<Entry> added_;
  bool stale_ = true;
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_KEY_ORDER_H_
