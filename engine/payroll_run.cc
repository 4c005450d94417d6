#include "engine/payroll_run.h"

#include <algorithm>
#include <map>

#include "engine/hash_chain.h"
#include "engine/replay.h"

namespace coopledger::engine {
namespace {

using projections::PayrollMember;
using projections::PayrollParameters;
using projections::PayslipComputation;
using projections::PayslipSituation;

Money Cents(int64_t cents) { return Money::FromCents(cents); }

int32_t MonthsBetween(Date start, Date end_included) {
  return (end_included.year() - start.year()) * 12 + end_included.month() - start.month() + 1;
}

std::string HoursText(int64_t minutes) {
  return std::to_string(minutes / 60) + " h " + (minutes % 60 < 10 ? "0" : "") + std::to_string(minutes % 60);
}

events::PayslipIssued ToEvent(const PayrollMember& member, const PayrollRunInput& input,
                              const PayslipComputation& computed, int64_t paid_minutes) {
  events::PayslipIssued payslip;
  const std::string month = projections::PayMonthKey(input.month);
  payslip.payslip_id.value = month + "-" + member.joined.member_id.value;
  payslip.member_id = member.joined.member_id;
  payslip.activity_id = member.joined.activity_id;
  payslip.period_start = input.month;
  payslip.period_end = input.month.FirstOfNextMonth();
  payslip.paid_minutes = static_cast<int32_t>(paid_minutes);
  payslip.gross = computed.gross;
  payslip.lines = computed.lines;
  payslip.net_before_tax = computed.net_before_tax;
  payslip.net_taxable = computed.net_taxable;
  payslip.net_social = computed.net_social;
  payslip.income_tax = computed.income_tax;
  payslip.net_paid = computed.net_paid;
  payslip.employer_cost = computed.employer_cost;
  payslip.parameters_version = input.parameters_version;
  payslip.regime = member.joined.regime;
  payslip.hourly_rate = member.joined.hourly_rate;
  payslip.employee_contributions = computed.employee_contributions;
  payslip.employer_contributions = computed.employer_contributions;
  payslip.reduction = computed.reduction;
  payslip.student_exempt = computed.student_exempt;
  payslip.income_tax_base = computed.income_tax_base;
  payslip.income_tax_rate_ppm = computed.income_tax_rate_ppm;
  payslip.year_to_date = computed.year_to_date;
  return payslip;
}

PayslipSituation BaseSituation(const projections::PayrollState& payroll, const PayrollMember& member) {
  PayslipSituation situation;
  situation.headcount = payroll.cae() && payroll.cae()->headcount > 0 ? payroll.cae()->headcount : 1;
  if (payroll.cae() && payroll.cae()->atmp_rate_ppm > 0) situation.atmp_rate_ppm = payroll.cae()->atmp_rate_ppm;
  situation.fixed_term = member.joined.contract == events::ContractKind::kFixedTerm;
  if (situation.fixed_term && member.LastDay()) {
    situation.contract_months = MonthsBetween(member.joined.contract_start, *member.LastDay());
  }
  return situation;
}

Result<events::PayslipIssued> CjsPayslip(const projections::PayrollState& payroll, const PayrollMember& member,
                                         const PayrollRunInput& input) {
  const PayrollParameters& parameters = *input.parameters;
  const Date next = input.month.FirstOfNextMonth();
  PayslipSituation situation = BaseSituation(payroll, member);
  situation.school_holiday_job = true;
  situation.student = true;
  const std::optional<Date> birth = input.birth_date ? input.birth_date(member.joined.member_id) : std::nullopt;
  auto age_on = [&](Date day) {
    return birth ? birth->AgeOn(day) : day.year() - member.joined.birth_year;
  };
  situation.age = age_on(input.month);
  // Hours of the month, and late hours of earlier months (regularisation).
  std::map<int32_t, int64_t> minutes_by_age;
  int64_t month_minutes = 0;
  int64_t late_minutes = 0;
  std::vector<std::string> corrects;
  for (const projections::PaidHours& hours : member.hours) {
    if (!hours.payslip_id.empty() || !(hours.day < next)) continue;
    if (hours.day < input.month) {
      late_minutes += hours.minutes;
      corrects.push_back("hours:" + std::to_string(hours.seq));
    } else {
      month_minutes += hours.minutes;
      minutes_by_age[age_on(hours.day)] += hours.minutes;
    }
  }
  const Money rate = member.joined.hourly_rate;
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t month_pay, MulDivRoundHalfUp(rate.cents(), month_minutes, 60));
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t late_pay, MulDivRoundHalfUp(rate.cents(), late_minutes, 60));
  Money base = Cents(month_pay);
  const events::PayslipYearToDate before = member.YearToDate(input.month.year());
  if (const events::DistributionDecided* decided = payroll.DistributionFor(member.joined.activity_id.value, input.month)) {
    // The member's share of the envelope (an employer cost), turned into gross pay.
    int64_t total_weight = 0;
    int64_t weight = 0;
    for (const events::DistributionShare& share : decided->shares) {
      total_weight += share.weight;
      if (share.member_id == member.joined.member_id) weight = share.weight;
    }
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t envelope, MulDivRoundHalfUp(decided->envelope.cents(), weight,
                                                                           total_weight > 0 ? total_weight : 1));
    situation.paid_seconds = month_minutes * 60;
    COOPLEDGER_ASSIGN_OR_RETURN(base, projections::SolveBaseGross(parameters, situation, before, Cents(envelope)));
  }
  int64_t minimum = 0;
  for (const auto& [age, minutes] : minutes_by_age) minimum += parameters.MinimumGross(age, minutes).cents();
  if (base.cents() < minimum) {
    return Error(ErrorCode::kInvalidArgument,
                 member.joined.member_id.value + ": " + base.ToString() + " EUR for " + HoursText(month_minutes) +
                     " of work in " + projections::PayMonthKey(input.month) + " is below the legal minimum of " +
                     Cents(minimum).ToString() + " EUR (SMIC " + parameters.smic_hourly.ToString() +
                     " EUR an hour with the minors' abatement, C. trav. D3231-3)");
  }
  situation.base_gross = Cents(base.cents() + late_pay);
  situation.paid_seconds = (month_minutes + late_minutes) * 60;
  // The contract ends this month: the paid-leave indemnity, a tenth of the contract's pay.
  const std::optional<Date> last = member.LastDay();
  if (last && !(*last < input.month) && *last < next) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t indemnity,
                                MulDivRoundHalfUp(member.ContractGross().cents() + situation.base_gross.cents(),
                                                  parameters.paid_leave_ppm, projections::kRateOne));
    situation.paid_leave_indemnity = Cents(indemnity);
  }
  COOPLEDGER_ASSIGN_OR_RETURN(const PayslipComputation computed, projections::ComputePayslip(parameters, situation, before));
  events::PayslipIssued payslip = ToEvent(member, input, computed, month_minutes + late_minutes);
  payslip.paid_leave_indemnity = situation.paid_leave_indemnity;
  payslip.regularisation = Cents(late_pay);
  payslip.corrects = std::move(corrects);
  return payslip;
}

