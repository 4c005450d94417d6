// Deciders for period and fiscal-year closes, manual journal entries and reversals.
#include <set>

#include "engine/deciders.h"
#include "engine/exports.h"
#include "engine/seals.h"

namespace coopledger::engine::decide {
namespace {

// Journals fed by facts that an accountant may also write to; AN and CL belong to the year close.
const std::set<std::string, std::less<>> kManualJournals = {"OD", "VE", "AC", "BQ", "CA", "SAL"};

}  // namespace

Decision AccountingPeriodClosed(const WorkState& state, const DecisionContext& context,
                                events::AccountingPeriodClosed closed) {
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("period_start", closed.period_start));
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("period_end", closed.period_end));
  if (!(closed.period_start < closed.period_end)) return Invalid("period_end", "must be after period_start");
  if (state.ClosedBefore() && closed.period_start != *state.ClosedBefore()) {
    return Invalid("period_start", "periods close in order: the next one starts on " +
                                       state.ClosedBefore()->ToString());
  }
  if (context.today < closed.period_end) {
    return Invalid("period_end", "a period closes once it is over (today is " +
                                     context.today.ToString() + ")");
  }
  const Date effective = closed.period_end.AddDays(-1);
  return One(Make("books", effective, std::move(closed)));
}

Decision FiscalYearClosed(const WorkState& state, const DecisionContext& context,
                          events::FiscalYearClosed closed) {
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("year_start", closed.year_start));
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("year_end", closed.year_end));
  if (!state.cae()) return Invalid("year_end", "configure the CAE (its fiscal year) first");
  const int end_month = state.cae()->fiscal_year_end_month;
  const Date last_day = closed.year_end.AddDays(-1);
  if (closed.year_end.day() != 1 || last_day.month() != end_month) {
    return Invalid("year_end", "must be the day after the last day of month " +
                                   std::to_string(end_month) + ", the CAE's fiscal year end");
  }
  const Date twelve_months_before =
      Date::FromYmd(closed.year_end.year() - 1, closed.year_end.month(), 1).value();
  if (closed.year_start != twelve_months_before) {
    return Invalid("year_start", "must be " + twelve_months_before.ToString() +
                                     ", twelve months before year_end");
  }
  if (const std::optional<Date> closed_before = state.FiscalYearClosedBefore()) {
    if (closed.year_end <= *closed_before) {
      return Invalid("year_end", "the fiscal year ending " + last_day.ToString() +
                                     " is already closed");
    }
    if (closed.year_start != *closed_before) {
      return Invalid("year_start", "fiscal years close in order: the next one starts on " +
                                       closed_before->ToString());
    }
  }
  if (!state.ClosedBefore() || *state.ClosedBefore() < closed.year_end) {
    return Error(ErrorCode::kPeriodClosed,
                 "year_end: close every accounting period up to " + last_day.ToString() +
                     " first (closed before " +
                     (state.ClosedBefore() ? state.ClosedBefore()->ToString() : "none") + ")");
  }
  if (context.today < closed.year_end) {
    return Invalid("year_end", "a fiscal year closes once it is over (today is " +
                                   context.today.ToString() + ")");
  }
  return One(Make("books", last_day, std::move(closed)));
}

