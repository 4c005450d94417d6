#include "adapters/proof_json.h"

#include <nlohmann/json.hpp>

#include "engine/hash_chain.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "coopledger-inclusion-proof-1";

Error Bad(const std::string& reason) {
  return Error(ErrorCode::kCorruption, "proof does not verify: " + reason);
}

std::string Hex(const events::Bytes& bytes) {
  return engine::ToHex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // Upper case is refused: the form is canonical.
}

Result<std::string> FromHex(const std::string& field, const json& value) {
  if (!value.is_string()) return Bad(field + ": not a string");
  const std::string& text = value.get_ref<const std::string&>();
  if (text.size() % 2 != 0) return Bad(field + ": odd number of hex digits");
  std::string bytes;
  bytes.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = HexDigit(text[i]);
    const int low = HexDigit(text[i + 1]);
    if (high < 0 || low < 0) return Bad(field + ": not lower-case hex");
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

Result<uint64_t> Unsigned(const std::string& field, const json& value) {
  if (!value.is_number_unsigned()) return Bad(field + ": not a whole number");
  return value.get<uint64_t>();
}

json Render(const engine::InclusionProof& proof, const engine::VerifiedInclusion& verified) {
  json path = json::array();
  for (const events::Hash& hash : proof.path) path.push_back(engine::ToHex(hash));
  const events::StoredEvent& event = verified.event;
  const events::SealRecorded& seal = verified.seal;
  return json{
      {"format", kFormat},
      {"event",
       {{"seq", event.seq},
        {"kind", std::string(events::KindName(event.body))},
        {"recorded_at", event.recorded_at.ToString()},
        {"effective", event.effective.ToString()},
        {"stream", event.stream},
        {"bytes", engine::ToHex(proof.event_bytes)}}},
      {"leaf_index", proof.leaf_index},
      {"leaf_count", proof.leaf_count},
      {"path", std::move(path)},
      {"seal",
       {{"seq", verified.seal_event.seq},
        {"month", seal.month.ToString().substr(0, 7)},
        {"first_seq", seal.first_seq},
        {"last_seq", seal.last_seq},
        {"head_hash", Hex(seal.head_hash)},
        {"merkle_root", Hex(seal.merkle_root)},
        {"chain_hash", engine::ToHex(verified.seal_chain_hash)},
        {"bytes", engine::ToHex(proof.seal_bytes)}}}};
}

Result<engine::InclusionProof> ParseEvidence(const json& document) {
  if (!document.is_object()) return Bad("not a JSON object");
  for (const char* key : {"event", "seal"}) {
    if (!document.contains(key) || !document[key].is_object()) {
      return Bad(std::string(key) + ": missing");
    }
  }
  if (!document.contains("path") || !document["path"].is_array()) return Bad("path: missing");
  engine::InclusionProof proof;
  COOPLEDGER_ASSIGN_OR_RETURN(proof.event_bytes,
                              FromHex("event.bytes", document["event"].value("bytes", json())));
  COOPLEDGER_ASSIGN_OR_RETURN(proof.seal_bytes,
                              FromHex("seal.bytes", document["seal"].value("bytes", json())));
  COOPLEDGER_ASSIGN_OR_RETURN(proof.leaf_index,
                              Unsigned("leaf_index", document.value("leaf_index", json())));
  COOPLEDGER_ASSIGN_OR_RETURN(proof.leaf_count,
                              Unsigned("leaf_count", document.value("leaf_count", json())));
  for (size_t i = 0; i < document["path"].size(); ++i) {
    const std::string field = "path[" + std::to_string(i) + "]";
    COOPLEDGER_ASSIGN_OR_RETURN(const std::string bytes, FromHex(field, document["path"][i]));
    if (bytes.size() != events::kHashSize) return Bad(field + ": not 32 bytes");
    events::Hash hash;
    std::copy(bytes.begin(), bytes.end(), hash.begin());
    proof.path.push_back(hash);
  }
  return proof;
}

// Invalid UTF-8 (in altered bytes) is replaced rather than thrown on: such a file fails anyway.
std::string Text(const json& document) {
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

Result<std::string> RenderProof(const engine::InclusionProof& proof) {
  COOPLEDGER_ASSIGN_OR_RETURN(const engine::VerifiedInclusion verified,
                              engine::VerifyInclusion(proof));
  return Text(Render(proof, verified));
}

Result<engine::VerifiedInclusion> VerifyProofText(std::string_view text) {
  const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return Bad("not valid JSON");
  if (!document.is_object() || document.value("format", json()) != kFormat) {
    return Bad(std::string("format: not \"") + kFormat + "\"");
  }
  COOPLEDGER_ASSIGN_OR_RETURN(const engine::InclusionProof proof, ParseEvidence(document));
  COOPLEDGER_ASSIGN_OR_RETURN(engine::VerifiedInclusion verified, engine::VerifyInclusion(proof));
  // Every other field is derived from the evidence: the file must be exactly what it gives.
  if (Text(Render(proof, verified)) != text) {
    return Bad("the file differs from what its evidence gives (a field was changed)");
  }
  return verified;
}

}  // namespace coopledger::adapters

namespace coopledger::adapters {

nlohmann::json SealJson(const events::StoredEvent& seal_event) {
  const auto& seal = std::get<events::SealRecorded>(seal_event.body);
  return {{"month", seal.month.ToString().substr(0, 7)},
          {"seq", seal_event.seq},
          {"recorded_at", seal_event.recorded_at.ToString()},
          {"first_seq", seal.first_seq},
          {"last_seq", seal.last_seq},
          {"head_hash", Hex(seal.head_hash)},
          {"merkle_root", Hex(seal.merkle_root)}};
}

}  // namespace coopledger::adapters
