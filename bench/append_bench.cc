// Durable batched append: EventStore::Append against raw synced WriteBatches of the same bytes.
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cstdio>

#include "bench/bench_events.h"
#include "bench/bench_support.h"
#include "bench/benchmarks.h"
#include "engine/clock.h"
#include "engine/event_store.h"
#include "engine/hash_chain.h"
#include "events/codec.h"

namespace coopledger::bench {
namespace {

constexpr size_t kCodecSample = 20'000;

// Appends commands [begin, end) of `batches`; returns the seconds taken.
double AppendThroughStore(engine::EventStore& store,
                          const std::vector<engine::AppendBatch>& batches, size_t begin,
                          size_t end) {
  std::vector<events::CommandId> command_ids;
  for (size_t i = begin; i < end; ++i) {
    command_ids.push_back(events::CommandId{"append-" + std::to_string(i)});
  }
  const Stopwatch stopwatch;
  for (size_t i = begin; i < end; ++i) {
    const engine::AppendResult result =
        ValueOrDie(store.Append(command_ids[i - begin], batches[i]), "append");
    if (result.replayed || result.seqs.size() != batches[i].events.size()) {
      Die("append", "wrong seqs");
    }
  }
  return stopwatch.Seconds();
}

// Writes commands [begin, end) of `records`, `batch_size` records to a synced WriteBatch;
// returns the seconds taken.
double AppendRaw(RawDatabase& raw, const std::vector<EncodedRecord>& records, size_t batch_size,
                 size_t begin, size_t end) {
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  const Stopwatch stopwatch;
  for (size_t command = begin; command < end; ++command) {
    rocksdb::WriteBatch batch;
    for (size_t i = command * batch_size; i < (command + 1) * batch_size; ++i) {
      CheckOk(batch.Put(raw.events(), records[i].key, records[i].value), "raw put");
    }
    CheckOk(raw.db()->Write(write_options, &batch), "raw write");
  }
  return stopwatch.Seconds();
}

// Microseconds per event of the CPU work an append does on top of raw RocksDB, measured on
// `sample` events: where the gap between the two append rows goes.
std::string CodecCosts(const std::vector<events::StoredEvent>& log, size_t sample) {
  sample = std::min(sample, log.size());
  const events::Actor actor = BenchActor();
  size_t bytes = 0;
  const Stopwatch encode_stopwatch;
  for (size_t i = 0; i < sample; ++i) bytes += events::Encode(log[i]).size();
  const double encode = encode_stopwatch.Seconds();
  events::Event proposed;
  const Stopwatch proposed_stopwatch;
  for (size_t i = 0; i < sample; ++i) {
    proposed.stream = log[i].stream;
    proposed.effective = log[i].effective;
    proposed.body = log[i].body;
    bytes += events::EncodeProposed(proposed, actor).size();
  }
  const double encode_proposed = proposed_stopwatch.Seconds();
  const std::string event_bytes = events::Encode(log.front());
  events::Hash chain{};
  const Stopwatch hash_stopwatch;
  for (size_t i = 0; i < sample; ++i) chain = engine::ChainHash(chain, event_bytes);
  const double hash = hash_stopwatch.Seconds();
  if (bytes == 0 || chain == events::Hash{}) Die("codec costs", "nothing was encoded");
  const double micros = 1e6 / static_cast<double>(sample);
  char text[200];
  std::snprintf(text, sizeof text,
                "append CPU per event: Encode %.2f us, EncodeProposed (fingerprint) %.2f us, "
                "SHA-256 of one event %.2f us (%zu events sampled)",
                encode * micros, encode_proposed * micros, hash * micros, sample);
  return text;
}

}  // namespace

Comparison RunDurableAppend(size_t batch_count, size_t batch_size) {
  const size_t event_count = batch_count * batch_size;
  std::vector<engine::AppendBatch> batches;
  batches.reserve(batch_count);
  for (size_t i = 0; i < batch_count; ++i) {
    batches.push_back(HoursBatch(static_cast<int64_t>(i * batch_size), batch_size));
  }
  const std::vector<events::StoredEvent> log =
      StoredHoursLog(batch_count, batch_size, engine::SystemClock().Now().micros());
  const std::vector<EncodedRecord> records = EncodeRecords(log);
  size_t value_bytes = 0;
  for (const EncodedRecord& record : records) value_bytes += record.value.size();

  const TempDirectory store_directory("append-store");
  const TempDirectory raw_directory("append-raw");
  engine::SystemClock clock;
  const std::unique_ptr<engine::EventStore> store =
      CreateStore(store_directory.path() + "/store", &clock, /*sync=*/true);
  const std::unique_ptr<RawDatabase> raw = RawDatabase::OpenPlain(raw_directory.path() + "/raw");
  double store_seconds = 0;
  double raw_seconds = 0;
  for (int round = 0; round < kAlternatingRounds; ++round) {
    const size_t begin = batch_count * static_cast<size_t>(round) / kAlternatingRounds;
    const size_t end = batch_count * static_cast<size_t>(round + 1) / kAlternatingRounds;
    raw_seconds += AppendRaw(*raw, records, batch_size, begin, end);
    store_seconds += AppendThroughStore(*store, batches, begin, end);
  }
  if (store->head().seq != event_count) Die("append", "head does not count every event");

  Comparison comparison;
  comparison.ours_per_second = static_cast<double>(event_count) / store_seconds;
  comparison.raw_per_second = static_cast<double>(event_count) / raw_seconds;
  const double extra_micros = 1e6 / comparison.ours_per_second - 1e6 / comparison.raw_per_second;
  const double allowed_micros = 1e6 / comparison.raw_per_second * (1 / kAppendRatioTarget - 1);
  char detail[400];
  std::snprintf(detail, sizeof detail,
                "append: %zu synced commands x %zu events, %.1f bytes per events record "
                "(32-byte hash + encoded event);\n"
                "  ours costs %.2f us/event more than raw, %.2f us/event would meet 0.6x\n  %s",
                batch_count, batch_size,
                static_cast<double>(value_bytes) / static_cast<double>(records.size()),
                extra_micros, allowed_micros, CodecCosts(log, kCodecSample).c_str());
  comparison.detail = detail;
  return comparison;
}

}  // namespace coopledger::bench
