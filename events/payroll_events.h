// Payroll facts (DESIGN sections 5 and 8).
#ifndef COOPLEDGER_EVENTS_PAYROLL_EVENTS_H_
#define COOPLEDGER_EVENTS_PAYROLL_EVENTS_H_

#include "events/values.h"

namespace coopledger::events {

// The committee's key for sharing a CJS activity's envelope of a pay month.
struct DistributionDecided {
  ActivityId activity_id;
  Date month;  // First day of the pay month.
  DistributionKey key = DistributionKey::kUnset;
  Money envelope;
  std::vector<DistributionShare> shares;
  COOPLEDGER_FIELDS(DistributionDecided, activity_id, month, key, envelope, shares);
};

// The full computed payslip: a legal document, stored as a fact and never changed.
struct PayslipIssued {
  PayslipId payslip_id;
  MemberId member_id;
  ActivityId activity_id;
  Date period_start;  // Included.
  Date period_end;    // Excluded.
  int32_t paid_minutes = 0;
  Money gross;
  std::vector<PayslipLine> lines;
  Money net_before_tax;
  Money net_taxable;
  Money net_social;
  Money income_tax;
  Money net_paid;
  Money employer_cost;
  std::string parameters_version;
  std::vector<std::string> corrects;  // References of the late facts it regularises.
  // Added with the payroll run; zero in payslips recorded before.
  Regime regime = Regime::kUnset;
  Money hourly_rate;
  Money employee_contributions;
  Money employer_contributions;  // After the reduction.
  Money reduction;               // Positive.
  Money student_exempt;          // Net taxable pay exempt under CGI art. 81 bis.
  Money income_tax_base;
  int64_t income_tax_rate_ppm = 0;
  Money paid_leave_indemnity;
  Money end_of_contract_indemnity;
  Money regularisation;          // Gross of late facts of closed months, included in `gross`.
  PayslipYearToDate year_to_date;  // Including this payslip.
  COOPLEDGER_FIELDS(PayslipIssued, payslip_id, member_id, activity_id, period_start, period_end,
                    paid_minutes, gross, lines, net_before_tax, net_taxable, net_social,
                    income_tax, net_paid, employer_cost, parameters_version, corrects, regime,
                    hourly_rate, employee_contributions, employer_contributions, reduction,
                    student_exempt, income_tax_base, income_tax_rate_ppm, paid_leave_indemnity,
                    end_of_contract_indemnity, regularisation, year_to_date);
};

struct WagePaid {
  PayslipId payslip_id;
  MemberId member_id;
  Date paid_on;
  Money amount;
  PaymentMethod method = PaymentMethod::kUnset;
  COOPLEDGER_FIELDS(WagePaid, payslip_id, member_id, paid_on, amount, method);
};

struct ContributionsPaid {
  std::string organisation;  // "urssaf", "agirc_arrco", "dgfip_pas"...
  Date month;                // First day of the month the contributions are for.
  Date paid_on;
  Money amount;
  std::string reference;
  COOPLEDGER_FIELDS(ContributionsPaid, organisation, month, paid_on, amount, reference);
};

struct PayrollMonthClosed {
  Date month;  // First day of the closed pay month.
  int32_t payslip_count = 0;
  COOPLEDGER_FIELDS(PayrollMonthClosed, month, payslip_count);
};

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_PAYROLL_EVENTS_H_
