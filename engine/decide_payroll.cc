// Deciders for the payroll facts (DESIGN section 8): adopted parameter tables, the committee's
// distribution, issued payslips, wages and contributions paid, closed pay months. A payslip is
// checked for internal consistency here, so that no command can record one whose figures do not
// add up, whoever computed it.
#include <algorithm>
#include <set>

#include "engine/deciders.h"
#include "engine/hash_chain.h"
#include "projections/payroll_state.h"

namespace coopledger::engine::decide {
namespace {

using projections::PayMonthKey;

Status RequireMonth(const std::string& field, Date month) {
  COOPLEDGER_RETURN_IF_ERROR(RequireDate(field, month));
  if (month.day() != 1) return Invalid(field, "must be the first day of a month, not " + month.ToString());
  return OkStatus();
}

Status PayMonthOpen(const std::string& field, Date month, const WorkState& state) {
  if (state.PayMonthClosed(PayMonthKey(month))) {
    return Error(ErrorCode::kPeriodClosed, field + ": the pay month " + PayMonthKey(month) +
                                               " is closed: late facts go to the next open month");
  }
  return OkStatus();
}

// The payslip's figures add up: lines to totals, gross to net, net to employer cost.
Status PayslipAddsUp(const events::PayslipIssued& payslip) {
  int64_t employee = 0;
  int64_t employer = 0;
  std::set<std::string> codes;
  for (size_t i = 0; i < payslip.lines.size(); ++i) {
    const events::PayslipLine& line = payslip.lines[i];
    const std::string field = "lines[" + std::to_string(i) + "]";
    if (line.code.empty()) return Invalid(field + ".code", "required");
    if (!codes.insert(line.code).second) return Invalid(field + ".code", "\"" + line.code + "\" appears twice");
    employee += line.employee_amount.cents();
    employer += line.employer_amount.cents();
  }
  auto differs = [](const char* field, int64_t stated, int64_t computed) {
    return Invalid(field, "is " + Money::FromCents(stated).ToString() + " but the payslip's figures give " +
                              Money::FromCents(computed).ToString());
  };
  if (payslip.gross.cents() < 0) return Invalid("gross", "must not be negative");
  if (payslip.employee_contributions.cents() != employee) {
    return differs("employee_contributions", payslip.employee_contributions.cents(), employee);
  }
  if (payslip.employer_contributions.cents() != employer) {
    return differs("employer_contributions", payslip.employer_contributions.cents(), employer);
  }
  if (payslip.net_before_tax.cents() != payslip.gross.cents() - employee) {
    return differs("net_before_tax", payslip.net_before_tax.cents(), payslip.gross.cents() - employee);
  }
  if (payslip.net_paid.cents() != payslip.net_before_tax.cents() - payslip.income_tax.cents()) {
    return differs("net_paid", payslip.net_paid.cents(), payslip.net_before_tax.cents() - payslip.income_tax.cents());
  }
  if (payslip.employer_cost.cents() != payslip.gross.cents() + employer) {
    return differs("employer_cost", payslip.employer_cost.cents(), payslip.gross.cents() + employer);
  }
  return OkStatus();
}

}  // namespace

Decision ParametersAdopted(const WorkState& state, const DecisionContext&, events::ParametersAdopted adopted) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("version", adopted.version));
  COOPLEDGER_RETURN_IF_ERROR(RequireMonth("effective_from", adopted.effective_from));
  if (adopted.effective_until && !(adopted.effective_from < *adopted.effective_until)) {
    return Invalid("effective_until", "must be after effective_from");
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireText("table", adopted.table));
  COOPLEDGER_RETURN_IF_ERROR(RequireText("source", adopted.source));
  const Hash hash = Sha256(adopted.table);
  if (adopted.table_sha256.size() != hash.size() ||
      !std::equal(hash.begin(), hash.end(), adopted.table_sha256.begin())) {
    return Invalid("table_sha256", "is not the SHA-256 of the table");
  }
  if (state.ParametersAdopted(adopted.version)) return Taken("version", adopted.version);
  const Date effective = adopted.effective_from;
  return One(Make("payroll/parameters/" + adopted.version, effective, std::move(adopted)));
}

