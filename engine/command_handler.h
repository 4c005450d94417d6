// Commands: a proposed event body, validated against the current state and completed with what
// the system decides (document numbers and totals, due dates, reminder levels and penalties, late
// booking), then appended by CommandService (engine/command_service.h).
#ifndef COOPLEDGER_ENGINE_COMMAND_HANDLER_H_
#define COOPLEDGER_ENGINE_COMMAND_HANDLER_H_

#include <functional>
#include <optional>
#include <vector>

#include "engine/event_store.h"
#include "engine/rules.h"
#include "projections/work_state.h"

namespace coopledger::engine {

// Limits of working time for workers under 18 (Code du travail L3162-1): 8 hours a day and 35
// hours a week.
inline constexpr int32_t kMinorDailyMinutesMax = 8 * 60;
inline constexpr int32_t kMinorWeeklyMinutesMax = 35 * 60;

struct DecisionContext {
  Date today;           // From the service's clock.
  const Rules* rules = nullptr;
  // A member's birth date, opened from their sealed personal data; nullopt if unknown or erased.
  std::function<std::optional<Date>(const events::MemberId&)> birth_date;
};

// Returns the events to append for `proposed`, each with its stream, business date and expected
// stream version. Errors name the field and the reason; on any error nothing is produced.
// Kinds produced by later capabilities (payroll, declarations, seals) are kUnsupported here.
// REQUIRES: `state` has applied every event up to the store's head.
Result<std::vector<ProposedEvent>> Decide(const projections::WorkState& state,
                                          const DecisionContext& context,
                                          events::EventBody proposed);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_COMMAND_HANDLER_H_
