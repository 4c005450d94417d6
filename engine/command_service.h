// Runs commands: decides them against the live state, appends their events through the store
// and applies them (DESIGN section 2: a command's way).
//
// Commands are decided one at a time, each against the state that includes every command decided
// before it, durable or not yet. A decided command's events are applied to the state at once and
// queued in the store in decision order; the service's lock is released for the synced write, so
// the commands of concurrent callers share the store's group commit. The store refuses a batch
// whose first seq is not the one its decision assumed (AppendBatch::expected_first_seq): if a
// write fails, the commands decided after it are refused there, the state is rebuilt from the log
// and they are decided again; the caller of the failed write gets kStorageIo.
#ifndef COOPLEDGER_ENGINE_COMMAND_SERVICE_H_
#define COOPLEDGER_ENGINE_COMMAND_SERVICE_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>

#include "engine/command_handler.h"
#include "engine/event_store.h"
#include "engine/replay.h"
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

  // The state as of the last decided command. Not thread-safe against concurrent commands.
  const projections::WorkState& state() const { return state_; }

  // Calls `read` with the state under the service's lock: no command is decided meanwhile; the
  // state may include commands decided but not yet durable. Thread-safe.
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
  // Decides `commands` against state_ and, if every one is accepted, applies their events to it.
  // REQUIRES: mutex_ held.
  Result<AppendBatch> DecideAndApply(const events::Actor& actor,
                                     std::vector<events::EventBody> commands);
  // Replaces state_ with the log's (from the nearest work_state snapshot). REQUIRES: mutex_ held.
  Status Rebuild();

  EventStore* store_;
  Clock* clock_;
  Rules rules_;
  std::mutex mutex_;
  projections::WorkState state_;  // Guarded by mutex_.
  // Command ids decided and queued, not yet settled by the store; guarded by mutex_. A retry of
  // one waits for it on `settled_`, then finds it in the store.
  std::set<std::string> in_flight_;
  std::condition_variable settled_;
  // Bumped by every Rebuild(); guarded by mutex_. A write that fails in the generation it was
  // decided in marks the state stale.
  uint64_t generation_ = 0;
  bool stale_ = false;  // Guarded by mutex_.
};

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_COMMAND_SERVICE_H_
