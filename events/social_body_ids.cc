#include "events/social_body_ids.h"

#include <algorithm>

namespace coopledger::events {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsCapitalOrDigit(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }

}  // namespace

bool LuhnValid(const std::string& digits) {
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), IsDigit)) return false;
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    int digit = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 == 0;
}

std::optional<std::string> SiretProblem(const std::string& text) {
  if (text.size() != kSiretLength || !std::all_of(text.begin(), text.end(), IsDigit)) {
    return "is not a SIRET: 14 digits";
  }
  if (!LuhnValid(text)) return "is not a SIRET: its Luhn check digit is wrong";
  return std::nullopt;
}

std::optional<std::string> OpsIdentifierProblem(const std::string& text) {
  if (text.empty() || text.size() > kOpsIdentifierLengthMax ||
      !std::all_of(text.begin(), text.end(), IsCapitalOrDigit)) {
    return "is not an identifier of a social protection body: a SIRET or a code of 1 to 14 "
           "capital letters and digits";
  }
  if (std::all_of(text.begin(), text.end(), IsDigit)) return SiretProblem(text);
  return std::nullopt;
}

std::optional<std::string> OrganismCodeProblem(const std::string& text) {
  if (text.empty() || text.size() > kOrganismCodeLengthMax ||
      !std::all_of(text.begin(), text.end(), IsCapitalOrDigit)) {
    return "is not an organism code: 1 to 9 capital letters and digits";
  }
  return std::nullopt;
}

}  // namespace coopledger::events
