#include "engine/merkle.h"

#include "engine/hash_chain.h"
#include "events/assert.h"

namespace coopledger::engine {
namespace {

constexpr char kLeafPrefix = '\x00';
constexpr char kNodePrefix = '\x01';

// The largest power of two strictly smaller than `count`. REQUIRES: count >= 2.
uint64_t SplitPoint(uint64_t count) {
  uint64_t split = 1;
  while (split * 2 < count) split *= 2;
  return split;
}

// Root of leaves[begin, end). REQUIRES: begin < end.
Hash SubtreeRoot(const std::vector<Hash>& leaves, uint64_t begin, uint64_t end) {
  if (end - begin == 1) return leaves[begin];
  const uint64_t middle = begin + SplitPoint(end - begin);
  return MerkleNodeHash(SubtreeRoot(leaves, begin, middle), SubtreeRoot(leaves, middle, end));
}

std::string_view View(const Hash& hash) {
  return std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

}  // namespace

Hash MerkleLeafHash(std::string_view leaf_bytes) {
  std::string prefixed(1, kLeafPrefix);
  prefixed += leaf_bytes;
  return Sha256(prefixed);
}

Hash MerkleNodeHash(const Hash& left, const Hash& right) {
  std::string prefixed(1, kNodePrefix);
  prefixed += View(left);
  prefixed += View(right);
  return Sha256(prefixed);
}

Hash MerkleRoot(const std::vector<Hash>& leaves) {
  if (leaves.empty()) return Sha256(std::string_view());
  return SubtreeRoot(leaves, 0, leaves.size());
}

std::vector<Hash> MerklePath(const std::vector<Hash>& leaves, uint64_t index) {
  COOPLEDGER_ASSERT(index < leaves.size());
  // Walk down from the root, noting each sibling subtree; the path lists them leaf first.
  std::vector<Hash> top_down;
  uint64_t begin = 0;
  uint64_t end = leaves.size();
  while (end - begin > 1) {
    const uint64_t middle = begin + SplitPoint(end - begin);
    if (index < middle) {
      top_down.push_back(SubtreeRoot(leaves, middle, end));
      end = middle;
    } else {
      top_down.push_back(SubtreeRoot(leaves, begin, middle));
      begin = middle;
    }
  }
  return std::vector<Hash>(top_down.rbegin(), top_down.rend());
}

std::optional<Hash> MerkleRootFromPath(const Hash& leaf, uint64_t index, uint64_t count,
                                       const std::vector<Hash>& path) {
  if (index >= count) return std::nullopt;
  // Replay the descent of MerklePath to learn, for each level, which side the leaf is on; then
  // climb with the path from the leaf up.
  std::vector<bool> leaf_on_left;
  uint64_t begin = 0;
  uint64_t end = count;
  while (end - begin > 1) {
    const uint64_t middle = begin + SplitPoint(end - begin);
    leaf_on_left.push_back(index < middle);
    if (index < middle) end = middle;
    else begin = middle;
  }
  if (leaf_on_left.size() != path.size()) return std::nullopt;
  Hash root = leaf;
  for (size_t level = 0; level < path.size(); ++level) {
    const bool on_left = leaf_on_left[path.size() - 1 - level];
    root = on_left ? MerkleNodeHash(root, path[level]) : MerkleNodeHash(path[level], root);
  }
  return root;
}

}  // namespace coopledger::engine
