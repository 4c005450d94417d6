// Strong identifiers. Ids are short human-readable strings ("M-0007", "2025-0042"), typed so that
// a member id cannot be passed where a client id is expected.
#ifndef COOPLEDGER_EVENTS_IDS_H_
#define COOPLEDGER_EVENTS_IDS_H_

#include <compare>
#include <cstdint>
#include <string>
#include <type_traits>

namespace coopledger::events {

template <typename Tag>
struct Id {
  std::string value;
  bool empty() const { return value.empty(); }
  friend auto operator<=>(const Id&, const Id&) = default;
  friend bool operator==(const Id&, const Id&) = default;
};

using ActivityId = Id<struct ActivityTag>;
using MemberId = Id<struct MemberTag>;
using PersonId = Id<struct PersonTag>;  // Whose personal data: a member or a household client.
using ClientId = Id<struct ClientTag>;
using JobId = Id<struct JobTag>;
using QuoteId = Id<struct QuoteTag>;
using DocumentNumber = Id<struct DocumentNumberTag>;  // Invoice or credit note number.
using PaymentId = Id<struct PaymentTag>;
using PayslipId = Id<struct PayslipTag>;
using EntryId = Id<struct EntryTag>;
using CommandId = Id<struct CommandTag>;

// Global position in the log: 1, 2, 3... with no gap. 0 means "before the first event".
using Seq = uint64_t;

template <typename T>
struct IsIdType : std::false_type {};
template <typename Tag>
struct IsIdType<Id<Tag>> : std::true_type {};
template <typename T>
concept IsId = IsIdType<T>::value;

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_IDS_H_
