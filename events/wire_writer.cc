#include "events/wire_writer.h"

#include "events/assert.h"

namespace coopledger::events::wire_writer {
namespace {

// Cap'n Proto's bounds: a list holds fewer than 2^29 elements, a struct section 2^16 words.
constexpr size_t kListElementsMax = (size_t{1} << 29) - 1;
constexpr size_t kSectionWordsMax = (size_t{1} << 16) - 1;
// A struct with no word: offset -1, no section (Cap'n Proto's "empty struct" pointer).
constexpr uint64_t kEmptyStructPointer = 0xfffffffc;

}  // namespace

size_t CanonicalWriter::TrimmedWords(size_t first, size_t count) const {
  while (count > 0) {
    uint64_t word;
    std::memcpy(&word, bytes_.data() + (first + count - 1) * 8, 8);
    if (word != 0) break;
    --count;
  }
  return count;
}

void CanonicalWriter::MoveDown(size_t to, size_t from, size_t count, size_t zero_after) {
  COOPLEDGER_DASSERT(to <= from);
  if (to != from) std::memmove(bytes_.data() + to * 8, bytes_.data() + from * 8, count * 8);
  std::memset(bytes_.data() + (to + count) * 8, 0, zero_after * 8);
}

uint64_t CanonicalWriter::OffsetBits(size_t at, size_t target) {
  // Objects follow their pointer in pre-order, except composite list elements' pointers, which
  // also point forward: the offset is never negative here.
  COOPLEDGER_ASSERT(target > at);
  const size_t offset = target - at - 1;
  COOPLEDGER_ASSERT(offset < (size_t{1} << 29));
  return static_cast<uint64_t>(offset) << 2;
}

void CanonicalWriter::SetStructPointer(size_t at, size_t target, size_t data_words,
                                       size_t pointer_count) {
  COOPLEDGER_ASSERT(data_words <= kSectionWordsMax && pointer_count <= kSectionWordsMax);
  if (data_words == 0 && pointer_count == 0) {
    SetWord(at, kEmptyStructPointer);
    return;
  }
  SetWord(at, OffsetBits(at, target) | (static_cast<uint64_t>(data_words) << 32) |
                  (static_cast<uint64_t>(pointer_count) << 48));
}

void CanonicalWriter::SetListPointer(size_t at, size_t target, ElementSize size, size_t count) {
  COOPLEDGER_ASSERT(count <= kListElementsMax);
  SetWord(at, OffsetBits(at, target) | 1 | (static_cast<uint64_t>(size) << 32) |
                  (static_cast<uint64_t>(count) << 35));
}

void CanonicalWriter::SetCompositeTag(size_t at, size_t element_count, size_t data_words,
                                      size_t pointer_count) {
  COOPLEDGER_ASSERT(element_count <= kListElementsMax);
  COOPLEDGER_ASSERT(data_words <= kSectionWordsMax && pointer_count <= kSectionWordsMax);
  SetWord(at, (static_cast<uint64_t>(element_count) << 2) |
                  (static_cast<uint64_t>(data_words) << 32) |
                  (static_cast<uint64_t>(pointer_count) << 48));
}

void CanonicalWriter::WriteText(size_t at, std::string_view text) {
  const size_t with_nul = text.size() + 1;
  const size_t target = Allocate((with_nul + 7) / 8);
  std::memcpy(bytes_.data() + target * 8, text.data(), text.size());
  SetListPointer(at, target, ElementSize::kByte, with_nul);
}

void CanonicalWriter::WriteData(size_t at, const uint8_t* data, size_t size) {
  COOPLEDGER_DASSERT(size > 0);  // Empty data is a null pointer: one canonical form.
  const size_t target = Allocate((size + 7) / 8);
  std::memcpy(bytes_.data() + target * 8, data, size);
  SetListPointer(at, target, ElementSize::kByte, size);
}

size_t CanonicalWriter::AppendWords(std::string_view words) {
  COOPLEDGER_DASSERT(words.size() % 8 == 0);
  const size_t at = size_words();
  bytes_.append(words);
  return at;
}

}  // namespace coopledger::events::wire_writer