// CESA: the cost of a gross with its hour equivalent.
Result<PayslipComputation> CesaComputation(const PayrollParameters& parameters, PayslipSituation situation,
                                           const events::PayslipYearToDate& before, Money gross) {
  const int64_t full_time_seconds = int64_t{parameters.full_time_minutes} * 60;
  const Money smic_month = parameters.SmicFor(parameters.full_time_minutes);
  situation.base_gross = gross;
  situation.paid_seconds = gross >= smic_month || smic_month.cents() == 0
                               ? full_time_seconds
                               : full_time_seconds * gross.cents() / smic_month.cents();
  return projections::ComputePayslip(parameters, situation, before);
}

Result<events::PayslipIssued> CesaPayslip(const projections::PayrollState& payroll, const PayrollMember& member,
                                          const PayrollRunInput& input) {
  const PayrollParameters& parameters = *input.parameters;
  PayslipSituation situation = BaseSituation(payroll, member);
  situation.age = input.month.year() - member.joined.birth_year;
  const events::PayslipYearToDate before = member.YearToDate(input.month.year());
  const projections::ActivityResults* activity = payroll.FindActivity(member.joined.activity_id.value);
  const Money envelope = activity ? activity->AvailableThrough(projections::PayMonthKey(input.month)) : Money::Zero();
  // The fixed part: the contract's weekly hours at its hourly rate, over 52 / 12 weeks.
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t fixed, MulDivRoundHalfUp(member.joined.hourly_rate.cents(),
                                                                      int64_t{member.joined.weekly_minutes} * 52, 12 * 60));
  COOPLEDGER_ASSIGN_OR_RETURN(const Money solved, projections::LargestWithin(envelope, [&](Money gross) -> Result<Money> {
    COOPLEDGER_ASSIGN_OR_RETURN(const PayslipComputation cost, CesaComputation(parameters, situation, before, gross));
    return cost.employer_cost;
  }));
  const Money gross = Cents(std::max(solved.cents(), fixed));
  COOPLEDGER_ASSIGN_OR_RETURN(const PayslipComputation computed, CesaComputation(parameters, situation, before, gross));
  return ToEvent(member, input, computed, 0);
}

