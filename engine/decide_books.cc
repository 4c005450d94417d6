// Deciders for period closes and reversals.
#include "engine/deciders.h"

namespace coopledger::engine::decide {

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
  std::vector<ProposedEvent> events;
  events.push_back(Make("books", effective, std::move(closed)));
  return events;
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
  std::vector<ProposedEvent> events;
  events.push_back(Make(stream, context.today, std::move(reversal)));
  return events;
}

}  // namespace coopledger::engine::decide
