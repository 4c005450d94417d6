// The command service's work state from the work_state snapshot nearest the head and the events
// after it: at start (CreateFromSnapshot) and after a failed write (Rebuild).
#include "engine/command_service.h"
#include "engine/snapshots.h"

namespace coopledger::engine {

namespace {

Result<projections::WorkState> WorkStateAtHead(EventStore& store) {
  ProjectionSet set(kWorkStateProjection, projections::Chart{}, FetcherOf(store));
  COOPLEDGER_RETURN_IF_ERROR(LoadAsOf(store, store.head().seq, &set));
  return set.TakeWorkState();
}

}  // namespace

Result<std::unique_ptr<CommandService>> CommandService::CreateFromSnapshot(EventStore* store,
                                                                           Clock* clock,
                                                                           Rules rules) {
  std::unique_ptr<CommandService> service(new CommandService(store, clock, std::move(rules)));
  COOPLEDGER_ASSIGN_OR_RETURN(service->state_, WorkStateAtHead(*store));
  return service;
}

Status CommandService::Rebuild() {
  COOPLEDGER_ASSIGN_OR_RETURN(state_, WorkStateAtHead(*store_));
  ++generation_;
  stale_ = false;
  return OkStatus();
}

}  // namespace coopledger::engine
