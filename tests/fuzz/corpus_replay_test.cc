// Replays the decode fuzzer's corpus (tests/fuzz/corpus/) through the codec in every build, so
// that ordinary CI runs, without libFuzzer, keep the inputs the fuzzer found interesting. Each
// input must decode to a value or to an error, and a value must survive a round trip, as
// decode_fuzzer.cc checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "events/codec.h"

namespace coopledger::test {
namespace {

struct CorpusFile {
  std::string name;
  std::string bytes;
};

// Every file of <repository>/tests/fuzz/corpus, sorted by name.
std::vector<CorpusFile> ReadCorpus() {
  const char* source_dir = COOPLEDGER_SOURCE_ROOT;  // Defined by tests/CMakeLists.txt.
  if (source_dir == nullptr) {
    ADD_FAILURE() << "COOPLEDGER_SOURCE_ROOT is not defined";
    return {};
  }
  const std::filesystem::path directory = std::filesystem::path(source_dir) / "tests/fuzz/corpus";
  std::vector<CorpusFile> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    files.push_back(CorpusFile{entry.path().filename().string(),
                               std::string(std::istreambuf_iterator<char>(in), {})});
  }
  EXPECT_FALSE(error) << directory << ": " << error.message();
  std::sort(files.begin(), files.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.name < b.name; });
  return files;
}

TEST(DecodeCorpusTest, CorpusIsNotEmpty) { ASSERT_FALSE(ReadCorpus().empty()); }

TEST(DecodeCorpusTest, EveryInputIsAnEventOrAnErrorAndEventsRoundTrip) {
  const std::vector<CorpusFile> corpus = ReadCorpus();
  ASSERT_FALSE(corpus.empty());
  size_t decoded_count = 0;
  for (const CorpusFile& file : corpus) {
    SCOPED_TRACE(file.name);
    const Result<events::StoredEvent> decoded = events::Decode(file.bytes);
    if (!decoded) {
      EXPECT_FALSE(decoded.error().message().empty());
      continue;
    }
    ++decoded_count;
    const std::string encoded = events::Encode(*decoded);
    const Result<events::StoredEvent> again = events::Decode(encoded);
    ASSERT_TRUE(again.has_value()) << again.error().ToString();
    EXPECT_TRUE(*again == *decoded);
    EXPECT_EQ(events::Encode(*again), encoded);
  }
  // The seeds are valid events: a corpus where none decodes has lost them.
  EXPECT_GT(decoded_count, 0u);
}

TEST(DecodeCorpusTest, EveryInputIsPersonalDataOrAnErrorAndPersonalDataRoundTrips) {
  const std::vector<CorpusFile> corpus = ReadCorpus();
  ASSERT_FALSE(corpus.empty());
  for (const CorpusFile& file : corpus) {
    SCOPED_TRACE(file.name);
    const Result<events::PersonalData> decoded = events::DecodePersonalData(file.bytes);
    if (!decoded) {
      EXPECT_FALSE(decoded.error().message().empty());
      continue;
    }
    const std::string encoded = events::EncodePersonalData(*decoded);
    const Result<events::PersonalData> again = events::DecodePersonalData(encoded);
    ASSERT_TRUE(again.has_value()) << again.error().ToString();
    EXPECT_TRUE(*again == *decoded);
    EXPECT_EQ(events::EncodePersonalData(*again), encoded);
  }
}

}  // namespace
}  // namespace coopledger::test
