// An event: the envelope of DESIGN section 3 around a body, one of the kinds of section 5.
#ifndef COOPLEDGER_EVENTS_EVENT_H_
#define COOPLEDGER_EVENTS_EVENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "events/billing_events.h"
#include "events/books_events.h"
#include "events/organisation_events.h"
#include "events/payroll_events.h"
#include "events/people_events.h"
#include "events/work_events.h"

namespace coopledger::events {

// Append-only: a new kind goes at the end, with the next ordinal of the schema's body union.
using EventBody = std::variant<
    CaeConfigured, ActivityOpened, ActivityClosed, ParametersAdopted,              // Organisation.
    MemberJoined, ContractChanged, MemberLeft, PersonalDataErased,                 // People.
    ClientRegistered, QuoteIssued, JobAgreed, JobCompleted, JobCancelled, HoursLogged,
    VolunteerParticipation,                                                        // Work.
    InvoiceValidated, CreditNoteValidated, PaymentReceived, PaymentRefunded, ReminderSent,
    ExpenseRecorded, SelfFinancingRecorded, GrantReceived,                         // Billing.
    DistributionDecided, PayslipIssued, WagePaid, ContributionsPaid,
    PayrollMonthClosed,                                                            // Payroll.
    JournalEntryRecorded, AccountingPeriodClosed, FiscalYearClosed, DeclarationFiled,
    ExportRecorded, SealRecorded, Reversed,                                         // Books.
    InvoiceDrafted>;                                                               // Billing.

constexpr size_t kEventKindCount = std::variant_size_v<EventBody>;

// "HoursLogged" for a body holding HoursLogged.
std::string_view KindName(const EventBody& body);

constexpr uint16_t kSchemaVersion = 1;
constexpr size_t kHashSize = 32;
using Hash = std::array<uint8_t, kHashSize>;

// What a command proposes: the store stamps the rest of the envelope.
struct Event {
  std::string stream;  // "member/M-0007", "invoice/2025-0042".
  Date effective;      // The business date: work day, invoice date, payment date.
  EventBody body;
  friend bool operator==(const Event&, const Event&) = default;
};

// An event as stored: its envelope, stamped by the store at append.
struct StoredEvent {
  Seq seq = 0;                 // Global, gap-free, from 1.
  Timestamp recorded_at;       // UTC, non-decreasing with seq.
  Date effective;
  std::string stream;
  uint64_t stream_version = 0; // 1 for a stream's first event.
  Actor actor;
  CommandId command_id;
  uint16_t schema_version = kSchemaVersion;
  Hash prev_hash{};            // Chain hash after seq - 1 (zeros before seq 1).
  EventBody body;
  friend bool operator==(const StoredEvent&, const StoredEvent&) = default;
};

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_EVENT_H_
