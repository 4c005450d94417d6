// Group commit: many threads appending single-event commands durably to one store, against as
// many threads writing single synced records to raw RocksDB (which groups its WAL syncs too).
#include <rocksdb/write_batch.h>

#include <atomic>
#include <functional>
#include <latch>
#include <thread>

#include "bench/bench_events.h"
#include "bench/bench_support.h"
#include "bench/benchmarks.h"
#include "engine/clock.h"
#include "engine/event_store.h"
#include "engine/store_layout.h"

namespace coopledger::bench {
namespace {

// One writer thread: waits on `start`, writes until `stop`, returns how many writes were
// acknowledged (durable).
using WriterLoop =
    std::function<int64_t(int thread, const std::atomic<bool>& stop, std::latch& start)>;

struct Throughput {
  int64_t writes = 0;
  double seconds = 0;
  void Add(const Throughput& other) {
    writes += other.writes;
    seconds += other.seconds;
  }
  double PerSecond() const { return static_cast<double>(writes) / seconds; }
};

// Runs `thread_count` writer loops for `seconds`.
Throughput RunWriters(int thread_count, double seconds, const WriterLoop& loop) {
  std::atomic<bool> stop{false};
  std::latch start(thread_count + 1);
  std::vector<int64_t> written(static_cast<size_t>(thread_count), 0);
  std::vector<std::thread> threads;
  for (int thread = 0; thread < thread_count; ++thread) {
    threads.emplace_back([&loop, &stop, &start, &written, thread] {
      written[static_cast<size_t>(thread)] = loop(thread, stop, start);
    });
  }
  start.arrive_and_wait();
  const Stopwatch stopwatch;
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop.store(true);
  for (std::thread& thread : threads) thread.join();
  // Writes in flight when `stop` was set are counted, so the clock runs until they return.
  Throughput throughput;
  throughput.seconds = stopwatch.Seconds();
  for (const int64_t count : written) throughput.writes += count;
  return throughput;
}

// Appends one-event commands until `stop`. Each thread logs hours for its own member, as
// concurrent users of the web page would; `round` keeps command ids unique across rounds.
int64_t AppendSingleEvents(engine::EventStore& store, int round, int thread,
                           const std::atomic<bool>& stop, std::latch& start) {
  const engine::AppendBatch batch = HoursBatch(thread, 1);
  const std::string command_prefix =
      "round-" + std::to_string(round) + "-thread-" + std::to_string(thread) + "-";
  int64_t appended = 0;
  start.arrive_and_wait();
  while (!stop.load(std::memory_order_relaxed)) {
    const events::CommandId command_id{command_prefix + std::to_string(appended)};
    const engine::AppendResult result = ValueOrDie(store.Append(command_id, batch), "append");
    if (result.replayed || result.seqs.size() != 1) Die("append", "command not appended");
    ++appended;
  }
  return appended;
}

// Writes `record` under distinct keys (as distinct seqs would be), one synced write each.
int64_t PutSingleRecords(RawDatabase& raw, const EncodedRecord& record, int round, int thread,
                         const std::atomic<bool>& stop, std::latch& start) {
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  const uint64_t key_base =
      (static_cast<uint64_t>(round) << 56) | (static_cast<uint64_t>(thread) << 40);
  int64_t written = 0;
  start.arrive_and_wait();
  while (!stop.load(std::memory_order_relaxed)) {
    const std::string key = engine::layout::EventKey(key_base | static_cast<uint64_t>(written));
    CheckOk(raw.db()->Put(write_options, raw.events(), key, record.value), "raw put");
    ++written;
  }
  return written;
}

// One thread count: a fresh store and a fresh raw database, written in alternating rounds.
GroupCommitPoint MeasureThreads(int thread_count, double seconds, const EncodedRecord& record) {
  const TempDirectory store_directory("group-commit-store");
  const TempDirectory raw_directory("group-commit-raw");
  engine::SystemClock clock;
  const std::unique_ptr<engine::EventStore> store =
      CreateStore(store_directory.path() + "/store", &clock, /*sync=*/true);
  const std::unique_ptr<RawDatabase> raw = RawDatabase::OpenPlain(raw_directory.path() + "/raw");
  const double round_seconds = seconds / kAlternatingRounds;
  Throughput ours;
  Throughput raw_throughput;
  for (int round = 0; round < kAlternatingRounds; ++round) {
    raw_throughput.Add(RunWriters(
        thread_count, round_seconds,
        [&raw, &record, round](int thread, const std::atomic<bool>& stop, std::latch& start) {
          return PutSingleRecords(*raw, record, round, thread, stop, start);
        }));
    ours.Add(
        RunWriters(thread_count, round_seconds,
                   [&store, round](int thread, const std::atomic<bool>& stop, std::latch& start) {
                     return AppendSingleEvents(*store, round, thread, stop, start);
                   }));
  }
  if (store->head().seq != static_cast<uint64_t>(ours.writes)) {
    Die("group commit", "head does not count every append");
  }
  return GroupCommitPoint{thread_count, ours.PerSecond(), raw_throughput.PerSecond()};
}

}  // namespace

std::vector<GroupCommitPoint> RunGroupCommit(const std::vector<int>& thread_counts,
                                             double seconds) {
  const std::vector<EncodedRecord> records = EncodeRecords(
      StoredHoursLog(/*batch_count=*/1, /*batch_size=*/1, engine::SystemClock().Now().micros()));
  std::vector<GroupCommitPoint> points;
  for (const int thread_count : thread_counts) {
    points.push_back(MeasureThreads(thread_count, seconds, records.front()));
  }
  return points;
}

}  // namespace coopledger::bench
