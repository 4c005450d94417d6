#include "adapters/event_json.h"

#include <set>
#include <type_traits>

#include "engine/hash_chain.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;
using events::EnumNames;
using events::HasFields;
using events::IsId;

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

template <typename V>
std::string JsonKey(std::string_view name) {
  return std::is_same_v<V, Money> ? std::string(name) + "_cents" : std::string(name);
}

// ------------------------------------------------------------------------------ to JSON

template <typename T>
json StructToJson(const T& value, const UnsealFn& unseal);

json SealedToJson(const events::SealedData& sealed, const UnsealFn& unseal) {
  json out = json::object();
  out["person_id"] = sealed.person_id.value;
  if (sealed.empty()) return out;
  if (!unseal) {
    out["nonce"] = engine::ToHex(std::string_view(reinterpret_cast<const char*>(sealed.nonce.data()), sealed.nonce.size()));
    out["ciphertext"] = engine::ToHex(std::string_view(
        reinterpret_cast<const char*>(sealed.ciphertext.data()), sealed.ciphertext.size()));
    return out;
  }
  Result<events::PersonalData> clear = unseal(sealed);
  if (clear) {
    out["clear"] = StructToJson(*clear, unseal);
  } else if (clear.error().code() == ErrorCode::kPersonalDataErased) {
    out["erased"] = true;
  } else {
    out["error"] = clear.error().ToString();
  }
  return out;
}

template <typename V>
json ValueToJson(const V& value, const UnsealFn& unseal) {
  if constexpr (std::is_same_v<V, bool> || std::is_integral_v<V>) {
    return value;
  } else if constexpr (std::is_same_v<V, Money>) {
    return value.cents();
  } else if constexpr (std::is_same_v<V, Date>) {
    return value.ToString();
  } else if constexpr (std::is_same_v<V, std::optional<Date>>) {
    return value ? json(value->ToString()) : json(nullptr);
  } else if constexpr (std::is_same_v<V, std::string>) {
    return value;
  } else if constexpr (IsId<V>) {
    return value.value;
  } else if constexpr (std::is_same_v<V, events::Bytes>) {
    return engine::ToHex(std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
  } else if constexpr (std::is_enum_v<V>) {
    return std::string(EnumNames<V>::kNames[static_cast<size_t>(value)]);
  } else if constexpr (std::is_same_v<V, events::SealedData>) {
    return SealedToJson(value, unseal);
  } else if constexpr (HasFields<V>) {
    return StructToJson(value, unseal);
  } else if constexpr (IsVector<V>::value) {
    json array = json::array();
    for (const auto& element : value) array.push_back(ValueToJson(element, unseal));
    return array;
  } else {
    static_assert(sizeof(V) == 0, "field type without a JSON mapping");
  }
}

template <typename T>
json StructToJson(const T& value, const UnsealFn& unseal) {
  json out = json::object();
  auto visitor = [&out, &unseal](std::string_view name, const auto& field) {
    out[JsonKey<std::decay_t<decltype(field)>>(name)] = ValueToJson(field, unseal);
  };
  T::VisitFields(value, visitor);
  return out;
}

// ------------------------------------------------------------------------------ from JSON

Error Invalid(const std::string& path, const std::string& reason) {
  return Error(ErrorCode::kInvalidArgument, path + ": " + reason);
}

template <typename T>
Status StructFromJson(const json& in, const std::string& path, const SealFn& seal, T& out);

Result<events::Bytes> HexToBytes(const std::string& hex, const std::string& path) {
  if (hex.size() % 2 != 0) return Invalid(path, "hex text of odd length");
  events::Bytes bytes;
  for (size_t i = 0; i < hex.size(); i += 2) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    const int high = nibble(hex[i]);
    const int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) return Invalid(path, "not hex");
    bytes.push_back(static_cast<uint8_t>(high * 16 + low));
  }
  return bytes;
}

