#include "engine/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/hash_chain.h"

namespace coopledger::test {
namespace {

using engine::MerkleLeafHash;
using engine::MerkleNodeHash;
using engine::MerklePath;
using engine::MerkleRoot;
using engine::MerkleRootFromPath;

std::vector<events::Hash> Leaves(size_t count) {
  std::vector<events::Hash> leaves;
  for (size_t i = 0; i < count; ++i) leaves.push_back(MerkleLeafHash("event " + std::to_string(i)));
  return leaves;
}

TEST(MerkleTest, LeafHashIsDomainSeparatedAsInCertificateTransparency) {
  // RFC 6962's test vector: the leaf hash of the empty string is SHA-256 of one zero byte.
  EXPECT_EQ(engine::ToHex(MerkleLeafHash("")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  // The root of no leaf is SHA-256 of nothing.
  EXPECT_EQ(engine::ToHex(MerkleRoot({})),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // A leaf whose bytes are two hashes cannot pose as the node over them.
  const std::vector<events::Hash> two = Leaves(2);
  const std::string joined(reinterpret_cast<const char*>(two[0].data()), 32);
  EXPECT_NE(MerkleLeafHash(joined + std::string(reinterpret_cast<const char*>(two[1].data()), 32)),
            MerkleNodeHash(two[0], two[1]));
}

TEST(MerkleTest, AnOddLeafIsCarriedUpNeverDuplicated) {
  const std::vector<events::Hash> leaves = Leaves(3);
  EXPECT_EQ(MerkleRoot({leaves[0]}), leaves[0]);
  EXPECT_EQ(MerkleRoot(leaves),
            MerkleNodeHash(MerkleNodeHash(leaves[0], leaves[1]), leaves[2]));
  std::vector<events::Hash> duplicated = leaves;
  duplicated.push_back(leaves[2]);
  EXPECT_NE(MerkleRoot(leaves), MerkleRoot(duplicated));
  // Five leaves split as four and one.
  const std::vector<events::Hash> five = Leaves(5);
  EXPECT_EQ(MerkleRoot(five),
            MerkleNodeHash(MerkleNodeHash(MerkleNodeHash(five[0], five[1]),
                                          MerkleNodeHash(five[2], five[3])),
                           five[4]));
}

TEST(MerkleTest, EveryPathOfEveryTreeUpToFortyLeavesLeadsToTheRootAndOnlyFromItsPlace) {
  for (size_t count = 1; count <= 40; ++count) {
    const std::vector<events::Hash> leaves = Leaves(count);
    const events::Hash root = MerkleRoot(leaves);
    EXPECT_NE(MerkleRoot(Leaves(count + 1)), root);
    for (uint64_t index = 0; index < count; ++index) {
      SCOPED_TRACE("count=" + std::to_string(count) + " index=" + std::to_string(index));
      const std::vector<events::Hash> path = MerklePath(leaves, index);
      EXPECT_EQ(MerkleRootFromPath(leaves[index], index, count, path), root);
      // The same path from another place, for another count, or for another leaf fails.
      if (count > 1) {
        const uint64_t other = (index + 1) % count;
        EXPECT_NE(MerkleRootFromPath(leaves[index], other, count, path), root);
        EXPECT_NE(MerkleRootFromPath(leaves[other], index, count, path), root);
      }
      // (The count is not bound by the path alone when the leaf sits in a left subtree that both
      // sizes share: the seal binds it, as first_seq..last_seq.)
      EXPECT_EQ(MerkleRootFromPath(leaves[index], count, count, path), std::nullopt);
      for (size_t level = 0; level < path.size(); ++level) {
        std::vector<events::Hash> altered = path;
        altered[level][0] ^= 0x01;
        EXPECT_NE(MerkleRootFromPath(leaves[index], index, count, altered), root);
      }
    }
  }
}

}  // namespace
}  // namespace coopledger::test
