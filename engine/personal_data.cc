// Personal data: one secretbox key per person (XSalsa20-Poly1305, libsodium), kept in the `keys`
// column family, outside the hash chain. Erasing a key leaves the ciphertext in the log, and so the
// chain, intact, but unreadable for good.
//
// The nonce is synthetic: BLAKE2b keyed with the person's key over the plaintext (as in SIV
// modes). Sealing the same data twice gives the same bytes, so a retried command carries the same
// payload and stays idempotent; distinct plaintexts get distinct nonces, so a nonce is never
// reused with another message. What this reveals is only that two sealed values of one person are
// equal.
#include <rocksdb/write_batch.h>
#include <sodium.h>

#include "engine/rocks_event_store.h"
#include "engine/store_layout.h"
#include "events/codec.h"

namespace coopledger::engine {

void RocksEventStore::RandomBytes(uint8_t* out, size_t size) {
  if (options_.random_bytes) {
    options_.random_bytes(out, size);
  } else {
    randombytes_buf(out, size);
  }
}

Result<std::string> RocksEventStore::KeyOf(const events::PersonId& person) {
  Result<std::string> key = ReadValue(keys_, person.value);
  if (!key) {
    if (key.error().code() == ErrorCode::kNotFound) {
      return Error(ErrorCode::kNotFound, "no personal-data key for " + person.value);
    }
    return key.error();
  }
  if (*key == layout::kErasedKey) {
    return Error(ErrorCode::kPersonalDataErased, "personal data of " + person.value + " was erased");
  }
  if (key->size() != crypto_secretbox_KEYBYTES) {
    return Error(ErrorCode::kCorruption, "personal-data key of " + person.value + " is malformed");
  }
  return key;
}

Result<events::SealedData> RocksEventStore::Seal(const events::PersonId& person,
                                                 const events::PersonalData& data) {
  if (options_.read_only) {
    return Error(ErrorCode::kInvalidArgument, "store " + options_.path + " is open read-only");
  }
  if (person.value.empty() || person.value.size() > kStreamNameBytesMax) {
    return Error(ErrorCode::kInvalidArgument, "person_id: must have 1 to 256 bytes");
  }
  std::string key;
  {
    // Read, create and write under one lock, so an erasure cannot slip in between.
    std::lock_guard lock(keys_mutex_);
    Result<std::string> existing = KeyOf(person);
    if (existing) {
      key = std::move(*existing);
    } else if (existing.error().code() == ErrorCode::kNotFound) {
      key.resize(crypto_secretbox_KEYBYTES);
      RandomBytes(reinterpret_cast<uint8_t*>(key.data()), key.size());
      rocksdb::WriteOptions write_options;
      write_options.sync = options_.sync;  // The key must be durable before any event uses it.
      const rocksdb::Status status = db_->Put(write_options, keys_, person.value, key);
      if (!status.ok()) return FromRocks(status, "store personal-data key");
    } else {
      return existing.error();
    }
  }
  const std::string plaintext = events::EncodePersonalData(data);
  events::SealedData sealed;
  sealed.person_id = person;
  sealed.nonce.resize(crypto_secretbox_NONCEBYTES);
  crypto_generichash(sealed.nonce.data(), sealed.nonce.size(),
                     reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                     reinterpret_cast<const unsigned char*>(key.data()), key.size());
  sealed.ciphertext.resize(plaintext.size() + crypto_secretbox_MACBYTES);
  crypto_secretbox_easy(sealed.ciphertext.data(),
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        sealed.nonce.data(), reinterpret_cast<const unsigned char*>(key.data()));
  return sealed;
}

Result<events::PersonalData> RocksEventStore::Unseal(const events::SealedData& sealed) {
  COOPLEDGER_ASSIGN_OR_RETURN(const std::string key, KeyOf(sealed.person_id));
  if (sealed.nonce.size() != crypto_secretbox_NONCEBYTES ||
      sealed.ciphertext.size() < crypto_secretbox_MACBYTES) {
    return Error(ErrorCode::kCorruption, "sealed data of " + sealed.person_id.value + " is malformed");
  }
  std::string plaintext(sealed.ciphertext.size() - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()),
                                 sealed.ciphertext.data(), sealed.ciphertext.size(),
                                 sealed.nonce.data(),
                                 reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return Error(ErrorCode::kCorruption,
                 "sealed data of " + sealed.person_id.value + " does not authenticate");
  }
  return events::DecodePersonalData(plaintext);
}

Status RocksEventStore::ApplyErasures(const std::vector<events::PersonId>& persons) {
  if (options_.read_only) {
    return Error(ErrorCode::kInvalidArgument, "store " + options_.path + " is open read-only");
  }
  rocksdb::WriteBatch batch;
  for (const events::PersonId& person : persons) {
    batch.Put(keys_, person.value,
              rocksdb::Slice(layout::kErasedKey.data(), layout::kErasedKey.size()));
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  std::lock_guard lock(keys_mutex_);
  const rocksdb::Status status = db_->Write(write_options, &batch);
  if (!status.ok()) return FromRocks(status, "erase personal-data keys");
  return OkStatus();
}

}  // namespace coopledger::engine
