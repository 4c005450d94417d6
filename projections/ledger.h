// The double-entry ledger: every money event becomes one or more balanced entries (DOMAIN section
// 6), numbered continuously per fiscal year in validation order. The ledger hands each entry to a
// sink as it is made, so that a report keeps only what it needs (a trial balance keeps one total
// per account); the few facts later events depend on (open invoices, pending VAT, balances for the
// year close, lettering) are kept here.
//
// Posting scheme (accounts from the chart, analytic code = the activity's, else the CAE's):
//   InvoiceValidated     VE  D 411 client (incl. VAT) / C 706 per rate / C 44574 per rate
//                        OD  CAE contribution on the excl.-VAT total, an analytic transfer:
//                            D 6588 / C 512 on the activity, D 512 / C 6588 on the CAE
//   CreditNoteValidated  VE  the reverse: C 411 / D 706 / D 44574 (then 44571 once paid);
//                        OD  the contribution given back in proportion
//   PaymentReceived      BQ or CA  D 512 or 530 / C 411 per allocation, and the VAT of what is
//                        paid moved D 44574 / C 44571 (VAT on receipts for services);
//                        an unallocated part stays on the client account
//   PaymentRefunded      BQ or CA  D 411 / C 512 or 530
//   ExpenseRecorded      AC (advanced by a member: C 425 member), CA (C 530) or BQ (C 512)
//                        D expense account (excl. VAT) / D 44566 VAT
//   SelfFinancingRecorded, GrantReceived   CA or BQ  D 530 or 512 / C 7088 or 74
//   PayslipIssued        SAL D 641 gross / C 421 net / C 431 or 437 employee shares / C 4421
//                        income tax; D 645 / C 431 or 437 employer shares (negative lines, such as
//                        reductions, on the other side)
//   WagePaid             BQ or CA  D 421 member / C 512 or 530
//   ContributionsPaid    BQ  D 431, 437 or 4421 / C 512
//   JournalEntryRecorded its own journal and postings
//   Reversed             every entry of the reversed event again, sides swapped, dated the day
//                        of the reversal
//   FiscalYearClosed     CL  closing entries: classes 6 and 7 to zero, the result to 120 or 129
//                        AN  opening entry of the next year: every balance-sheet balance
#ifndef COOPLEDGER_PROJECTIONS_LEDGER_H_
#define COOPLEDGER_PROJECTIONS_LEDGER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "events/event.h"
#include "projections/chart.h"
#include "projections/event_fetcher.h"
#include "projections/key_order.h"
#include "projections/snapshot_codec.h"

namespace coopledger::projections {

struct LedgerLine {
  std::string account;          // PCG account, "411000".
  std::string auxiliary;        // Auxiliary account (client or member id); empty if none.
  std::string auxiliary_label;  // Empty when `auxiliary` is.
  std::string analytic;         // The activity's analytic code, or the CAE's.
  Money debit;                  // Exactly one of debit and credit is > 0.
  Money credit;
  int64_t vat_rate_ppm = -1;    // On VAT lines and sales lines: the VAT rate; -1 otherwise.
  friend bool operator==(const LedgerLine&, const LedgerLine&) = default;
};

enum class EntryKind : uint8_t {
  kOrdinary,
  kOpening,  // Journal AN: the balances carried from the previous fiscal year.
  kClosing,  // Classes 6 and 7 closed into the result; not in the FEC nor the trial balance.
};

struct LedgerEntry {
  int32_t fiscal_year = 0;  // The calendar year the fiscal year ends in.
  int64_t number = 0;       // From 1, continuous per fiscal year, in validation order.
  EntryKind kind = EntryKind::kOrdinary;
  std::string journal;      // "VE", "BQ"...
  Date date;                // Posting date, inside the fiscal year.
  std::string piece_reference;
  Date piece_date;
  std::string label;
  Date valid_date;          // The UTC day the event was recorded: entries are validated then.
  events::Seq seq = 0;      // The event the entry comes from.
  std::vector<LedgerLine> lines;

  Money TotalDebit() const;
  Money TotalCredit() const;
  // Debits equal credits, and every line has exactly one side > 0.
  bool Balanced() const;
  friend bool operator==(const LedgerEntry&, const LedgerEntry&) = default;
};

// One line of one entry.
struct LineRef {
  int32_t fiscal_year = 0;
  int64_t number = 0;
  uint32_t line = 0;
  friend auto operator<=>(const LineRef&, const LineRef&) = default;
};

// Lines of a client account matched together (an invoice, its payments and credit notes).
struct Letter {
  std::string code;  // "A", "B", ... "Z", "AA", ... per auxiliary account.
  Date date;         // The day the last line made the group balance.
};

class EntrySink {
 public:
  virtual ~EntrySink() = default;
  virtual void OnEntry(const LedgerEntry& entry) = 0;
};

// Keeps every entry, in the order they were made.
class EntryList final : public EntrySink {
 public:
  void OnEntry(const LedgerEntry& entry) override { entries_.push_back(entry); }
  const std::vector<LedgerEntry>& entries() const { return entries_; }

