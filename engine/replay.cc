#include "engine/replay.h"

#include <algorithm>
#include <future>
#include <limits>
#include <utility>
#include <vector>

namespace coopledger::engine {
namespace {

struct Page {
  int32_t asked = 0;  // A page shorter than asked is the log's last.
  Result<std::vector<events::StoredEvent>> events;
};

Page ReadPage(EventStore& store, Seq from, Seq last) {
  const auto asked = static_cast<int32_t>(std::min<Seq>(kLogPageEvents, last - from + 1));
  return Page{asked, store.ReadLog(from, asked)};
}

}  // namespace

Status ReplayLog(EventStore& store, const std::function<void(const events::StoredEvent&)>& fold) {
  return ReplayRange(store, 1, std::numeric_limits<Seq>::max(), fold);
}

Status ReplayLog(EventStore& store, Seq last,
                 const std::function<void(const events::StoredEvent&)>& fold) {
  return ReplayRange(store, 1, last, fold);
}

Status ReplayRange(EventStore& store, Seq from, Seq last,
                   const std::function<void(const events::StoredEvent&)>& fold) {
  if (from < 1) from = 1;
  if (from > last) return OkStatus();
  Page page = ReadPage(store, from, last);
  while (true) {
    if (!page.events) return page.events.error();
    const std::vector<events::StoredEvent>& events = *page.events;
    const bool more = events.size() == static_cast<size_t>(page.asked) && !events.empty() &&
                      events.back().seq < last;
    // Decoding is about a third of a fold: the next page is read while this one is folded.
    std::future<Page> next;
    if (more) next = std::async(std::launch::async, ReadPage, std::ref(store), events.back().seq + 1, last);
    for (const events::StoredEvent& event : events) {
      if (event.seq > last) break;
      fold(event);
    }
    if (!more) return OkStatus();
    page = next.get();
  }
}

}  // namespace coopledger::engine
