#include "projections/payout_audit.h"

#include <algorithm>

namespace coopledger::projections {
namespace {

std::string MonthOf(Date day) { return day.ToString().substr(0, 7); }

}  // namespace

void PayoutAudit::ApplyPayment(const events::StoredEvent& event,
                               const events::PaymentReceived& payment, int sign) {
  for (const events::Allocation& allocation : payment.allocations) {
    const std::string& number = allocation.invoice_number.value;
    std::vector<TracedPayment>& payments = invoice_payments_[number];
    if (sign > 0) {
      payments.push_back(TracedPayment{event.seq, number, allocation.amount});
    } else {
      std::erase_if(payments, [&event](const TracedPayment& p) { return p.seq == event.seq; });
    }
    auto activity = invoice_activity_.find(number);
    if (activity != invoice_activity_.end()) {
      activity_collected_[activity->second] += sign * allocation.amount.cents();
    }
  }
}

void PayoutAudit::Apply(const events::StoredEvent& event) {
  if (const auto* joined = std::get_if<events::MemberJoined>(&event.body)) {
    members_[joined->member_id.value] = *joined;
  } else if (const auto* hours = std::get_if<events::HoursLogged>(&event.body)) {
    if (hours->volunteer) return;
    hours_[hours->member_id.value][MonthOf(hours->day)].push_back(
        Hours{event.seq, hours->job_id.value, hours->minutes});
    reversible_.emplace(event.seq, event);
  } else if (const auto* invoice = std::get_if<events::InvoiceValidated>(&event.body)) {
    invoice_activity_[invoice->invoice_number.value] = invoice->activity_id.value;
    for (const events::JobId& job : invoice->job_ids) {
      job_invoices_[job.value].push_back(
          TracedInvoice{event.seq, invoice->invoice_number.value, invoice->total_incl_vat});
    }
  } else if (const auto* payment = std::get_if<events::PaymentReceived>(&event.body)) {
    ApplyPayment(event, *payment, +1);
    reversible_.emplace(event.seq, event);
  } else if (const auto* reversal = std::get_if<events::Reversed>(&event.body)) {
    auto original = reversible_.find(reversal->reversed_seq);
    if (original == reversible_.end()) return;
    if (const auto* reversed_payment = std::get_if<events::PaymentReceived>(&original->second.body)) {
      ApplyPayment(original->second, *reversed_payment, -1);
    } else if (const auto* reversed_hours = std::get_if<events::HoursLogged>(&original->second.body)) {
      std::vector<Hours>& month = hours_[reversed_hours->member_id.value][MonthOf(reversed_hours->day)];
      const events::Seq seq = original->first;
      std::erase_if(month, [seq](const Hours& h) { return h.seq == seq; });
    }
    reversible_.erase(original);
  } else if (const auto* payslip = std::get_if<events::PayslipIssued>(&event.body)) {
    payslips_[payslip->payslip_id.value] =
        PayslipRef{event.seq, MonthOf(payslip->period_start), payslip->gross};
  } else if (const auto* paid = std::get_if<events::WagePaid>(&event.body)) {
    auto member = members_.find(paid->member_id.value);
    if (member != members_.end()) {
      activity_wages_[member->second.activity_id.value] += paid->amount.cents();
    }
    payouts_.push_back(Trace(event, *paid));
  }
}

Payout PayoutAudit::Trace(const events::StoredEvent& event, const events::WagePaid& paid) const {
  Payout payout;
  payout.seq = event.seq;
  payout.paid_on = paid.paid_on;
  payout.member_id = paid.member_id.value;
  payout.amount = paid.amount;
  payout.payslip_id = paid.payslip_id.value;
  if (auto member = members_.find(payout.member_id); member != members_.end()) {
    payout.activity_id = member->second.activity_id.value;
    payout.regime = member->second.regime;
  }
  if (auto payslip = payslips_.find(payout.payslip_id); payslip != payslips_.end()) {
    payout.payslip_seq = payslip->second.seq;
    payout.month = payslip->second.month;
    payout.gross = payslip->second.gross;
  }
  std::set<std::string> jobs;
  if (auto member = hours_.find(payout.member_id); member != hours_.end()) {
    if (auto month = member->second.find(payout.month); month != member->second.end()) {
      for (const Hours& hours : month->second) {
        payout.hours_seqs.push_back(hours.seq);
        payout.hours_minutes += hours.minutes;
        if (!hours.job_id.empty()) jobs.insert(hours.job_id);
      }
    }
  }
  payout.job_ids.assign(jobs.begin(), jobs.end());
  std::set<std::string> numbers;
  for (const std::string& job : payout.job_ids) {
    auto invoices = job_invoices_.find(job);
    if (invoices == job_invoices_.end()) continue;
    for (const TracedInvoice& invoice : invoices->second) {
      if (numbers.insert(invoice.invoice_number).second) payout.invoices.push_back(invoice);
    }
  }
  for (const std::string& number : numbers) {
    auto payments = invoice_payments_.find(number);
    if (payments == invoice_payments_.end()) continue;
    payout.payments.insert(payout.payments.end(), payments->second.begin(), payments->second.end());
  }
  std::sort(payout.payments.begin(), payout.payments.end(),
            [](const TracedPayment& a, const TracedPayment& b) { return a.seq < b.seq; });
  auto collected = activity_collected_.find(payout.activity_id);
  payout.activity_collected =
      Money::FromCents(collected == activity_collected_.end() ? 0 : collected->second);
  auto wages = activity_wages_.find(payout.activity_id);
  payout.activity_wages = Money::FromCents(wages == activity_wages_.end() ? 0 : wages->second);
  payout.uncovered = payout.activity_wages > payout.activity_collected;
  payout.no_hours = payout.hours_minutes == 0 && payout.amount.cents() > 0;
  return payout;
}

}  // namespace coopledger::projections