 private:
  std::vector<LedgerEntry> entries_;
};

struct FiscalYearBounds {
  Date start;  // Included.
  Date end;    // Excluded.
};

// A reversal re-derives the entries of the event it reverses, read back by an EventFetcher,
// instead of the ledger keeping every entry in memory. With a fetcher that also reads streams,
// the ledger keeps only what is open (and, with lettering, each settled invoice's letter group):
// an invoice leaves its tables once settled exactly (nothing left to pay, no VAT pending) and is
// read back from its validation ("invoice/<number>") when a later credit note, payment or reversal
// names it; a payment's effects are kept only when its allocations alone do not give them again;
// a wage payment reads its payslip back for its analytic code. The entries are the same either
// way; the state and snapshots are then proportional to open documents, not to the log.

struct LedgerOptions {
  bool lettering = true;  // Off for reports that need no lettering: less memory.
};

class Ledger {
 public:
  // `sink` receives every entry as it is made; it must outlive the ledger. `fetch` is needed once
  // the log holds a reversal.
  Ledger(Chart chart, EntrySink* sink, EventFetcher fetch = nullptr, LedgerOptions options = {});

  // Folds one event. REQUIRES: events come in seq order, each once.
  void Apply(const events::StoredEvent& event);

  const Chart& chart() const { return chart_; }
  // The fiscal year `day` belongs to, and the bounds of a fiscal year, per the CAE's year end.
  int32_t FiscalYearOf(Date day) const;
  FiscalYearBounds BoundsOf(int32_t fiscal_year) const;
  // The latest fiscal year closed by FiscalYearClosed, if any.
  std::optional<int32_t> LastClosedYear() const { return last_closed_year_; }
  const std::string& siren() const { return siren_; }
  // The letters of client-account lines, as they stand after the last event applied.
  std::map<LineRef, Letter> Lettering() const;

  // Everything later events depend on, as bytes (a snapshot, engine/snapshots.h; grammar in
  // ledger_snapshot.cc). The same state always gives the same bytes. The chart, sink, fetcher
  // and options are not in it: they are the constructor's.
  std::string Snapshot() const;
  // Replaces the state of a ledger that has applied no event with the one `bytes` hold.
  // kCorruption for bytes that Snapshot did not write, that a ledger with other options or a
  // fetcher of the other kind (reading streams or not) wrote, or of an earlier version.
  Status LoadSnapshot(std::string_view bytes);
  // The snapshots' magic and version (2: open invoices only; 1, every invoice, is refused).
  static constexpr std::string_view kSnapshotMagic = "LGR ";
  static constexpr uint64_t kSnapshotVersion = 2;

 private:
  struct Balance {
    std::string account, auxiliary, auxiliary_label, analytic;
    int64_t cents = 0;  // Debit > 0.
  };
  struct LetterGroup {
    std::string auxiliary;
    std::vector<std::pair<LineRef, int64_t>> lines;  // Signed: debit > 0.
    std::optional<Letter> letter;
  };
  // Amounts per VAT rate, in rate order: an invoice has one or two rates, a vector is smallest.
  using RateAmounts = std::vector<std::pair<int64_t, int64_t>>;
  static int64_t& AmountAt(RateAmounts& amounts, int64_t rate_ppm);
  static int64_t AmountOf(const RateAmounts& amounts, int64_t rate_ppm);  // 0 if absent.
  struct InvoiceBook {
    events::Seq seq = 0;          // The InvoiceValidated's; 0 for an unknown invoice.
    std::string client, analytic;
    int64_t total_incl_vat = 0;
    RateAmounts vat_by_rate;      // Rate -> VAT on the invoice.
    RateAmounts pending_by_rate;  // Rate -> VAT still in 44574.
    int64_t settled = 0;                         // Paid and credited, incl. VAT.
    int64_t contribution_rate_ppm = 0;
    size_t group = 0;                            // Index in groups_.
  };
  struct AllocationEffect {
    std::string invoice;
    int64_t amount = 0;
    RateAmounts vat_moved;  // Rate -> VAT moved from 44574 to 44571.
  };

