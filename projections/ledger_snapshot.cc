// Snapshots of the ledger's state. Version 1 kept every invoice and every payment's effects;
// its snapshots are refused (kCorruption) and `rebuild` writes them again.
//
// Grammar (projections/snapshot_codec.h for the elements; maps in key order):
//   "LGR " version=2 lettering open_only siren year_end_month default_contribution_ppm
//          default_rates last_closed_year entry_counts balances client_labels activities
//          member_activity payslip_analytic invoices settled_groups groups next_letter
//          payment_effects
//   settled_groups   := count { number group }      with lettering and open_only only
//   open_only        := 0 | 1   (1: settled invoices left the tables, ledger.h)
//   default_rates    := count { seq rate_ppm }                           in seq order
//   last_closed_year := 0 | 1 integer
//   entry_counts     := count { year count }
//   balances         := text holding "BAL " 1 count { year count { account auxiliary
//                       auxiliary_label analytic cents } }, read only when needed
//   activities       := count { activity analytic rate_ppm }
//   invoices         := count { number seq client analytic total rates rates settled rate_ppm group }
//   rates            := count { rate_ppm cents }                          in rate order
//   groups           := count { auxiliary count { year number line cents } 0 | 1 code date }
//   payment_effects  := count { seq count { invoice amount rates } }
//   the other maps hold texts and integers.
#include "projections/ledger.h"

#include "projections/snapshot_codec.h"