Status SealedFromJson(const json& in, const std::string& path, const SealFn& seal,
                      events::SealedData& out) {
  if (!in.is_object()) return Invalid(path, "expected an object");
  for (const auto& [key, value] : in.items()) {
    if (key != "person_id" && key != "clear" && key != "nonce" && key != "ciphertext") {
      return Invalid(path + "." + key, "unknown field");
    }
  }
  if (!in.contains("person_id") || !in["person_id"].is_string()) {
    return Invalid(path + ".person_id", "expected a string");
  }
  out.person_id.value = in["person_id"].get<std::string>();
  if (in.contains("clear")) {
    events::PersonalData clear;
    COOPLEDGER_RETURN_IF_ERROR(StructFromJson(in["clear"], path + ".clear", seal, clear));
    if (!seal) return Invalid(path + ".clear", "personal data cannot be sealed here");
    Result<events::SealedData> sealed = seal(out.person_id, clear);
    if (!sealed) return sealed.error().WithContext(path + ": ");
    out = std::move(*sealed);
    return OkStatus();
  }
  if (in.contains("nonce") || in.contains("ciphertext")) {
    if (!in.value("nonce", json()).is_string() || !in.value("ciphertext", json()).is_string()) {
      return Invalid(path, "nonce and ciphertext must both be hex strings");
    }
    COOPLEDGER_ASSIGN_OR_RETURN(out.nonce, HexToBytes(in["nonce"].get<std::string>(), path + ".nonce"));
    COOPLEDGER_ASSIGN_OR_RETURN(out.ciphertext,
                                HexToBytes(in["ciphertext"].get<std::string>(), path + ".ciphertext"));
  }
  return OkStatus();
}

template <typename V>
Status ValueFromJson(const json& in, const std::string& path, const SealFn& seal, V& out) {
  if constexpr (std::is_same_v<V, bool>) {
    if (!in.is_boolean()) return Invalid(path, "expected true or false");
    out = in.get<bool>();
  } else if constexpr (std::is_integral_v<V>) {
    if (!in.is_number_integer()) return Invalid(path, "expected an integer");
    if constexpr (std::is_unsigned_v<V>) {
      if (in.is_number_unsigned() || in.get<int64_t>() >= 0) {
        const auto value = in.get<uint64_t>();
        if (value > std::numeric_limits<V>::max()) return Invalid(path, "out of range");
        out = static_cast<V>(value);
      } else {
        return Invalid(path, "must not be negative");
      }
    } else {
      if (in.is_number_unsigned() && in.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<V>::max())) {
        return Invalid(path, "out of range");
      }
      const auto value = in.get<int64_t>();
      if (value < std::numeric_limits<V>::min() || value > std::numeric_limits<V>::max()) {
        return Invalid(path, "out of range");
      }
      out = static_cast<V>(value);
    }
  } else if constexpr (std::is_same_v<V, Money>) {
    if (!in.is_number_integer()) return Invalid(path, "expected an integer number of cents");
    const auto cents = in.get<int64_t>();
    if (cents > kAmountCentsMax || cents < -kAmountCentsMax) {
      return Invalid(path, "larger than one billion euros");
    }
    out = Money::FromCents(cents);
  } else if constexpr (std::is_same_v<V, Date>) {
    if (!in.is_string()) return Invalid(path, "expected a YYYY-MM-DD date");
    Result<Date> date = Date::Parse(in.get<std::string>());
    if (!date) return date.error().WithContext(path + ": ");
    out = *date;
  } else if constexpr (std::is_same_v<V, std::optional<Date>>) {
    if (in.is_null()) {
      out.reset();
      return OkStatus();
    }
    Date date;
    COOPLEDGER_RETURN_IF_ERROR(ValueFromJson(in, path, seal, date));
    out = date;
  } else if constexpr (std::is_same_v<V, std::string> || IsId<V>) {
    if (!in.is_string()) return Invalid(path, "expected a string");
    if constexpr (IsId<V>) out.value = in.get<std::string>();
    else out = in.get<std::string>();
  } else if constexpr (std::is_same_v<V, events::Bytes>) {
    if (!in.is_string()) return Invalid(path, "expected hex text");
    COOPLEDGER_ASSIGN_OR_RETURN(out, HexToBytes(in.get<std::string>(), path));
  } else if constexpr (std::is_enum_v<V>) {
    if (!in.is_string()) return Invalid(path, "expected a name");
    const std::string name = in.get<std::string>();
    const auto& names = EnumNames<V>::kNames;
    for (size_t i = 1; i < names.size(); ++i) {
      if (names[i] == name) {
        out = static_cast<V>(i);
        return OkStatus();
      }
    }
    std::string allowed;
    for (size_t i = 1; i < names.size(); ++i) allowed += (i > 1 ? ", " : "") + std::string(names[i]);
    return Invalid(path, "'" + name + "' is not one of " + allowed);
  } else if constexpr (std::is_same_v<V, events::SealedData>) {
    return SealedFromJson(in, path, seal, out);
  } else if constexpr (HasFields<V>) {
    return StructFromJson(in, path, seal, out);
  } else if constexpr (IsVector<V>::value) {
    if (!in.is_array()) return Invalid(path, "expected an array");
    out.clear();
    out.resize(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
      COOPLEDGER_RETURN_IF_ERROR(
          ValueFromJson(in[i], path + "[" + std::to_string(i) + "]", seal, out[i]));
    }
  } else {
    static_assert(sizeof(V) == 0, "field type without a JSON mapping");
  }
  return OkStatus();
}

