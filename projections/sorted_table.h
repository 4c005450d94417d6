// A table by text key, for the member balances' members by id: a vector sorted by key, and the
// entries added since it was last merged in a small map, merged in when that map grows past an
// eighth of the vector. A snapshot's members (in id order) load by appending, reading them in
// order walks the vector, and freeing them frees one array: with 150,000 members, a tree of
// nodes made an as-of read of the balances spend most of its time allocating, chasing and
// freeing them.
#ifndef COOPLEDGER_PROJECTIONS_SORTED_TABLE_H_
#define COOPLEDGER_PROJECTIONS_SORTED_TABLE_H_

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coopledger::projections {

template <typename Value>
class SortedTable {
 public:
  // The value of `key`, added (value-initialised) if absent. The reference stays valid until the
  // next addition.
  Value& FindOrAdd(std::string_view key) {
    if (Value* found = Find(key)) return *found;
    auto added = pending_.emplace(std::string(key), Value{}).first;
    if (pending_.size() > std::max<size_t>(kPendingMin, sorted_.size() / 8)) {
      Merge();
      return *Find(key);
    }
    return added->second;
  }

  Value* Find(std::string_view key) {
    auto at = std::lower_bound(sorted_.begin(), sorted_.end(), key, KeyLess());
    if (at != sorted_.end() && at->first == key) return &at->second;
    auto pending = pending_.find(key);
    return pending == pending_.end() ? nullptr : &pending->second;
  }

  // Appends `key` after every key held, and returns true, if it is greater than each of them and
  // none is pending; otherwise returns false and leaves `value` as it was.
  bool Append(std::string_view key, Value&& value) {
    if (!pending_.empty() || (!sorted_.empty() && !(sorted_.back().first < key))) return false;
    sorted_.emplace_back(std::string(key), std::move(value));
    return true;
  }
  void Reserve(size_t count) { sorted_.reserve(count); }

  // Calls fn(key, value) for each entry, in key order.
  template <typename Fn>
  void ForEach(Fn fn) const {
    auto pending = pending_.begin();
    for (const auto& [key, value] : sorted_) {
      for (; pending != pending_.end() && pending->first < key; ++pending) fn(pending->first, pending->second);
      fn(key, value);
    }
    for (; pending != pending_.end(); ++pending) fn(pending->first, pending->second);
  }

  size_t size() const { return sorted_.size() + pending_.size(); }

 private:
  static constexpr size_t kPendingMin = 1024;

  struct KeyLess {
    bool operator()(const std::pair<std::string, Value>& entry, std::string_view key) const {
      return entry.first < key;
    }
  };

  void Merge() {
    std::vector<std::pair<std::string, Value>> merged;
    merged.reserve(size());
    auto pending = pending_.begin();
    for (auto& entry : sorted_) {
      for (; pending != pending_.end() && pending->first < entry.first; ++pending) {
        merged.emplace_back(pending->first, std::move(pending->second));
      }
      merged.push_back(std::move(entry));
    }
    for (; pending != pending_.end(); ++pending) merged.emplace_back(pending->first, std::move(pending->second));
    sorted_ = std::move(merged);
    pending_.clear();
  }

  std::vector<std::pair<std::string, Value>> sorted_;
  std::map<std::string, Value, std::less<>> pending_;
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_SORTED_TABLE_H_