Decision DistributionDecided(const WorkState& state, const DecisionContext&, events::DistributionDecided decided) {
  COOPLEDGER_RETURN_IF_ERROR(RequireMonth("month", decided.month));
  COOPLEDGER_ASSIGN_OR_RETURN(const projections::ActivityState* activity,
                              OpenActivity("activity_id", decided.activity_id, decided.month, state));
  if (activity->opened.kind != events::ActivityKind::kCjsSeason) {
    return Invalid("activity_id", decided.activity_id.value + " is not a CJS season: only a CJS shares an envelope");
  }
  COOPLEDGER_RETURN_IF_ERROR(PayMonthOpen("month", decided.month, state));
  if (decided.key == events::DistributionKey::kUnset) return Invalid("key", "required: equal, byHours or byInvolvement");
  if (decided.envelope.cents() <= 0) return Invalid("envelope", "must be more than zero");
  if (decided.shares.empty()) return Invalid("shares", "at least one member");
  std::set<std::string> seen;
  for (size_t i = 0; i < decided.shares.size(); ++i) {
    const events::DistributionShare& share = decided.shares[i];
    const std::string field = "shares[" + std::to_string(i) + "]";
    const projections::MemberState* member = state.FindMember(share.member_id);
    if (member == nullptr) return Unknown(field + ".member_id", "member", share.member_id.value);
    if (member->joined.activity_id != decided.activity_id) {
      return Invalid(field + ".member_id", share.member_id.value + " is not a member of " + decided.activity_id.value);
    }
    if (!member->EmployedIn(decided.month)) {
      return Invalid(field + ".member_id", share.member_id.value + " has no contract in " + PayMonthKey(decided.month));
    }
    if (!seen.insert(share.member_id.value).second) return Invalid(field + ".member_id", "appears twice");
    if (share.weight <= 0) return Invalid(field + ".weight", "must be more than zero");
    if (decided.key == events::DistributionKey::kEqual && share.weight != 1) {
      return Invalid(field + ".weight", "must be 1 for an equal distribution");
    }
  }
  const std::string stream = "payroll/distribution/" + decided.activity_id.value + "/" + PayMonthKey(decided.month);
  if (state.StreamExists(stream)) return Taken("month", PayMonthKey(decided.month) + " of " + decided.activity_id.value);
  const Date effective = decided.month;
  return One(Make(stream, effective, std::move(decided)));
}

Decision PayslipIssued(const WorkState& state, const DecisionContext&, events::PayslipIssued payslip) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("payslip_id", payslip.payslip_id.value));
  if (state.FindPayslip(payslip.payslip_id.value) != nullptr) return Taken("payslip_id", payslip.payslip_id.value);
  const projections::MemberState* member = state.FindMember(payslip.member_id);
  if (member == nullptr) return Unknown("member_id", "member", payslip.member_id.value);
  if (payslip.activity_id != member->joined.activity_id) {
    return Invalid("activity_id", "must be the member's activity, " + member->joined.activity_id.value);
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireMonth("period_start", payslip.period_start));
  if (payslip.period_end != payslip.period_start.FirstOfNextMonth()) {
    return Invalid("period_end", "must be " + payslip.period_start.FirstOfNextMonth().ToString() + ": a payslip covers one month");
  }
  const std::string month = PayMonthKey(payslip.period_start);
  COOPLEDGER_RETURN_IF_ERROR(PayMonthOpen("period_start", payslip.period_start, state));
  if (!member->EmployedIn(payslip.period_start)) {
    return Invalid("period_start", payslip.member_id.value + " has no contract in " + month);
  }
  if (state.HasPayslip(payslip.member_id, month)) {
    return Error(ErrorCode::kAlreadyExists, "member_id: " + payslip.member_id.value + " already has the payslip of " + month +
                                                ": an issued payslip never changes, late facts go to the next one");
  }
  if (!state.ParametersAdopted(payslip.parameters_version)) {
    return Invalid("parameters_version", "\"" + payslip.parameters_version + "\" was never adopted");
  }
  if (payslip.paid_minutes < 0) return Invalid("paid_minutes", "must not be negative");
  COOPLEDGER_RETURN_IF_ERROR(PayslipAddsUp(payslip));
  // Its SAL entry is dated on the month's last day.
  COOPLEDGER_RETURN_IF_ERROR(PeriodOpen("period_end", payslip.period_end.AddDays(-1), state));
  const Date effective = payslip.period_end.AddDays(-1);
  const std::string stream = "payslip/" + payslip.payslip_id.value;
  return One(Make(stream, effective, std::move(payslip), 0));
}

