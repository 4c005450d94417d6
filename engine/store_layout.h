// The store's layout in RocksDB. Column families and their records:
//
//   events     BE64(seq)                       -> hash_seq[32] || canonical event bytes
//   streams    stream || 0x00 || BE64(version) -> BE64(seq)
//   commands   command id                      -> fingerprint[32] || BE64(first seq) || BE32(count)
//   meta       "head"                          -> BE64(seq) || hash[32] || BE64(recorded micros)
//   keys       person id                       -> key[32]  (a personal-data key), or
//                                                 "erased" (the key was destroyed)
//   snapshots  projection || 0x00 || BE64(seq) -> projection state after event seq
//
// Big-endian integers sort numerically under RocksDB's bytewise comparator. Everything an append
// writes (events, index entries, command record, head, erased keys) goes into one WriteBatch.
#ifndef COOPLEDGER_ENGINE_STORE_LAYOUT_H_
#define COOPLEDGER_ENGINE_STORE_LAYOUT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace coopledger::engine::layout {

inline constexpr const char* kEvents = "events";
inline constexpr const char* kStreams = "streams";
inline constexpr const char* kCommands = "commands";
inline constexpr const char* kMeta = "meta";
inline constexpr const char* kKeys = "keys";
inline constexpr const char* kSnapshots = "snapshots";

inline constexpr std::string_view kHeadKey = "head";
inline constexpr std::string_view kErasedKey = "erased";
inline constexpr size_t kHeadSize = 8 + 32 + 8;
inline constexpr size_t kCommandRecordSize = 32 + 8 + 4;

inline void PutBigEndian64(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}
inline void PutBigEndian32(std::string* out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}
inline uint64_t GetBigEndian64(std::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}
inline uint32_t GetBigEndian32(std::string_view bytes) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

inline std::string EventKey(uint64_t seq) {
  std::string key;
  PutBigEndian64(&key, seq);
  return key;
}

inline std::string StreamKey(std::string_view stream, uint64_t version) {
  std::string key(stream);
  key.push_back('\0');
  PutBigEndian64(&key, version);
  return key;
}

}  // namespace coopledger::engine::layout

#endif  // COOPLEDGER_ENGINE_STORE_LAYOUT_H_
