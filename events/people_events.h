// Events of a member's contract (DESIGN section 5, "People").
#ifndef COOPLEDGER_EVENTS_PEOPLE_EVENTS_H_
#define COOPLEDGER_EVENTS_PEOPLE_EVENTS_H_

#include "events/values.h"

namespace coopledger::events {

struct MemberJoined {
  MemberId member_id;
  ActivityId activity_id;
  Regime regime = Regime::kUnset;
  ContractKind contract = ContractKind::kUnset;
  Date contract_start;
  std::optional<Date> contract_end;  // Included: the last day worked. None for a permanent one.
  Money hourly_rate;
  int32_t weekly_minutes = 0;
  int32_t birth_year = 0;  // Not personal on its own; the full birth date is sealed.
  SealedData personal;     // PersonalData: names, birth date, address, social security number.
  COOPLEDGER_FIELDS(MemberJoined, member_id, activity_id, regime, contract, contract_start,
                    contract_end, hourly_rate, weekly_minutes, birth_year, personal);
};

struct ContractChanged {
  MemberId member_id;
  Date effective_from;
  Regime regime = Regime::kUnset;
  std::optional<Date> contract_end;
  Money hourly_rate;
  int32_t weekly_minutes = 0;
  std::string reason;
  COOPLEDGER_FIELDS(ContractChanged, member_id, effective_from, regime, contract_end,
                    hourly_rate, weekly_minutes, reason);
};

struct MemberLeft {
  MemberId member_id;
  Date left_on;          // The last day of the contract.
  std::string reason;    // DSN end-of-contract reason code, e.g. "031".
  COOPLEDGER_FIELDS(MemberLeft, member_id, left_on, reason);
};

// The person's key is destroyed: every SealedData of theirs becomes unreadable for good, while the
// hash chain still verifies.
struct PersonalDataErased {
  PersonId person_id;
  std::string reason;
  COOPLEDGER_FIELDS(PersonalDataErased, person_id, reason);
};

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_PEOPLE_EVENTS_H_
