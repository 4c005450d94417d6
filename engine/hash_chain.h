// SHA-256 (OpenSSL libcrypto) and the hash chain of the log:
//   hash_0 = 32 zero bytes;  hash_n = SHA-256(hash_{n-1} || canonical bytes of event n).
#ifndef COOPLEDGER_ENGINE_HASH_CHAIN_H_
#define COOPLEDGER_ENGINE_HASH_CHAIN_H_

#include <string>
#include <string_view>

#include "events/event.h"

namespace coopledger::engine {

using events::Hash;

// Initialises libsodium once per process; false if it cannot run on this machine.
bool InitializeSodium();

Hash Sha256(std::string_view bytes);
Hash ChainHash(const Hash& previous, std::string_view event_bytes);
// Lower-case hex, 64 characters.
std::string ToHex(const Hash& hash);
std::string ToHex(std::string_view bytes);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_HASH_CHAIN_H_
