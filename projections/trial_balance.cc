#include "projections/trial_balance.h"

#include <algorithm>

#include "events/assert.h"

namespace coopledger::projections {

bool InYearReports(const LedgerEntry& entry, int32_t fiscal_year) {
  return entry.fiscal_year == fiscal_year && entry.kind != EntryKind::kClosing;
}

void YearEntries::OnEntry(const LedgerEntry& entry) {
  if (InYearReports(entry, year_)) entries_.push_back(entry);
}

void TrialBalance::OnEntry(const LedgerEntry& entry) {
  if (!InYearReports(entry, year_)) return;
  COOPLEDGER_ASSERT(entry.Balanced());
  for (const LedgerLine& line : entry.lines) {
    auto& [debit, credit] = totals_[line.account];
    debit += line.debit.cents();
    credit += line.credit.cents();
  }
}

std::vector<TrialBalanceRow> TrialBalance::Rows(const Chart& chart) const {
  std::vector<TrialBalanceRow> rows;
  rows.reserve(totals_.size());
  for (const auto& [account, totals] : totals_) {
    rows.push_back(TrialBalanceRow{account, chart.AccountLabel(account),
                                   Money::FromCents(totals.first), Money::FromCents(totals.second)});
  }
  std::sort(rows.begin(), rows.end(),
            [](const TrialBalanceRow& a, const TrialBalanceRow& b) { return a.account < b.account; });
  return rows;
}

}  // namespace coopledger::projections
