// The data every benchmark appends or scans: HoursLogged events, the most frequent kind in a
// cooperative's log (each member logs hours daily), about 200 bytes once encoded.
#ifndef COOPLEDGER_BENCH_BENCH_EVENTS_H_
#define COOPLEDGER_BENCH_BENCH_EVENTS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/event_store.h"
#include "events/event.h"

namespace coopledger::bench {

// Members of the simulated cooperative; each has its own stream "member/M-0007".
inline constexpr int64_t kMembers = 40;

// The `index`th event of a deterministic sequence: members take turns, a new day every
// kMembers events, 1 to 8 hours each. Minutes are 60 + index % 420, so sums are checkable.
events::Event HoursEvent(int64_t index);
int64_t HoursEventMinutes(int64_t index);

// The actor every benchmark appends as.
events::Actor BenchActor();

// A batch of events `first_index` .. `first_index + count - 1`, with no version checks.
engine::AppendBatch HoursBatch(int64_t first_index, size_t count);

// The events a store holds after `batch_count` commands of `batch_size` HoursEvents were
// appended: seqs from 1, stream versions counted, hashes chained, recordedAt `first_micros` plus
// the command's index. The envelope is filled exactly as the store fills it.
std::vector<events::StoredEvent> StoredHoursLog(size_t batch_count, size_t batch_size,
                                                int64_t first_micros);

// One record of the events column family exactly as the store writes it:
// BE64(seq) -> hash_seq[32] || canonical event bytes.
struct EncodedRecord {
  std::string key;
  std::string value;
};

// The events family's records for `log` (from StoredHoursLog), precomputed so that the raw
// RocksDB baseline writes the same bytes without encoding or hashing them.
std::vector<EncodedRecord> EncodeRecords(const std::vector<events::StoredEvent>& log);

}  // namespace coopledger::bench

#endif  // COOPLEDGER_BENCH_BENCH_EVENTS_H_
