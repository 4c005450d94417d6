// What the payroll needs from the log (DESIGN sections 6 and 8): each member's contract and paid
// hours (which payslip paid them, so that hours recorded after their month's payslip are paid as
// a regularisation by the next one), the issued payslips with their year-to-date cumulatives,
// the committee's distributions, each activity's result by month (the CESA envelope), the
// adopted parameter tables and the closed pay months. A pure fold.
#ifndef COOPLEDGER_PROJECTIONS_PAYROLL_STATE_H_
#define COOPLEDGER_PROJECTIONS_PAYROLL_STATE_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "events/event.h"
#include "projections/work_state.h"

namespace coopledger::projections {

// The body a payslip line's contributions are paid to: "agirc_arrco" (complementary pensions),
// "health_insurer" (the health insurance premium) or "urssaf" (everything else, collected by
// URSSAF since 2022 including the training contributions).
std::string PayslipLineOrganisation(const std::string& code);

// "2025-07" for any day of July 2025.
std::string PayMonthKey(Date day);

struct PaidHours {
  events::Seq seq = 0;  // The HoursLogged event.
  Date day;
  int64_t minutes = 0;  // Negative for a reversal of hours already paid.
  std::string payslip_id;  // The payslip that paid them; empty while pending.
};

struct IssuedPayslip {
  events::Seq seq = 0;
  events::PayslipIssued payslip;
  Money wages_paid;  // WagePaid so far.
  std::optional<Date> last_paid_on;  // The latest WagePaid's day: when the net was paid.
};

// The contract (MemberState: `joined` with changes applied, `left_on`) and the pay.
struct PayrollMember : MemberState {
  std::vector<PaidHours> hours;  // Paid hours (jobs and paid internal tasks), in log order.
  std::map<std::string, IssuedPayslip> payslips;  // By pay month "2025-07".
  // Cumulatives of `year` before any payslip of a later month (zero if none).
  events::PayslipYearToDate YearToDate(int year) const;
  // Gross of the payslips of the current contract (the paid-leave indemnity's base).
  Money ContractGross() const;
};

struct AdoptedParameters {
  std::string version;
  Date effective_from;
  std::optional<Date> effective_until;
  std::string table;
  events::Seq seq = 0;
};

// During a CAPE, the whole result of the activity is provisioned (DOMAIN 2.2: "la totalité du
// résultat de votre activité est provisionnée"), each month by the payroll run: a provision for
// charges (PCG 2014, art. 932-1: 158 "Autres provisions pour charges", charged to 6815
// "Dotations aux provisions d'exploitation", released to 7815 "Reprises sur provisions
// d'exploitation"), entry ids starting with kCapeProvisionEntryPrefix.
inline constexpr const char* kCapeProvisionAccount = "158000";
inline constexpr const char* kCapeProvisionChargeAccount = "681500";
inline constexpr const char* kCapeProvisionReleaseAccount = "781500";
inline constexpr const char* kCapeProvisionEntryPrefix = "provision-cape/";

struct ActivityResults {
  events::ActivityKind kind = events::ActivityKind::kUnset;
  std::string name;
  std::string analytic_code;
  std::optional<int64_t> contribution_rate_ppm;
  // Revenue excl. VAT less the CAE contribution and expenses, plus other income, by business
  // month; and the employer cost of the payslips charged to the activity, by pay month.
  std::map<std::string, Money> result_by_month;
  std::map<std::string, Money> payroll_cost_by_month;
  // The CAPE result provisioned so far: the balance of the activity's provision entries on
  // kCapeProvisionAccount (credits less debits).
  Money provisioned;
  // Result less payroll cost of every month up to and including `month_key`.
  Money AvailableThrough(const std::string& month_key) const;
};

class PayrollState {
 public:
  // REQUIRES: events in seq order.
  void Apply(const events::StoredEvent& event);

  const std::optional<events::CaeConfigured>& cae() const { return cae_; }
  const std::map<std::string, PayrollMember>& members() const { return members_; }
  const PayrollMember* FindMember(const std::string& member_id) const;
  const ActivityResults* FindActivity(const std::string& activity_id) const;
  // The table adopted for the month starting on `month`: the latest adoption covering it.
  const AdoptedParameters* ParametersFor(Date month) const;
  const events::DistributionDecided* DistributionFor(const std::string& activity_id, Date month) const;
  bool MonthClosed(Date month) const { return closed_months_.count(PayMonthKey(month)) > 0; }
  // Issued payslips of a month, by member id.
  std::vector<const IssuedPayslip*> PayslipsOf(Date month) const;
  const IssuedPayslip* FindPayslip(const std::string& payslip_id) const;
  // Contributions paid for a month, by organisation.
  Money ContributionsPaid(Date month, const std::string& organisation) const;
  // Every activity, by id.
  const std::map<std::string, ActivityResults>& activities() const { return activities_; }

  // The whole state as bytes (a snapshot, engine/snapshots.h; grammar in
  // payroll_state_snapshot.cc), and back. The same state always gives the same bytes.
  // FromSnapshot returns kCorruption for bytes that Snapshot did not write.
  std::string Snapshot() const;
  static Result<PayrollState> FromSnapshot(std::string_view bytes);

 private:
  void ApplyHours(const events::StoredEvent& event, const events::HoursLogged& hours);
  void ApplyReversal(const events::Reversed& reversal);
  void AddResult(const std::string& activity_id, Date day, int64_t cents);
  int64_t RatePpm(const std::string& activity_id) const;

  std::optional<events::CaeConfigured> cae_;
  std::map<std::string, PayrollMember> members_;
  std::map<std::string, ActivityResults> activities_;
  std::vector<AdoptedParameters> parameters_;
  std::map<std::pair<std::string, std::string>, events::DistributionDecided> distributions_;
  std::set<std::string> closed_months_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> payslip_index_;  // Id -> member, month.
  std::map<std::pair<std::string, std::string>, Money> contributions_paid_;  // (month, organisation).
  std::unordered_map<std::string, std::string> invoice_activity_;
  // Reversible facts this projection counts: hours, expenses, other income.
  std::unordered_map<events::Seq, events::StoredEvent> reversible_;
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_PAYROLL_STATE_H_
