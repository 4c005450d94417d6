// Monthly seals and inclusion proofs (DESIGN section 3).
//
// The seal of a month covers the events *recorded* in that month (recordedAt in [first day,
// first day of the next month), UTC): recorded time never decreases with seq, so they are one
// run of seqs [first_seq, last_seq], a prefix of the hash chain ends at last_seq, and a month's
// seal never changes once the month is over. (Effective dates would not do: a late fact about
// June recorded in August would have to reopen June's seal.) A month in which nothing was
// recorded has no seal.
//
// SealRecorded holds the chain's head hash after last_seq and the Merkle root (engine/merkle.h)
// of the month's events, each leaf being an event's canonical bytes. It is appended, to the
// stream "seals", once the month is over: so it is itself recorded in a later month, and sealed
// with that month.
//
// An inclusion proof shows that an event belongs to a seal with nothing but the two events'
// canonical bytes and the Merkle path: no store is needed to check it.
#ifndef COOPLEDGER_ENGINE_SEALS_H_
#define COOPLEDGER_ENGINE_SEALS_H_

#include <string>
#include <vector>

#include "engine/command_service.h"
#include "engine/event_store.h"

namespace coopledger::engine {

inline constexpr const char* kSealStream = "seals";

// The seal of the month that starts on `month`, computed from the store's log. kInvalidArgument
// if `month` is not a first day; kPeriodClosed if the month is not over by `now` (more events
// could still be recorded in it); kNotFound if nothing was recorded in it.
Result<events::SealRecorded> ComputeSeal(EventStore& store, Date month, Timestamp now);

// Computes the seal of `month` and appends it through `service` (which checks the month is not
// sealed yet and comes after the last sealed one). Returns the seal's seq.
Result<Seq> SealMonth(EventStore& store, CommandService& service, Clock& clock, Date month,
                      const events::CommandId& command_id, const events::Actor& actor);

// Every SealRecorded of the store, in seq order.
Result<std::vector<events::StoredEvent>> ReadSeals(EventStore& store);

struct InclusionProof {
  std::string event_bytes;  // Canonical bytes of the event proved.
  uint64_t leaf_index = 0;  // event seq - seal first_seq.
  uint64_t leaf_count = 0;  // seal last_seq - first_seq + 1.
  std::vector<events::Hash> path;
  std::string seal_bytes;   // Canonical bytes of the SealRecorded event.
};

// The proof that event `seq` is in its month's seal. kNotFound if there is no such event or its
// month is not sealed yet.
Result<InclusionProof> ProveInclusion(EventStore& store, Seq seq);

struct VerifiedInclusion {
  events::StoredEvent event;
  events::StoredEvent seal_event;
  events::SealRecorded seal;
  // The chain hash after the seal event: SHA-256(its prevHash || its bytes), computed from the
  // seal's bytes alone. It is what `stats` and `verify` print as the head at that seq, and what
  // a printed seal is compared with.
  events::Hash seal_chain_hash{};
};

// Checks `proof` with nothing but itself: both byte strings decode canonically, the second is a
// SealRecorded, the event's seq and recorded time lie in the seal's range and month, the leaf
// position and count agree with the seal, and the event's leaf hash climbs through the path to
// the seal's Merkle root (and, for the month's last event, its chain hash is the head hash).
// kCorruption naming the first check that failed.
Result<VerifiedInclusion> VerifyInclusion(const InclusionProof& proof);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_SEALS_H_
