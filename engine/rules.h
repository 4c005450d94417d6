// Dated rules that commands apply: VAT rates and late-payment terms. Loaded from the versioned
// files in rules/ by the adapters (which parse JSON); plain values here.
#ifndef COOPLEDGER_ENGINE_RULES_H_
#define COOPLEDGER_ENGINE_RULES_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "events/date.h"
#include "events/money.h"
#include "projections/payroll_parameters.h"

namespace coopledger::engine {

struct VatRate {
  int64_t rate_ppm = 0;
  Date from;                  // Included.
  std::optional<Date> until;  // Excluded.
  std::string label;
  std::string source;
};

struct HalfYearRate {
  Date from;
  int64_t ecb_rate_ppm = 0;
  std::string source;
};

// A payroll parameter table as its file holds it (rules/payroll/), with the values read from it.
struct PayrollTable {
  std::string text;  // Verbatim: ParametersAdopted carries it.
  projections::PayrollParameters parameters;
};

struct Rules {
  std::vector<VatRate> vat_rates;
  std::vector<PayrollTable> payroll_tables;  // In date order; they tile.
  // Reads an adopted table's text back (the adapters' JSON reader).
  std::function<Result<projections::PayrollParameters>(const std::string& text, const std::string& origin)>
      parse_payroll_table;
  Money recovery_indemnity;
  int64_t late_margin_ppm = 0;
  std::vector<HalfYearRate> ecb_rates;  // In date order.

  // True when `rate_ppm` may be invoiced on `day`.
  bool VatRateValid(int64_t rate_ppm, Date day) const;
  // The yearly late-payment rate for penalties starting on `day` (ECB rate of its half-year plus
  // the margin); nullopt before the first half-year known.
  std::optional<int64_t> LatePaymentRatePpm(Date day) const;
};

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_RULES_H_
