// Clients, jobs and hours (DESIGN section 5, "Clients and work").
#ifndef COOPLEDGER_EVENTS_WORK_EVENTS_H_
#define COOPLEDGER_EVENTS_WORK_EVENTS_H_

#include "events/values.h"

namespace coopledger::events {

struct ClientRegistered {
  ClientId client_id;
  ClientKind kind = ClientKind::kUnset;
  std::string name;  // Empty for a household: its name is personal data, sealed below.
  std::string siret;
  std::string vat_number;
  std::string address;  // Business address; a household's is sealed.
  std::string chorus_service_code;        // Public bodies (Chorus Pro).
  std::string chorus_commitment_number;   // Public bodies (Chorus Pro).
  int32_t payment_terms_days = 30;
  SealedData personal;
  COOPLEDGER_FIELDS(ClientRegistered, client_id, kind, name, siret, vat_number, address,
                    chorus_service_code, chorus_commitment_number, payment_terms_days, personal);
};

struct QuoteIssued {
  QuoteId quote_id;
  ClientId client_id;
  ActivityId activity_id;
  Date issued_on;
  Date valid_until;
  std::vector<DocumentLine> lines;
  COOPLEDGER_FIELDS(QuoteIssued, quote_id, client_id, activity_id, issued_on, valid_until, lines);
};

struct JobAgreed {
  JobId job_id;
  ClientId client_id;
  ActivityId activity_id;
  QuoteId quote_id;      // May be empty.
  std::string service;   // "cleaning", "moving", "gardening", "painting"...
  std::string description;
  Date scheduled_on;
  Money agreed_price;    // Excluding VAT.
  COOPLEDGER_FIELDS(JobAgreed, job_id, client_id, activity_id, quote_id, service, description,
                    scheduled_on, agreed_price);
};

struct JobCompleted {
  JobId job_id;
  Date completed_on;
  std::string note;
  COOPLEDGER_FIELDS(JobCompleted, job_id, completed_on, note);
};

struct JobCancelled {
  JobId job_id;
  Date cancelled_on;
  std::string reason;
  COOPLEDGER_FIELDS(JobCancelled, job_id, cancelled_on, reason);
};

// Time worked by a member on a job, or on an internal task when job_id is empty.
struct HoursLogged {
  MemberId member_id;
  JobId job_id;
  InternalTask internal_task = InternalTask::kUnset;
  Date day;
  int32_t start_minute = 0;  // Minutes after midnight, local time.
  int32_t minutes = 0;
  bool volunteer = false;
  // Set by the command handler when `day` lies in a closed period: the fact keeps its true day
  // and is booked on this first open day (DESIGN section 4).
  std::optional<Date> booked_on;
  COOPLEDGER_FIELDS(HoursLogged, member_id, job_id, internal_task, day, start_minute, minutes,
                    volunteer, booked_on);
};

struct VolunteerParticipation {
  MemberId member_id;
  ActivityId activity_id;
  Date day;
  int32_t minutes = 0;
  std::string description;
  COOPLEDGER_FIELDS(VolunteerParticipation, member_id, activity_id, day, minutes, description);
};

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_WORK_EVENTS_H_