Result<events::PayslipIssued> CapePayslip(const projections::PayrollState& payroll, const PayrollMember& member,
                                          const PayrollRunInput& input) {
  const PayrollParameters& parameters = *input.parameters;
  // No pay: the AT/MP contribution on the flat base of the legal monthly hours (arrêté du 18
  // février 2008), at the CAE's rate.
  PayslipComputation computed;
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t base, MulDivRoundHalfUp(parameters.cape_atmp_hourly_base.cents(),
                                                                     parameters.full_time_minutes, 60));
  int64_t rate = parameters.atmp_default_ppm;
  if (payroll.cae() && payroll.cae()->atmp_rate_ppm > 0) rate = payroll.cae()->atmp_rate_ppm;
  events::PayslipLine line;
  line.code = "accident_travail";
  line.label = "Accidents du travail - maladies professionnelles (assiette forfaitaire CAPE)";
  line.base = Cents(base);
  line.employer_rate_ppm = rate;
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t amount, MulDivRoundHalfUp(base, rate, projections::kRateOne));
  line.employer_amount = Cents(amount);
  computed.lines.push_back(line);
  computed.employer_contributions = line.employer_amount;
  computed.employer_cost = line.employer_amount;
  computed.year_to_date = member.YearToDate(input.month.year());
  computed.year_to_date.employer_cost = Cents(computed.year_to_date.employer_cost.cents() + amount);
  return ToEvent(member, input, computed, 0);
}

// The key that names a part of a step by its first command (PayrollDesk::AppendInParts).
std::string PartKey(const events::EventBody& command) {
  if (const auto* payslip = std::get_if<events::PayslipIssued>(&command)) return payslip->payslip_id.value;
  if (const auto* wage = std::get_if<events::WagePaid>(&command)) return "wage-" + wage->payslip_id.value;
  if (const auto* paid = std::get_if<events::ContributionsPaid>(&command)) return paid->organisation;
  if (const auto* adopted = std::get_if<events::ParametersAdopted>(&command)) return adopted->version;
  return std::string(events::KindName(command));
}

}  // namespace

