#include "projections/trial_balance.h"

#include <algorithm>

#include "events/assert.h"
#include "projections/figure_movements.h"
#include "projections/snapshot_codec.h"

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

void TrialBalances::OnEntry(const LedgerEntry& entry) {
  if (entry.kind == EntryKind::kClosing) return;  // As InYearReports.
  COOPLEDGER_ASSERT(entry.Balanced());
  for (const LedgerLine& line : entry.lines) {
    Add(entry.fiscal_year, line.account, line.debit.cents(), line.credit.cents());
  }
}

void TrialBalances::Add(int32_t fiscal_year, std::string_view account, int64_t debit,
                        int64_t credit) {
  auto& year = totals_[fiscal_year];
  auto found = year.find(account);
  if (found == year.end()) found = year.emplace(std::string(account), std::pair<int64_t, int64_t>()).first;
  found->second.first += debit;
  found->second.second += credit;
  if (movements_ != nullptr) movements_->Trial(fiscal_year, account, debit, credit);
}

std::vector<TrialBalanceRow> TrialBalances::Rows(const Chart& chart, int32_t fiscal_year) const {
  std::vector<TrialBalanceRow> rows;
  auto year = totals_.find(fiscal_year);
  if (year == totals_.end()) return rows;
  rows.reserve(year->second.size());
  for (const auto& [account, totals] : year->second) {
    rows.push_back(TrialBalanceRow{account, chart.AccountLabel(account),
                                   Money::FromCents(totals.first), Money::FromCents(totals.second)});
  }
  return rows;
}

// Grammar (projections/snapshot_codec.h):
//   "TBL " version=1 count { year count { account debit credit } }   years and accounts in order
namespace {
constexpr std::string_view kTrialBalancesMagic = "TBL ";
constexpr uint64_t kTrialBalancesVersion = 1;
}  // namespace

std::string TrialBalances::Snapshot() const {
  SnapshotWriter out(kTrialBalancesMagic, kTrialBalancesVersion);
  out.Count(totals_.size());
  for (const auto& [year, accounts] : totals_) {
    out.Integer(year);
    out.Count(accounts.size());
    for (const auto& [account, totals] : accounts) {
      out.Text(account);
      out.Integer(totals.first);
      out.Integer(totals.second);
    }
  }
  return out.Take();
}

Result<TrialBalances> TrialBalances::FromSnapshot(std::string_view bytes) {
  SnapshotReader in(bytes, kTrialBalancesMagic, kTrialBalancesVersion);
  TrialBalances balances;
  size_t years = 0;
  bool ok = in.Count(&years);
  for (size_t y = 0; ok && y < years; ++y) {
    int32_t year = 0;
    size_t accounts = 0;
    ok = in.Int32(&year) && in.Count(&accounts);
    auto& totals = balances.totals_[year];
    for (size_t a = 0; ok && a < accounts; ++a) {
      std::string account;
      std::pair<int64_t, int64_t> amounts;
      ok = in.Text(&account) && in.Integer(&amounts.first) && in.Integer(&amounts.second);
      totals.emplace_hint(totals.end(), std::move(account), amounts);
    }
  }
  if (!ok || !in.Done()) {
    return Error(ErrorCode::kCorruption, "trial balance snapshot: malformed or truncated");
  }
  return balances;
}

}  // namespace coopledger::projections
