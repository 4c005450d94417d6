// Runs commands: decides them against the live state, appends their events through the store
// and applies what was appended. One command at a time (DESIGN section 2: a command's way).
#ifndef COOPLEDGER_ENGINE_COMMAND_SERVICE_H_
#define COOPLEDGER_ENGINE_COMMAND_SERVICE_H_

#include <memory>
#include <mutex>

#include "engine/command_handler.h"
#include "engine/event_store.h"
#include "engine/rules.h"

namespace coopledger::engine {

struct CommandResult {
  std::vector<Seq> seqs;
  bool replayed = false;
};

class CommandService {
 public:
  // Replays the log of `store` into the state. `store` and `clock` must outlive the service.
  static Result<std::unique_ptr<CommandService>> Create(EventStore* store, Clock* clock, Rules rules);
  // As Create, but starts from the latest work_state snapshot (engine/snapshots.h) and replays
  // only the events after it; from event 1 when there is none. kCorruption, naming the snapshot,
  // if its bytes do not load. Defined in command_service_snapshot.cc.
  static Result<std::unique_ptr<CommandService>> CreateFromSnapshot(EventStore* store, Clock* clock,
                                                                    Rules rules);

  // Decides and appends one command. A command id used before with the same command returns the
  // first seqs (replayed); with another command, kDuplicateCommand. Thread-safe.
  Result<CommandResult> Execute(const events::CommandId& command_id, const events::Actor& actor,
                                events::EventBody command);

  // Decides every command in order, each seeing the ones before it, and appends all their events
  // atomically, or nothing. On refusal, the error lists every refused command by its index
  // ("commands[3]: ..."), not only the first. Thread-safe.
  Result<CommandResult> ExecuteAll(const events::CommandId& command_id, const events::Actor& actor,
                                   std::vector<events::EventBody> commands);

  const Rules& rules() const { return rules_; }

  // The state as of the last appended event. Not thread-safe against concurrent commands.
  const projections::WorkState& state() const { return state_; }

  // Calls `read` with the state under the service's lock: no command runs meanwhile. Thread-safe.
  template <typename Read>
  auto ReadState(Read read) {
    std::lock_guard lock(mutex_);
    return read(static_cast<const projections::WorkState&>(state_));
  }

 private:
  CommandService(EventStore* store, Clock* clock, Rules rules)
      : store_(store), clock_(clock), rules_(std::move(rules)) {}
  // Birth dates are read from `view`: the state a batch's later commands are decided against.
  DecisionContext Context(const projections::WorkState& view);
  Status ApplyAppended(const std::vector<Seq>& seqs);

  EventStore* store_;
  Clock* clock_;
  Rules rules_;
  std::mutex mutex_;
  projections::WorkState state_;
};

// Folds the whole log of `store` into `fold(event)`, page by page.
Status ReplayLog(EventStore& store, const std::function<void(const events::StoredEvent&)>& fold);
// The same for the events with seq <= `last` only: the books as they stood after event `last`.
Status ReplayLog(EventStore& store, Seq last,
                 const std::function<void(const events::StoredEvent&)>& fold);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_COMMAND_SERVICE_H_
