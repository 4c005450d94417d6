#include "projections/ledger.h"

#include "projections/payroll_state.h"

#include <algorithm>
#include <tuple>

#include "events/assert.h"
#include "events/overloaded.h"

namespace coopledger::projections {
namespace {

// cents x numerator / denominator, rounded half-up; ledger amounts are far from the overflow
// bounds.
int64_t Proportion(int64_t cents, int64_t numerator, int64_t denominator) {
  Result<int64_t> result = MulDivRoundHalfUp(cents, numerator, denominator);
  COOPLEDGER_ASSERT(result.has_value());
  return *result;
}

bool IsIncomeStatementAccount(const std::string& account) {
  return !account.empty() && (account[0] == '6' || account[0] == '7');
}

bool IsBalanceSheetAccount(const std::string& account) {
  return !account.empty() && account[0] >= '1' && account[0] <= '5';
}

// "A".."Z", "AA".."ZZ", "AAA"...: the n-th letter code, from 0.
std::string LetterCode(int32_t n) {
  std::string code;
  int32_t value = n + 1;
  while (value > 0) {
    --value;
    code.insert(code.begin(), static_cast<char>('A' + value % 26));
    value /= 26;
  }
  return code;
}

}  // namespace

Money LedgerEntry::TotalDebit() const {
  int64_t total = 0;
  for (const LedgerLine& line : lines) total += line.debit.cents();
  return Money::FromCents(total);
}

Money LedgerEntry::TotalCredit() const {
  int64_t total = 0;
  for (const LedgerLine& line : lines) total += line.credit.cents();
  return Money::FromCents(total);
}

bool LedgerEntry::Balanced() const {
  for (const LedgerLine& line : lines) {
    const bool debit = line.debit.cents() > 0;
    const bool credit = line.credit.cents() > 0;
    if (debit == credit || line.debit.cents() < 0 || line.credit.cents() < 0) return false;
  }
  return !lines.empty() && TotalDebit() == TotalCredit();
}

// An entry being made: lines are added with a signed amount (debit > 0, credit < 0); zero
// amounts add no line.
class Ledger::EntryBuilder {
 public:
  EntryBuilder(std::string journal, Date date, std::string piece_reference, Date piece_date,
               std::string label) {
    entry.journal = std::move(journal);
    entry.date = date;
    entry.piece_reference = std::move(piece_reference);
    entry.piece_date = piece_date;
    entry.label = std::move(label);
  }

  // Returns the line's index, or -1 when the amount is zero.
  int Line(const std::string& account, int64_t signed_cents, const std::string& analytic,
           const std::string& auxiliary = "", const std::string& auxiliary_label = "",
           int64_t vat_rate_ppm = -1) {
    if (signed_cents == 0) return -1;
    LedgerLine line;
    line.account = account;
    line.auxiliary = auxiliary;
    line.auxiliary_label = auxiliary.empty() ? "" : auxiliary_label;
    line.analytic = analytic;
    if (signed_cents > 0) line.debit = Money::FromCents(signed_cents);
    else line.credit = Money::FromCents(-signed_cents);
    line.vat_rate_ppm = vat_rate_ppm;
    entry.lines.push_back(std::move(line));
    return static_cast<int>(entry.lines.size() - 1);
  }

