// The monthly payroll run (DESIGN section 8): the payslips due for a month, computed from the
// payroll projection and the parameter table adopted for the month.
// - CJS youth: paid hours x the contract's hourly rate, or the committee's share of the
//   activity's envelope (employer cost) turned into gross pay; refused, naming the member, the
//   hours and the minimum, when the pay is below the legal minimum for the hours (SMIC with the
//   minors' abatement, C. trav. D3231-3, by the age on each day worked); the 10 % paid-leave
//   indemnity in the month the contract ends; no end-of-contract bonus (L1243-10).
// - CESA: the gross solved in cents so that the employer cost fits the activity's envelope
//   (result to date less the payroll costs already charged), never below the contract's fixed
//   part; hour equivalent for the reduction (CSS D241-27).
// - CAPE: a payslip every month at zero pay, with the AT/MP contribution on its flat base.
// Hours recorded after their month's payslip are paid by the next one as a regularisation.
#ifndef COOPLEDGER_ENGINE_PAYROLL_RUN_H_
#define COOPLEDGER_ENGINE_PAYROLL_RUN_H_

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "engine/command_service.h"
#include "engine/event_store.h"
#include "engine/rules.h"
#include "projections/payroll_state.h"
#include "projections/payslip_calculation.h"

namespace coopledger::engine {

struct PayrollRunInput {
  Date month;  // First day.
  const projections::PayrollParameters* parameters = nullptr;
  std::string parameters_version;
  // A member's birth date (opened from sealed data); nullopt: the birth year is used, taking the
  // oldest age it allows (the highest minimum).
  std::function<std::optional<Date>(const events::MemberId&)> birth_date;
};

// The payslips to issue: one per member employed in the month who has none yet, in member order.
// Errors: kInvalidArgument naming the member, hours and minimum for pay below the minimum;
// kPeriodClosed for a closed month.
Result<std::vector<events::PayslipIssued>> DraftPayslips(const projections::PayrollState& payroll,
                                                         const PayrollRunInput& input);

// The commands of a run: the month's parameter table adopted first when the log lacks it, then
// the payslips, then for each CAPE activity paid in the run the change of its result's provision
// (projections/payroll_state.h, kCapeProvisionAccount). `tables` are the rules' files.
// The entry bringing the provision of CAPE activity `activity_id` to its result through `month`
// (less its payroll costs, `run_cost_cents` of this run included, never below zero); nullopt when
// it is there already.
std::optional<events::JournalEntryRecorded> CapeProvision(const projections::PayrollState& payroll,
                                                         const std::string& activity_id, Date month,
                                                         int64_t run_cost_cents);

Result<std::vector<events::EventBody>> PayrollRunCommands(
    const projections::PayrollState& payroll, const Rules& rules, Date month,
    const std::function<std::optional<Date>(const events::MemberId&)>& birth_date);

// A payroll projection kept up to date with a store, and the month's steps as commands; each
// step is one atomic append, or nothing.
class PayrollDesk {
 public:
  // Uses the service's rules (the payroll tables and their reader).
  PayrollDesk(EventStore* store, CommandService* service) : store_(store), service_(service) {}

  // Applies the events appended since the last call.
  Status CatchUp();
  const projections::PayrollState& state() const { return state_; }
  // The last event applied: the log the next step is computed from.
  Seq applied() const { return applied_; }

  // Issues the month's payslips (adopting its parameter table first if needed). Returns the
  // number issued; nothing is appended when there is none to issue.
  Result<size_t> Run(Date month, const events::CommandId& command_id, const events::Actor& actor);
  // Closes the month (every employed member must have their payslip).
  Status Close(Date month, const events::CommandId& command_id, const events::Actor& actor);

  struct Payments {
    bool wages = false;          // Every payslip's net wage still unpaid, by bank transfer.
    bool contributions = false;  // What each body (URSSAF, Agirc-Arrco, the tax office for the
                                 // withholding, the health insurer) is still owed.
  };
  // Records the chosen payments of the month's payslips on `day`; returns how many.
  Result<size_t> Pay(Date month, Date day, Payments payments, const events::CommandId& command_id,
                     const events::Actor& actor);

  // A member's birth date, opened from their sealed personal data; nullopt when erased.
  std::optional<Date> BirthDate(const events::MemberId& member_id) const;

  // What the last step appended (its seqs, or those of the first run of its command id when it
  // was a retry); no seqs when it had nothing to append.
  const CommandResult& last_result() const { return last_result_; }

  // A step of more commands than this (a run or a payment of the wages of a very large CAE) is
  // written in parts of at most this many, each its own atomic command: the store takes at most
  // kBatchEventsMax events in one batch, and each of the desk's commands is decided into one
  // event. A part's command id is the step's, "/from-" and the key of its first command (a
  // payslip id, an organisation, a table version), so that a step interrupted between parts is
  // completed by running it again: the parts written replay, the others are written. Default:
  // half the store's limit.
  void set_part_commands(size_t commands) { part_commands_ = std::max<size_t>(commands, 1); }

 private:
  Status Append(std::vector<events::EventBody> commands, const events::CommandId& command_id,
                const events::Actor& actor);
  Status AppendInParts(std::vector<events::EventBody> commands, const events::CommandId& command_id,
                       const events::Actor& actor);

  EventStore* store_;
  CommandService* service_;
  projections::PayrollState state_;
  Seq applied_ = 0;
  CommandResult last_result_;
  size_t part_commands_ = kBatchEventsMax / 2;
};

// What a month's payslips owe each body: organisation -> amount.
std::map<std::string, Money> ContributionsDue(const projections::PayrollState& payroll, Date month);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_PAYROLL_RUN_H_
