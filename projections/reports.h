// Reports over the ledger's entries (DESIGN section 6): the general ledger and the journals of a
// fiscal year, the VAT return lines of a month, the income statement and the treasury of each
// activity (analytic code). Each is a sink fed by Ledger, keeping only what its report needs.
// Amounts are integer cents; signs are stated per figure.
#ifndef COOPLEDGER_PROJECTIONS_REPORTS_H_
#define COOPLEDGER_PROJECTIONS_REPORTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "projections/ledger.h"

namespace coopledger::projections {

// ---------------------------------------------------------------- general ledger

struct GeneralLedgerLine {
  Date date;
  std::string journal;
  int64_t entry_number = 0;
  bool opening = false;  // A line of the opening entry (AN).
  std::string piece_reference;
  std::string label;
  std::string auxiliary;
  std::string analytic;
  Money debit;
  Money credit;
  Money balance;  // Running balance, debit minus credit, after this line.
};

struct GeneralLedgerAccount {
  std::string account;  // General account; its auxiliary accounts are folded into it.
  std::string label;
  std::vector<GeneralLedgerLine> lines;  // Opening lines first, then by date and entry number.
  Money total_debit;
  Money total_credit;
  Money balance;  // total_debit - total_credit.
};

// The lines of every account starting with `account_prefix` ("" for all) in one fiscal year,
// opening entries included and closing entries left out (InYearReports).
class GeneralLedger final : public EntrySink {
 public:
  GeneralLedger(int32_t fiscal_year, std::string account_prefix)
      : year_(fiscal_year), prefix_(std::move(account_prefix)) {}
  void OnEntry(const LedgerEntry& entry) override;
  // One item per account with a line, in account order.
  std::vector<GeneralLedgerAccount> Accounts(const Chart& chart) const;

 private:
  // Sort key: opening first, then date, entry number, line index.
  using Key = std::tuple<bool, Date, int64_t, size_t>;
  int32_t year_;
  std::string prefix_;
  std::map<std::string, std::map<Key, GeneralLedgerLine>> lines_;
};

// ---------------------------------------------------------------- journal

// The entries of one journal ("VE", "BQ"...) in one fiscal year, in entry-number order. The closing
// entries, left out of the other reports of a year, are the whole of their own journal (CL).
class JournalEntries final : public EntrySink {
 public:
  JournalEntries(int32_t fiscal_year, std::string journal)
      : year_(fiscal_year), journal_(std::move(journal)) {}
  void OnEntry(const LedgerEntry& entry) override;
  const std::vector<LedgerEntry>& entries() const { return entries_; }

 private:
  int32_t year_;
  std::string journal_;
  std::vector<LedgerEntry> entries_;
};

// ---------------------------------------------------------------- VAT return (CA3)

struct VatReturnLine {
  int64_t vat_rate_ppm = 0;
  Money base_excl_vat;  // vat / rate, rounded half-up to the cent (see VatReturn).
  Money vat;
};

struct VatReturnFigures {
  std::vector<VatReturnLine> collected;   // By rate, ascending; 445710 credit minus debit.
  std::vector<VatReturnLine> deductible;  // By rate, ascending; 445660 debit minus credit.
  Money collected_total;
  Money deductible_total;
  Money vat_due;     // collected_total - deductible_total when > 0, else zero.
  Money vat_credit;  // deductible_total - collected_total when > 0, else zero.
  // Movements of 445710 and 445660 without a VAT rate (manual entries, such as the settlement
  // D 44571 / C 44551 of an earlier return): shown apart, never in the totals. Signed as above.
  Money collected_unrated;
  Money deductible_unrated;
};

// The VAT return lines of the days [start, end) (one month for a CA3). VAT on receipts: the
// collected VAT of a month is what moved to the collected-VAT account when clients paid, which is
// where the ledger moves it (D 44574 / C 44571 in the payment entry). Opening and closing entries
// are no movements and are left out; reversals count in the month they are dated.
//
// The base excluding VAT is derived from the VAT of each rate (VAT / rate, half-up to the cent)
// rather than tracked from the sales lines: the VAT of a payment is moved in the payment entry,
// whose lines do not say which invoice, and so which sales lines, it settles (the ledger keeps
// that link to itself). The VAT figures are exact; the derived base differs from the invoiced one
// by at most half a cent divided by the rate (2.5 cents at 20 %), far below the euro to which the
// CA3 rounds its bases.
class VatReturn final : public EntrySink {
 public:
  // REQUIRES: start < end.
  VatReturn(Date start, Date end, std::string collected_account, std::string deductible_account);
  void OnEntry(const LedgerEntry& entry) override;
  VatReturnFigures Figures() const;

