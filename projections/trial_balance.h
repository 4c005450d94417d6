// Sinks of the ledger for one fiscal year: its entries as exported (FEC, ledger format), and its
// trial balance. Both take the opening entries and leave the closing entries out, as the FEC does
// ("hors écritures de solde des comptes de charges et de produits", LPF A47 A-1).
#ifndef COOPLEDGER_PROJECTIONS_TRIAL_BALANCE_H_
#define COOPLEDGER_PROJECTIONS_TRIAL_BALANCE_H_

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "projections/ledger.h"

namespace coopledger::projections {

class MovementBlock;

// True for the entries a fiscal year's exports and reports hold.
bool InYearReports(const LedgerEntry& entry, int32_t fiscal_year);

// Keeps the entries of one fiscal year, closing entries excepted, in validation order.
class YearEntries final : public EntrySink {
 public:
  explicit YearEntries(int32_t fiscal_year) : year_(fiscal_year) {}
  void OnEntry(const LedgerEntry& entry) override;
  const std::vector<LedgerEntry>& entries() const { return entries_; }

 private:
  int32_t year_;
  std::vector<LedgerEntry> entries_;
};

struct TrialBalanceRow {
  std::string account;  // General account; auxiliary accounts are folded into it.
  std::string label;
  Money debit;          // Total of the debit movements of the year.
  Money credit;
};

// Totals per general account of one fiscal year, without keeping the entries.
class TrialBalance final : public EntrySink {
 public:
  explicit TrialBalance(int32_t fiscal_year) : year_(fiscal_year) {}
  void OnEntry(const LedgerEntry& entry) override;
  // One row per account with a movement, in account order.
  std::vector<TrialBalanceRow> Rows(const Chart& chart) const;

 private:
  int32_t year_;
  std::unordered_map<std::string, std::pair<int64_t, int64_t>> totals_;  // Debit, credit.
};

// The trial balance of every fiscal year at once, kept beside the ledger's snapshots so that a
// trial balance as known at any seq is the nearest snapshot plus the events after it.
class TrialBalances final : public EntrySink {
 public:
  void OnEntry(const LedgerEntry& entry) override;
  // Records the lines of the entries taken from now on into `movements` (null: stop); it must
  // outlive its use here.
  void RecordInto(MovementBlock* movements) { movements_ = movements; }
  // Adds a line's cents to `account` of `fiscal_year` (recorded when RecordInto is on): what
  // OnEntry does for each line, and what a recorded movement adds back (figure_movements.h).
  void Add(int32_t fiscal_year, std::string_view account, int64_t debit, int64_t credit);
  // The rows TrialBalance(fiscal_year) gives for the same entries.
  std::vector<TrialBalanceRow> Rows(const Chart& chart, int32_t fiscal_year) const;

  // The totals as bytes (grammar in trial_balance.cc), and back; kCorruption for other bytes.
  std::string Snapshot() const;
  static Result<TrialBalances> FromSnapshot(std::string_view bytes);

 private:
  // Debit, credit.
  std::map<int32_t, std::map<std::string, std::pair<int64_t, int64_t>, std::less<>>> totals_;
  MovementBlock* movements_ = nullptr;  // Not owned; not part of the state.
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_TRIAL_BALANCE_H_
