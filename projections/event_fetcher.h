// Reads earlier events of the log back. A projection that must undo an event named by a Reversed
// asks for it by seq instead of keeping every reversible event in memory (and in its snapshots);
// one that can also read the first event of a stream ("invoice/<number>": the InvoiceValidated)
// keeps only the documents still open and reads a settled one back when a later event needs it.
#ifndef COOPLEDGER_PROJECTIONS_EVENT_FETCHER_H_
#define COOPLEDGER_PROJECTIONS_EVENT_FETCHER_H_

#include <concepts>
#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "events/event.h"

namespace coopledger::projections {

class EventFetcher {
 public:
  // The event of a seq, read back from the store; nullopt if it cannot be read.
  using BySeq = std::function<std::optional<events::StoredEvent>(events::Seq)>;
  // The first event of a stream (version 1); nullopt if the stream has none.
  using FirstOfStream = std::function<std::optional<events::StoredEvent>(std::string_view)>;

  EventFetcher() = default;
  EventFetcher(std::nullptr_t) {}  // NOLINT: a fetcher that reads nothing.
  template <typename F>
    requires(!std::same_as<std::decay_t<F>, EventFetcher> &&
             !std::same_as<std::decay_t<F>, std::nullptr_t> &&
             std::is_invocable_r_v<std::optional<events::StoredEvent>, F&, events::Seq>)
  EventFetcher(F by_seq) : by_seq_(std::move(by_seq)) {}  // NOLINT: reads by seq only.
  EventFetcher(BySeq by_seq, FirstOfStream first_of_stream)
      : by_seq_(std::move(by_seq)), first_of_stream_(std::move(first_of_stream)) {}

  // REQUIRES: the fetcher reads by seq (it is not null).
  std::optional<events::StoredEvent> operator()(events::Seq seq) const { return by_seq_(seq); }
  // REQUIRES: ReadsStreams().
  std::optional<events::StoredEvent> FirstOf(std::string_view stream) const {
    return first_of_stream_(stream);
  }
  bool ReadsStreams() const { return first_of_stream_ != nullptr; }

  explicit operator bool() const { return by_seq_ != nullptr; }
  friend bool operator==(const EventFetcher& fetcher, std::nullptr_t) { return !fetcher; }

 private:
  BySeq by_seq_;
  FirstOfStream first_of_stream_;
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_EVENT_FETCHER_H_
