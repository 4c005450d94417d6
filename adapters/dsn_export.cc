#include "adapters/dsn_export.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "adapters/dsn_text.h"

namespace coopledger::adapters {
namespace {

using projections::IssuedPayslip;
using projections::PayrollMember;
using projections::PayrollState;

constexpr char kSoftware[] = "coopledger";
constexpr char kSoftwareVersion[] = "0.1";
constexpr int64_t kFullTimeMinutes = 9'100;  // 151 2/3 h a month.
// The one prevoyance contract's technical ids: S21.G00.15.005 (adhesion) is what S21.G00.70.013
// points at, S21.G00.70.012 (affiliation) what S21.G00.78.005 points at. Any value of up to 3
// characters unique in the declaration does (open-neodes' sample DSN, norm P25V01: affiliation
// '1' pointing at adhesion '100').
constexpr char kAdhesionId[] = "1";
constexpr char kAffiliationId[] = "1";
// S21.G00.71.002 of an individual with no complementary pension (norm's code list: "pas de
// regime complementaire"): the block is written for every contract all the same.
constexpr char kNoComplementaryPension[] = "90000";
constexpr char kHealthInsurer[] = "health_insurer";

// One payslip line's declaration: its S81 amount and base, keyed by base code and S81 code.
struct Contribution {
  int64_t base_cents = 0;
  int64_t amount_cents = 0;
  int64_t rate_ppm = 0;
};

struct DeclaredPay {
  int64_t gross_cents = 0;
  // Base code -> (amount of the base, S81 code -> contribution).
  std::map<std::string, std::pair<int64_t, std::map<std::string, Contribution>>> bases;
  // (CTP, qualifier) -> {rate, base, amount} for block 23, deductions negative.
  std::map<std::pair<std::string, std::string>, Contribution> urssaf;
  int64_t pension_cents = 0;
  int64_t provident_cents = 0;
  int64_t income_tax_cents = 0;
};

Status AddPayslip(const events::PayslipIssued& payslip, const DsnCtpTable& table,
                  DeclaredPay& pay) {
  pay.gross_cents += payslip.gross.cents();
  pay.income_tax_cents += payslip.income_tax.cents();
  for (const events::PayslipLine& line : payslip.lines) {
    const int64_t amount = line.employee_amount.cents() + line.employer_amount.cents();
    const DsnLineMapping* mapping = table.FindLine(line.code);
    if (mapping == nullptr) {
      if (amount == 0) continue;
      return Error(ErrorCode::kInvalidArgument, "payslip " + payslip.payslip_id.value + ": line " +
                                                    line.code +
                                                    " has no DSN code in rules/dsn/ctp.json");
    }
    auto& [base_amount, contributions] = pay.bases[mapping->base];
    base_amount = std::max(base_amount, line.base.cents());
    if (amount == 0) continue;
    Contribution& contribution = contributions[mapping->s81];
    contribution.base_cents = std::max(contribution.base_cents, line.base.cents());
    contribution.amount_cents += amount;
    contribution.rate_ppm += line.employee_rate_ppm + line.employer_rate_ppm;
    if (mapping->organisation == "agirc_arrco") {
      pay.pension_cents += amount;
      continue;
    }
    if (mapping->organisation == kHealthInsurer) {
      pay.provident_cents += amount;
      continue;
    }
    Contribution& aggregated = pay.urssaf[{mapping->ctp, mapping->qualifier}];
    aggregated.base_cents = std::max(aggregated.base_cents, line.base.cents());
    aggregated.amount_cents += amount;
    aggregated.rate_ppm += line.employee_rate_ppm + line.employer_rate_ppm;
  }
  return OkStatus();
}

// The difference `now - then`, per base and contribution; empty maps when nothing changed.
DeclaredPay Difference(const DeclaredPay& now, const DeclaredPay& then) {
  DeclaredPay delta;
  delta.gross_cents = now.gross_cents - then.gross_cents;
  delta.pension_cents = now.pension_cents - then.pension_cents;
  delta.provident_cents = now.provident_cents - then.provident_cents;
  delta.income_tax_cents = now.income_tax_cents - then.income_tax_cents;
  std::set<std::string> codes;
  for (const auto& [code, unused] : now.bases) codes.insert(code);
  for (const auto& [code, unused] : then.bases) codes.insert(code);
  for (const std::string& code : codes) {
    static const std::pair<int64_t, std::map<std::string, Contribution>> kNone;
    const auto& a = now.bases.count(code) ? now.bases.at(code) : kNone;
    const auto& b = then.bases.count(code) ? then.bases.at(code) : kNone;
    std::map<std::string, Contribution> contributions;
    std::set<std::string> s81s;
    for (const auto& [s81, unused] : a.second) s81s.insert(s81);
    for (const auto& [s81, unused] : b.second) s81s.insert(s81);
    for (const std::string& s81 : s81s) {
      const Contribution x = a.second.count(s81) ? a.second.at(s81) : Contribution{};
      const Contribution y = b.second.count(s81) ? b.second.at(s81) : Contribution{};
      if (x.amount_cents != y.amount_cents || x.base_cents != y.base_cents) {
        contributions[s81] = {x.base_cents - y.base_cents, x.amount_cents - y.amount_cents,
                              x.rate_ppm};
      }
    }
    if (a.first != b.first || !contributions.empty()) {
      delta.bases[code] = {a.first - b.first, std::move(contributions)};
    }
  }
  for (const auto& [key, value] : now.urssaf) delta.urssaf[key].amount_cents += value.amount_cents;
  for (const auto& [key, value] : then.urssaf) delta.urssaf[key].amount_cents -= value.amount_cents;
  for (auto& [key, value] : delta.urssaf) {
    const Contribution a = now.urssaf.count(key) ? now.urssaf.at(key) : Contribution{};
    const Contribution b = then.urssaf.count(key) ? then.urssaf.at(key) : Contribution{};
    value.base_cents = a.base_cents - b.base_cents;
    value.rate_ppm = a.rate_ppm != 0 ? a.rate_ppm : b.rate_ppm;
  }
  std::erase_if(delta.urssaf, [](const auto& entry) { return entry.second.amount_cents == 0; });
  return delta;
}

// Paid hours dated in `month`, in minutes, as `member` knows them.
int64_t MinutesDatedIn(const PayrollMember& member, Date month) {
  int64_t minutes = 0;
  for (const projections::PaidHours& hours : member.hours) {
    if (!(hours.day < month) && hours.day < month.FirstOfNextMonth()) minutes += hours.minutes;
  }
  return minutes;
}

// What changed about one earlier month of one member since the previous filing.
struct Regularisation {
  Date month;
  int64_t minutes = 0;
  int64_t pay_cents = 0;
  DeclaredPay declared;  // Contributions of payslips of that month issued since.
};

class MonthlyDsnBuilder {
 public:
  MonthlyDsnBuilder(const DsnMonthInput& input, const DsnNorm& norm, const DsnCtpTable& table)
      : input_(input), norm_(norm), table_(table), individuals_(norm) {}