namespace coopledger::projections {
namespace {


void WriteTexts(SnapshotWriter& out, const std::unordered_map<std::string, std::string>& texts) {
  out.Count(texts.size());
  for (const auto* entry : InKeyOrder(texts)) {
    out.Text(entry->first);
    out.Text(entry->second);
  }
}

bool ReadTexts(SnapshotReader& in, std::unordered_map<std::string, std::string>* texts) {
  return Repeat(in, [&] {
    std::string key;
    std::string value;
    if (!in.Text(&key) || !in.Text(&value)) return false;
    texts->emplace(std::move(key), std::move(value));
    return true;
  });
}

void WriteRates(SnapshotWriter& out, const std::vector<std::pair<int64_t, int64_t>>& rates) {
  out.Count(rates.size());
  for (const auto& [rate, cents] : rates) {
    out.Integer(rate);
    out.Integer(cents);
  }
}

bool ReadRates(SnapshotReader& in, std::vector<std::pair<int64_t, int64_t>>* rates) {
  return Repeat(in, [&] {
    int64_t rate = 0;
    int64_t cents = 0;
    if (!in.Integer(&rate) || !in.Integer(&cents)) return false;
    rates->emplace_back(rate, cents);
    return true;
  });
}

Error BadSnapshot() { return Error(ErrorCode::kCorruption, "ledger snapshot: malformed or truncated"); }

constexpr std::string_view kBalancesMagic = "BAL ";
constexpr uint64_t kBalancesVersion = 1;

// Whether `bytes` hold the balances' grammar, read in place.
bool BalancesWellFormed(std::string_view bytes) {
  SnapshotReader in(bytes, kBalancesMagic, kBalancesVersion);
  std::string_view text;
  int32_t year = 0;
  int64_t integer = 0;
  return Repeat(in, [&] {
           return in.Int32(&year) && Repeat(in, [&] {
                    return in.Text(&text) && in.Text(&text) && in.Text(&text) && in.Text(&text) &&
                           in.Integer(&integer);
                  });
         }) &&
         in.Done();
}

}  // namespace

std::string Ledger::Snapshot() const {
  SnapshotWriter out(kSnapshotMagic, kSnapshotVersion);
  out.Bool(options_.lettering);
  out.Bool(open_only_);
  out.Text(siren_);
  out.Integer(year_end_month_);
  out.Integer(default_contribution_ppm_);
  out.Count(default_rates_.size());
  for (const auto& [seq, rate] : default_rates_) {
    out.Varint(seq);
    out.Integer(rate);
  }
  out.Bool(last_closed_year_.has_value());
  if (last_closed_year_) out.Integer(*last_closed_year_);
  out.Count(entry_counts_.size());
  for (const auto& [year, count] : entry_counts_) {
    out.Integer(year);
    out.Integer(count);
  }
  MaterializeBalances();
  SnapshotWriter balances_out(kBalancesMagic, kBalancesVersion);
  balances_out.Count(balances_.size());
  for (auto& [year, balances] : balances_) {
    balances_out.Integer(year);
    balances_out.Count(balances.by_key.size());
    for (const auto* entry : balances.order.Of(balances.by_key)) {
      const Balance& balance = entry->second;
      balances_out.Text(balance.account);
      balances_out.Text(balance.auxiliary);
      balances_out.Text(balance.auxiliary_label);
      balances_out.Text(balance.analytic);
      balances_out.Integer(balance.cents);
    }
  }
  out.Text(balances_out.bytes());
  client_labels_.Write(out);
  out.Count(activities_.size());
  for (const auto* entry : InKeyOrder(activities_)) {
    out.Text(entry->first);
    out.Text(entry->second.first);
    out.Integer(entry->second.second);
  }
  member_activity_.Write(out);
  WriteTexts(out, payslip_analytic_);
  out.Count(invoices_.size());
  for (const auto* entry : InKeyOrder(invoices_)) {
    const InvoiceBook& book = entry->second;
    out.Text(entry->first);
    out.Varint(book.seq);
    out.Text(book.client);
    out.Text(book.analytic);
    out.Integer(book.total_incl_vat);
    WriteRates(out, book.vat_by_rate);
    WriteRates(out, book.pending_by_rate);
    out.Integer(book.settled);
    out.Integer(book.contribution_rate_ppm);
    out.Varint(book.group);
  }
  out.Count(settled_groups_.size());
  for (const auto* entry : InKeyOrder(settled_groups_)) {
    out.Text(entry->first);
    out.Varint(entry->second);
  }
  out.Count(groups_.size());
  for (const LetterGroup& group : groups_) {
    out.Text(group.auxiliary);
    out.Count(group.lines.size());
    for (const auto& [line, cents] : group.lines) {
      out.Integer(line.fiscal_year);
      out.Integer(line.number);
      out.Varint(line.line);
      out.Integer(cents);
    }
    out.Bool(group.letter.has_value());
    if (group.letter) {
      out.Text(group.letter->code);
      out.Day(group.letter->date);
    }
  }
  out.Count(next_letter_.size());
  for (const auto* entry : InKeyOrder(next_letter_)) {
    out.Text(entry->first);
    out.Integer(entry->second);
  }
  out.Count(payment_effects_.size());
  for (const auto* entry : InKeyOrder(payment_effects_)) {
    out.Varint(entry->first);
    out.Count(entry->second.size());
    for (const AllocationEffect& effect : entry->second) {
      out.Text(effect.invoice);
      out.Integer(effect.amount);
      WriteRates(out, effect.vat_moved);
    }
  }
  return out.Take();
}

void Ledger::MaterializeBalances() const {
  if (loaded_balances_.empty()) return;
  std::map<int32_t, YearBalances> loaded;
  SnapshotReader in(loaded_balances_, kBalancesMagic, kBalancesVersion);
  const bool ok = Repeat(in, [&] {
    int32_t year = 0;
    size_t count = 0;
    if (!in.Int32(&year) || !in.Count(&count)) return false;
    std::unordered_map<std::string, Balance>& balances = loaded[year].by_key;
    balances.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      Balance balance;
      if (!in.Text(&balance.account) || !in.Text(&balance.auxiliary) ||
          !in.Text(&balance.auxiliary_label) || !in.Text(&balance.analytic) ||
          !in.Integer(&balance.cents)) {
        return false;
      }
      std::string key = balance.account + '\x1f' + balance.auxiliary + '\x1f' + balance.analytic;
      balances.emplace(std::move(key), std::move(balance));
    }
    return true;
  });
  COOPLEDGER_ASSERT(ok && in.Done());  // LoadSnapshot checked the grammar.
  // The movements posted since the snapshot, onto the balances it held (whose labels, the first
  // line's, stay).
  for (auto& [year, movements] : balances_) {
    std::unordered_map<std::string, Balance>& balances = loaded[year].by_key;
    for (auto& [key, movement] : movements.by_key) {
      auto [found, inserted] = balances.try_emplace(key, std::move(movement));
      if (!inserted) found->second.cents += movement.cents;
    }
  }
  balances_ = std::move(loaded);
  loaded_balances_.clear();
}

