// The entries of a hash map in key order, kept from one snapshot to the next: the entries added
// since the last call are sorted alone and merged with those already in order. A snapshot every N
// events then sorts what those N events added rather than the whole map (the ledger's balances of
// an open year: sorting them whole took a sixth of a rebuild writing snapshots).
//
// It holds pointers to the map's entries, which a node-based map (std::unordered_map) keeps where
// they are through insertions and rehashes. Entries must not be erased one by one: the maps it
// serves are dropped whole. A copied or moved KeyOrder, like a new one, is stale: its first call
// sorts the map whole, so it never points into another map.
#ifndef COOPLEDGER_PROJECTIONS_KEY_ORDER_H_
#define COOPLEDGER_PROJECTIONS_KEY_ORDER_H_

#include <algorithm>
#include <vector>

#include "events/assert.h"

namespace coopledger::projections {

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
      sorted_.clear();
      sorted_.reserve(map.size());
      for (const auto& entry : map) sorted_.push_back(&entry);
      std::sort(sorted_.begin(), sorted_.end(), Less);
      stale_ = false;
    } else if (!added_.empty()) {
      std::sort(added_.begin(), added_.end(), Less);
      const auto middle = static_cast<typename std::vector<Entry>::difference_type>(sorted_.size());
      sorted_.insert(sorted_.end(), added_.begin(), added_.end());
      std::inplace_merge(sorted_.begin(), sorted_.begin() + middle, sorted_.end(), Less);
    }
    added_.clear();
    COOPLEDGER_ASSERT(sorted_.size() == map.size());  // Every insertion was passed to Added.
    return sorted_;
  }

 private:
  static bool Less(Entry a, Entry b) { return a->first < b->first; }

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
