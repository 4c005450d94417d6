#include "engine/command_service.h"

#include <algorithm>

#include "engine/hash_chain.h"
#include "engine/store_layout.h"
#include "events/codec.h"

namespace coopledger::engine {
namespace {

// Identifies a command as sent, before it is decided: the basis of idempotent retries.
events::Hash CommandFingerprint(const events::Actor& actor,
                                const std::vector<events::EventBody>& commands) {
  std::string bytes;
  for (const events::EventBody& body : commands) {
    const std::string encoded = events::EncodeProposed(events::Event{"command", Date(), body}, actor);
    layout::PutBigEndian64(&bytes, encoded.size());
    bytes += encoded;
  }
  return Sha256(bytes);
}

// Stands for an event not yet appended, so that later commands of a batch see earlier ones.
events::StoredEvent Tentative(const ProposedEvent& proposed, Seq seq) {
  events::StoredEvent event;
  event.seq = seq;
  event.stream = proposed.event.stream;
  event.effective = proposed.event.effective;
  event.body = proposed.event.body;
  return event;
}

}  // namespace

Result<std::unique_ptr<CommandService>> CommandService::Create(EventStore* store, Clock* clock,
                                                               Rules rules) {
  std::unique_ptr<CommandService> service(new CommandService(store, clock, std::move(rules)));
  COOPLEDGER_RETURN_IF_ERROR(ReplayLog(
      *store, [&service](const events::StoredEvent& event) { service->state_.Apply(event); }));
  return service;
}

DecisionContext CommandService::Context(const projections::WorkState& view) {
  DecisionContext context;
  const Timestamp now = clock_->Now();
  context.today = Date::FromDaysSinceEpoch(now.micros() / 86'400'000'000).value();
  context.rules = &rules_;
  context.birth_date = [this, &view](const events::MemberId& member_id) -> std::optional<Date> {
    const projections::MemberState* member = view.FindMember(member_id);
    if (member == nullptr || member->joined.personal.empty()) return std::nullopt;
    Result<events::PersonalData> personal = store_->Unseal(member->joined.personal);
    if (!personal) return std::nullopt;
    return personal->birth_date;
  };
  return context;
}

Result<AppendBatch> CommandService::DecideAndApply(const events::Actor& actor,
                                                   std::vector<events::EventBody> commands) {
  AppendBatch batch;
  batch.actor = actor;
  batch.expected_first_seq = state_.last_seq() + 1;
  std::string errors;
  ErrorCode first_code = ErrorCode::kInvalidArgument;
  // Later commands must see earlier ones: when there are several, each one's events are applied
  // to state_ as it is decided, journaled, so that a refusal undoes them (WorkState's tentative
  // batch: the cost of the batch, not a copy of the state).
  const bool several = commands.size() > 1;
  if (several) state_.BeginTentative();
  const DecisionContext context = Context(state_);
  Seq tentative_seq = state_.last_seq();
  for (size_t i = 0; i < commands.size(); ++i) {
    Result<std::vector<ProposedEvent>> decided = Decide(state_, context, std::move(commands[i]));
    if (!decided) {
      if (errors.empty()) first_code = decided.error().code();
      errors += (errors.empty() ? "" : "\n") + std::string("commands[") + std::to_string(i) +
                "]: " + decided.error().message();
      continue;
    }
    for (ProposedEvent& proposed : *decided) {
      if (several) state_.Apply(Tentative(proposed, ++tentative_seq));
      batch.events.push_back(std::move(proposed));
    }
  }
  if (!errors.empty()) {
    if (several) state_.RollbackTentative();
    return Error(first_code, errors);
  }
  if (several) {
    state_.CommitTentative();
  } else {
    for (const ProposedEvent& proposed : batch.events) {
      state_.Apply(Tentative(proposed, ++tentative_seq));
    }
  }
  return batch;
}

Result<CommandResult> CommandService::Execute(const events::CommandId& command_id,
                                              const events::Actor& actor,
                                              events::EventBody command) {
  std::vector<events::EventBody> commands;
  commands.push_back(std::move(command));
  Result<CommandResult> result = ExecuteAll(command_id, actor, std::move(commands));
  if (!result && result.error().message().rfind("commands[0]: ", 0) == 0) {
    return Error(result.error().code(), result.error().message().substr(13));
  }
  return result;
}

Result<CommandResult> CommandService::ExecuteAll(const events::CommandId& command_id,
                                                 const events::Actor& actor,
                                                 std::vector<events::EventBody> commands) {
  const events::Hash fingerprint = CommandFingerprint(actor, commands);
  std::unique_lock lock(mutex_);
  // A command refused by the store because the log moved under its decision (a write before it
  // failed) was appended nowhere: it is decided again against the rebuilt state, at most twice.
  for (int attempt = 0;; ++attempt) {
    // A retry of a command still being written answers as a retry once that write settles.
    settled_.wait(lock, [&] { return in_flight_.count(command_id.value) == 0; });
    COOPLEDGER_ASSIGN_OR_RETURN(const std::optional<AppendResult> earlier,
                                store_->FindCommand(command_id, fingerprint));
    if (earlier) return CommandResult{earlier->seqs, true};
    // After a failed write, let every command decided before it settle, then rebuild.
    while (stale_) {
      if (!in_flight_.empty()) {
        settled_.wait(lock);
        continue;
      }
      COOPLEDGER_RETURN_IF_ERROR(Rebuild());
    }

    // Keep the commands for another attempt: deciding consumes them.
    std::vector<events::EventBody> to_decide;
    if (attempt < 2) to_decide = commands;
    else to_decide = std::move(commands);
    COOPLEDGER_ASSIGN_OR_RETURN(AppendBatch batch, DecideAndApply(actor, std::move(to_decide)));
    batch.fingerprint = fingerprint;
    const Seq first_seq = *batch.expected_first_seq;
    const size_t count = batch.events.size();
    const uint64_t generation = generation_;
    in_flight_.insert(command_id.value);
    // The lock is released once the batch holds its place in the store's queue: the next command
    // is decided while this one is written, and both may share one synced write.
    Result<AppendResult> appended =
        store_->Append(command_id, batch, [&lock] { lock.unlock(); });
    if (!lock.owns_lock()) lock.lock();
    in_flight_.erase(command_id.value);
    settled_.notify_all();

    // The store checked expected_first_seq: appended events are at the seqs decided.
    if (appended && !appended->replayed) {
      COOPLEDGER_ASSERT(appended->seqs.size() == count && appended->seqs.front() == first_seq);
      return CommandResult{appended->seqs, false};
    }
    // state_ holds events that are not in the log: it must be rebuilt before the next decision.
    if (generation == generation_) stale_ = true;
    if (appended) return CommandResult{appended->seqs, true};
    if (appended.error().code() != ErrorCode::kVersionConflict || attempt == 2) {
      return appended.error();
    }
  }
}

}  // namespace coopledger::engine
