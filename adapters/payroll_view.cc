#include "adapters/payroll_view.h"

#include "adapters/books.h"
#include "adapters/payroll_simulate.h"
#include "engine/command_service.h"

namespace coopledger::adapters {

events::CommandId PayrollStepCommandId(const std::string& step, const std::string& month,
                                       events::Seq applied) {
  return events::CommandId{"payroll-" + step + "-" + month + "-at-" + std::to_string(applied)};
}

Result<PayrollView> ReadPayroll(const CliContext& context, const std::string& known_at) {
  // From the nearest snapshot of the payroll state, then the events after it.
  COOPLEDGER_ASSIGN_OR_RETURN(ProjectionsAsOf books,
                              LoadProjectionsAsOf(context, engine::kPayrollProjection, known_at));
  PayrollView view;
  view.payroll = books.set->payroll();
  for (const auto& [id, activity] : view.payroll.activities()) {
    if (!activity.name.empty()) view.activity_names[id] = activity.name;
  }
  view.store = std::move(books.store);
  return view;
}

Result<Date> ParseMonthOption(const std::string& text) {
  Result<Date> month = ParsePayMonth(text);
  if (!month) return month.error().WithContext("--month: ");
  return month;
}

std::string FrenchMonth(Date month) {
  static const char* const kNames[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                       "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  return std::string(kNames[month.month() - 1]) + " " + std::to_string(month.year());
}

}  // namespace coopledger::adapters