Decision WagePaid(const WorkState& state, const DecisionContext& context, events::WagePaid paid) {
  const projections::PayslipFacts* payslip = state.FindPayslip(paid.payslip_id.value);
  if (payslip == nullptr) return Unknown("payslip_id", "payslip", paid.payslip_id.value);
  if (paid.member_id != payslip->member_id) return Invalid("member_id", "must be the payslip's, " + payslip->member_id.value);
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("paid_on", paid.paid_on));
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("paid_on", paid.paid_on, context));
  if (paid.paid_on < payslip->period_start) return Invalid("paid_on", "before the payslip's month");
  COOPLEDGER_RETURN_IF_ERROR(PeriodOpen("paid_on", paid.paid_on, state));
  if (paid.amount.cents() <= 0) return Invalid("amount", "must be more than zero");
  const int64_t left = payslip->net_paid.cents() - state.WagesPaid(paid.payslip_id.value).cents();
  if (paid.amount.cents() > left) {
    return Error(ErrorCode::kExceedsOpenAmount, "amount: " + paid.amount.ToString() + " is more than the " +
                                                    Money::FromCents(left).ToString() + " left to pay on " +
                                                    paid.payslip_id.value);
  }
  if (paid.method == events::PaymentMethod::kUnset) return Invalid("method", "required");
  const Date effective = paid.paid_on;
  return One(Make("payslip/" + paid.payslip_id.value, effective, std::move(paid)));
}

Decision ContributionsPaid(const WorkState& state, const DecisionContext& context, events::ContributionsPaid paid) {
  static const std::set<std::string> kOrganisations = {"urssaf", "agirc_arrco", "dgfip_pas", "france_competences",
                                                       "action_logement", "health_insurer"};
  if (!kOrganisations.count(paid.organisation)) {
    return Invalid("organisation", "\"" + paid.organisation +
                                       "\" is not one of urssaf, agirc_arrco, dgfip_pas, france_competences, "
                                       "action_logement, health_insurer");
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireMonth("month", paid.month));
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("paid_on", paid.paid_on));
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("paid_on", paid.paid_on, context));
  COOPLEDGER_RETURN_IF_ERROR(PeriodOpen("paid_on", paid.paid_on, state));
  if (paid.amount.cents() <= 0) return Invalid("amount", "must be more than zero");
  const Date effective = paid.paid_on;
  return One(Make("payroll/contributions/" + PayMonthKey(paid.month), effective, std::move(paid)));
}

Decision PayrollMonthClosed(const WorkState& state, const DecisionContext& context, events::PayrollMonthClosed closed) {
  COOPLEDGER_RETURN_IF_ERROR(RequireMonth("month", closed.month));
  const std::string month = PayMonthKey(closed.month);
  if (state.PayMonthClosed(month)) {
    return Error(ErrorCode::kAlreadyExists, "month: the pay month " + month + " is already closed");
  }
  if (context.today < closed.month.FirstOfNextMonth()) {
    return Invalid("month", "a pay month closes once it is over (today is " + context.today.ToString() + ")");
  }
  std::string missing;
  state.ForEachMember([&](const projections::MemberState& member) {
    if (member.EmployedIn(closed.month) && !state.HasPayslip(member.joined.member_id, month)) {
      if (missing.empty() || member.joined.member_id.value < missing) missing = member.joined.member_id.value;
    }
  });
  if (!missing.empty()) {
    return Invalid("month", missing + " has no payslip for " + month + ": run the payroll before closing");
  }
  if (closed.payslip_count != state.PayslipCount(month)) {
    return Invalid("payslip_count", "is " + std::to_string(closed.payslip_count) + " but " + month + " has " +
                                        std::to_string(state.PayslipCount(month)) + " payslips");
  }
  const Date effective = closed.month.FirstOfNextMonth().AddDays(-1);
  return One(Make("payroll/" + month, effective, std::move(closed)));
}

}  // namespace coopledger::engine::decide
