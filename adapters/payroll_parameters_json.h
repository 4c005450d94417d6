// Reads the payroll parameter files of rules/payroll/ (one JSON file per period of validity, each
// value with its legal source) into projections::PayrollParameters. The same parser reads the
// text a ParametersAdopted event carries, so that a replay uses the table of its time.
#ifndef COOPLEDGER_ADAPTERS_PAYROLL_PARAMETERS_JSON_H_
#define COOPLEDGER_ADAPTERS_PAYROLL_PARAMETERS_JSON_H_

#include <string>
#include <vector>

#include "projections/payroll_parameters.h"

namespace coopledger::adapters {

// Parses one table. `origin` (a path or "ParametersAdopted 2025-05") prefixes every error, which
// names the field and the reason: a missing source, a rate with more than six decimals, dates
// out of order.
Result<projections::PayrollParameters> ParsePayrollParameters(const std::string& text,
                                                              const std::string& origin);

// "0.0069" -> 6'900 millionths; at most six decimals, no sign, no exponent.
Result<int64_t> ParseRatePpm(const std::string& text);

struct PayrollParameterFile {
  std::string path;
  std::string text;  // Verbatim, as ParametersAdopted carries it.
  projections::PayrollParameters parameters;
};

// Every DIR/payroll/*.json in order of effective date; the periods must tile without gap or
// overlap.
Result<std::vector<PayrollParameterFile>> LoadPayrollParameterFiles(const std::string& rules_directory);

// The file in force for the month starting on `month`; kNotFound naming the month otherwise.
Result<const PayrollParameterFile*> ParameterFileFor(const std::vector<PayrollParameterFile>& files,
                                                     Date month);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_PAYROLL_PARAMETERS_JSON_H_
