// The three measurements of store_bench. Each runs in fresh directories under /tmp, removed
// afterwards, and dies with a message if the store or RocksDB reports an error.
#ifndef COOPLEDGER_BENCH_BENCHMARKS_H_
#define COOPLEDGER_BENCH_BENCHMARKS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace coopledger::bench {

// The targets: ours/raw for append and replay, 64 threads over 1 for group commit.
inline constexpr double kAppendRatioTarget = 0.6;
inline constexpr double kGroupCommitSpeedupTarget = 10.0;
inline constexpr double kReplayRatioTarget = 0.6;

// Our figure beside raw RocksDB doing the same storage work, both in events per second.
struct Comparison {
  double ours_per_second = 0;
  double raw_per_second = 0;
  // Replay only: the raw scan that also runs events::Decode on every value, to tell the cost of
  // decoding from the rest of ReadLog.
  double raw_decode_per_second = 0;
  std::string detail;  // Sizes and checks, printed under the table.
};

// `batch_count` commands of `batch_size` events, each appended durably (synced) by
// EventStore::Append, against one synced raw WriteBatch per command holding the very records the
// store writes into its events family (precomputed, so raw RocksDB encodes and hashes nothing).
// The two alternate in rounds of commands.
Comparison RunDurableAppend(size_t batch_count, size_t batch_size);

struct GroupCommitPoint {
  int threads = 0;
  double ours_per_second = 0;  // Durable single-event appends, all threads together.
  double raw_per_second = 0;   // Synced single-record raw RocksDB writes, all threads together.
};

// For each thread count, a fresh store where that many threads append single-event commands
// durably, and a fresh raw RocksDB where as many threads write one synced record (the same bytes
// as one events record) at a time; each side runs `seconds` in all, in alternating rounds.
std::vector<GroupCommitPoint> RunGroupCommit(const std::vector<int>& thread_counts, double seconds);

// Builds a store of `event_count` events (unsynced, large batches), then replays it: ReadLog in
// pages of `page_size`, decoding every event and summing HoursLogged minutes, against a raw
// iterator over the events family summing value sizes, and that iterator decoding each value.
// Each runs `repeats` times, in turn, and keeps its best run.
Comparison RunReplay(size_t event_count, int32_t page_size, int repeats);

}  // namespace coopledger::bench

#endif  // COOPLEDGER_BENCH_BENCHMARKS_H_
