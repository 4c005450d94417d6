// CommandService::CreateFromSnapshot: the command service's start from the work_state snapshot.
#include "engine/command_service.h"
#include "engine/snapshots.h"

namespace coopledger::engine {

Result<std::unique_ptr<CommandService>> CommandService::CreateFromSnapshot(EventStore* store,
                                                                           Clock* clock,
                                                                           Rules rules) {
  std::unique_ptr<CommandService> service(new CommandService(store, clock, std::move(rules)));
  ProjectionSet set(kWorkStateProjection, projections::Chart{}, FetcherOf(*store));
  COOPLEDGER_RETURN_IF_ERROR(LoadAsOf(*store, store->head().seq, &set));
  service->state_ = set.TakeWorkState();
  return service;
}

}  // namespace coopledger::engine
