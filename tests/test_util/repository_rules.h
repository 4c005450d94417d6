// The dated rules of the repository's rules/ directory as plain values, for engine tests: they may
// not link the JSON loader of adapters/ (adapters/rules_loader.h). Mirrors rules/vat-rates.json
// and rules/late-payment-rates.json value for value: change this file with them.
#ifndef COOPLEDGER_TESTS_TEST_UTIL_REPOSITORY_RULES_H_
#define COOPLEDGER_TESTS_TEST_UTIL_REPOSITORY_RULES_H_

#include <optional>
#include <string>

#include "engine/rules.h"

namespace coopledger::test {

inline engine::Rules RepositoryRules() {
  const auto day = [](const char* text) { return Date::Parse(text).value(); };
  engine::Rules rules;
  // rules/vat-rates.json
  rules.vat_rates = {
      {200'000, day("2014-01-01"), std::nullopt, "taux normal 20 %", "CGI art. 278"},
      {100'000, day("2014-01-01"), std::nullopt, "taux intermediaire 10 %", "CGI art. 279"},
      {55'000, day("2014-01-01"), std::nullopt, "taux reduit 5,5 %", "CGI art. 278-0 bis"},
      {0, day("1993-01-01"), std::nullopt, "sans TVA", "CGI art. 293 B"},
  };
  // rules/late-payment-rates.json
  rules.recovery_indemnity = Money::FromCents(4000);
  rules.late_margin_ppm = 100'000;
  rules.ecb_rates = {
      {day("2024-01-01"), 45'000, "BCE: 4,50 %"}, {day("2024-07-01"), 42'500, "BCE: 4,25 %"},
      {day("2025-01-01"), 31'500, "BCE: 3,15 %"}, {day("2025-07-01"), 21'500, "BCE: 2,15 %"},
      {day("2026-01-01"), 21'500, "BCE: 2,15 %"},
  };
  return rules;
}

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_TEST_UTIL_REPOSITORY_RULES_H_
