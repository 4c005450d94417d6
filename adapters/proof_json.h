// Inclusion proofs (engine/seals.h) as JSON files that a member can keep and check anywhere.
//
// A proof file is one JSON object, written with two-space indents and sorted keys:
//   format        "coopledger-inclusion-proof-1"
//   event         {seq, kind, recorded_at, effective, stream, bytes}  bytes: the canonical
//                 bytes, lower-case hex; the other fields are read from them
//   leaf_index    the event's position among the month's events (seq - first_seq)
//   leaf_count    the number of events the seal covers
//   path          the Merkle path, sibling hashes from the leaf up, lower-case hex
//   seal          {seq, month, first_seq, last_seq, head_hash, merkle_root, chain_hash, bytes}
//                 bytes: the SealRecorded event's canonical bytes; chain_hash: the chain hash
//                 after the seal, computed from them (what a printed seal shows)
// Only the bytes, positions and path are evidence; every other field is derived from them, and a
// file must be exactly what RenderProof writes for its evidence: one changed byte anywhere fails.
#ifndef COOPLEDGER_ADAPTERS_PROOF_JSON_H_
#define COOPLEDGER_ADAPTERS_PROOF_JSON_H_

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "engine/seals.h"

namespace coopledger::adapters {

// The proof file for `proof`. kCorruption if the proof does not verify.
Result<std::string> RenderProof(const engine::InclusionProof& proof);

// A seal as `seals --format json` lists it: {month, seq, recorded_at, first_seq, last_seq,
// head_hash, merkle_root}. REQUIRES: `seal_event` holds a SealRecorded.
nlohmann::json SealJson(const events::StoredEvent& seal_event);

// Parses and checks a proof file; kCorruption naming what failed (not JSON, a missing field, a
// failed check, a file that is not in the canonical form).
Result<engine::VerifiedInclusion> VerifyProofText(std::string_view text);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_PROOF_JSON_H_
