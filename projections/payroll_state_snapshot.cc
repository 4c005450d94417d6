// Snapshots of the payroll state.
//
// Grammar (projections/snapshot_codec.h for the elements; maps in key order):
//   "PAY " version=1 cae members activities parameters distributions closed_months
//          payslip_index contributions_paid invoice_activity reversible
//   cae           := 0 | 1 body(CaeConfigured)
//   members       := count { id body(MemberJoined) optional(left_on)
//                            count { seq day minutes payslip_id }              (hours)
//                            count { month seq body(PayslipIssued) wages_paid } } (payslips)
//   activities    := count { id kind name analytic 0 | 1 rate
//                            count { month money } count { month money } provisioned }
//   parameters    := count { version from optional(until) table seq }        in adoption order
//   distributions := count { activity month body(DistributionDecided) }
//   payslip_index := count { payslip_id member month }
//   contributions_paid := count { month organisation money }
//   invoice_activity   := count { number activity }
//   reversible    := count { event }
#include "projections/payroll_state.h"

#include "projections/snapshot_codec.h"

namespace coopledger::projections {
namespace {

constexpr std::string_view kMagic = "PAY ";
constexpr uint64_t kVersion = 1;

void WriteMonths(SnapshotWriter& out, const std::map<std::string, Money>& months) {
  out.Count(months.size());
  for (const auto& [month, amount] : months) {
    out.Text(month);
    out.Amount(amount);
  }
}

bool ReadMonths(SnapshotReader& in, std::map<std::string, Money>* months) {
  return Repeat(in, [&] {
    std::string month;
    Money amount;
    if (!in.Text(&month) || !in.Amount(&amount)) return false;
    months->emplace_hint(months->end(), std::move(month), amount);
    return true;
  });
}

void WriteMember(SnapshotWriter& out, const PayrollMember& member) {
  out.Body(member.joined);
  out.OptionalDay(member.left_on);
  out.Count(member.hours.size());
  for (const PaidHours& hours : member.hours) {
    out.Varint(hours.seq);
    out.Day(hours.day);
    out.Integer(hours.minutes);
    out.Text(hours.payslip_id);
  }
  out.Count(member.payslips.size());
  for (const auto& [month, issued] : member.payslips) {
    out.Text(month);
    out.Varint(issued.seq);
    out.Body(issued.payslip);
    out.Amount(issued.wages_paid);
  }
}

bool ReadMember(SnapshotReader& in, PayrollMember* member) {
  if (!in.Body(&member->joined) || !in.OptionalDay(&member->left_on)) return false;
  return Repeat(in, [&] {
           PaidHours hours;
           if (!in.Varint(&hours.seq) || !in.Day(&hours.day) || !in.Integer(&hours.minutes) ||
               !in.Text(&hours.payslip_id)) {
             return false;
           }
           member->hours.push_back(std::move(hours));
           return true;
         }) &&
         Repeat(in, [&] {
           std::string month;
           IssuedPayslip issued;
           if (!in.Text(&month) || !in.Varint(&issued.seq) || !in.Body(&issued.payslip) ||
               !in.Amount(&issued.wages_paid)) {
             return false;
           }
           member->payslips.emplace_hint(member->payslips.end(), std::move(month), std::move(issued));
           return true;
         });
}

void WriteActivity(SnapshotWriter& out, const ActivityResults& activity) {
  out.Varint(static_cast<uint64_t>(activity.kind));
  out.Text(activity.name);
  out.Text(activity.analytic_code);
  out.Bool(activity.contribution_rate_ppm.has_value());
  if (activity.contribution_rate_ppm) out.Integer(*activity.contribution_rate_ppm);
  WriteMonths(out, activity.result_by_month);
  WriteMonths(out, activity.payroll_cost_by_month);
  out.Amount(activity.provisioned);
}

bool ReadActivity(SnapshotReader& in, ActivityResults* activity) {
  uint64_t kind = 0;
  bool has_rate = false;
  if (!in.Varint(&kind) || kind > static_cast<uint64_t>(events::ActivityKind::kEntrepreneur) ||
      !in.Text(&activity->name) || !in.Text(&activity->analytic_code) || !in.Bool(&has_rate)) {
    return false;
  }
  activity->kind = static_cast<events::ActivityKind>(kind);
  if (has_rate) {
    int64_t rate = 0;
    if (!in.Integer(&rate)) return false;
    activity->contribution_rate_ppm = rate;
  }
  return ReadMonths(in, &activity->result_by_month) &&
         ReadMonths(in, &activity->payroll_cost_by_month) && in.Amount(&activity->provisioned);
}

}  // namespace

std::string PayrollState::Snapshot() const {
  SnapshotWriter out(kMagic, kVersion);
  out.Bool(cae_.has_value());
  if (cae_) out.Body(*cae_);
  out.Count(members_.size());
  for (const auto& [id, member] : members_) {
    out.Text(id);
    WriteMember(out, member);
  }
  out.Count(activities_.size());
  for (const auto& [id, activity] : activities_) {
    out.Text(id);
    WriteActivity(out, activity);
  }
  out.Count(parameters_.size());
  for (const AdoptedParameters& adopted : parameters_) {
    out.Text(adopted.version);
    out.Day(adopted.effective_from);
    out.OptionalDay(adopted.effective_until);
    out.Text(adopted.table);
    out.Varint(adopted.seq);
  }
  out.Count(distributions_.size());
  for (const auto& [key, decided] : distributions_) {
    out.Text(key.first);
    out.Text(key.second);
    out.Body(decided);
  }
  out.Count(closed_months_.size());
  for (const std::string& month : closed_months_) out.Text(month);
  out.Count(payslip_index_.size());
  for (const auto* entry : InKeyOrder(payslip_index_)) {
    out.Text(entry->first);
    out.Text(entry->second.first);
    out.Text(entry->second.second);
  }
  out.Count(contributions_paid_.size());
  for (const auto& [key, amount] : contributions_paid_) {
    out.Text(key.first);
    out.Text(key.second);
    out.Amount(amount);
  }
  out.Count(invoice_activity_.size());
  for (const auto* entry : InKeyOrder(invoice_activity_)) {
    out.Text(entry->first);
    out.Text(entry->second);
  }
  out.Count(reversible_.size());
  for (const auto* entry : InKeyOrder(reversible_)) out.Event(entry->second);
  return out.Take();
}

Result<PayrollState> PayrollState::FromSnapshot(std::string_view bytes) {
  SnapshotReader in(bytes, kMagic, kVersion);
  PayrollState state;
  bool has_cae = false;
  bool ok = in.Bool(&has_cae);
  if (ok && has_cae) {
    events::CaeConfigured cae;
    ok = in.Body(&cae);
    state.cae_ = std::move(cae);
  }
  ok = ok && Repeat(in, [&] {
    std::string id;
    PayrollMember member;
    if (!in.Text(&id) || !ReadMember(in, &member)) return false;
    state.members_.emplace_hint(state.members_.end(), std::move(id), std::move(member));
    return true;
  });
  ok = ok && Repeat(in, [&] {
    std::string id;
    ActivityResults activity;
    if (!in.Text(&id) || !ReadActivity(in, &activity)) return false;
    state.activities_.emplace_hint(state.activities_.end(), std::move(id), std::move(activity));
    return true;
  });
  ok = ok && Repeat(in, [&] {
    AdoptedParameters adopted;
    if (!in.Text(&adopted.version) || !in.Day(&adopted.effective_from) ||
        !in.OptionalDay(&adopted.effective_until) || !in.Text(&adopted.table) ||
        !in.Varint(&adopted.seq)) {
      return false;
    }
    state.parameters_.push_back(std::move(adopted));
    return true;
  });
  ok = ok && Repeat(in, [&] {
    std::string activity;
    std::string month;
    events::DistributionDecided decided;
    if (!in.Text(&activity) || !in.Text(&month) || !in.Body(&decided)) return false;
    state.distributions_.emplace(std::make_pair(std::move(activity), std::move(month)),
                                 std::move(decided));
    return true;
  });
  ok = ok && Repeat(in, [&] {
    std::string month;
    if (!in.Text(&month)) return false;
    state.closed_months_.insert(std::move(month));
    return true;
  });
  ok = ok && Repeat(in, [&] {
    std::string id;
    std::string member;
    std::string month;
    if (!in.Text(&id) || !in.Text(&member) || !in.Text(&month)) return false;
    state.payslip_index_.emplace(std::move(id), std::make_pair(std::move(member), std::move(month)));
    return true;
  });
  ok = ok && Repeat(in, [&] {
    std::string month;
    std::string organisation;
    Money amount;
    if (!in.Text(&month) || !in.Text(&organisation) || !in.Amount(&amount)) return false;
    state.contributions_paid_.emplace(std::make_pair(std::move(month), std::move(organisation)),
                                      amount);
    return true;
  });
  ok = ok && Repeat(in, [&] {
    std::string number;
    std::string activity;
    if (!in.Text(&number) || !in.Text(&activity)) return false;
    state.invoice_activity_.emplace(std::move(number), std::move(activity));
    return true;
  });
  ok = ok && Repeat(in, [&] {
    events::StoredEvent event;
    if (!in.Event(&event)) return false;
    const events::Seq seq = event.seq;
    state.reversible_.emplace(seq, std::move(event));
    return true;
  });
  if (!ok || !in.Done()) {
    return Error(ErrorCode::kCorruption, "payroll state snapshot: malformed or truncated");
  }
  return state;
}

}  // namespace coopledger::projections
