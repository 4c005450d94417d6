// Loads the dated rules of rules/ (VAT rates, late-payment terms) from their JSON files.
#ifndef COOPLEDGER_ADAPTERS_RULES_LOADER_H_
#define COOPLEDGER_ADAPTERS_RULES_LOADER_H_

#include <string>

#include "engine/rules.h"
#include "projections/chart.h"

namespace coopledger::adapters {

// The rules directory: $COOPLEDGER_RULES if set, else the source tree's rules/ known at build.
std::string DefaultRulesDirectory();

// Reads DIR/vat-rates.json and DIR/late-payment-rates.json. Errors name the file and the field.
Result<engine::Rules> LoadRules(const std::string& directory);

// Reads DIR/chart-of-accounts.json: account labels, posting accounts and journals.
Result<projections::Chart> LoadChart(const std::string& directory);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_RULES_LOADER_H_
