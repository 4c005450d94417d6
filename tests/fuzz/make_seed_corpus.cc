// Writes a seed corpus for decode_fuzzer: the encoding of one random event of every kind, with
// every envelope field set, plus a few encoded PersonalData. Usage: make_seed_corpus DIR [SEED].
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "events/codec.h"
#include "tests/test_util/random_events.h"

namespace coopledger::test {
namespace {

events::StoredEvent RandomStoredEvent(size_t kind, std::mt19937_64& rng) {
  events::StoredEvent stored;
  stored.seq = 1 + rng() % 1'000'000;
  stored.recorded_at = Timestamp::FromMicros(1'735'689'600'000'000 +
                                             static_cast<int64_t>(rng() % 1'000'000'000'000));
  stored.effective = Date::FromYmd(2025, 1 + static_cast<int>(rng() % 12), 1).value();
  stored.stream = "member/M-" + std::to_string(rng() % 10'000);
  stored.stream_version = 1 + rng() % 1'000;
  stored.actor =
      events::Actor{"token:T-" + std::to_string(rng() % 100), events::ActorRole::kAccountant};
  stored.command_id.value = "cmd-" + std::to_string(rng());
  // Seq 1 has an all-zero prevHash, which the encoding leaves out; keep one such seed.
  if (kind % 7 != 0) {
    for (uint8_t& byte : stored.prev_hash) byte = static_cast<uint8_t>(rng());
  }
  stored.body = RandomBody(kind, rng);
  return stored;
}

bool WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace
}  // namespace coopledger::test

int main(int argc, char** argv) {
  using namespace coopledger;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [SEED]\n", argv[0]);
    return 2;
  }
  const std::string directory = argv[1];
  std::mt19937_64 rng(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20250101);
  for (size_t kind = 0; kind < events::kEventKindCount; ++kind) {
    const events::StoredEvent event = test::RandomStoredEvent(kind, rng);
    const std::string path = directory + "/seed-event-" + std::string(events::KindName(event.body));
    if (!test::WriteFile(path, events::Encode(event))) return 1;
  }
  for (int i = 0; i < 3; ++i) {
    events::PersonalData data;
    data.given_name =
        "L\xc3\xa9"
        "a";
    data.family_name = "Martin-" + std::to_string(rng() % 100);
    if (i != 0) data.birth_date = Date::FromYmd(1990 + i, 4, 12).value();
    data.address = i == 2 ? "" : "3 rue des Lilas, 69001 Lyon";
    data.social_security_number = "2900469123456" + std::to_string(i);
    data.email = "lea@example.org";
    data.phone = i == 1 ? "" : "+33 6 12 34 56 78";
    const std::string path = directory + "/seed-personal-data-" + std::to_string(i);
    if (!test::WriteFile(path, events::EncodePersonalData(data))) return 1;
  }
  return 0;
}
