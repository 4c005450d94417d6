#include "events/event.h"

namespace coopledger::events {

std::string_view KindName(const EventBody& body) {
  return std::visit([](const auto& kind) { return std::decay_t<decltype(kind)>::kTypeName; }, body);
}

}  // namespace coopledger::events