Decision JournalEntryRecorded(const WorkState& state, const DecisionContext& context,
                              events::JournalEntryRecorded entry) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("entry_id", entry.entry_id.value));
  const std::string stream = "entry/" + entry.entry_id.value;
  if (state.StreamExists(stream)) return Taken("entry_id", entry.entry_id.value);
  if (entry.journal.empty()) entry.journal = "OD";
  if (kManualJournals.count(entry.journal) == 0) {
    return Invalid("journal", "\"" + entry.journal +
                                  "\" is not a journal for manual entries (OD, VE, AC, BQ, CA, SAL)");
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("entry_date", entry.entry_date));
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("entry_date", entry.entry_date, context));
  COOPLEDGER_RETURN_IF_ERROR(PeriodOpen("entry_date", entry.entry_date, state));
  COOPLEDGER_RETURN_IF_ERROR(RequireText("label", entry.label));
  if (entry.piece_reference.empty()) entry.piece_reference = entry.entry_id.value;
  if (entry.postings.size() < 2) return Invalid("postings", "an entry needs at least two postings");
  if (entry.postings.size() > static_cast<size_t>(kEntryPostingsMax)) {
    return Invalid("postings", "at most " + std::to_string(kEntryPostingsMax) + " postings");
  }
  int64_t debit = 0;
  int64_t credit = 0;
  for (size_t i = 0; i < entry.postings.size(); ++i) {
    const events::Posting& posting = entry.postings[i];
    const std::string field = "postings[" + std::to_string(i) + "]";
    if (!IsAccountNumber(posting.account)) {
      return Invalid(field + ".account", "\"" + posting.account +
                                             "\" is not a PCG account: three digits of classes 1 "
                                             "to 7, then digits or capitals");
    }
    if (posting.side == events::Side::kUnset) return Invalid(field + ".side", "debit or credit");
    if (posting.amount.cents() <= 0) return Invalid(field + ".amount", "must be more than 0");
    if (posting.account.rfind("411", 0) == 0 && !posting.auxiliary.empty() &&
        state.FindClient(events::ClientId{posting.auxiliary}) == nullptr) {
      return Unknown(field + ".auxiliary", "client", posting.auxiliary);
    }
    (posting.side == events::Side::kDebit ? debit : credit) += posting.amount.cents();
  }
  if (debit != credit) {
    return Error(ErrorCode::kPostingsMustBalance,
                 "postings: debits " + Money::FromCents(debit).ToString() + " and credits " +
                     Money::FromCents(credit).ToString() + " differ");
  }
  const Date effective = entry.entry_date;
  return One(Make(stream, effective, std::move(entry), kNoStream));
}

Decision Reversed(const WorkState& state, const DecisionContext& context, events::Reversed reversal) {
  if (reversal.reversed_seq == 0) return Invalid("reversed_seq", "required");
  COOPLEDGER_RETURN_IF_ERROR(RequireText("reason", reversal.reason));
  if (state.IsReversed(reversal.reversed_seq)) {
    return Invalid("reversed_seq", "seq " + std::to_string(reversal.reversed_seq) +
                                       " is already reversed");
  }
  const events::StoredEvent* original = state.FindReversible(reversal.reversed_seq);
  if (original == nullptr) {
    if (reversal.reversed_seq > state.last_seq()) {
      return Unknown("reversed_seq", "event", std::to_string(reversal.reversed_seq));
    }
    return Error(ErrorCode::kNotReversible,
                 "reversed_seq: seq " + std::to_string(reversal.reversed_seq) +
                     " cannot be reversed: documents are credited, contracts changed or ended");
  }
  const std::string stream = original->stream;
  return One(Make(stream, context.today, std::move(reversal)));
}

}  // namespace coopledger::engine::decide

namespace coopledger::engine::decide {

Decision SealRecorded(const WorkState& state, const DecisionContext& context,
                      events::SealRecorded seal) {
  const std::string month = seal.month.ToString().substr(0, 7);
  if (seal.month.day() != 1) return Invalid("month", "must be the first day of a month");
  if (context.today < seal.month.FirstOfNextMonth()) {
    return Error(ErrorCode::kPeriodClosed,
                 "month: " + month + " is not over (today is " + context.today.ToString() + ")");
  }
  if (state.LastSealedMonth() && seal.month <= *state.LastSealedMonth()) {
    return Invalid("month", month + " is not after the last sealed month, " +
                                state.LastSealedMonth()->ToString().substr(0, 7));
  }
  if (seal.first_seq == 0 || seal.last_seq < seal.first_seq) {
    return Invalid("first_seq", "must be at least 1 and at most last_seq");
  }
  if (seal.first_seq <= state.LastSealedSeq()) {
    return Invalid("first_seq", "seq " + std::to_string(seal.first_seq) +
                                    " is already covered by an earlier seal");
  }
  if (seal.last_seq > state.last_seq()) {
    return Invalid("last_seq", "seq " + std::to_string(seal.last_seq) + " is not in the log yet");
  }
  if (seal.head_hash.size() != events::kHashSize || seal.merkle_root.size() != events::kHashSize) {
    return Invalid("merkle_root", "the head hash and the Merkle root are 32 bytes each");
  }
  const Date last_day = seal.month.FirstOfNextMonth().AddDays(-1);
  return One(Make(kSealStream, last_day, std::move(seal), state.SealCount()));
}

Decision ExportRecorded(const WorkState&, const DecisionContext& context,
                        events::ExportRecorded record) {
  COOPLEDGER_RETURN_IF_ERROR(CheckExportRecord(record, ""));
  return One(Make(kExportStream, context.today, std::move(record)));
}

}  // namespace coopledger::engine::decide
