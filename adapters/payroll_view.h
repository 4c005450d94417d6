// What the payroll verbs read: the payroll projection of the store of --data, opened for
// reading, with the activities' names; and the --month argument.
#ifndef COOPLEDGER_ADAPTERS_PAYROLL_VIEW_H_
#define COOPLEDGER_ADAPTERS_PAYROLL_VIEW_H_

#include <map>
#include <memory>
#include <string>

#include "adapters/cli.h"
#include "projections/payroll_state.h"

namespace coopledger::adapters {

struct PayrollView {
  std::unique_ptr<engine::EventStore> store;
  projections::PayrollState payroll;
  std::map<std::string, std::string> activity_names;
};

// `known_at`: a seq or an ISO-8601 UTC time (as --known-at); empty: every event.
Result<PayrollView> ReadPayroll(const CliContext& context, const std::string& known_at = "");

// The command id of a payroll step ("run", "close", "pay") of `month` (YYYY-MM) computed from the
// log up to seq `applied`: a retry on the same log is answered with its first result, a step on
// a later log (a member added since) is a new command.
events::CommandId PayrollStepCommandId(const std::string& step, const std::string& month,
                                       events::Seq applied);

// "2025-07" -> 2025-07-01; errors name --month.
Result<Date> ParseMonthOption(const std::string& text);

// "juillet 2025", "août 2025".
std::string FrenchMonth(Date month);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_PAYROLL_VIEW_H_
