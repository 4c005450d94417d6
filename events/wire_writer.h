// Writes the words of a canonical Cap'n Proto message. Internal to the codec (events/codec.cc).
//
// Canonical form (Cap'n Proto encoding spec, "Canonicalization"), as capnp::canonicalize writes it:
//   - one segment, no segment table; the root pointer is word 0;
//   - objects in pre-order: a struct, then the objects of its pointers in pointer order; a struct
//     list's elements, then each element's objects in element order;
//   - a struct's data section loses its trailing zero words and its pointer section its trailing
//     null pointers; a struct list's elements all take the largest of those truncated sizes;
//   - a struct left with no word is a pointer of offset -1 and nothing allocated;
//   - text is a byte list ending in NUL, data a byte list, both zero-padded to a word.
// Pointer words (all little-endian):
//   struct: bits 0-1 = 0, 2-31 = signed offset in words from the pointer's end, 32-47 = data
//           words, 48-63 = pointers.
//   list:   bits 0-1 = 1, 2-31 = offset, 32-34 = element size, 35-63 = element count (for
//           composite lists, the words after the tag). A composite list's tag word is a struct
//           pointer whose offset field holds the element count.
// Callers allocate a struct's full declared size, fill its data section, then Truncate it before
// anything after it is allocated.
#ifndef COOPLEDGER_EVENTS_WIRE_WRITER_H_
#define COOPLEDGER_EVENTS_WIRE_WRITER_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace coopledger::events::wire_writer {

static_assert(std::endian::native == std::endian::little,
              "the writer copies integers to the little-endian wire as they are in memory");

enum class ElementSize : uint8_t { kByte = 2, kPointer = 6, kComposite = 7 };

class CanonicalWriter {
 public:
  // `words_expected`: a hint; the message grows as needed.
  explicit CanonicalWriter(size_t words_expected) { bytes_.reserve(words_expected * 8); }

  size_t size_words() const { return bytes_.size() / 8; }

  // Appends `count` zero words; returns the index of the first.
  size_t Allocate(size_t count) {
    const size_t at = size_words();
    bytes_.resize(bytes_.size() + count * 8, '\0');
    return at;
  }
  void Truncate(size_t words) { bytes_.resize(words * 8); }

  // Sets `width_bits` (1, 16, 32 or 64) bits at `offset_bits` from the start of word `word`.
  void PutBits(size_t word, uint32_t offset_bits, uint32_t width_bits, uint64_t bits) {
    char* at = bytes_.data() + word * 8 + offset_bits / 8;
    if (width_bits == 1) {
      if ((bits & 1) != 0) *at = static_cast<char>(*at | (1 << (offset_bits % 8)));
    } else {
      std::memcpy(at, &bits, width_bits / 8);
    }
  }

  // Number of words of [first, first + count) left once trailing zero words are dropped.
  size_t TrimmedWords(size_t first, size_t count) const;
  // Moves `count` words from `from` down to `to` (to <= from), then zeroes `zero_after` words.
  void MoveDown(size_t to, size_t from, size_t count, size_t zero_after);

  void SetStructPointer(size_t at, size_t target, size_t data_words, size_t pointer_count);
  void SetListPointer(size_t at, size_t target, ElementSize size, size_t count);
  void SetCompositeTag(size_t at, size_t element_count, size_t data_words, size_t pointer_count);
  // Allocates the text (with its NUL) or the data, and points the pointer `at` to it.
  void WriteText(size_t at, std::string_view text);
  void WriteData(size_t at, const uint8_t* data, size_t size);
  // Appends whole words written by another CanonicalWriter; returns the index of the first.
  size_t AppendWords(std::string_view words);

  std::string_view bytes() const { return bytes_; }
  std::string Release() && { return std::move(bytes_); }

 private:
  void SetWord(size_t at, uint64_t value) { std::memcpy(bytes_.data() + at * 8, &value, 8); }
  static uint64_t OffsetBits(size_t at, size_t target);

  std::string bytes_;
};

}  // namespace coopledger::events::wire_writer

#endif  // COOPLEDGER_EVENTS_WIRE_WRITER_H_
