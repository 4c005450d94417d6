// Reads an earlier event of the log back by its seq. A projection that must undo an event named by
// a Reversed asks for it instead of keeping every reversible event in memory (and in its
// snapshots).
#ifndef COOPLEDGER_PROJECTIONS_EVENT_FETCHER_H_
#define COOPLEDGER_PROJECTIONS_EVENT_FETCHER_H_

#include <functional>
#include <optional>

#include "events/event.h"

namespace coopledger::projections {

// The event of a seq, read back from the store; nullopt if it cannot be read.
using EventFetcher = std::function<std::optional<events::StoredEvent>(events::Seq)>;

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_EVENT_FETCHER_H_
