// The decider for filings: a DSN, a VAT return or a pre-hiring declaration as filed, with the
// SHA-256 of the file handed over.
#include "engine/deciders.h"
#include "projections/payroll_state.h"

namespace coopledger::engine::decide {

Decision DeclarationFiled(const WorkState& state, const DecisionContext& context,
                          events::DeclarationFiled filed) {
  if (filed.kind == events::DeclarationKind::kUnset) return Invalid("kind", "must be set");
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("period_start", filed.period_start));
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("filed_on", filed.filed_on));
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("filed_on", filed.filed_on, context));
  if (filed.file_sha256.size() != 32)
    return Invalid("file_sha256", "must be the 32 bytes of a SHA-256");
  const bool monthly = filed.kind == events::DeclarationKind::kDsnMonthly ||
                       filed.kind == events::DeclarationKind::kVatReturn;
  if (monthly) {
    if (filed.period_start.day() != 1)
      return Invalid("period_start", "must be the first day of the month declared");
    if (filed.filed_on < filed.period_start.FirstOfNextMonth()) {
      return Invalid("filed_on", "a month is declared once it is over, from " +
                                     filed.period_start.FirstOfNextMonth().ToString());
    }
  } else if (filed.reference.empty()) {
    return Invalid("reference", "an event's declaration names its member or contract");
  }
  const std::string month = projections::PayMonthKey(filed.period_start);
  if (filed.kind == events::DeclarationKind::kDsnMonthly && state.PayslipCount(month) > 0 &&
      !state.PayMonthClosed(month)) {
    return Error(ErrorCode::kPeriodClosed,
                 "period_start: close the pay month " + month + " before filing its DSN");
  }
  const std::string kind(
      events::EnumNames<events::DeclarationKind>::kNames[static_cast<size_t>(filed.kind)]);
  std::string stream = "declaration/" + kind + "/" + month;
  if (!monthly) stream += "/" + filed.reference;
  if (state.StreamExists(stream)) {
    return Error(ErrorCode::kAlreadyExists, "period_start: the " + kind + " declaration of " +
                                                month + (monthly ? "" : " for " + filed.reference) +
                                                " is already filed");
  }
  const Date effective = filed.filed_on;
  return One(Make(std::move(stream), effective, std::move(filed), kNoStream));
}

}  // namespace coopledger::engine::decide