 private:
  Date start_;
  Date end_;
  std::string collected_account_;
  std::string deductible_account_;
  std::map<int64_t, int64_t> collected_;   // Rate (-1: none) -> credit minus debit.
  std::map<int64_t, int64_t> deductible_;  // Rate (-1: none) -> debit minus credit.
};

// ---------------------------------------------------------------- income statement per activity

struct ActivityAccountAmount {
  std::string account;
  std::string label;
  Money amount;  // Revenue: credit minus debit. Charges: debit minus credit.
};

struct ActivityStatement {
  std::string analytic;
  std::vector<ActivityAccountAmount> revenue;  // Class 7, in account order.
  std::vector<ActivityAccountAmount> charges;  // Class 6, in account order.
  Money revenue_total;
  Money charges_total;
  Money result;  // revenue_total - charges_total.
};

// Revenue and charges of each analytic code in one fiscal year (closing entries left out). The CAE
// contribution is an analytic transfer (DOMAIN 1.2): the ledger posts 658800 as a debit on the
// activity and a credit on the CAE, so it is a charge of the activity and a negative charge of the
// CAE, and the results of all the analytic codes add up to the year's result.
class ActivityStatements final : public EntrySink {
 public:
  explicit ActivityStatements(int32_t fiscal_year) : year_(fiscal_year) {}
  void OnEntry(const LedgerEntry& entry) override;
  // One item per analytic code with a class 6 or 7 line, in code order.
  std::vector<ActivityStatement> Statements(const Chart& chart) const;

 private:
  int32_t year_;
  std::map<std::string, std::map<std::string, int64_t>> balances_;  // Analytic -> account -> D-C.
};

// ---------------------------------------------------------------- treasury per activity

// enDI's "Etat de tresorerie" (DOMAIN 1.2) of one analytic code. Every figure is a balance signed
// debit minus credit, so that what is owed to the activity adds and what it owes subtracts.
struct TreasuryPosition {
  std::string analytic;
  Money cash;              // Tresorerie du jour: class 5.
  Money taxes_and_social;  // Impots, taxes et cotisations: 42 except 421 and 425, 43, 44.
  Money suppliers;         // Fournisseurs: 40.
  Money reference;         // Tresorerie de reference: the three above.
  Money wages_due;         // Salaires a payer: 421.
  Money clients;           // Clients a encaisser: 41.
  Money expense_sheets;    // Notes de depenses a payer: 425.
  Money future;            // Tresorerie future: reference + the three above.
};

// The treasury of each analytic code at the end of day `on`, from the entries of every fiscal year
// dated on or before `on`. Opening entries (AN) are left out: they only repeat the balances that
// the entries of the earlier years already give, and would count them twice. Closing entries are
// left out as well (they move classes 6 and 7 only, which no figure reads).
class Treasury final : public EntrySink {
 public:
  explicit Treasury(Date on) : on_(on) {}
  void OnEntry(const LedgerEntry& entry) override;
  // One item per analytic code with a line in an account read here, in code order.
  std::vector<TreasuryPosition> Positions() const;

 private:
  Date on_;
  std::map<std::string, TreasuryPosition> positions_;
};

// "20", "5.5", "2.1": a rate in ppm as a percentage, without trailing zeros.
std::string RatePercent(int64_t rate_ppm);

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_REPORTS_H_
