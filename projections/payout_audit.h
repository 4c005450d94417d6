// The payout audit (DESIGN section 1: "is every euro paid to Lea backed by hours she worked on
// invoiced jobs?"): each wage paid, traced back through its payslip to the hours of the month,
// their jobs, the invoices of those jobs and the payments received on them. Two flags:
//   - uncovered: after this payout, the net wages paid to the activity's members exceed what its
//     clients paid on its invoices (incl. VAT) so far;
//   - no_hours: the member has no paid hours recorded in the payslip's month.
// A pure fold of the log; reversed hours and payments are taken out.
#ifndef COOPLEDGER_PROJECTIONS_PAYOUT_AUDIT_H_
#define COOPLEDGER_PROJECTIONS_PAYOUT_AUDIT_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "events/event.h"

namespace coopledger::projections {

struct TracedPayment {
  events::Seq seq = 0;
  std::string invoice_number;
  Money amount;  // Allocated to the invoice.
};

struct TracedInvoice {
  events::Seq seq = 0;
  std::string invoice_number;
  Money total_incl_vat;
};

struct Payout {
  events::Seq seq = 0;  // The WagePaid.
  Date paid_on;
  std::string member_id;
  std::string activity_id;
  events::Regime regime = events::Regime::kUnset;
  Money amount;
  std::string payslip_id;
  events::Seq payslip_seq = 0;  // 0 if the payslip is unknown.
  std::string month;            // "2025-07", the payslip's.
  Money gross;
  std::vector<events::Seq> hours_seqs;  // Paid hours of the member in the month.
  int64_t hours_minutes = 0;
  std::vector<std::string> job_ids;
  std::vector<TracedInvoice> invoices;
  std::vector<TracedPayment> payments;  // Received so far on those invoices.
  Money activity_collected;  // Paid by the activity's clients so far.
  Money activity_wages;      // Net wages paid to the activity's members so far, this one included.
  bool uncovered = false;
  bool no_hours = false;
};

class PayoutAudit {
 public:
  // REQUIRES: events in seq order, each once.
  void Apply(const events::StoredEvent& event);
  const std::vector<Payout>& payouts() const { return payouts_; }

 private:
  struct Hours {
    events::Seq seq = 0;
    std::string job_id;
    int64_t minutes = 0;
  };
  struct PayslipRef {
    events::Seq seq = 0;
    std::string month;
    Money gross;
  };
  void ApplyPayment(const events::StoredEvent& event, const events::PaymentReceived& payment,
                    int sign);
  Payout Trace(const events::StoredEvent& event, const events::WagePaid& paid) const;

  std::map<std::string, events::MemberJoined> members_;
  std::map<std::string, std::map<std::string, std::vector<Hours>>> hours_;  // member, month.
  std::map<std::string, std::vector<TracedInvoice>> job_invoices_;
  std::map<std::string, std::string> invoice_activity_;
  std::map<std::string, std::vector<TracedPayment>> invoice_payments_;
  std::map<std::string, int64_t> activity_collected_;
  std::map<std::string, int64_t> activity_wages_;
  std::map<std::string, PayslipRef> payslips_;
  std::map<events::Seq, events::StoredEvent> reversible_;  // Hours and payments.
  std::vector<Payout> payouts_;
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_PAYOUT_AUDIT_H_