Result<std::vector<events::PayslipIssued>> DraftPayslips(const projections::PayrollState& payroll,
                                                         const PayrollRunInput& input) {
  if (payroll.MonthClosed(input.month)) {
    return Error(ErrorCode::kPeriodClosed, "month: the pay month " + projections::PayMonthKey(input.month) + " is closed");
  }
  std::vector<events::PayslipIssued> payslips;
  const std::string key = projections::PayMonthKey(input.month);
  for (const auto& [id, member] : payroll.members()) {
    if (!member.EmployedIn(input.month) || member.payslips.count(key)) continue;
    Result<events::PayslipIssued> payslip = Error(ErrorCode::kUnsupported, id + ": no payroll for this regime");
    switch (member.joined.regime) {
      case events::Regime::kCjsYouth: payslip = CjsPayslip(payroll, member, input); break;
      case events::Regime::kCesa: payslip = CesaPayslip(payroll, member, input); break;
      case events::Regime::kCape: payslip = CapePayslip(payroll, member, input); break;
      case events::Regime::kUnset: break;
    }
    if (!payslip) return payslip.error();
    payslips.push_back(std::move(*payslip));
  }
  return payslips;
}

std::optional<events::JournalEntryRecorded> CapeProvision(const projections::PayrollState& payroll,
                                                         const std::string& activity_id, Date month,
                                                         int64_t run_cost_cents) {
  const projections::ActivityResults* activity = payroll.FindActivity(activity_id);
  if (activity == nullptr) return std::nullopt;
  const std::string month_key = projections::PayMonthKey(month);
  // Everything the activity has earned so far, less its payroll costs, this run's included; a
  // loss is not provisioned below zero.
  const int64_t target = std::max<int64_t>(0, activity->AvailableThrough(month_key).cents() - run_cost_cents);
  const int64_t change = target - activity->provisioned.cents();
  if (change == 0) return std::nullopt;
  events::JournalEntryRecorded entry;
  entry.entry_id.value = std::string(projections::kCapeProvisionEntryPrefix) + activity_id + "/" + month_key;
  entry.journal = "OD";
  entry.entry_date = month.FirstOfNextMonth().AddDays(-1);
  entry.label = std::string(change > 0 ? "Provision" : "Reprise de provision") + " du résultat CAPE " +
                activity->name + " " + month_key;
  entry.piece_reference = "PROV-CAPE-" + month_key;
  const Money amount = Money::FromCents(change > 0 ? change : -change);
  const std::string analytic = activity->analytic_code;
  events::Posting provision{projections::kCapeProvisionAccount, "", analytic,
                            change > 0 ? events::Side::kCredit : events::Side::kDebit, amount, entry.label};
  events::Posting counterpart{change > 0 ? projections::kCapeProvisionChargeAccount
                                         : projections::kCapeProvisionReleaseAccount,
                              "", analytic, change > 0 ? events::Side::kDebit : events::Side::kCredit, amount,
                              entry.label};
  entry.postings = {counterpart, provision};
  return entry;
}

