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
  PayrollView view;
  COOPLEDGER_ASSIGN_OR_RETURN(view.store, OpenForReading(context));
  COOPLEDGER_ASSIGN_OR_RETURN(const events::Seq last, LastSeqKnownAt(*view.store, known_at));
  COOPLEDGER_RETURN_IF_ERROR(engine::ReplayLog(*view.store, last, [&view](const events::StoredEvent& event) {
    view.payroll.Apply(event);
    if (const auto* opened = std::get_if<events::ActivityOpened>(&event.body)) {
      view.activity_names[opened->activity_id.value] = opened->name;
    }
  }));
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
