#include "engine/hash_chain.h"

#include <sodium.h>

namespace coopledger::engine {

bool InitializeSodium() {
  static const bool initialized = sodium_init() >= 0;
  return initialized;
}

Hash Sha256(std::string_view bytes) {
  Hash hash;
  crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return hash;
}

Hash ChainHash(const Hash& previous, std::string_view event_bytes) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, previous.data(), previous.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(event_bytes.data()),
                            event_bytes.size());
  Hash hash;
  crypto_hash_sha256_final(&state, hash.data());
  return hash;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xf];
  }
  return hex;
}

std::string ToHex(const Hash& hash) {
  return ToHex(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

}  // namespace coopledger::engine