Result<std::vector<events::EventBody>> PayrollRunCommands(
    const projections::PayrollState& payroll, const Rules& rules, Date month,
    const std::function<std::optional<Date>(const events::MemberId&)>& birth_date) {
  std::vector<events::EventBody> commands;
  PayrollRunInput input;
  input.month = month;
  input.birth_date = birth_date;
  projections::PayrollParameters parsed;
  if (const projections::AdoptedParameters* adopted = payroll.ParametersFor(month)) {
    if (!rules.parse_payroll_table) return Error(ErrorCode::kInvalidArgument, "no reader for payroll tables");
    COOPLEDGER_ASSIGN_OR_RETURN(parsed, rules.parse_payroll_table(adopted->table, "ParametersAdopted " + adopted->version));
    input.parameters_version = adopted->version;
  } else {
    const PayrollTable* table = nullptr;
    for (const PayrollTable& candidate : rules.payroll_tables) {
      if (!(month < candidate.parameters.effective_from) &&
          (!candidate.parameters.effective_until || month < *candidate.parameters.effective_until)) {
        table = &candidate;
      }
    }
    if (table == nullptr) {
      return Error(ErrorCode::kNotFound, "month: no payroll parameters for " + projections::PayMonthKey(month));
    }
    events::ParametersAdopted adopt;
    adopt.version = table->parameters.version;
    adopt.effective_from = table->parameters.effective_from;
    adopt.effective_until = table->parameters.effective_until;
    adopt.table = table->text;
    const Hash hash = Sha256(table->text);
    adopt.table_sha256.assign(hash.begin(), hash.end());
    adopt.source = "rules/payroll/" + table->parameters.version + ".json";
    commands.push_back(std::move(adopt));
    parsed = table->parameters;
    input.parameters_version = table->parameters.version;
  }
  input.parameters = &parsed;
  COOPLEDGER_ASSIGN_OR_RETURN(std::vector<events::PayslipIssued> payslips, DraftPayslips(payroll, input));
  // The employer cost of this run's CAPE payslips, by activity: the result left to provision.
  std::map<std::string, int64_t> cape_costs;
  for (const events::PayslipIssued& payslip : payslips) {
    if (payslip.regime == events::Regime::kCape) cape_costs[payslip.activity_id.value] += payslip.employer_cost.cents();
  }
  for (events::PayslipIssued& payslip : payslips) commands.push_back(std::move(payslip));
  for (const auto& [activity_id, cost] : cape_costs) {
    if (std::optional<events::JournalEntryRecorded> entry = CapeProvision(payroll, activity_id, month, cost)) {
      commands.push_back(std::move(*entry));
    }
  }
  return commands;
}

std::map<std::string, Money> ContributionsDue(const projections::PayrollState& payroll, Date month) {
  std::map<std::string, int64_t> cents;
  for (const projections::IssuedPayslip* issued : payroll.PayslipsOf(month)) {
    for (const events::PayslipLine& line : issued->payslip.lines) {
      cents[projections::PayslipLineOrganisation(line.code)] += line.employee_amount.cents() + line.employer_amount.cents();
    }
    cents["dgfip_pas"] += issued->payslip.income_tax.cents();
  }
  std::map<std::string, Money> due;
  for (const auto& [organisation, amount] : cents) {
    if (amount != 0) due[organisation] = Money::FromCents(amount);
  }
  return due;
}

Status PayrollDesk::CatchUp() {
  return ReplayRange(*store_, applied_ + 1, store_->head().seq, [this](const events::StoredEvent& event) {
    state_.Apply(event);
    applied_ = event.seq;
  });
}

std::optional<Date> PayrollDesk::BirthDate(const events::MemberId& member_id) const {
  const projections::PayrollMember* member = state_.FindMember(member_id.value);
  if (member == nullptr || member->joined.personal.empty()) return std::nullopt;
  Result<events::PersonalData> personal = store_->Unseal(member->joined.personal);
  if (!personal) return std::nullopt;
  return personal->birth_date;
}

Status PayrollDesk::Append(std::vector<events::EventBody> commands, const events::CommandId& command_id,
                           const events::Actor& actor) {
  last_result_ = CommandResult{};
  if (commands.empty()) return OkStatus();
  if (commands.size() > part_commands_) {
    return AppendInParts(std::move(commands), command_id, actor);
  }
  // One command alone is executed alone, so that its error reads without a batch position.
  Result<CommandResult> done = commands.size() == 1
                                   ? service_->Execute(command_id, actor, std::move(commands.front()))
                                   : service_->ExecuteAll(command_id, actor, std::move(commands));
  if (!done) return done.error();
  last_result_ = std::move(*done);
  return CatchUp();
}

