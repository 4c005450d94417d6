#include "adapters/sepa_transfer.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <utility>

namespace coopledger::adapters {
namespace {

constexpr size_t kIdLengthMax = 35;
constexpr size_t kNameLengthMax = 70;
constexpr size_t kRemittanceLengthMax = 140;
constexpr int64_t kAmountCentsMaxSepa = 999'999'999'99;  // pain.001: 18 digits, 2 decimals; EPC.

// IBAN lengths of the SEPA countries (EPC409-09, ISO 13616 registry). The French overseas
// departments and collectivities use FR.
constexpr std::array<std::pair<std::string_view, size_t>, 37> kIbanLengths = {{
    {"AD", 24}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22},
    {"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FR", 27}, {"GB", 22}, {"GI", 23}, {"GR", 27},
    {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IS", 26}, {"IT", 27}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"MC", 27}, {"MT", 31}, {"NL", 18}, {"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24},
    {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"VA", 22},
}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlphanumeric(char c) { return IsDigit(c) || IsUpper(c); }

// The SEPA Latin character set (EPC217-08): a-z A-Z 0-9 / - ? : ( ) . , ' + space.
bool IsSepaCharacter(char c) {
  if (IsDigit(c) || IsUpper(c) || (c >= 'a' && c <= 'z')) return true;
  return std::string_view("/-?:().,'+ ").find(c) != std::string_view::npos;
}

// U+00C0 to U+00FF without their accents; "" where no letter fits (the multiplication and
// division signs).
constexpr std::array<const char*, 64> kLatin1Letters = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",   // C0
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "ss",  // D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0
};

std::string Transliterate(uint32_t code_point) {
  if (code_point < 0x80) {
    const char c = static_cast<char>(code_point);
    if (c == '&') return "+";
    return IsSepaCharacter(c) ? std::string(1, c) : " ";
  }
  if (code_point >= 0xC0 && code_point <= 0xFF) {
    const std::string letters = kLatin1Letters[code_point - 0xC0];
    return letters.empty() ? " " : letters;
  }
  switch (code_point) {
    case 0x152:
      return "OE";
    case 0x153:
      return "oe";
    case 0x160:
      return "S";
    case 0x161:
      return "s";
    case 0x178:
      return "Y";
    case 0x17D:
      return "Z";
    case 0x17E:
      return "z";
    case 0x2018:
    case 0x2019:
      return "'";
    case 0x2010:
    case 0x2011:
    case 0x2013:
    case 0x2014:
      return "-";
    default:
      return " ";
  }
}

// Decodes one UTF-8 sequence at `at`, advancing it; a malformed byte reads as U+FFFD.
uint32_t NextCodePoint(std::string_view text, size_t& at) {
  const auto byte = [&text](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(at++);
  if (lead < 0x80) return lead;
  const size_t continuation = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  if (continuation == 0 || at + continuation > text.size()) return 0xFFFD;
  uint32_t code_point = lead & (0x3Fu >> continuation);
  for (size_t i = 0; i < continuation; ++i) {
    if ((byte(at) & 0xC0) != 0x80) return 0xFFFD;
    code_point = (code_point << 6) | (byte(at++) & 0x3Fu);
  }
  return code_point;
}

std::string EscapeXml(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

// 12345 cents -> "123.45".
std::string FormatAmount(int64_t cents) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return text;
}

Status CheckId(std::string_view id, const std::string& field) {
  const auto invalid = [&field](const std::string& reason) {
    return Error(ErrorCode::kInvalidArgument, field + ": " + reason);
  };
  if (id.empty()) return invalid("empty");
  if (id.size() > kIdLengthMax) {
    return invalid(std::to_string(id.size()) + " characters, at most " +
                   std::to_string(kIdLengthMax));
  }
  for (const char c : id) {
    if (c == ' ' || !IsSepaCharacter(c)) {
      return invalid("character '" + std::string(1, c) +
                     "' outside a-z A-Z 0-9 / - ? : ( ) . , ' +");
    }
  }
  if (id.front() == '/' || id.back() == '/' || id.find("//") != std::string_view::npos) {
    return invalid("must not start or end with '/' nor contain '//'");
  }
  return OkStatus();
}

bool IsTwoDigits(std::string_view text, size_t at, int max) {
  if (at + 2 > text.size() || !IsDigit(text[at]) || !IsDigit(text[at + 1])) return false;
  return (text[at] - '0') * 10 + (text[at + 1] - '0') <= max;
}

// "2025-08-01T09:30:00", then an optional fraction, then an optional "Z" or "+hh:mm".
Status CheckTimestamp(std::string_view text) {
  const Error invalid(ErrorCode::kInvalidArgument,
                      "created_at: '" + std::string(text) +
                          "' is not an ISO 8601 date and time (2025-08-01T09:30:00)");
  if (text.size() < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') return invalid;
  if (!Date::Parse(text.substr(0, 10))) return invalid;
  if (!IsTwoDigits(text, 11, 23) || !IsTwoDigits(text, 14, 59) || !IsTwoDigits(text, 17, 59)) {
    return invalid;
  }
  size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    const size_t digits_start = ++at;
    while (at < text.size() && IsDigit(text[at])) ++at;
    if (at == digits_start) return invalid;
  }
  if (at == text.size()) return OkStatus();
  if (text[at] == 'Z' && at + 1 == text.size()) return OkStatus();
  if ((text[at] == '+' || text[at] == '-') && at + 6 == text.size() && text[at + 3] == ':' &&
      IsTwoDigits(text, at + 1, 23) && IsTwoDigits(text, at + 4, 59)) {
    return OkStatus();
  }
  return invalid;
}

// The BIC upper case: 4 letters (bank), 2 letters (country), 2 letters or digits (location),
// optionally 3 more (branch).
Result<std::string> NormalizeBic(std::string_view bic, const std::string& field) {
  std::string normal;
  for (const char c : bic) normal += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  bool valid = normal.size() == 8 || normal.size() == 11;
  for (size_t i = 0; valid && i < normal.size(); ++i) {
    valid = i < 6 ? IsUpper(normal[i]) : IsAlphanumeric(normal[i]);
  }
  if (!valid) {
    return Error(
        ErrorCode::kInvalidArgument,
        field + ": '" + std::string(bic) + "' is not a BIC (8 or 11 characters, AAAABBCC123)");
  }
  return normal;
}

Result<std::string> CheckedIban(std::string_view iban, const std::string& field) {
  Result<std::string> normal = NormalizeIban(iban);
  if (!normal) return normal.error().WithContext(field + ": ");
  return normal;
}

Result<std::string> CheckedName(std::string_view name, const std::string& field) {
  std::string text = ToSepaText(name, kNameLengthMax);
  if (text.empty()) return Error(ErrorCode::kInvalidArgument, field + ": empty");
  return text;
}

struct CheckedPayment {
  std::string end_to_end_id;
  std::string creditor_name;
  std::string creditor_iban;
  std::string creditor_bic;  // Empty when not given.
  int64_t cents = 0;
  std::string remittance;
};

Result<CheckedPayment> CheckPayment(const CreditTransfer& payment, size_t index) {
  const std::string field = "payments[" + std::to_string(index) + "].";
  CheckedPayment checked;
  COOPLEDGER_RETURN_IF_ERROR(CheckId(payment.end_to_end_id, field + "end_to_end_id"));
  checked.end_to_end_id = payment.end_to_end_id;
  COOPLEDGER_ASSIGN_OR_RETURN(checked.creditor_name,
                              CheckedName(payment.creditor_name, field + "creditor_name"));
  COOPLEDGER_ASSIGN_OR_RETURN(checked.creditor_iban,
                              CheckedIban(payment.creditor_iban, field + "creditor_iban"));
  if (payment.creditor_bic) {
    COOPLEDGER_ASSIGN_OR_RETURN(checked.creditor_bic,
                                NormalizeBic(*payment.creditor_bic, field + "creditor_bic"));
  }
  checked.cents = payment.amount.cents();
  if (checked.cents <= 0 || checked.cents > kAmountCentsMaxSepa) {
    return Error(ErrorCode::kInvalidArgument, field + "amount: " + payment.amount.ToString() +
                                                  " must be > 0 and at most 999999999.99");
  }
  checked.remittance = ToSepaText(payment.remittance, kRemittanceLengthMax);
  return checked;
}

void AppendElement(std::string& xml, int depth, std::string_view name, std::string_view text) {
  xml.append(static_cast<size_t>(depth) * 2, ' ');
  xml += "<" + std::string(name) + ">" + EscapeXml(text) + "</" + std::string(name) + ">\n";
}

void AppendOpen(std::string& xml, int depth, std::string_view name) {
  xml.append(static_cast<size_t>(depth) * 2, ' ');
  xml += "<" + std::string(name) + ">\n";
}

void AppendClose(std::string& xml, int depth, std::string_view name) {
  xml.append(static_cast<size_t>(depth) * 2, ' ');
  xml += "</" + std::string(name) + ">\n";
}

void AppendAccount(std::string& xml, int depth, std::string_view name, const std::string& iban) {
  AppendOpen(xml, depth, name);
  AppendOpen(xml, depth + 1, "Id");
  AppendElement(xml, depth + 2, "IBAN", iban);
  AppendClose(xml, depth + 1, "Id");
  AppendClose(xml, depth, name);
}

void AppendAgent(std::string& xml, int depth, std::string_view name, const std::string& bic) {
  AppendOpen(xml, depth, name);
  AppendOpen(xml, depth + 1, "FinInstnId");
  if (bic.empty()) {
    AppendOpen(xml, depth + 2, "Othr");
    AppendElement(xml, depth + 3, "Id", "NOTPROVIDED");
    AppendClose(xml, depth + 2, "Othr");
  } else {
    AppendElement(xml, depth + 2, "BIC", bic);
  }
  AppendClose(xml, depth + 1, "FinInstnId");
  AppendClose(xml, depth, name);
}

void AppendParty(std::string& xml, int depth, std::string_view name, const std::string& party) {
  AppendOpen(xml, depth, name);
  AppendElement(xml, depth + 1, "Nm", party);
  AppendClose(xml, depth, name);
}

void AppendPayment(std::string& xml, const CheckedPayment& payment) {
  constexpr int kDepth = 3;
  AppendOpen(xml, kDepth, "CdtTrfTxInf");
  AppendOpen(xml, kDepth + 1, "PmtId");
  AppendElement(xml, kDepth + 2, "EndToEndId", payment.end_to_end_id);
  AppendClose(xml, kDepth + 1, "PmtId");
  AppendOpen(xml, kDepth + 1, "Amt");
  xml.append(static_cast<size_t>(kDepth + 2) * 2, ' ');
  xml += "<InstdAmt Ccy=\"EUR\">" + FormatAmount(payment.cents) + "</InstdAmt>\n";
  AppendClose(xml, kDepth + 1, "Amt");
  if (!payment.creditor_bic.empty()) AppendAgent(xml, kDepth + 1, "CdtrAgt", payment.creditor_bic);
  AppendParty(xml, kDepth + 1, "Cdtr", payment.creditor_name);
  AppendAccount(xml, kDepth + 1, "CdtrAcct", payment.creditor_iban);
  if (!payment.remittance.empty()) {
    AppendOpen(xml, kDepth + 1, "RmtInf");
    AppendElement(xml, kDepth + 2, "Ustrd", payment.remittance);
    AppendClose(xml, kDepth + 1, "RmtInf");
  }
  AppendClose(xml, kDepth, "CdtTrfTxInf");
}

}  // namespace

Result<std::string> NormalizeIban(std::string_view iban) {
  std::string normal;
  for (const char c : iban) {
    if (c == ' ') continue;
    normal += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  const auto invalid = [&normal](const std::string& reason) {
    return Error(ErrorCode::kInvalidArgument, "'" + normal + "' " + reason);
  };
  if (normal.size() < 5 || !IsUpper(normal[0]) || !IsUpper(normal[1]) || !IsDigit(normal[2]) ||
      !IsDigit(normal[3])) {
    return invalid("is not an IBAN (country code, two check digits, account number)");
  }
  for (const char c : normal) {
    if (!IsAlphanumeric(c)) return invalid("has a character other than letters and digits");
  }
  const std::string_view country = std::string_view(normal).substr(0, 2);
  size_t length = 0;
  for (const auto& [known, known_length] : kIbanLengths) {
    if (country == known) length = known_length;
  }
  if (length == 0) return invalid("is not in a SEPA country");
  if (normal.size() != length) {
    return invalid("has " + std::to_string(normal.size()) + " characters; " + std::string(country) +
                   " IBANs have " + std::to_string(length));
  }
  // ISO 13616: the first four characters moved to the end, letters as 10 to 35, mod 97 is 1.
  const std::string rearranged = normal.substr(4) + normal.substr(0, 4);
  uint32_t remainder = 0;
  for (const char c : rearranged) {
    const uint32_t value =
        IsDigit(c) ? static_cast<uint32_t>(c - '0') : static_cast<uint32_t>(c - 'A' + 10);
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  if (remainder != 1) return invalid("fails its checksum (ISO 13616 mod 97)");
  return normal;
}

std::string ToSepaText(std::string_view text, size_t length_max) {
  std::string latin;
  for (size_t at = 0; at < text.size();) latin += Transliterate(NextCodePoint(text, at));
  std::string collapsed;
  for (const char c : latin) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed += c;
  }
  if (collapsed.size() > length_max) collapsed.resize(length_max);
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

Result<std::string> WriteCreditTransferXml(const CreditTransferBatch& batch) {
  COOPLEDGER_RETURN_IF_ERROR(CheckId(batch.message_id, "message_id"));
  COOPLEDGER_RETURN_IF_ERROR(CheckTimestamp(batch.created_at));
  COOPLEDGER_ASSIGN_OR_RETURN(const std::string debtor_name,
                              CheckedName(batch.debtor_name, "debtor_name"));
  COOPLEDGER_ASSIGN_OR_RETURN(const std::string debtor_iban,
                              CheckedIban(batch.debtor_iban, "debtor_iban"));
  std::string debtor_bic;
  if (!batch.debtor_bic.empty()) {
    COOPLEDGER_ASSIGN_OR_RETURN(debtor_bic, NormalizeBic(batch.debtor_bic, "debtor_bic"));
  }
  if (batch.payments.empty()) return Error(ErrorCode::kInvalidArgument, "payments: empty");
  std::vector<CheckedPayment> payments;
  Money total = Money::Zero();
  for (size_t i = 0; i < batch.payments.size(); ++i) {
    COOPLEDGER_ASSIGN_OR_RETURN(CheckedPayment payment, CheckPayment(batch.payments[i], i));
    COOPLEDGER_ASSIGN_OR_RETURN(total, CheckedAdd(total, batch.payments[i].amount));
    payments.push_back(std::move(payment));
  }
  const std::string count = std::to_string(payments.size());
  const std::string control_sum = FormatAmount(total.cents());

  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml +=
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";
  AppendOpen(xml, 1, "CstmrCdtTrfInitn");
  AppendOpen(xml, 2, "GrpHdr");
  AppendElement(xml, 3, "MsgId", batch.message_id);
  AppendElement(xml, 3, "CreDtTm", batch.created_at);
  AppendElement(xml, 3, "NbOfTxs", count);
  AppendElement(xml, 3, "CtrlSum", control_sum);
  AppendParty(xml, 3, "InitgPty", debtor_name);
  AppendClose(xml, 2, "GrpHdr");
  AppendOpen(xml, 2, "PmtInf");
  AppendElement(xml, 3, "PmtInfId", batch.message_id);
  AppendElement(xml, 3, "PmtMtd", "TRF");
  AppendElement(xml, 3, "BtchBookg", "true");
  AppendElement(xml, 3, "NbOfTxs", count);
  AppendElement(xml, 3, "CtrlSum", control_sum);
  AppendOpen(xml, 3, "PmtTpInf");
  AppendOpen(xml, 4, "SvcLvl");
  AppendElement(xml, 5, "Cd", "SEPA");
  AppendClose(xml, 4, "SvcLvl");
  AppendOpen(xml, 4, "CtgyPurp");
  AppendElement(xml, 5, "Cd", "SALA");
  AppendClose(xml, 4, "CtgyPurp");
  AppendClose(xml, 3, "PmtTpInf");
  AppendElement(xml, 3, "ReqdExctnDt", batch.requested_execution_date.ToString());
  AppendParty(xml, 3, "Dbtr", debtor_name);
  AppendAccount(xml, 3, "DbtrAcct", debtor_iban);
  AppendAgent(xml, 3, "DbtrAgt", debtor_bic);
  AppendElement(xml, 3, "ChrgBr", "SLEV");
  for (const CheckedPayment& payment : payments) AppendPayment(xml, payment);
  AppendClose(xml, 2, "PmtInf");
  AppendClose(xml, 1, "CstmrCdtTrfInitn");
  xml += "</Document>\n";
  return xml;
}

}  // namespace coopledger::adapters