template <typename T>
Status StructFromJson(const json& in, const std::string& path, const SealFn& seal, T& out) {
  if (!in.is_object()) return Invalid(path, "expected an object");
  std::set<std::string> known;
  Status status;
  auto visitor = [&](std::string_view name, auto& field) {
    const std::string key = JsonKey<std::decay_t<decltype(field)>>(name);
    known.insert(key);
    if (!status.has_value()) return;
    if (auto it = in.find(key); it != in.end()) {
      status = ValueFromJson(*it, path + "." + key, seal, field);
    }
  };
  T::VisitFields(out, visitor);
  COOPLEDGER_RETURN_IF_ERROR(status);
  for (const auto& [key, value] : in.items()) {
    if (known.count(key) == 0) return Invalid(path + "." + key, "unknown field");
  }
  return OkStatus();
}

template <size_t I = 0>
Status BodyFromJson(std::string_view type, const json& in, const SealFn& seal,
                    events::EventBody& body) {
  if constexpr (I == events::kEventKindCount) {
    return Invalid("type", "'" + std::string(type) + "' is not an event kind");
  } else {
    using Kind = std::variant_alternative_t<I, events::EventBody>;
    if (type == Kind::kTypeName) {
      Kind& kind = body.template emplace<I>();
      return StructFromJson(in, "body", seal, kind);
    }
    return BodyFromJson<I + 1>(type, in, seal, body);
  }
}

}  // namespace

json StoredEventToJson(const events::StoredEvent& event, const UnsealFn& unseal) {
  json out = json::object();
  out["seq"] = event.seq;
  out["recorded_at"] = event.recorded_at.ToString();
  out["effective"] = event.effective.ToString();
  out["stream"] = event.stream;
  out["stream_version"] = event.stream_version;
  out["actor"] = StructToJson(event.actor, unseal);
  out["command_id"] = event.command_id.value;
  out["schema_version"] = event.schema_version;
  out["prev_hash"] = engine::ToHex(event.prev_hash);
  out["type"] = std::string(events::KindName(event.body));
  out["body"] = std::visit([&unseal](const auto& body) { return StructToJson(body, unseal); },
                           event.body);
  return out;
}

Result<engine::ProposedEvent> ProposedEventFromJson(const json& in, const SealFn& seal) {
  if (!in.is_object()) return Invalid("event", "expected a JSON object");
  for (const auto& [key, value] : in.items()) {
    if (key != "stream" && key != "effective" && key != "type" && key != "body" &&
        key != "expected_version") {
      return Invalid(key, "unknown field");
    }
  }
  engine::ProposedEvent proposed;
  if (!in.contains("stream") || !in["stream"].is_string()) {
    return Invalid("stream", "required, a string such as \"member/M-0001\"");
  }
  proposed.event.stream = in["stream"].get<std::string>();
  if (!in.contains("effective")) return Invalid("effective", "required, a YYYY-MM-DD date");
  COOPLEDGER_RETURN_IF_ERROR(ValueFromJson(in["effective"], "effective", seal, proposed.event.effective));
  if (!in.contains("type") || !in["type"].is_string()) {
    return Invalid("type", "required, an event kind such as \"HoursLogged\"");
  }
  const json body = in.value("body", json::object());
  COOPLEDGER_RETURN_IF_ERROR(
      BodyFromJson(in["type"].get<std::string>(), body, seal, proposed.event.body));
  if (in.contains("expected_version")) {
    COOPLEDGER_RETURN_IF_ERROR(
        ValueFromJson(in["expected_version"], "expected_version", seal, proposed.expected_version));
  }
  return proposed;
}

Result<events::EventBody> EventBodyFromJson(std::string_view type, const json& body,
                                            const SealFn& seal) {
  events::EventBody parsed;
  COOPLEDGER_RETURN_IF_ERROR(BodyFromJson(type, body, seal, parsed));
  return parsed;
}

json EventBodyToJson(const events::EventBody& body, const UnsealFn& unseal) {
  return std::visit([&unseal](const auto& kind) { return StructToJson(kind, unseal); }, body);
}

std::vector<std::string_view> EventKindNames() {
  std::vector<std::string_view> names;
  [&names]<size_t... I>(std::index_sequence<I...>) {
    (names.push_back(std::variant_alternative_t<I, events::EventBody>::kTypeName), ...);
  }(std::make_index_sequence<events::kEventKindCount>());
  return names;
}

SealFn ShapeOnlySeal() {
  return [](const events::PersonId& person, const events::PersonalData&) {
    return Result<events::SealedData>(events::SealedData{person, {}, {}});
  };
}

}  // namespace coopledger::adapters
