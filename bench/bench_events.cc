#include "bench/bench_events.h"

#include <cstdio>
#include <map>
#include <utility>

#include "engine/hash_chain.h"
#include "engine/store_layout.h"
#include "events/codec.h"

namespace coopledger::bench {
namespace {

std::string MemberName(int64_t member) {
  char name[16];
  std::snprintf(name, sizeof name, "M-%04d", static_cast<int>(member % 10'000));
  return name;
}

}  // namespace

int64_t HoursEventMinutes(int64_t index) { return 60 + index % 420; }

events::Event HoursEvent(int64_t index) {
  const int64_t member = index % kMembers;
  const auto day_of_year = static_cast<int32_t>((index / kMembers) % 365);
  events::HoursLogged hours;
  hours.member_id.value = MemberName(member);
  hours.job_id.value = "J-" + std::to_string(1000 + day_of_year % 97);
  hours.internal_task = events::InternalTask::kNone;
  hours.day = Date::FromYmd(2025, 1, 1).value().AddDays(day_of_year);
  hours.start_minute = 540;
  hours.minutes = static_cast<int32_t>(HoursEventMinutes(index));
  events::Event event;
  event.stream = "member/" + hours.member_id.value;
  event.effective = hours.day;
  event.body = std::move(hours);
  return event;
}

events::Actor BenchActor() { return events::Actor{"bench", events::ActorRole::kFacilitator}; }

engine::AppendBatch HoursBatch(int64_t first_index, size_t count) {
  engine::AppendBatch batch;
  batch.actor = BenchActor();
  batch.events.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    batch.events.push_back(engine::ProposedEvent{HoursEvent(first_index + static_cast<int64_t>(i)),
                                                 engine::kAnyVersion});
  }
  return batch;
}

std::vector<events::StoredEvent> StoredHoursLog(size_t batch_count, size_t batch_size,
                                                int64_t first_micros) {
  std::vector<events::StoredEvent> log;
  log.reserve(batch_count * batch_size);
  std::map<std::string, uint64_t> stream_versions;
  events::Hash chain{};
  for (size_t batch = 0; batch < batch_count; ++batch) {
    for (size_t i = 0; i < batch_size; ++i) {
      events::StoredEvent stored;
      stored.seq = log.size() + 1;
      stored.recorded_at = Timestamp::FromMicros(first_micros + static_cast<int64_t>(batch));
      events::Event event = HoursEvent(static_cast<int64_t>(log.size()));
      stored.effective = event.effective;
      stored.stream_version = ++stream_versions[event.stream];
      stored.stream = std::move(event.stream);
      stored.actor = BenchActor();
      stored.command_id.value = "append-" + std::to_string(batch);
      stored.prev_hash = chain;
      stored.body = std::move(event.body);
      chain = engine::ChainHash(chain, events::Encode(stored));
      log.push_back(std::move(stored));
    }
  }
  return log;
}

std::vector<EncodedRecord> EncodeRecords(const std::vector<events::StoredEvent>& log) {
  std::vector<EncodedRecord> records;
  records.reserve(log.size());
  events::Hash chain{};
  for (const events::StoredEvent& stored : log) {
    const std::string bytes = events::Encode(stored);
    chain = engine::ChainHash(chain, bytes);
    EncodedRecord record{engine::layout::EventKey(stored.seq),
                         std::string(reinterpret_cast<const char*>(chain.data()), chain.size())};
    record.value += bytes;
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace coopledger::bench