  Result<DsnMonth> Build();

 private:
  Status AddIndividual(const PayrollMember& member, const IssuedPayslip& issued);
  Result<std::optional<Date>> PaymentDate(const IssuedPayslip& issued) const;
  Status AddPayment(const PayrollMember& member, const events::PayslipIssued& payslip, Date paid_on);
  void PutIdentity(const events::MemberJoined& joined);
  Result<std::vector<Regularisation>> RegularisationsOf(const PayrollMember& member);
  bool Covered(events::Regime regime) const;
  void PutContract(const PayrollMember& member, const events::PayslipIssued& payslip);
  Status PutBases(const DeclaredPay& pay, Date start, Date end, const std::string& member_id);
  Status CheckConfigured() const;
  void AddUrssaf(const DeclaredPay& pay);
  void PutHeader(DsnWriter& out, int32_t headcount) const;
  void PutPayments(DsnWriter& out) const;

  const DsnMonthInput& input_;
  const DsnNorm& norm_;
  const DsnCtpTable& table_;
  const events::CaeConfigured* cae_ = nullptr;
  DsnWriter individuals_;
  DsnMonth result_;
  bool covered_ = false;  // The current individual is affiliated to the prevoyance contract.
  std::map<std::tuple<std::string, std::string, int64_t>, Contribution> urssaf_;
};

void MonthlyDsnBuilder::AddUrssaf(const DeclaredPay& pay) {
  for (const auto& [key, contribution] : pay.urssaf) {
    const DsnCtpRule* rule = table_.FindCtp(key.first);
    const bool deduction = rule != nullptr && rule->deduction;
    Contribution& line = urssaf_[{key.first, key.second, deduction ? 0 : contribution.rate_ppm}];
    line.base_cents += contribution.base_cents;
    line.amount_cents += contribution.amount_cents;  // Signed as in S81: a deduction is negative.
  }
}

Status MonthlyDsnBuilder::PutBases(const DeclaredPay& pay, Date start, Date end,
                                   const std::string& member_id) {
  // A premium paid to the health insurer belongs to the member's affiliation (S21.G00.70).
  if (pay.provident_cents != 0 && !covered_) {
    return Error(ErrorCode::kInvalidArgument,
                 member_id + ": a payslip line is paid to the health insurer but no prevoyance "
                             "contract of the CAE (configure-cae: provident_organism_code, "
                             "provident_regimes) covers this member");
  }
  for (const auto& [code, base] : pay.bases) {
    individuals_.Put("S21.G00.78.001", code);
    individuals_.Put("S21.G00.78.002", DateText(start));
    individuals_.Put("S21.G00.78.003", DateText(end));
    individuals_.Put("S21.G00.78.004", AmountText(base.first));
    if (table_.provident_bases.count(code) != 0) individuals_.Put("S21.G00.78.005", kAffiliationId);
    for (const auto& [s81, contribution] : base.second) {
      individuals_.Put("S21.G00.81.001", s81);
      individuals_.Put("S21.G00.81.003", AmountText(contribution.base_cents));
      individuals_.Put("S21.G00.81.004", AmountText(contribution.amount_cents));
      if (contribution.rate_ppm != 0)
        individuals_.Put("S21.G00.81.007", DsnRateText(contribution.rate_ppm));
    }
  }
  return OkStatus();
}

bool MonthlyDsnBuilder::Covered(events::Regime regime) const {
  if (cae_->provident_organism_code.empty()) return false;
  const std::string name(events::EnumNames<events::Regime>::kNames[static_cast<size_t>(regime)]);
  return std::find(cae_->provident_regimes.begin(), cae_->provident_regimes.end(), name) !=
         cae_->provident_regimes.end();
}

void MonthlyDsnBuilder::PutContract(const PayrollMember& member,
                                    const events::PayslipIssued& payslip) {
  const events::MemberJoined& joined = member.joined;
  const events::Regime regime =
      payslip.regime != events::Regime::kUnset ? payslip.regime : joined.regime;
  const std::string regime_name(
      events::EnumNames<events::Regime>::kNames[static_cast<size_t>(regime)]);
  static const DsnContractRule kNone;
  const DsnContractRule& rule =
      table_.contracts.count(regime_name) ? table_.contracts.at(regime_name) : kNone;
  DsnWriter& out = individuals_;
  out.Put("S21.G00.40.001", DateText(joined.contract_start));
  out.Put("S21.G00.40.002", rule.conventional_status);
  out.Put("S21.G00.40.003", rule.pension_status);
  out.Put("S21.G00.40.004", rule.pcs);
  out.Put("S21.G00.40.006", rule.job);
  out.Put("S21.G00.40.007", rule.nature);
  out.Put("S21.G00.40.008", "99");
  out.Put("S21.G00.40.009", joined.member_id.value);
  if (joined.contract_end) out.Put("S21.G00.40.010", DateText(*joined.contract_end));
  out.Put("S21.G00.40.011", rule.unit);
  if (rule.unit == "10") {
    out.Put("S21.G00.40.012", HoursText(kFullTimeMinutes));
    const int64_t monthly =
        joined.weekly_minutes > 0 ? int64_t{joined.weekly_minutes} * 52 / 12 : kFullTimeMinutes;
    out.Put("S21.G00.40.013", HoursText(monthly));
    out.Put("S21.G00.40.014", monthly >= kFullTimeMinutes ? "10" : "20");
  } else {
    out.Put("S21.G00.40.014", "99");
  }
  out.Put("S21.G00.40.016", "99");
  out.Put("S21.G00.40.017", cae_->collective_agreement);
  out.Put("S21.G00.40.018", "200");
  out.Put("S21.G00.40.019", cae_->siren + cae_->nic);
  out.Put("S21.G00.40.020", "200");
  if (rule.nature == "02") {
    auto motif = table_.activity_recourse_motifs.find(joined.activity_id.value);
    out.Put("S21.G00.40.021",
            motif != table_.activity_recourse_motifs.end() ? motif->second : rule.recourse_motif);
  }
  out.Put("S21.G00.40.024", "99");
  out.Put("S21.G00.40.026", "99");
  for (const events::PayslipLine& line : payslip.lines) {
    if (line.code == "accident_travail")
      out.Put("S21.G00.40.043", DsnRateText(line.employer_rate_ppm));
  }
  const std::optional<Date> last = member.LastDay();
  if (last && !(*last < input_.month) && *last < input_.month.FirstOfNextMonth()) {
    out.Put("S21.G00.62.001", DateText(*last));
    out.Put("S21.G00.62.002", rule.end_reason);
  }
  covered_ = Covered(regime);
  if (covered_) {
    out.Put("S21.G00.70.005", cae_->provident_population);
    out.Put("S21.G00.70.012", kAffiliationId);
    out.Put("S21.G00.70.013", kAdhesionId);
    ++result_.provident_affiliations;
  }
  out.Put("S21.G00.71.002", rule.pension ? table_.retirement_code : kNoComplementaryPension);
}

Result<std::vector<Regularisation>> MonthlyDsnBuilder::RegularisationsOf(
    const PayrollMember& member) {
  std::vector<Regularisation> found;
  if (input_.payroll_at_previous_filing == nullptr) return found;
  const PayrollMember* before =
      input_.payroll_at_previous_filing->FindMember(member.joined.member_id.value);
  for (Date month = member.joined.contract_start; month < input_.month;
       month = month.FirstOfNextMonth()) {
    const Date first = Date::FromYmd(month.year(), month.month(), 1).value();
    month = first;
    if (input_.filed_months.count(projections::PayMonthKey(first)) == 0) continue;
    Regularisation change;
    change.month = first;
    change.minutes = MinutesDatedIn(member, first) - (before ? MinutesDatedIn(*before, first) : 0);
    COOPLEDGER_ASSIGN_OR_RETURN(
        change.pay_cents, MulDivRoundHalfUp(member.joined.hourly_rate.cents(), change.minutes, 60));
    DeclaredPay now;
    DeclaredPay then;
    const std::string key = projections::PayMonthKey(first);
    if (auto it = member.payslips.find(key); it != member.payslips.end()) {
      COOPLEDGER_RETURN_IF_ERROR(AddPayslip(it->second.payslip, table_, now));
    }
    if (before != nullptr) {
      if (auto it = before->payslips.find(key); it != before->payslips.end()) {
        COOPLEDGER_RETURN_IF_ERROR(AddPayslip(it->second.payslip, table_, then));
      }
    }
    change.declared = Difference(now, then);
    if (change.minutes != 0 || !change.declared.bases.empty()) found.push_back(std::move(change));
  }
  return found;
}

void MonthlyDsnBuilder::PutIdentity(const events::MemberJoined& joined) {
  DsnWriter& out = individuals_;
  const std::optional<events::PersonalData> person =
      input_.unseal ? input_.unseal(joined.personal) : std::nullopt;
  std::string nir;
  if (person) {
    for (char c : person->social_security_number) {
      if ((c >= '0' && c <= '9') || c == 'A' || c == 'B') nir.push_back(c);
    }
  }
  if (nir.size() >= 13) out.Put("S21.G00.30.001", nir.substr(0, 13));
  out.Put("S21.G00.30.002",
          person && !person->family_name.empty() ? person->family_name : joined.member_id.value);
  if (person) {
    out.Put("S21.G00.30.004", person->given_name);
    if (nir.size() >= 13 && (nir[0] == '1' || nir[0] == '2'))
      out.Put("S21.G00.30.005", nir[0] == '1' ? "01" : "02");
    if (person->birth_date) out.Put("S21.G00.30.006", DateText(*person->birth_date));
    const Address address = SplitAddress(person->address);
    out.Put("S21.G00.30.008", address.street);
    out.Put("S21.G00.30.009", address.postal_code);
    out.Put("S21.G00.30.010", address.city);
    out.Put("S21.G00.30.018", person->email);
  }
  out.Put("S21.G00.30.019", joined.member_id.value);
}

Result<std::optional<Date>> MonthlyDsnBuilder::PaymentDate(const IssuedPayslip& issued) const {
  const events::PayslipIssued& payslip = issued.payslip;
  const Date last = payslip.period_end.AddDays(-1);
  if (payslip.net_paid.cents() == 0) return std::optional<Date>(last);  // Nothing to pay.
  if (issued.last_paid_on && issued.wages_paid >= payslip.net_paid) return issued.last_paid_on;
  if (input_.figures_only) return std::optional<Date>(last);
  if (input_.nature != "01") return std::optional<Date>();  // The month's DSN declares it.
  return Error(ErrorCode::kNotFound,
               "payslip " + payslip.payslip_id.value + " of " + payslip.member_id.value +
                   " is not paid yet (" + issued.wages_paid.ToString() + " of " +
                   payslip.net_paid.ToString() +
                   "): the DSN declares the day the wages were paid (S21.G00.50.001); record the "
                   "payment (payroll pay --month " + projections::PayMonthKey(payslip.period_start) +
                   " --on YYYY-MM-DD) before exporting it");
}

Status MonthlyDsnBuilder::AddIndividual(const PayrollMember& member, const IssuedPayslip& issued) {
  COOPLEDGER_ASSIGN_OR_RETURN(const std::optional<Date> paid_on, PaymentDate(issued));
  PutIdentity(member.joined);
  PutContract(member, issued.payslip);
  if (paid_on) COOPLEDGER_RETURN_IF_ERROR(AddPayment(member, issued.payslip, *paid_on));
  ++result_.individuals;
  return OkStatus();
}

Status MonthlyDsnBuilder::AddPayment(const PayrollMember& member,
                                     const events::PayslipIssued& payslip, Date paid_on) {
  DsnWriter& out = individuals_;
  const events::MemberJoined& joined = member.joined;
  const Date start = payslip.period_start;
  const Date last = payslip.period_end.AddDays(-1);
  out.Put("S21.G00.50.001", DateText(paid_on));
  out.Put("S21.G00.50.002", AmountText(payslip.net_taxable.cents()));
  out.Put("S21.G00.50.004", AmountText(payslip.net_paid.cents()));
  out.Put("S21.G00.50.006", DsnRateText(payslip.income_tax_rate_ppm));
  out.Put("S21.G00.50.007", "13");
  out.Put("S21.G00.50.009", AmountText(payslip.income_tax.cents()));
  if (payslip.student_exempt.cents() != 0) {
    out.Put("S21.G00.50.011", AmountText(payslip.student_exempt.cents()));
  }
  out.Put("S21.G00.50.013", AmountText(payslip.income_tax_base.cents()));
  auto remuneration = [&](Date from, Date to, const char* type, std::optional<int64_t> minutes,
                          int64_t cents) {
    out.Put("S21.G00.51.001", DateText(from));
    out.Put("S21.G00.51.002", DateText(to));
    out.Put("S21.G00.51.010", joined.member_id.value);
    out.Put("S21.G00.51.011", type);
    if (minutes) out.Put("S21.G00.51.012", HoursText(*minutes));
    out.Put("S21.G00.51.013", AmountText(cents));
  };
  remuneration(start, last, "001", std::nullopt, payslip.gross.cents());
  for (const events::PayslipLine& line : payslip.lines) {
    if (line.code == "chomage") remuneration(start, last, "002", std::nullopt, line.base.cents());
  }
  const int64_t base_pay = payslip.gross.cents() - payslip.paid_leave_indemnity.cents() -
                           payslip.end_of_contract_indemnity.cents() -
                           payslip.regularisation.cents();
  COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<Regularisation> changes, RegularisationsOf(member));
  int64_t late_minutes = 0;
  for (const Regularisation& change : changes) late_minutes += change.minutes;
  remuneration(start, last, "010", std::max<int64_t>(payslip.paid_minutes - late_minutes, 0),
               base_pay);
  // What changed about earlier filed months: the hours and pay dated in them.
  for (const Regularisation& change : changes) {
    if (change.minutes != 0) {
      remuneration(change.month, change.month.FirstOfNextMonth().AddDays(-1), "010", change.minutes,
                   change.pay_cents);
    }
  }
  DeclaredPay pay;
  COOPLEDGER_RETURN_IF_ERROR(AddPayslip(payslip, table_, pay));
  const std::string& member_id = joined.member_id.value;
  COOPLEDGER_RETURN_IF_ERROR(PutBases(pay, start, last, member_id));
  AddUrssaf(pay);
  result_.pension_total_cents += pay.pension_cents;
  result_.provident_total_cents += pay.provident_cents;
  result_.income_tax_cents += pay.income_tax_cents;
  for (const Regularisation& change : changes) {
    COOPLEDGER_RETURN_IF_ERROR(PutBases(change.declared, change.month,
                                        change.month.FirstOfNextMonth().AddDays(-1), member_id));
    AddUrssaf(change.declared);
    result_.pension_total_cents += change.declared.pension_cents;
    result_.provident_total_cents += change.declared.provident_cents;
    result_.income_tax_cents += change.declared.income_tax_cents;
  }
  if (!changes.empty()) ++result_.regularisations;
  return OkStatus();
}

void MonthlyDsnBuilder::PutHeader(DsnWriter& out, int32_t headcount) const {
  const Address address = SplitAddress(cae_->address);
  out.Put("S10.G00.00.001", kSoftware);
  out.Put("S10.G00.00.002", kSoftware);
  out.Put("S10.G00.00.003", kSoftwareVersion);
  out.Put("S10.G00.00.005", input_.real ? "02" : "01");
  out.Put("S10.G00.00.006", norm_.version);
  out.Put("S10.G00.00.007", "01");
  out.Put("S10.G00.00.008", "01");
  out.Put("S10.G00.01.001", cae_->siren);
  out.Put("S10.G00.01.002", cae_->nic);
  out.Put("S10.G00.01.003", cae_->name);
  out.Put("S10.G00.01.004", address.street);
  out.Put("S10.G00.01.005", address.postal_code);
  out.Put("S10.G00.01.006", address.city);
  out.Put("S10.G00.02.002", table_.contact.name);
  out.Put("S10.G00.02.004", table_.contact.email);
  out.Put("S10.G00.02.005", table_.contact.phone);
  const bool signal = input_.nature != "01";
  out.Put("S20.G00.05.001", input_.nature);
  // A month without pay is declared "normal sans individu" (02).
  out.Put("S20.G00.05.002", headcount == 0 && !signal ? "02" : "01");
  if (!signal) out.Put("S20.G00.05.003", "11");
  char order[16];
  std::snprintf(order, sizeof order, "%04d%02d%02d", input_.month.year(), input_.month.month(),
                signal ? 7 : 1);
  out.Put("S20.G00.05.004", order);
  out.Put("S20.G00.05.005", DateText(input_.month));
  out.Put("S20.G00.05.007", DateText(input_.file_date));
  out.Put("S20.G00.05.008", "01");
  out.Put("S20.G00.05.010", "01");
  out.Put("S20.G00.07.001", table_.contact.name);
  out.Put("S20.G00.07.002", table_.contact.phone);
  out.Put("S20.G00.07.003", table_.contact.email);
  out.Put("S20.G00.07.004", "04");
  out.Put("S21.G00.06.001", cae_->siren);
  out.Put("S21.G00.06.002", cae_->nic);
  out.Put("S21.G00.06.003", cae_->ape_code);
  out.Put("S21.G00.06.004", address.street);
  out.Put("S21.G00.06.005", address.postal_code);
  out.Put("S21.G00.06.006", address.city);
  out.Put("S21.G00.06.009", std::to_string(cae_->headcount));
  out.Put("S21.G00.06.015", cae_->collective_agreement);
  out.Put("S21.G00.11.001", cae_->nic);
  out.Put("S21.G00.11.002", cae_->ape_code);
  out.Put("S21.G00.11.003", address.street);
  out.Put("S21.G00.11.004", address.postal_code);
  out.Put("S21.G00.11.005", address.city);
  out.Put("S21.G00.11.008", std::to_string(headcount));
  out.Put("S21.G00.11.017", "01");
  out.Put("S21.G00.11.022", cae_->collective_agreement);
  // The prevoyance contract's adhesion, when an individual of the declaration is affiliated.
  if (result_.provident_affiliations > 0) {
    out.Put("S21.G00.15.001", cae_->provident_contract_reference);
    out.Put("S21.G00.15.002", cae_->provident_organism_code);
    out.Put("S21.G00.15.005", kAdhesionId);
  }
}

void MonthlyDsnBuilder::PutPayments(DsnWriter& out) const {
  const std::string start = DateText(input_.month);
  const std::string end = DateText(input_.month.FirstOfNextMonth().AddDays(-1));
  auto payment = [&](const std::string& body, int64_t cents) {
    out.Put("S21.G00.20.001", body);
    out.Put("S21.G00.20.003", cae_->bank_bic);
    out.Put("S21.G00.20.004", cae_->bank_iban);
    out.Put("S21.G00.20.005", AmountText(cents));
    out.Put("S21.G00.20.006", start);
    out.Put("S21.G00.20.007", end);
    out.Put("S21.G00.20.010", "05");
  };
  payment(cae_->urssaf_siret, result_.urssaf_total_cents);
  payment(cae_->pension_institution_id, result_.pension_total_cents);
  if (result_.provident_total_cents != 0) {
    payment(cae_->provident_organism_code, result_.provident_total_cents);
  }
  payment(table_.pas_id, result_.income_tax_cents);
  // The bordereau and its CTP lines are URSSAF's alone; the other bodies have their payment.
  out.Put("S21.G00.22.001", cae_->urssaf_siret);
  out.Put("S21.G00.22.003", start);
  out.Put("S21.G00.22.004", end);
  out.Put("S21.G00.22.005", AmountText(result_.urssaf_total_cents));
  for (const DsnUrssafLine& line : result_.urssaf) {
    out.Put("S21.G00.23.001", line.ctp);
    out.Put("S21.G00.23.002", line.qualifier);
    if (!line.deduction && line.rate_ppm != 0) out.Put("S21.G00.23.003", DsnRateText(line.rate_ppm));
    out.Put("S21.G00.23.004", AmountText(line.base_cents));
    out.Put("S21.G00.23.005", AmountText(line.amount_cents));
  }
}

Status MonthlyDsnBuilder::CheckConfigured() const {
  auto missing = [](const char* field, const char* what) {
    return Error(ErrorCode::kNotFound,
                 std::string("the CAE's configuration has no ") + field + ": record configure-cae "
                 "with " + what + " before exporting a monthly DSN");
  };
  if (cae_->urssaf_siret.empty()) {
    return missing("urssaf_siret", "the SIRET of its URSSAF (S21.G00.20.001, S21.G00.22.001)");
  }
  if (cae_->pension_institution_id.empty()) {
    return missing("pension_institution_id",
                   "the identifier of its Agirc-Arrco caisse (S21.G00.20.001)");
  }
  return OkStatus();
}

Result<DsnMonth> MonthlyDsnBuilder::Build() {
  if (!input_.payroll->cae()) {
    return Error(ErrorCode::kNotFound, "the CAE is not configured: the DSN names its SIREN");
  }
  cae_ = &*input_.payroll->cae();
  if (input_.nature == "01" && !input_.figures_only) COOPLEDGER_RETURN_IF_ERROR(CheckConfigured());
  std::vector<const IssuedPayslip*> payslips = input_.payroll->PayslipsOf(input_.month);
  for (const IssuedPayslip* issued : payslips) {
    if (!input_.member_id.empty() && issued->payslip.member_id.value != input_.member_id) continue;
    const PayrollMember* member = input_.payroll->FindMember(issued->payslip.member_id.value);
    COOPLEDGER_ASSERT(member != nullptr);  // A payslip belongs to a member of the projection.
    COOPLEDGER_RETURN_IF_ERROR(AddIndividual(*member, *issued));
  }
  for (const auto& [key, contribution] : urssaf_) {
    const auto& [ctp, qualifier, rate] = key;
    const DsnCtpRule* rule = table_.FindCtp(ctp);
    const bool deduction = rule != nullptr && rule->deduction;
    result_.urssaf.push_back({ctp, qualifier, rate, contribution.base_cents,
                              deduction ? -contribution.amount_cents : contribution.amount_cents,
                              deduction});
    result_.urssaf_total_cents += contribution.amount_cents;
  }
  DsnWriter out(norm_);
  PutHeader(out, result_.individuals);
  if (input_.nature == "01") PutPayments(out);
  out.Append(individuals_);
  out.Put("S90.G00.90.001", std::to_string(out.lines() + 2));
  out.Put("S90.G00.90.002", "1");
  result_.bytes = out.text();
  return std::move(result_);
}

}  // namespace

std::string DsnNormVersion(Date month) {
  char text[8];
  std::snprintf(text, sizeof text, "P%02dV01", month.year() % 100);
  return text;
}

Result<DsnMonth> BuildMonthlyDsn(const DsnMonthInput& input, const DsnNorm& norm,
                                 const DsnCtpTable& table) {
  COOPLEDGER_ASSERT(input.payroll != nullptr);
  MonthlyDsnBuilder builder(input, norm, table);
  return builder.Build();
}

}  // namespace coopledger::adapters
