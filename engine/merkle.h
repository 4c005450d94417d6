// Merkle trees over a run of events, for the monthly seals (DESIGN section 3).
//
// The tree hashes as RFC 6962 (Certificate Transparency) section 2.1 does, with SHA-256 and
// domain-separated leaves and nodes, so that no leaf can pose as a node:
//   leaf hash      L(d)        = SHA-256(0x00 || d)            d: an event's canonical bytes
//   node hash      N(a, b)     = SHA-256(0x01 || a || b)
//   root of n >= 2 leaves      = N(root of the first k, root of the other n - k), where k is the
//                                largest power of two smaller than n
//   root of one leaf           = its leaf hash; root of no leaf = SHA-256 of nothing.
// The odd-leaf rule follows: an unpaired subtree is carried up unchanged, never duplicated
// (duplicating it would let two different runs of events share a root).
//
// An inclusion path lists the sibling subtree roots from the leaf up to the root; its length and
// order are fixed by (index, count), so a verifier needs nothing else.
#ifndef COOPLEDGER_ENGINE_MERKLE_H_
#define COOPLEDGER_ENGINE_MERKLE_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "events/event.h"

namespace coopledger::engine {

using events::Hash;

Hash MerkleLeafHash(std::string_view leaf_bytes);
Hash MerkleNodeHash(const Hash& left, const Hash& right);

// The root of the tree whose leaf hashes are `leaves`, in order.
Hash MerkleRoot(const std::vector<Hash>& leaves);

// The inclusion path of leaf `index`: sibling roots from the leaf up.
// REQUIRES: index < leaves.size().
std::vector<Hash> MerklePath(const std::vector<Hash>& leaves, uint64_t index);

// The root that leaf hash `leaf` at `index` of `count` leaves reaches through `path`, or nullopt
// if the path cannot belong to such a tree (index out of range, wrong length).
std::optional<Hash> MerkleRootFromPath(const Hash& leaf, uint64_t index, uint64_t count,
                                       const std::vector<Hash>& path);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_MERKLE_H_