  LedgerEntry entry;
};

Ledger::Ledger(Chart chart, EntrySink* sink, EventFetcher fetch, LedgerOptions options)
    : chart_(std::move(chart)),
      sink_(sink),
      fetch_(std::move(fetch)),
      options_(options),
      open_only_(fetch_.ReadsStreams()) {
  COOPLEDGER_ASSERT(sink_ != nullptr);
}

int32_t Ledger::FiscalYearOf(Date day) const {
  return day.month() > year_end_month_ ? day.year() + 1 : day.year();
}

FiscalYearBounds Ledger::BoundsOf(int32_t fiscal_year) const {
  if (year_end_month_ == 12) {
    return {Date::FromYmd(fiscal_year, 1, 1).value(), Date::FromYmd(fiscal_year + 1, 1, 1).value()};
  }
  return {Date::FromYmd(fiscal_year - 1, year_end_month_ + 1, 1).value(),
          Date::FromYmd(fiscal_year, year_end_month_ + 1, 1).value()};
}

std::map<LineRef, Letter> Ledger::Lettering() const {
  std::map<LineRef, Letter> lettering;
  for (const LetterGroup& group : groups_) {
    if (!group.letter) continue;
    for (const auto& [line, amount] : group.lines) lettering.emplace(line, *group.letter);
  }
  return lettering;
}

int64_t Ledger::AmountOf(const RateAmounts& amounts, int64_t rate_ppm) {
  for (const auto& [rate, cents] : amounts) {
    if (rate == rate_ppm) return cents;
  }
  return 0;
}

int64_t& Ledger::AmountAt(RateAmounts& amounts, int64_t rate_ppm) {
  auto at = std::lower_bound(amounts.begin(), amounts.end(), rate_ppm,
                             [](const std::pair<int64_t, int64_t>& entry, int64_t rate) {
                               return entry.first < rate;
                             });
  if (at == amounts.end() || at->first != rate_ppm) at = amounts.insert(at, {rate_ppm, 0});
  return at->second;
}

std::string Ledger::ClientLabel(const std::string& client) const {
  const std::optional<std::string_view> found = client_labels_.Find(client);
  return found ? std::string(*found) : "Client " + client;
}

std::string Ledger::ActivityAnalytic(const std::string& activity) const {
  auto found = activities_.find(activity);
  if (found == activities_.end() || found->second.first.empty()) return chart_.cae_analytic_code;
  return found->second.first;
}

const LedgerEntry& Ledger::Post(EntryBuilder& builder, const events::StoredEvent& event) {
  LedgerEntry& entry = builder.entry;
  if (entry.lines.empty()) return entry;
  COOPLEDGER_ASSERT(entry.Balanced());  // Every scheme above balances by construction.
  if (entry.fiscal_year == 0) entry.fiscal_year = FiscalYearOf(entry.date);
  entry.number = ++entry_counts_[entry.fiscal_year];
  entry.seq = event.seq;
  entry.valid_date = event.recorded_at.Day().value();
  YearBalances& balances = balances_[entry.fiscal_year];
  for (const LedgerLine& line : entry.lines) {
    key_.assign(line.account).push_back('\x1f');
    key_.append(line.auxiliary).push_back('\x1f');
    key_.append(line.analytic);
    auto found = balances.by_key.find(key_);
    if (found == balances.by_key.end()) {
      found = balances.by_key
                  .emplace(key_, Balance{line.account, line.auxiliary, line.auxiliary_label,
                                         line.analytic, 0})
                  .first;
      balances.order.Added(&*found);
    }
    found->second.cents += line.debit.cents() - line.credit.cents();
  }
  sink_->OnEntry(entry);
  return entry;
}

void Ledger::LetterLines(const LedgerEntry& entry, const std::vector<std::pair<int, size_t>>& lines,
                         Date day) {
  if (!options_.lettering || entry.number == 0) return;
  for (const auto& [index, group] : lines) {
    if (index < 0) continue;  // A zero amount made no line.
    const LedgerLine& line = entry.lines[static_cast<size_t>(index)];
    AddToGroup(group, LineRef{entry.fiscal_year, entry.number, static_cast<uint32_t>(index)},
               line.debit.cents() - line.credit.cents(), day);
  }
}

void Ledger::AddToGroup(size_t index, LineRef line, int64_t signed_cents, Date day) {
  LetterGroup& group = groups_[index];
  group.lines.emplace_back(line, signed_cents);
  int64_t sum = 0;
  for (const auto& [ref, amount] : group.lines) sum += amount;
  if (sum == 0 && !group.letter) {
    group.letter = Letter{LetterCode(next_letter_[group.auxiliary]++), day};
  } else if (sum != 0) {
    group.letter.reset();  // A reversed payment reopens the invoice: its code is not reused.
  }
}

void Ledger::Apply(const events::StoredEvent& event) {
  auto post = [this, &event](EntryBuilder&& builder) { Post(builder, event); };
  std::visit(
      Overloaded{
          [this, &event](const events::CaeConfigured& cae) {
            siren_ = cae.siren;
            year_end_month_ = cae.fiscal_year_end_month;
            default_contribution_ppm_ = cae.contribution_rate_ppm;
            if (default_rates_.empty() || default_rates_.back().second != cae.contribution_rate_ppm) {
              default_rates_.emplace_back(event.seq, cae.contribution_rate_ppm);
            }
          },
          [this](const events::ActivityOpened& opened) {
            activities_[opened.activity_id.value] = {
                opened.analytic_code,
                opened.has_contribution_rate ? opened.contribution_rate_ppm : -1};
          },
          [this](const events::MemberJoined& joined) {
            member_activity_.Set(joined.member_id.value, joined.activity_id.value);
          },
          [this](const events::ClientRegistered& client) {
            client_labels_.Set(client.client_id.value, client.name.empty()
                                                           ? "Particulier " + client.client_id.value
                                                           : client.name);
          },
          [this, &event](const events::InvoiceValidated& invoice) { ApplyInvoice(event, invoice); },
          [this, &event](const events::CreditNoteValidated& credit) { ApplyCreditNote(event, credit); },
          [this, &event](const events::PaymentReceived& payment) { ApplyPayment(event, payment); },
          [&](const events::PaymentRefunded& refund) {
            const auto [journal, account] = Treasury(refund.method);
            EntryBuilder entry(journal, event.effective, refund.refund_id.value, refund.refunded_on,
                               "Remboursement " + ClientLabel(refund.client_id.value));
            entry.Line(chart_.posting.client, refund.amount.cents(), chart_.cae_analytic_code,
                       refund.client_id.value, ClientLabel(refund.client_id.value));
            entry.Line(account, -refund.amount.cents(), chart_.cae_analytic_code);
            post(std::move(entry));
          },
          [&](const events::ExpenseRecorded& expense) { post(ExpenseEntry(expense)); },
          [&](const events::SelfFinancingRecorded& action) {
            post(SelfFinancingEntry(event, action));
          },
          [&](const events::GrantReceived& grant) { post(GrantEntry(event, grant)); },
          [this, &event](const events::PayslipIssued& payslip) { ApplyPayslip(event, payslip); },
          [&](const events::WagePaid& paid) {
            const auto [journal, account] = Treasury(paid.method);
            std::string analytic = chart_.cae_analytic_code;
            if (std::optional<std::string> payslip = PayslipAnalytic(paid.payslip_id.value, event.seq)) {
              analytic = std::move(*payslip);
            } else if (const std::optional<std::string_view> member =
                           member_activity_.Find(paid.member_id.value)) {
              analytic = ActivityAnalytic(std::string(*member));
            }
            EntryBuilder entry(journal, event.effective, paid.payslip_id.value, paid.paid_on,
                               "Salaire " + paid.member_id.value);
            entry.Line(chart_.posting.wages_due, paid.amount.cents(), analytic, paid.member_id.value,
                       paid.member_id.value);
            entry.Line(account, -paid.amount.cents(), analytic);
            post(std::move(entry));
          },
          [&](const events::ContributionsPaid& paid) {
            std::string account = chart_.posting.other_social_bodies;
            if (paid.organisation == "urssaf") account = chart_.posting.social_security;
            if (paid.organisation == "dgfip_pas") account = chart_.posting.income_tax_withheld;
            EntryBuilder entry("BQ", event.effective,
                               paid.reference.empty() ? paid.organisation + " " + paid.month.ToString()
                                                      : paid.reference,
                               paid.paid_on, "Cotisations " + paid.organisation);
            entry.Line(account, paid.amount.cents(), chart_.cae_analytic_code);
            entry.Line(chart_.posting.bank, -paid.amount.cents(), chart_.cae_analytic_code);
            post(std::move(entry));
          },
          [&](const events::JournalEntryRecorded& manual) {
            EntryBuilder entry(manual.journal, manual.entry_date,
                               manual.piece_reference.empty() ? manual.entry_id.value
                                                              : manual.piece_reference,
                               manual.entry_date, manual.label);
            for (const events::Posting& posting : manual.postings) {
              const int64_t cents = posting.side == events::Side::kDebit ? posting.amount.cents()
                                                                         : -posting.amount.cents();
              const bool client = posting.account.rfind(chart_.posting.client.substr(0, 3), 0) == 0;
              entry.Line(posting.account, cents,
                         posting.analytic.empty() ? chart_.cae_analytic_code : posting.analytic,
                         posting.auxiliary,
                         client ? ClientLabel(posting.auxiliary) : posting.auxiliary);
            }
            post(std::move(entry));
          },
          [this, &event](const events::Reversed& reversal) { ApplyReversal(event, reversal); },
          [this, &event](const events::FiscalYearClosed& closed) { ApplyYearClose(event, closed); },
          [](const auto&) {},
      },
      event.body);
}

std::pair<std::string, std::string> Ledger::Treasury(events::PaymentMethod method) const {
  return method == events::PaymentMethod::kCash ? std::make_pair(std::string("CA"), chart_.posting.cash)
                                                : std::make_pair(std::string("BQ"), chart_.posting.bank);
}

Ledger::EntryBuilder Ledger::ExpenseEntry(const events::ExpenseRecorded& expense) const {
  const std::string analytic = ActivityAnalytic(expense.activity_id.value);
  std::string journal = "AC";
  std::string account = chart_.posting.member_advances;
  if (expense.member_id.value.empty()) std::tie(journal, account) = Treasury(expense.method);
  EntryBuilder entry(journal, expense.booked_on.value_or(expense.spent_on), expense.expense_id,
                     expense.spent_on, expense.description);
  entry.Line(expense.account, expense.amount_excl_vat.cents(), analytic);
  entry.Line(chart_.posting.vat_deductible, expense.vat.cents(), analytic, "", "",
             expense.vat_rate_ppm);
  entry.Line(account, -(expense.amount_excl_vat.cents() + expense.vat.cents()), analytic,
             expense.member_id.value, expense.member_id.value);
  return entry;
}

Ledger::EntryBuilder Ledger::SelfFinancingEntry(const events::StoredEvent& event,
                                                const events::SelfFinancingRecorded& action) const {
  const std::string analytic = ActivityAnalytic(action.activity_id.value);
  const auto [journal, account] = Treasury(action.method);
  EntryBuilder entry(journal, event.effective, action.action_id, action.held_on,
                     "Autofinancement: " + action.description);
  entry.Line(account, action.amount.cents(), analytic);
  entry.Line(chart_.posting.sales_other, -action.amount.cents(), analytic);
  return entry;
}

Ledger::EntryBuilder Ledger::GrantEntry(const events::StoredEvent& event,
                                        const events::GrantReceived& grant) const {
  const std::string analytic = ActivityAnalytic(grant.activity_id.value);
  EntryBuilder entry("BQ", event.effective, grant.grant_id, grant.received_on,
                     "Subvention " + grant.funder);
  entry.Line(chart_.posting.bank, grant.amount.cents(), analytic);
  entry.Line(chart_.posting.grants, -grant.amount.cents(), analytic);
  return entry;
}

Ledger::InvoiceBook Ledger::BookOf(const events::StoredEvent& event,
                                   const events::InvoiceValidated& invoice) const {
  InvoiceBook book;
  book.seq = event.seq;
  book.client = invoice.client_id.value;
  book.analytic = ActivityAnalytic(invoice.activity_id.value);
  book.total_incl_vat = invoice.total_incl_vat.cents();
  auto activity = activities_.find(invoice.activity_id.value);
  book.contribution_rate_ppm = activity != activities_.end() && activity->second.second >= 0
                                   ? activity->second.second
                                   : DefaultContributionAt(event.seq);
  for (const events::VatTotal& total : invoice.vat_totals) {
    if (total.vat.cents() == 0) continue;
    AmountAt(book.vat_by_rate, total.vat_rate_ppm) += total.vat.cents();
    AmountAt(book.pending_by_rate, total.vat_rate_ppm) += total.vat.cents();
  }
  return book;
}

int64_t Ledger::DefaultContributionAt(events::Seq seq) const {
  int64_t rate = 0;
  for (const auto& [from, ppm] : default_rates_) {
    if (from >= seq) break;
    rate = ppm;
  }
  return rate;
}

Ledger::InvoiceBook* Ledger::FindBook(const std::string& number, events::Seq before) {
  if (auto found = invoices_.find(number); found != invoices_.end()) return &found->second;
  if (!open_only_) return nullptr;
  // A settled invoice left the table: its validation, read back, gives its book again, settled.
  std::optional<events::StoredEvent> validated = fetch_.FirstOf("invoice/" + number);
  if (!validated || validated->seq >= before) return nullptr;
  const auto* invoice = std::get_if<events::InvoiceValidated>(&validated->body);
  if (invoice == nullptr || invoice->invoice_number.value != number) return nullptr;
  InvoiceBook book = BookOf(*validated, *invoice);
  book.settled = book.total_incl_vat;
  for (auto& [rate, pending] : book.pending_by_rate) pending = 0;
  if (options_.lettering) {
    auto group = settled_groups_.find(number);
    COOPLEDGER_ASSERT(group != settled_groups_.end());  // Kept when the invoice left the table.
    book.group = group->second;
    settled_groups_.erase(group);
  }
  return &invoices_.emplace(number, std::move(book)).first->second;
}

void Ledger::ForgetIfSettled(const std::string& number) {
  if (!open_only_) return;
  auto found = invoices_.find(number);
  if (found == invoices_.end() || found->second.settled != found->second.total_incl_vat) return;
  for (const auto& [rate, pending] : found->second.pending_by_rate) {
    if (pending != 0) return;
  }
  if (options_.lettering) settled_groups_.emplace(number, found->second.group);
  invoices_.erase(found);
}

std::optional<std::string> Ledger::PayslipAnalytic(const std::string& payslip_id, events::Seq before) {
  if (!open_only_) {
    auto found = payslip_analytic_.find(payslip_id);
    if (found == payslip_analytic_.end()) return std::nullopt;
    return found->second;
  }
  std::optional<events::StoredEvent> issued = fetch_.FirstOf("payslip/" + payslip_id);
  if (!issued || issued->seq >= before) return std::nullopt;
  const auto* payslip = std::get_if<events::PayslipIssued>(&issued->body);
  if (payslip == nullptr || payslip->payslip_id.value != payslip_id) return std::nullopt;
  return ActivityAnalytic(payslip->activity_id.value);
}

Ledger::RateAmounts Ledger::PredictedVatMoved(const InvoiceBook& book, int64_t amount) {
  RateAmounts moved;
  if (book.total_incl_vat <= 0) return moved;
  for (const auto& [rate, vat] : book.vat_by_rate) {
    const int64_t cents = Proportion(amount, vat, book.total_incl_vat);
    if (cents != 0) moved.emplace_back(rate, cents);
  }
  return moved;
}

void Ledger::ApplyInvoice(const events::StoredEvent& event, const events::InvoiceValidated& invoice) {
  const std::string& number = invoice.invoice_number.value;
  InvoiceBook& book = invoices_[number] = BookOf(event, invoice);
  const std::string client_label = ClientLabel(book.client);
  EntryBuilder entry("VE", event.effective, number, invoice.issued_on,
                     "Facture " + number + " " + client_label);
  const int client_line = entry.Line(chart_.posting.client, book.total_incl_vat, book.analytic,
                                     book.client, client_label);
  for (const events::VatTotal& total : invoice.vat_totals) {
    entry.Line(chart_.posting.sales_services, -total.base.cents(), book.analytic, "", "",
               total.vat_rate_ppm);
    entry.Line(chart_.posting.vat_pending, -total.vat.cents(), book.analytic, "", "",
               total.vat_rate_ppm);
  }
  if (options_.lettering) {
    book.group = groups_.size();
    groups_.push_back(LetterGroup{book.client, {}, std::nullopt});
  }
  LetterLines(Post(entry, event), {{client_line, book.group}}, invoice.issued_on);
  PostContribution(event, book, number, invoice.total_excl_vat.cents(), +1);
  ForgetIfSettled(number);
}

void Ledger::PostContribution(const events::StoredEvent& event, const InvoiceBook& book,
                              const std::string& reference, int64_t base_excl_vat, int sign) {
  const int64_t amount = Proportion(base_excl_vat, book.contribution_rate_ppm, 1'000'000) * sign;
  if (amount == 0) return;
  EntryBuilder entry("OD", event.effective, reference, event.effective,
                     (sign > 0 ? "Contribution CAE " : "Contribution CAE rendue ") + reference);
  entry.Line(chart_.posting.contribution, amount, book.analytic);
  entry.Line(chart_.posting.bank, -amount, book.analytic);
  entry.Line(chart_.posting.bank, amount, chart_.cae_analytic_code);
  entry.Line(chart_.posting.contribution, -amount, chart_.cae_analytic_code);
  Post(entry, event);
}

void Ledger::ApplyCreditNote(const events::StoredEvent& event,
                             const events::CreditNoteValidated& credit) {
  InvoiceBook* known = FindBook(credit.invoice_number.value, event.seq);
  InvoiceBook& book = known != nullptr ? *known : invoices_[credit.invoice_number.value];
  const std::string& number = credit.credit_note_number.value;
  const std::string client_label = ClientLabel(book.client);
  EntryBuilder entry("VE", event.effective, number, credit.issued_on,
                     "Avoir " + number + " sur " + credit.invoice_number.value + " " + client_label);
  const int client_line = entry.Line(chart_.posting.client, -credit.total_incl_vat.cents(),
                                     book.analytic, book.client, client_label);
  for (const events::VatTotal& total : credit.vat_totals) {
    entry.Line(chart_.posting.sales_services, total.base.cents(), book.analytic, "", "",
               total.vat_rate_ppm);
    int64_t& pending = AmountAt(book.pending_by_rate, total.vat_rate_ppm);
    const int64_t from_pending = std::min(pending, total.vat.cents());
    pending -= from_pending;
    entry.Line(chart_.posting.vat_pending, from_pending, book.analytic, "", "", total.vat_rate_ppm);
    entry.Line(chart_.posting.vat_collected, total.vat.cents() - from_pending, book.analytic, "", "",
               total.vat_rate_ppm);
  }
  book.settled += credit.total_incl_vat.cents();
  LetterLines(Post(entry, event), {{client_line, book.group}}, credit.issued_on);
  PostContribution(event, book, number, credit.total_excl_vat.cents(), -1);
  ForgetIfSettled(credit.invoice_number.value);
}

void Ledger::ApplyPayment(const events::StoredEvent& event, const events::PaymentReceived& payment) {
  std::vector<AllocationEffect> effects;
  // Whether an effect differs from the one its payment and invoice alone give (PredictedVatMoved):
  // only then does a ledger that keeps open invoices only keep the payment's effects.
  bool unpredicted = false;
  for (const events::Allocation& allocation : payment.allocations) {
    InvoiceBook* found = FindBook(allocation.invoice_number.value, event.seq);
    if (found == nullptr) continue;  // Refused by the command; counted as unallocated.
    InvoiceBook& book = *found;
    const int64_t amount = allocation.amount.cents();
    AllocationEffect effect{allocation.invoice_number.value, amount, {}};
    const bool settles = book.settled + amount >= book.total_incl_vat;
    for (auto& [rate, pending] : book.pending_by_rate) {
      int64_t moved = pending;
      if (!settles && book.total_incl_vat > 0) {
        moved = std::min(pending, Proportion(amount, AmountOf(book.vat_by_rate, rate),
                                             book.total_incl_vat));
      }
      pending -= moved;
      if (moved != 0) effect.vat_moved.emplace_back(rate, moved);
    }
    book.settled += amount;
    unpredicted = unpredicted || effect.vat_moved != PredictedVatMoved(book, amount);
    effects.push_back(std::move(effect));
  }
  std::vector<std::pair<int, size_t>> client_lines;  // Line index, letter group.
  EntryBuilder entry = PaymentEntry(event, payment, effects, &client_lines);
  LetterLines(Post(entry, event), client_lines, payment.received_on);
  for (const AllocationEffect& effect : effects) ForgetIfSettled(effect.invoice);
  if (!effects.empty() && (!open_only_ || unpredicted)) {
    payment_effects_[event.seq] = std::move(effects);
  }
}

std::vector<Ledger::AllocationEffect> Ledger::PredictedEffects(
    const events::StoredEvent& event, const events::PaymentReceived& payment) {
  std::vector<AllocationEffect> effects;
  for (const events::Allocation& allocation : payment.allocations) {
    const InvoiceBook* book = FindBook(allocation.invoice_number.value, event.seq);
    if (book == nullptr) continue;
    effects.push_back(AllocationEffect{allocation.invoice_number.value, allocation.amount.cents(),
                                       PredictedVatMoved(*book, allocation.amount.cents())});
  }
  return effects;
}

Ledger::EntryBuilder Ledger::PaymentEntry(const events::StoredEvent& event,
                                          const events::PaymentReceived& payment,
                                          const std::vector<AllocationEffect>& effects,
                                          std::vector<std::pair<int, size_t>>* client_lines) const {
  const bool cash = payment.method == events::PaymentMethod::kCash;
  const std::string& treasury = cash ? chart_.posting.cash : chart_.posting.bank;
  const std::string client_label = ClientLabel(payment.client_id.value);
  EntryBuilder entry(cash ? "CA" : "BQ", event.effective,
                     payment.reference.empty() ? payment.payment_id.value : payment.reference,
                     payment.received_on, "Reglement " + client_label);
  int64_t allocated = 0;
  for (const AllocationEffect& effect : effects) {
    const InvoiceBook& book = invoices_.at(effect.invoice);
    allocated += effect.amount;
    entry.Line(treasury, effect.amount, book.analytic);
    const int line = entry.Line(chart_.posting.client, -effect.amount, book.analytic, book.client,
                                client_label);
    if (line >= 0) client_lines->emplace_back(line, book.group);
    for (const auto& [rate, moved] : effect.vat_moved) {
      entry.Line(chart_.posting.vat_pending, moved, book.analytic, "", "", rate);
      entry.Line(chart_.posting.vat_collected, -moved, book.analytic, "", "", rate);
    }
  }
  const int64_t unallocated = payment.amount.cents() - allocated;
  entry.Line(treasury, unallocated, chart_.cae_analytic_code);
  entry.Line(chart_.posting.client, -unallocated, chart_.cae_analytic_code, payment.client_id.value,
             client_label);
  return entry;
}

void Ledger::ApplyPayslip(const events::StoredEvent& event, const events::PayslipIssued& payslip) {
  const std::string analytic = ActivityAnalytic(payslip.activity_id.value);
  // Kept for the wage payments; a ledger that keeps what is open only reads the payslip back.
  if (!open_only_) payslip_analytic_[payslip.payslip_id.value] = analytic;
  const std::string& member = payslip.member_id.value;
  auto organisation_account = [this](const std::string& code) {
    return PayslipLineOrganisation(code) == "urssaf" ? chart_.posting.social_security
                                                     : chart_.posting.other_social_bodies;
  };
  std::map<std::string, int64_t> employee_shares;  // Account -> amount withheld.
  std::map<std::string, int64_t> employer_shares;
  int64_t employer_total = 0;
  for (const events::PayslipLine& line : payslip.lines) {
    const std::string account = organisation_account(line.code);
    employee_shares[account] += line.employee_amount.cents();
    employer_shares[account] += line.employer_amount.cents();
    employer_total += line.employer_amount.cents();
  }
  EntryBuilder entry("SAL", payslip.period_end.AddDays(-1), payslip.payslip_id.value,
                     payslip.period_end.AddDays(-1), "Paie " + member + " " +
                                                         payslip.period_start.ToString().substr(0, 7));
  entry.Line(chart_.posting.gross_wages, payslip.gross.cents(), analytic);
  entry.Line(chart_.posting.wages_due, -payslip.net_paid.cents(), analytic, member, member);
  for (const auto& [account, amount] : employee_shares) entry.Line(account, -amount, analytic);
  entry.Line(chart_.posting.income_tax_withheld, -payslip.income_tax.cents(), analytic);
  entry.Line(chart_.posting.employer_contributions, employer_total, analytic);
  for (const auto& [account, amount] : employer_shares) entry.Line(account, -amount, analytic);
  Post(entry, event);
}

void Ledger::ApplyReversal(const events::StoredEvent& event, const events::Reversed& reversal) {
  COOPLEDGER_ASSERT(fetch_ != nullptr);  // Required once the log holds a reversal.
  const std::optional<events::StoredEvent> original = fetch_(reversal.reversed_seq);
  COOPLEDGER_ASSERT(original.has_value() && original->seq == reversal.reversed_seq);
  std::vector<std::pair<int, size_t>> client_lines;
  // What the reversed payment did to each invoice: kept, or else the effects its allocations give.
  std::optional<std::vector<AllocationEffect>> effects;
  if (auto kept = payment_effects_.find(reversal.reversed_seq); kept != payment_effects_.end()) {
    effects = std::move(kept->second);
    payment_effects_.erase(kept);
    // Their invoices may have left the table since: read them back.
    for (const AllocationEffect& effect : *effects) FindBook(effect.invoice, original->seq);
  } else if (const auto* payment = std::get_if<events::PaymentReceived>(&original->body);
             payment != nullptr && open_only_) {
    effects = PredictedEffects(*original, *payment);
  }
  std::optional<EntryBuilder> rebuilt = std::visit(
      Overloaded{
          [&](const events::ExpenseRecorded& expense) -> std::optional<EntryBuilder> {
            return ExpenseEntry(expense);
          },
          [&](const events::SelfFinancingRecorded& action) -> std::optional<EntryBuilder> {
            return SelfFinancingEntry(*original, action);
          },
          [&](const events::GrantReceived& grant) -> std::optional<EntryBuilder> {
            return GrantEntry(*original, grant);
          },
          [&](const events::PaymentReceived& payment) -> std::optional<EntryBuilder> {
            static const std::vector<AllocationEffect> kNone;
            return PaymentEntry(*original, payment, effects ? *effects : kNone, &client_lines);
          },
          [](const auto&) -> std::optional<EntryBuilder> { return std::nullopt; },
      },
      original->body);
  if (!rebuilt) return;  // Hours, reminders: no money moved.
  EntryBuilder entry(rebuilt->entry.journal, event.effective, rebuilt->entry.piece_reference,
                     rebuilt->entry.piece_date,
                     "Annulation " + rebuilt->entry.label + ": " + reversal.reason);
  entry.entry.lines = std::move(rebuilt->entry.lines);
  for (LedgerLine& line : entry.entry.lines) std::swap(line.debit, line.credit);
  // A reversed payment: the invoices it settled are open again, their VAT pending again.
  LetterLines(Post(entry, event), client_lines, event.effective);
  if (effects) {
    for (const AllocationEffect& effect : *effects) {
      InvoiceBook& book = invoices_[effect.invoice];
      book.settled -= effect.amount;
      for (const auto& [rate, moved] : effect.vat_moved) AmountAt(book.pending_by_rate, rate) += moved;
    }
    for (const AllocationEffect& effect : *effects) ForgetIfSettled(effect.invoice);
  }
}

std::vector<const Ledger::Balance*> Ledger::SortedBalances(int32_t year) const {
  MaterializeBalances();
  std::vector<const Balance*> sorted;
  auto found = balances_.find(year);
  if (found == balances_.end()) return sorted;
  for (const auto& [key, balance] : found->second.by_key) sorted.push_back(&balance);
  std::sort(sorted.begin(), sorted.end(), [](const Balance* a, const Balance* b) {
    return std::tie(a->account, a->auxiliary, a->analytic) <
           std::tie(b->account, b->auxiliary, b->analytic);
  });
  return sorted;
}

void Ledger::ApplyYearClose(const events::StoredEvent& event, const events::FiscalYearClosed& closed) {
  const int32_t year = FiscalYearOf(closed.year_start);
  const Date last_day = closed.year_end.AddDays(-1);
  const std::string suffix = std::to_string(year);

  EntryBuilder closing("CL", last_day, "CLOTURE-" + suffix, last_day,
                       "Cloture de l'exercice " + suffix);
  std::map<std::string, int64_t> result_by_analytic;  // Debit > 0: a loss.
  for (const Balance* balance : SortedBalances(year)) {
    if (!IsIncomeStatementAccount(balance->account) || balance->cents == 0) continue;
    closing.Line(balance->account, -balance->cents, balance->analytic, balance->auxiliary,
                 balance->auxiliary_label);
    result_by_analytic[balance->analytic] += balance->cents;
  }
  for (const auto& [analytic, result] : result_by_analytic) {
    closing.Line(result > 0 ? chart_.posting.result_loss : chart_.posting.result_profit, result,
                 analytic);
  }
  closing.entry.kind = EntryKind::kClosing;
  closing.entry.fiscal_year = year;
  Post(closing, event);

  EntryBuilder opening("AN", closed.year_end, "AN-" + std::to_string(year + 1), closed.year_end,
                       "A-nouveaux de l'exercice " + suffix);
  for (const Balance* balance : SortedBalances(year)) {
    if (!IsBalanceSheetAccount(balance->account)) continue;
    opening.Line(balance->account, balance->cents, balance->analytic, balance->auxiliary,
                 balance->auxiliary_label);
  }
  opening.entry.kind = EntryKind::kOpening;
  opening.entry.fiscal_year = FiscalYearOf(closed.year_end);
  Post(opening, event);
  last_closed_year_ = year;
  // Nothing is posted in a closed year again, and only a year's close reads its balances.
  balances_.erase(balances_.begin(), balances_.upper_bound(year));
}

}  // namespace coopledger::projections