  class EntryBuilder;
  // Numbers the builder's entry, dates its validation, folds it into the balances and hands it to
  // the sink; returns it. An entry without lines is not posted (its number stays 0).
  const LedgerEntry& Post(EntryBuilder& builder, const events::StoredEvent& event);
  // Adds the client lines (index, letter group) of a posted entry to their groups.
  void LetterLines(const LedgerEntry& entry, const std::vector<std::pair<int, size_t>>& lines,
                   Date day);
  std::pair<std::string, std::string> Treasury(events::PaymentMethod method) const;  // Journal, account.
  EntryBuilder ExpenseEntry(const events::ExpenseRecorded& expense) const;
  EntryBuilder SelfFinancingEntry(const events::StoredEvent& event,
                                  const events::SelfFinancingRecorded& action) const;
  EntryBuilder GrantEntry(const events::StoredEvent& event, const events::GrantReceived& grant) const;
  EntryBuilder PaymentEntry(const events::StoredEvent& event, const events::PaymentReceived& payment,
                            const std::vector<AllocationEffect>& effects,
                            std::vector<std::pair<int, size_t>>* client_lines) const;
  std::vector<const Balance*> SortedBalances(int32_t year) const;
  // Folds the balances a snapshot loaded (loaded_balances_) into balances_, which held only the
  // movements posted since.
  void MaterializeBalances() const;
  // The book of an invoice as validated by `event`.
  InvoiceBook BookOf(const events::StoredEvent& event, const events::InvoiceValidated& invoice) const;
  // The CAE's contribution rate in force before event `seq`.
  int64_t DefaultContributionAt(events::Seq seq) const;
  // The book of invoice `number` validated before event `before`: in the table, or read back
  // (settled) when it left it; nullptr if unknown.
  InvoiceBook* FindBook(const std::string& number, events::Seq before);
  // Takes a settled invoice out of the table when the ledger keeps open invoices only.
  void ForgetIfSettled(const std::string& number);
  // The analytic code of a payslip issued before event `before`, if known (read back when
  // open_only_).
  std::optional<std::string> PayslipAnalytic(const std::string& payslip_id, events::Seq before);
  // The VAT a payment of `amount` on `book` moves from 44574 to 44571 when it neither settles the
  // invoice nor finds less VAT pending: its share of each rate.
  static RateAmounts PredictedVatMoved(const InvoiceBook& book, int64_t amount);
  // The effects of `payment` (event `event`) with PredictedVatMoved.
  std::vector<AllocationEffect> PredictedEffects(const events::StoredEvent& event,
                                                 const events::PaymentReceived& payment);
  void ApplyInvoice(const events::StoredEvent& event, const events::InvoiceValidated& invoice);
  void ApplyCreditNote(const events::StoredEvent& event, const events::CreditNoteValidated& credit);
  void ApplyPayment(const events::StoredEvent& event, const events::PaymentReceived& payment);
  void ApplyPayslip(const events::StoredEvent& event, const events::PayslipIssued& payslip);
  void ApplyReversal(const events::StoredEvent& event, const events::Reversed& reversal);
  void ApplyYearClose(const events::StoredEvent& event, const events::FiscalYearClosed& closed);
  void PostContribution(const events::StoredEvent& event, const InvoiceBook& book,
                        const std::string& reference, int64_t base_excl_vat, int sign);
  void AddToGroup(size_t group, LineRef line, int64_t signed_cents, Date day);
  std::string ClientLabel(const std::string& client) const;
  std::string ActivityAnalytic(const std::string& activity) const;

  Chart chart_;
  EntrySink* sink_;
  std::string siren_;
  int32_t year_end_month_ = 12;
  int64_t default_contribution_ppm_ = 0;
  std::optional<int32_t> last_closed_year_;
  std::map<int32_t, int64_t> entry_counts_;
  EventFetcher fetch_;
  LedgerOptions options_;
  bool open_only_;  // Settled invoices leave invoices_ (see the class comment).
  // The CAE's contribution rate from each CaeConfigured that changed it: seq, rate.
  std::vector<std::pair<events::Seq, int64_t>> default_rates_;
  // Balance of every (account, auxiliary, analytic) per fiscal year not closed yet, closing
  // entries included, keyed by "account\x1fauxiliary\x1fanalytic". After LoadSnapshot, the
  // loaded balances stay encoded in loaded_balances_ and balances_ holds the movements since,
  // until a year close or a snapshot needs them together: an as-of query that loads a snapshot
  // and replays its tail never decodes them.
  struct YearBalances {
    std::unordered_map<std::string, Balance> by_key;
    KeyOrder<std::unordered_map<std::string, Balance>> order;  // Of by_key, for snapshots.
  };
  mutable std::map<int32_t, YearBalances> balances_;
  mutable std::string loaded_balances_;
  std::string key_;  // Reused to build keys without allocating.
  TextTable client_labels_;
  std::unordered_map<std::string, std::pair<std::string, int64_t>> activities_;  // Code, rate.
  TextTable member_activity_;
  std::unordered_map<std::string, std::string> payslip_analytic_;
  std::unordered_map<std::string, InvoiceBook> invoices_;  // Open ones only when open_only_.
  std::vector<LetterGroup> groups_;
  // With lettering, when open_only_: the letter group of each invoice that left invoices_.
  std::unordered_map<std::string, size_t> settled_groups_;
  std::unordered_map<std::string, int32_t> next_letter_;  // Per auxiliary account.
  // What a reversal of a payment must undo: what it did to each invoice (when open_only_, only
  // the payments whose effects PredictedEffects would not give).
  std::unordered_map<events::Seq, std::vector<AllocationEffect>> payment_effects_;
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_LEDGER_H_
