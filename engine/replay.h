// Folding the log: events in seq order, read page by page, the next page read and decoded on a
// second thread while the caller folds the current one.
#ifndef COOPLEDGER_ENGINE_REPLAY_H_
#define COOPLEDGER_ENGINE_REPLAY_H_

#include <functional>

#include "engine/event_store.h"

namespace coopledger::engine {

// Folds the whole log of `store` into `fold(event)`, page by page.
Status ReplayLog(EventStore& store, const std::function<void(const events::StoredEvent&)>& fold);
// The same for the events with seq <= `last` only: the books as they stood after event `last`.
Status ReplayLog(EventStore& store, Seq last,
                 const std::function<void(const events::StoredEvent&)>& fold);
// The events with `from` <= seq <= `last`. A page is never read past `last` (an as-of read near
// the start decodes its own events only), and a range of one page is read on the caller's thread.
// `fold` runs on the caller's thread and may use the store.
Status ReplayRange(EventStore& store, Seq from, Seq last,
                   const std::function<void(const events::StoredEvent&)>& fold);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_REPLAY_H_