Status PayrollDesk::AppendInParts(std::vector<events::EventBody> commands,
                                  const events::CommandId& command_id, const events::Actor& actor) {
  CommandResult all{{}, true};
  for (size_t first = 0; first < commands.size(); first += part_commands_) {
    const size_t end = std::min(commands.size(), first + part_commands_);
    const events::CommandId part_id{command_id.value + "/from-" + PartKey(commands[first])};
    const auto begin = commands.begin();
    std::vector<events::EventBody> part(std::make_move_iterator(begin + static_cast<std::ptrdiff_t>(first)),
                                        std::make_move_iterator(begin + static_cast<std::ptrdiff_t>(end)));
    Result<CommandResult> done = service_->ExecuteAll(part_id, actor, std::move(part));
    if (!done) {
      // The parts before it are written: the desk's state follows them, and the same step run
      // again (same command id) writes what is left.
      COOPLEDGER_RETURN_IF_ERROR(CatchUp());
      return done.error().WithContext(
          "part " + part_id.value + " (commands " + std::to_string(first + 1) + " to " + std::to_string(end) +
          " of " + std::to_string(commands.size()) + "; the " + std::to_string(first) +
          " before it are written, run the step again to complete it): ");
    }
    all.seqs.insert(all.seqs.end(), done->seqs.begin(), done->seqs.end());
    all.replayed = all.replayed && done->replayed;
  }
  last_result_ = std::move(all);
  return CatchUp();
}

Result<size_t> PayrollDesk::Run(Date month, const events::CommandId& command_id, const events::Actor& actor) {
  last_result_ = CommandResult{};
  COOPLEDGER_RETURN_IF_ERROR(CatchUp());
  COOPLEDGER_ASSIGN_OR_RETURN(
      std::vector<events::EventBody> commands,
      PayrollRunCommands(state_, service_->rules(), month, [this](const events::MemberId& id) { return BirthDate(id); }));
  const size_t payslips = static_cast<size_t>(std::count_if(commands.begin(), commands.end(), [](const events::EventBody& body) {
    return std::holds_alternative<events::PayslipIssued>(body);
  }));
  if (payslips == 0) return size_t{0};  // Not even the table's adoption: nothing to pay with it.
  COOPLEDGER_RETURN_IF_ERROR(Append(std::move(commands), command_id, actor));
  return payslips;
}

Status PayrollDesk::Close(Date month, const events::CommandId& command_id, const events::Actor& actor) {
  COOPLEDGER_RETURN_IF_ERROR(CatchUp());
  events::PayrollMonthClosed closed;
  closed.month = month;
  closed.payslip_count = static_cast<int32_t>(state_.PayslipsOf(month).size());
  std::vector<events::EventBody> commands;
  commands.push_back(std::move(closed));
  return Append(std::move(commands), command_id, actor);
}

Result<size_t> PayrollDesk::Pay(Date month, Date day, Payments payments, const events::CommandId& command_id,
                                const events::Actor& actor) {
  COOPLEDGER_RETURN_IF_ERROR(CatchUp());
  std::vector<events::EventBody> commands;
  if (payments.wages) {
    for (const projections::IssuedPayslip* issued : state_.PayslipsOf(month)) {
      const int64_t left = issued->payslip.net_paid.cents() - issued->wages_paid.cents();
      if (left <= 0) continue;
      events::WagePaid paid;
      paid.payslip_id = issued->payslip.payslip_id;
      paid.member_id = issued->payslip.member_id;
      paid.paid_on = day;
      paid.amount = Money::FromCents(left);
      paid.method = events::PaymentMethod::kBankTransfer;
      commands.push_back(std::move(paid));
    }
  }
  if (payments.contributions) {
    for (const auto& [organisation, due] : ContributionsDue(state_, month)) {
      const int64_t left = due.cents() - state_.ContributionsPaid(month, organisation).cents();
      if (left <= 0) continue;
      events::ContributionsPaid paid;
      paid.organisation = organisation;
      paid.month = month;
      paid.paid_on = day;
      paid.amount = Money::FromCents(left);
      paid.reference = organisation + " " + projections::PayMonthKey(month);
      commands.push_back(std::move(paid));
    }
  }
  const size_t count = commands.size();
  COOPLEDGER_RETURN_IF_ERROR(Append(std::move(commands), command_id, actor));
  return count;
}

}  // namespace coopledger::engine
