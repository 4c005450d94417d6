#include "projections/reports.h"

#include <cstdio>

#include "events/assert.h"
#include "projections/trial_balance.h"

namespace coopledger::projections {
namespace {

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

int64_t SignedCents(const LedgerLine& line) { return line.debit.cents() - line.credit.cents(); }

// The base excluding VAT that carries `vat` at `rate_ppm`, half-up to the cent.
int64_t BaseOf(int64_t vat, int64_t rate_ppm) {
  if (rate_ppm <= 0) return 0;
  Result<int64_t> base = MulDivRoundHalfUp(vat, 1'000'000, rate_ppm);
  COOPLEDGER_ASSERT(base.has_value());  // |vat| is bounded by kAmountCentsMax per line.
  return *base;
}

std::vector<VatReturnLine> RateLines(const std::map<int64_t, int64_t>& by_rate, int64_t* total) {
  std::vector<VatReturnLine> lines;
  for (const auto& [rate, vat] : by_rate) {
    if (rate < 0) continue;
    lines.push_back(
        VatReturnLine{rate, Money::FromCents(BaseOf(vat, rate)), Money::FromCents(vat)});
    *total += vat;
  }
  return lines;
}

int64_t Unrated(const std::map<int64_t, int64_t>& by_rate) {
  auto found = by_rate.find(-1);
  return found == by_rate.end() ? 0 : found->second;
}

}  // namespace

// ---------------------------------------------------------------- general ledger

void GeneralLedger::OnEntry(const LedgerEntry& entry) {
  if (!InYearReports(entry, year_)) return;
  const bool opening = entry.kind == EntryKind::kOpening;
  for (size_t i = 0; i < entry.lines.size(); ++i) {
    const LedgerLine& line = entry.lines[i];
    if (!StartsWith(line.account, prefix_)) continue;
    GeneralLedgerLine out;
    out.date = entry.date;
    out.journal = entry.journal;
    out.entry_number = entry.number;
    out.opening = opening;
    out.piece_reference = entry.piece_reference;
    out.label = entry.label;
    out.auxiliary = line.auxiliary;
    out.analytic = line.analytic;
    out.debit = line.debit;
    out.credit = line.credit;
    lines_[line.account].emplace(Key{!opening, entry.date, entry.number, i}, std::move(out));
  }
}

std::vector<GeneralLedgerAccount> GeneralLedger::Accounts(const Chart& chart) const {
  std::vector<GeneralLedgerAccount> accounts;
  accounts.reserve(lines_.size());
  for (const auto& [account, lines] : lines_) {
    GeneralLedgerAccount out;
    out.account = account;
    out.label = chart.AccountLabel(account);
    out.lines.reserve(lines.size());
    int64_t debit = 0;
    int64_t credit = 0;
    for (const auto& [key, line] : lines) {
      debit += line.debit.cents();
      credit += line.credit.cents();
      out.lines.push_back(line);
      out.lines.back().balance = Money::FromCents(debit - credit);
    }
    out.total_debit = Money::FromCents(debit);
    out.total_credit = Money::FromCents(credit);
    out.balance = Money::FromCents(debit - credit);
    accounts.push_back(std::move(out));
  }
  return accounts;
}

// ---------------------------------------------------------------- journal

void JournalEntries::OnEntry(const LedgerEntry& entry) {
  if (entry.fiscal_year != year_ || entry.journal != journal_) return;
  COOPLEDGER_ASSERT(entries_.empty() || entries_.back().number < entry.number);
  entries_.push_back(entry);
}

// ---------------------------------------------------------------- VAT return

VatReturn::VatReturn(Date start, Date end, std::string collected_account,
                     std::string deductible_account)
    : start_(start),
      end_(end),
      collected_account_(std::move(collected_account)),
      deductible_account_(std::move(deductible_account)) {
  COOPLEDGER_ASSERT(start_ < end_);
}

void VatReturn::OnEntry(const LedgerEntry& entry) {
  if (entry.kind != EntryKind::kOrdinary) return;
  if (entry.date < start_ || entry.date >= end_) return;
  for (const LedgerLine& line : entry.lines) {
    const int64_t rate = line.vat_rate_ppm < 0 ? -1 : line.vat_rate_ppm;
    if (line.account == collected_account_) collected_[rate] -= SignedCents(line);
    if (line.account == deductible_account_) deductible_[rate] += SignedCents(line);
  }
}

VatReturnFigures VatReturn::Figures() const {
  VatReturnFigures figures;
  int64_t collected = 0;
  int64_t deductible = 0;
  figures.collected = RateLines(collected_, &collected);
  figures.deductible = RateLines(deductible_, &deductible);
  figures.collected_total = Money::FromCents(collected);
  figures.deductible_total = Money::FromCents(deductible);
  figures.vat_due = Money::FromCents(collected > deductible ? collected - deductible : 0);
  figures.vat_credit = Money::FromCents(deductible > collected ? deductible - collected : 0);
  figures.collected_unrated = Money::FromCents(Unrated(collected_));
  figures.deductible_unrated = Money::FromCents(Unrated(deductible_));
  return figures;
}

// ---------------------------------------------------------------- income statement per activity

void ActivityStatements::OnEntry(const LedgerEntry& entry) {
  if (!InYearReports(entry, year_)) return;
  for (const LedgerLine& line : entry.lines) {
    if (StartsWith(line.account, "6") || StartsWith(line.account, "7")) {
      balances_[line.analytic][line.account] += SignedCents(line);
    }
  }
}

std::vector<ActivityStatement> ActivityStatements::Statements(const Chart& chart) const {
  std::vector<ActivityStatement> statements;
  statements.reserve(balances_.size());
  for (const auto& [analytic, accounts] : balances_) {
    ActivityStatement statement;
    statement.analytic = analytic;
    int64_t revenue = 0;
    int64_t charges = 0;
    for (const auto& [account, balance] : accounts) {
      if (account[0] == '7') {
        statement.revenue.push_back(
            {account, chart.AccountLabel(account), Money::FromCents(-balance)});
        revenue -= balance;
      } else {
        statement.charges.push_back(
            {account, chart.AccountLabel(account), Money::FromCents(balance)});
        charges += balance;
      }
    }
    statement.revenue_total = Money::FromCents(revenue);
    statement.charges_total = Money::FromCents(charges);
    statement.result = Money::FromCents(revenue - charges);
    statements.push_back(std::move(statement));
  }
  return statements;
}

// ---------------------------------------------------------------- treasury per activity

namespace {

// The figure of the "Etat de tresorerie" an account's balance goes to; nullptr if none.
Money TreasuryPosition::*TreasuryFigure(const std::string& account) {
  if (StartsWith(account, "5")) return &TreasuryPosition::cash;
  if (StartsWith(account, "40")) return &TreasuryPosition::suppliers;
  if (StartsWith(account, "41")) return &TreasuryPosition::clients;
  if (StartsWith(account, "421")) return &TreasuryPosition::wages_due;
  if (StartsWith(account, "425")) return &TreasuryPosition::expense_sheets;
  if (StartsWith(account, "42") || StartsWith(account, "43") || StartsWith(account, "44")) {
    return &TreasuryPosition::taxes_and_social;
  }
  return nullptr;
}

}  // namespace

void Treasury::OnEntry(const LedgerEntry& entry) {
  if (entry.kind != EntryKind::kOrdinary || entry.date > on_) return;
  for (const LedgerLine& line : entry.lines) {
    Money TreasuryPosition::*figure = TreasuryFigure(line.account);
    if (figure == nullptr) continue;
    TreasuryPosition& position = positions_[line.analytic];
    position.*figure = Money::FromCents((position.*figure).cents() + SignedCents(line));
  }
}

std::vector<TreasuryPosition> Treasury::Positions() const {
  std::vector<TreasuryPosition> positions;
  positions.reserve(positions_.size());
  for (const auto& [analytic, sums] : positions_) {
    TreasuryPosition position = sums;
    position.analytic = analytic;
    position.reference = Money::FromCents(
        position.cash.cents() + position.taxes_and_social.cents() + position.suppliers.cents());
    position.future = Money::FromCents(position.reference.cents() + position.wages_due.cents() +
                                       position.clients.cents() + position.expense_sheets.cents());
    positions.push_back(std::move(position));
  }
  return positions;
}

std::string RatePercent(int64_t rate_ppm) {
  const uint64_t magnitude =
      rate_ppm < 0 ? 0 - static_cast<uint64_t>(rate_ppm) : static_cast<uint64_t>(rate_ppm);
  char text[48];
  std::snprintf(text, sizeof text, "%s%llu.%04llu", rate_ppm < 0 ? "-" : "",
                static_cast<unsigned long long>(magnitude / 10'000),
                static_cast<unsigned long long>(magnitude % 10'000));
  std::string percent = text;
  while (percent.back() == '0') percent.pop_back();
  if (percent.back() == '.') percent.pop_back();
  return percent;
}

}  // namespace coopledger::projections