Status Ledger::LoadSnapshot(std::string_view bytes) {
  SnapshotReader in(bytes, kSnapshotMagic, kSnapshotVersion);
  if (in.ok() && in.version() != kSnapshotVersion) {
    return Error(ErrorCode::kCorruption, "ledger snapshot: version " + std::to_string(in.version()) +
                                             " of an earlier format: run `coopledger rebuild`");
  }
  bool lettering = false;
  bool open_only = false;
  bool has_closed_year = false;
  bool ok = in.Bool(&lettering) && lettering == options_.lettering && in.Bool(&open_only) &&
            open_only == open_only_ && in.Text(&siren_) && in.Int32(&year_end_month_) &&
            in.Integer(&default_contribution_ppm_) && Repeat(in, [&] {
              uint64_t seq = 0;
              int64_t rate = 0;
              if (!in.Varint(&seq) || !in.Integer(&rate)) return false;
              default_rates_.emplace_back(seq, rate);
              return true;
            }) && in.Bool(&has_closed_year);
  if (ok && has_closed_year) {
    int32_t year = 0;
    ok = in.Int32(&year);
    last_closed_year_ = year;
  }
  ok = ok && Repeat(in, [&] {
    int32_t year = 0;
    int64_t count = 0;
    if (!in.Int32(&year) || !in.Integer(&count)) return false;
    entry_counts_.emplace(year, count);
    return true;
  });
  // Checked now, without a copy (a snapshot that loads is whole); decoded when needed
  // (MaterializeBalances).
  ok = ok && in.Text(&loaded_balances_) && BalancesWellFormed(loaded_balances_);
  ok = ok && client_labels_.Read(in) && Repeat(in, [&] {
    std::string activity;
    std::string analytic;
    int64_t rate = 0;
    if (!in.Text(&activity) || !in.Text(&analytic) || !in.Integer(&rate)) return false;
    activities_.emplace(std::move(activity), std::make_pair(std::move(analytic), rate));
    return true;
  });
  ok = ok && member_activity_.Read(in) && ReadTexts(in, &payslip_analytic_) &&
       Repeat(in, [&] {
         std::string number;
         InvoiceBook book;
         uint64_t group = 0;
         if (!in.Text(&number) || !in.Varint(&book.seq) || !in.Text(&book.client) || !in.Text(&book.analytic) ||
             !in.Integer(&book.total_incl_vat) || !ReadRates(in, &book.vat_by_rate) ||
             !ReadRates(in, &book.pending_by_rate) || !in.Integer(&book.settled) ||
             !in.Integer(&book.contribution_rate_ppm) || !in.Varint(&group)) {
           return false;
         }
         book.group = static_cast<size_t>(group);
         invoices_.emplace(std::move(number), std::move(book));
         return true;
       });
  ok = ok && Repeat(in, [&] {
    std::string number;
    uint64_t group = 0;
    if (!in.Text(&number) || !in.Varint(&group)) return false;
    settled_groups_.emplace(std::move(number), static_cast<size_t>(group));
    return true;
  });
  ok = ok && Repeat(in, [&] {
    LetterGroup group;
    bool lettered = false;
    const bool lines = in.Text(&group.auxiliary) && Repeat(in, [&] {
      LineRef line;
      uint64_t index = 0;
      int64_t cents = 0;
      if (!in.Int32(&line.fiscal_year) || !in.Integer(&line.number) || !in.Varint(&index) ||
          index > UINT32_MAX || !in.Integer(&cents)) {
        return false;
      }
      line.line = static_cast<uint32_t>(index);
      group.lines.emplace_back(line, cents);
      return true;
    });
    if (!lines || !in.Bool(&lettered)) return false;
    if (lettered) {
      Letter letter;
      if (!in.Text(&letter.code) || !in.Day(&letter.date)) return false;
      group.letter = std::move(letter);
    }
    groups_.push_back(std::move(group));
    return true;
  });
  ok = ok && Repeat(in, [&] {
    std::string auxiliary;
    int32_t next = 0;
    if (!in.Text(&auxiliary) || !in.Int32(&next)) return false;
    next_letter_.emplace(std::move(auxiliary), next);
    return true;
  });
  ok = ok && Repeat(in, [&] {
    uint64_t seq = 0;
    if (!in.Varint(&seq)) return false;
    std::vector<AllocationEffect>& effects = payment_effects_[seq];
    return Repeat(in, [&] {
      AllocationEffect effect;
      if (!in.Text(&effect.invoice) || !in.Integer(&effect.amount) ||
          !ReadRates(in, &effect.vat_moved)) {
        return false;
      }
      effects.push_back(std::move(effect));
      return true;
    });
  });
  if (!ok || !in.Done()) return BadSnapshot();
  return OkStatus();
}

}  // namespace coopledger::projections
