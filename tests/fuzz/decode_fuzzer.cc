// libFuzzer target: arbitrary bytes into events::Decode and events::DecodePersonalData.
//
// Both must return a value or an error for any input, never crash. Whatever decodes must also
// survive a round trip: its encoding decodes to an equal value, and encoding is then a fixed
// point. Built only with -DCOOPLEDGER_FUZZ=ON and clang (tests/CMakeLists.txt); run with
//   build-fuzz/tests/decode_fuzzer -max_total_time=600 CORPUS_DIR tests/fuzz/corpus
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "events/assert.h"
#include "events/codec.h"

namespace coopledger::test {
namespace {

void CheckEvent(std::string_view bytes) {
  Result<events::StoredEvent> decoded = events::Decode(bytes);
  if (!decoded) return;
  const std::string encoded = events::Encode(*decoded);
  Result<events::StoredEvent> again = events::Decode(encoded);
  COOPLEDGER_ASSERT(again.has_value());
  COOPLEDGER_ASSERT(*again == *decoded);
  COOPLEDGER_ASSERT(events::Encode(*again) == encoded);
}

void CheckPersonalData(std::string_view bytes) {
  Result<events::PersonalData> decoded = events::DecodePersonalData(bytes);
  if (!decoded) return;
  const std::string encoded = events::EncodePersonalData(*decoded);
  Result<events::PersonalData> again = events::DecodePersonalData(encoded);
  COOPLEDGER_ASSERT(again.has_value());
  COOPLEDGER_ASSERT(*again == *decoded);
  COOPLEDGER_ASSERT(events::EncodePersonalData(*again) == encoded);
}

}  // namespace
}  // namespace coopledger::test

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  coopledger::test::CheckEvent(bytes);
  coopledger::test::CheckPersonalData(bytes);
  return 0;
}
