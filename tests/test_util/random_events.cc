#include "tests/test_util/random_events.h"

#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <utility>

namespace coopledger::test {
namespace {

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

std::string RandomText(std::mt19937_64& rng) {
  static constexpr const char* kWords[] = {"Léa", "jardinage", "déménagement", "M-0007", "",
                                           "peinture; mur", "a\tb", "ménage \"rapide\""};
  std::string text = kWords[rng() % std::size(kWords)];
  text += std::to_string(rng() % 1000);
  return text;
}

template <typename T>
void Fill(T& value, std::mt19937_64& rng);

template <typename V>
void FillValue(V& value, std::mt19937_64& rng) {
  if constexpr (std::is_same_v<V, bool>) {
    value = (rng() & 1) != 0;
  } else if constexpr (std::is_integral_v<V>) {
    value = static_cast<V>(rng() % 100'000);
  } else if constexpr (std::is_same_v<V, Money>) {
    value = Money::FromCents(static_cast<int64_t>(rng() % 20'000'000) - 10'000'000);
  } else if constexpr (std::is_same_v<V, Date>) {
    value = Date::FromYmd(2024 + static_cast<int>(rng() % 3), 1 + static_cast<int>(rng() % 12),
                          1 + static_cast<int>(rng() % 28))
                .value();
  } else if constexpr (std::is_same_v<V, std::optional<Date>>) {
    if (rng() % 3 == 0) {
      value.reset();
    } else {
      Date date;
      FillValue(date, rng);
      value = date;
    }
  } else if constexpr (std::is_same_v<V, std::string>) {
    value = RandomText(rng);
  } else if constexpr (events::IsId<V>) {
    value.value = RandomText(rng);
  } else if constexpr (std::is_same_v<V, events::Bytes>) {
    value.resize(rng() % 40);
    for (uint8_t& byte : value) byte = static_cast<uint8_t>(rng());
  } else if constexpr (std::is_enum_v<V>) {
    value = static_cast<V>(1 + rng() % (events::EnumNames<V>::kNames.size() - 1));
  } else if constexpr (events::HasFields<V>) {
    Fill(value, rng);
  } else if constexpr (IsVector<V>::value) {
    value.resize(rng() % 4);
    for (auto& element : value) FillValue(element, rng);
  } else {
    static_assert(sizeof(V) == 0, "field type the generator does not know");
  }
}

template <typename T>
void Fill(T& value, std::mt19937_64& rng) {
  auto visitor = [&rng](std::string_view, auto& field) { FillValue(field, rng); };
  T::VisitFields(value, visitor);
}

template <size_t... I>
events::EventBody RandomBodyImpl(size_t kind, std::mt19937_64& rng, std::index_sequence<I...>) {
  events::EventBody body;
  (void)((kind == I ? (Fill(body.template emplace<I>(), rng), true) : false), ...);
  return body;
}

}  // namespace

uint64_t SeedFromEnvironmentOr(uint64_t fallback) {
  const char* text = std::getenv("COOPLEDGER_TEST_SEED");
  return text != nullptr ? std::strtoull(text, nullptr, 10) : fallback;
}

events::EventBody RandomBody(size_t kind, std::mt19937_64& rng) {
  return RandomBodyImpl(kind, rng, std::make_index_sequence<events::kEventKindCount>());
}

events::Event RandomEvent(std::mt19937_64& rng, const std::string& stream) {
  events::Event event;
  event.stream = stream;
  event.effective = Date::FromYmd(2025, 1 + static_cast<int>(rng() % 12), 1).value();
  event.body = RandomBody(rng() % events::kEventKindCount, rng);
  return event;
}

events::Event HoursEvent(int member, int day_of_year, int minutes) {
  char member_id[16];
  std::snprintf(member_id, sizeof member_id, "M-%04d", member % 10'000);
  events::HoursLogged hours;
  hours.member_id.value = member_id;
  hours.job_id.value = "J-" + std::to_string(1000 + day_of_year % 97);
  hours.internal_task = events::InternalTask::kNone;
  hours.day = Date::FromYmd(2025, 1, 1).value().AddDays(day_of_year % 365);
  hours.start_minute = 540;
  hours.minutes = minutes;
  events::Event event;
  event.stream = std::string("member/") + member_id;
  event.effective = hours.day;
  event.body = std::move(hours);
  return event;
}

engine::AppendBatch Batch(std::vector<events::Event> events, uint64_t expected_version) {
  engine::AppendBatch batch;
  batch.actor = events::Actor{"test", events::ActorRole::kFacilitator};
  for (events::Event& event : events) {
    batch.events.push_back(engine::ProposedEvent{std::move(event), expected_version});
  }
  return batch;
}

}  // namespace coopledger::test
