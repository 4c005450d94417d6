// Replay: decoding the whole log through EventStore::ReadLog against a raw scan of its records.
#include <algorithm>
#include <cstdio>
#include <variant>

#include "bench/bench_events.h"
#include "bench/bench_support.h"
#include "bench/benchmarks.h"
#include "engine/clock.h"
#include "engine/event_store.h"
#include "events/codec.h"

namespace coopledger::bench {
namespace {

// Build batches are large and unsynced: the log's content matters here, not how it was written.
constexpr size_t kBuildBatchEvents = 10'000;

void BuildStore(const std::string& path, size_t event_count) {
  engine::ManualClock clock(Timestamp::FromMicros(1'735'689'600'000'000));  // 2025-01-01.
  const std::unique_ptr<engine::EventStore> store = CreateStore(path, &clock, /*sync=*/false);
  for (size_t first = 0; first < event_count; first += kBuildBatchEvents) {
    const size_t count = std::min(kBuildBatchEvents, event_count - first);
    const events::CommandId command_id{"build-" + std::to_string(first)};
    (void)ValueOrDie(store->Append(command_id, HoursBatch(static_cast<int64_t>(first), count)),
                     "build append");
    clock.AdvanceMicros(1'000'000);
  }
}

struct Scan {
  double seconds = 0;
  size_t events = 0;
  int64_t checksum = 0;  // Minutes folded, or key and value bytes for the plain raw scan.
};

Scan ReplayThroughStore(const std::string& path, int32_t page_size) {
  engine::StoreOptions options;
  options.path = path;
  options.read_only = true;
  std::unique_ptr<engine::EventStore> store =
      ValueOrDie(engine::OpenEventStore(options), "open store read-only");
  Scan scan;
  const Stopwatch stopwatch;
  for (events::Seq from = 1;;) {
    const std::vector<events::StoredEvent> page =
        ValueOrDie(store->ReadLog(from, page_size), "read log");
    if (page.empty()) break;
    for (const events::StoredEvent& event : page) {
      if (const auto* hours = std::get_if<events::HoursLogged>(&event.body)) {
        scan.checksum += hours->minutes;
      }
    }
    scan.events += page.size();
    from = page.back().seq + 1;
  }
  scan.seconds = stopwatch.Seconds();
  return scan;
}

// With `decode`, each value also goes through events::Decode (as ReadLog does) and the scan
// folds minutes; without, it sums key and value sizes.
Scan ScanRaw(const std::string& path, bool decode) {
  const std::unique_ptr<RawDatabase> raw = RawDatabase::OpenStoreReadOnly(path);
  Scan scan;
  const Stopwatch stopwatch;
  std::unique_ptr<rocksdb::Iterator> it(
      raw->db()->NewIterator(rocksdb::ReadOptions(), raw->events()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ++scan.events;
    if (!decode) {
      scan.checksum += static_cast<int64_t>(it->key().size() + it->value().size());
      continue;
    }
    const events::StoredEvent event = ValueOrDie(
        events::Decode(it->value().ToStringView().substr(events::kHashSize)), "raw decode");
    if (const auto* hours = std::get_if<events::HoursLogged>(&event.body)) {
      scan.checksum += hours->minutes;
    }
  }
  CheckOk(it->status(), "raw scan");
  scan.seconds = stopwatch.Seconds();
  return scan;
}

void KeepBest(const Scan& scan, int repeat, Scan* best) {
  if (repeat == 0 || scan.seconds < best->seconds) *best = scan;
}

}  // namespace

Comparison RunReplay(size_t event_count, int32_t page_size, int repeats) {
  TempDirectory directory("replay");
  const std::string path = directory.path() + "/store";
  const Stopwatch build_stopwatch;
  BuildStore(path, event_count);
  const double build_seconds = build_stopwatch.Seconds();

  int64_t expected_minutes = 0;
  for (size_t i = 0; i < event_count; ++i) {
    expected_minutes += HoursEventMinutes(static_cast<int64_t>(i));
  }
  Scan best_ours;
  Scan best_raw;
  Scan best_raw_decode;
  for (int repeat = 0; repeat < repeats; ++repeat) {
    const Scan raw = ScanRaw(path, /*decode=*/false);
    const Scan ours = ReplayThroughStore(path, page_size);
    const Scan raw_decode = ScanRaw(path, /*decode=*/true);
    for (const Scan* scan : {&raw, &ours, &raw_decode}) {
      if (scan->events != event_count) Die("replay", "a scan missed events");
    }
    if (ours.checksum != expected_minutes || raw_decode.checksum != expected_minutes) {
      Die("replay", "minutes folded do not add up");
    }
    KeepBest(raw, repeat, &best_raw);
    KeepBest(ours, repeat, &best_ours);
    KeepBest(raw_decode, repeat, &best_raw_decode);
  }
  const auto per_second = [event_count](const Scan& scan) {
    return static_cast<double>(event_count) / scan.seconds;
  };
  Comparison comparison;
  comparison.ours_per_second = per_second(best_ours);
  comparison.raw_per_second = per_second(best_raw);
  comparison.raw_decode_per_second = per_second(best_raw_decode);
  char detail[240];
  std::snprintf(detail, sizeof detail,
                "replay: %zu events built in %.1f s; pages of %d; best of %d; "
                "%lld minutes folded; %.1f raw bytes per record (key + value)",
                event_count, build_seconds, page_size, repeats,
                static_cast<long long>(best_ours.checksum),
                static_cast<double>(best_raw.checksum) / static_cast<double>(event_count));
  comparison.detail = detail;
  return comparison;
}

}  // namespace coopledger::bench
