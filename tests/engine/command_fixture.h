// Commands run through a real CommandService: a RocksDB store in a temporary directory, the
// repository's rules, a manual clock at 2025-09-30T12:00:00Z; builders of valid commands.
#ifndef COOPLEDGER_TESTS_ENGINE_COMMAND_FIXTURE_H_
#define COOPLEDGER_TESTS_ENGINE_COMMAND_FIXTURE_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/command_service.h"
#include "tests/engine/store_fixture.h"
#include "tests/test_util/repository_rules.h"

namespace coopledger::test {

inline Date Day(const char* text) { return Date::Parse(text).value(); }

// "invoice/2025-0001 v1 2025-09-30": stream, stream version and effective date of `event`.
inline std::string Envelope(const events::StoredEvent& event) {
  return event.stream + " v" + std::to_string(event.stream_version) + " " +
         event.effective.ToString();
}

// ---------------------------------------------------------------- valid commands

inline events::CaeConfigured Cae() {
  events::CaeConfigured cae;
  cae.name = "Cooperative d'activite Sud";
  cae.siren = "443061841";
  cae.nic = "00005";
  cae.ape_code = "7022Z";
  cae.fiscal_year_end_month = 12;
  cae.contribution_rate_ppm = 100'000;
  cae.vat_regime = events::VatRegime::kNormal;
  cae.headcount = 12;
  cae.atmp_rate_ppm = 22'000;
  return cae;
}

inline events::ActivityOpened Activity(const std::string& id, events::ActivityKind kind,
                                       Date opened_on) {
  events::ActivityOpened opened;
  opened.activity_id.value = id;
  opened.kind = kind;
  opened.name = "Activity " + id;
  opened.analytic_code = "AN-" + id;
  opened.opened_on = opened_on;
  return opened;
}

// A CJS youth on a fixed-term contract, 10.00 an hour, 35 hours a week.
inline events::MemberJoined CjsYouth(const std::string& member, const std::string& activity,
                                     Date start, Date end) {
  events::MemberJoined joined;
  joined.member_id.value = member;
  joined.activity_id.value = activity;
  joined.regime = events::Regime::kCjsYouth;
  joined.contract = events::ContractKind::kFixedTerm;
  joined.contract_start = start;
  joined.contract_end = end;
  joined.hourly_rate = Money::FromCents(10'00);
  joined.weekly_minutes = 35 * 60;
  return joined;
}

inline events::ClientRegistered Company(const std::string& client) {
  events::ClientRegistered registered;
  registered.client_id.value = client;
  registered.kind = events::ClientKind::kCompany;
  registered.name = "Boulangerie " + client;
  registered.siret = "55210055400013";
  registered.address = "1 place de Jaude, 63000 Clermont-Ferrand";
  registered.payment_terms_days = 30;
  return registered;
}

inline events::JobAgreed Job(const std::string& job, const std::string& client,
                             const std::string& activity, Date scheduled_on) {
  events::JobAgreed agreed;
  agreed.job_id.value = job;
  agreed.client_id.value = client;
  agreed.activity_id.value = activity;
  agreed.service = "cleaning";
  agreed.scheduled_on = scheduled_on;
  agreed.agreed_price = Money::FromCents(300'00);
  return agreed;
}

inline events::HoursLogged JobHours(const std::string& member, const std::string& job, Date day,
                                    int32_t start_minute, int32_t minutes) {
  events::HoursLogged hours;
  hours.member_id.value = member;
  hours.job_id.value = job;
  hours.day = day;
  hours.start_minute = start_minute;
  hours.minutes = minutes;
  return hours;
}

inline events::DocumentLine Line(const std::string& description, int64_t quantity_milli,
                                 int64_t unit_price_cents, int64_t vat_rate_ppm) {
  events::DocumentLine line;
  line.description = description;
  line.quantity_milli = quantity_milli;
  line.unit_price = Money::FromCents(unit_price_cents);
  line.vat_rate_ppm = vat_rate_ppm;
  return line;
}

// An invoice of one line: 1000.00 excluding VAT at 20 %, 1200.00 including VAT.
inline events::InvoiceValidated Invoice(const std::string& client, const std::string& activity,
                                        Date issued_on) {
  events::InvoiceValidated invoice;
  invoice.client_id.value = client;
  invoice.activity_id.value = activity;
  invoice.issued_on = issued_on;
  invoice.lines = {Line("Cleaning of the shop", 1'000, 1000'00, 200'000)};
  return invoice;
}

inline events::CreditNoteValidated CreditNote(const std::string& invoice_number, Date issued_on) {
  events::CreditNoteValidated credit;
  credit.invoice_number.value = invoice_number;
  credit.issued_on = issued_on;
  credit.reason = "work not done";
  return credit;
}

inline events::Allocation Allocate(const std::string& invoice_number, int64_t cents) {
  return events::Allocation{events::DocumentNumber{invoice_number}, Money::FromCents(cents)};
}

inline events::PaymentReceived Payment(const std::string& payment, const std::string& client,
                                       Date received_on, int64_t cents,
                                       std::vector<events::Allocation> allocations) {
  events::PaymentReceived received;
  received.payment_id.value = payment;
  received.client_id.value = client;
  received.received_on = received_on;
  received.method = events::PaymentMethod::kBankTransfer;
  received.amount = Money::FromCents(cents);
  received.allocations = std::move(allocations);
  return received;
}

inline events::PaymentRefunded Refund(const std::string& refund, const std::string& client,
                                      Date refunded_on, int64_t cents) {
  events::PaymentRefunded refunded;
  refunded.refund_id.value = refund;
  refunded.client_id.value = client;
  refunded.refunded_on = refunded_on;
  refunded.method = events::PaymentMethod::kBankTransfer;
  refunded.amount = Money::FromCents(cents);
  refunded.reason = "overpayment";
  return refunded;
}

inline events::ReminderSent Reminder(const std::string& invoice_number, Date sent_on) {
  events::ReminderSent reminder;
  reminder.invoice_number.value = invoice_number;
  reminder.sent_on = sent_on;
  return reminder;
}

// 100.00 of cleaning products plus 20.00 of VAT, advanced by M-0001 for A-ENT on 2025-09-10.
inline events::ExpenseRecorded MemberExpense() {
  events::ExpenseRecorded expense;
  expense.expense_id = "E-1";
  expense.activity_id.value = "A-ENT";
  expense.member_id.value = "M-0001";
  expense.spent_on = Day("2025-09-10");
  expense.category = "consumables";
  expense.description = "Produits d'entretien";
  expense.amount_excl_vat = Money::FromCents(100'00);
  expense.vat_rate_ppm = 200'000;
  expense.vat = Money::FromCents(20'00);
  expense.method = events::PaymentMethod::kCard;
  return expense;
}

inline events::AccountingPeriodClosed PeriodClose(Date start, Date end) {
  return events::AccountingPeriodClosed{start, end};
}

inline events::Reversed Reversal(events::Seq seq) { return events::Reversed{seq, "entered twice"}; }

// One refusal of a table: a change to a valid command, the code and the message it must give.
template <typename Command>
struct Refusal {
  std::function<void(Command&)> change;
  ErrorCode code;
  std::string message;
};

// ---------------------------------------------------------------- fixture

class CommandHandlerTest : public StoreTest {
 protected:
  // 2025-09-30T12:00:00Z.
  static constexpr int64_t kTodayMicros = 1'759'233'600'000'000;
  // 2026-01-05T09:00:00Z.
  static constexpr int64_t kNewYearMicros = 1'767'603'600'000'000;

  void SetUp() override {
    clock_.Set(Timestamp::FromMicros(kTodayMicros));
    Open(/*sync=*/false);  // Durability is the store tests' concern.
    StartService();
  }

  // (Re)creates the service, which replays the log into a fresh state.
  void StartService() {
    service_.reset();
    service_ = engine::CommandService::Create(store_.get(), &clock_, RepositoryRules()).value();
  }

  static events::Actor Admin() { return events::Actor{"admin", events::ActorRole::kAdmin}; }

  // Runs `command` under a fresh command id.
  Result<engine::CommandResult> Execute(events::EventBody command) {
    return service_->Execute(events::CommandId{"command-" + std::to_string(++commands_sent_)},
                             Admin(), std::move(command));
  }

  std::vector<events::StoredEvent> Read(const std::vector<events::Seq>& seqs) {
    if (seqs.empty()) return {};
    return store_->ReadLog(seqs.front(), static_cast<int32_t>(seqs.size())).value();
  }

  // Runs `command`, which must be accepted; returns the events it appended.
  std::vector<events::StoredEvent> Accept(events::EventBody command) {
    Result<engine::CommandResult> result = Execute(std::move(command));
    if (!result) {
      ADD_FAILURE() << "refused: " << result.error().ToString();
      return {};
    }
    return Read(result->seqs);
  }

  // Runs `command`, which must be accepted with one event; returns it.
  events::StoredEvent AcceptOne(events::EventBody command) {
    std::vector<events::StoredEvent> appended = Accept(std::move(command));
    if (appended.size() != 1) {
      ADD_FAILURE() << "appended " << appended.size() << " events, expected one";
      return events::StoredEvent{};
    }
    return appended[0];
  }

  // The body of type T that `command` appended as its only event.
  template <typename T>
  T AcceptBody(events::EventBody command) {
    const events::StoredEvent event = AcceptOne(std::move(command));
    const T* body = std::get_if<T>(&event.body);
    if (body == nullptr) {
      ADD_FAILURE() << "appended " << events::KindName(event.body) << ", expected " << T::kTypeName;
      return T{};
    }
    return *body;
  }

  // Runs `command`, which must be refused without appending anything; returns the error.
  Error Refuse(events::EventBody command) {
    const engine::Head before = store_->head();
    const events::Seq state_before = service_->state().last_seq();
    Result<engine::CommandResult> result = Execute(std::move(command));
    EXPECT_EQ(store_->head().seq, before.seq) << "a refused command appended events";
    EXPECT_TRUE(store_->head().hash == before.hash) << "the chain's head hash changed";
    EXPECT_EQ(service_->state().last_seq(), state_before);
    if (result) return Error(ErrorCode::kInvalidArgument, "<accepted>");
    return result.error();
  }

  void ExpectRefused(events::EventBody command, ErrorCode code, const std::string& message) {
    const Error error = Refuse(std::move(command));
    EXPECT_EQ(ErrorCodeName(error.code()), ErrorCodeName(code));
    EXPECT_EQ(error.message(), message);
  }

  // Each change of `refusals` applied alone to `valid` is refused with its code and message and
  // appends nothing; then `valid` itself is accepted, so each refusal came from its change.
  template <typename Command>
  void ExpectRefusals(const Command& valid, const std::vector<Refusal<Command>>& refusals) {
    for (size_t i = 0; i < refusals.size(); ++i) {
      SCOPED_TRACE("refusals[" + std::to_string(i) + "]: " + refusals[i].message);
      Command command = valid;
      refusals[i].change(command);
      ExpectRefused(std::move(command), refusals[i].code, refusals[i].message);
    }
    Result<engine::CommandResult> accepted = Execute(valid);
    EXPECT_TRUE(accepted.has_value()) << accepted.error().ToString();
  }

  // Seals a birth date (and a name) as `person`'s personal data.
  events::SealedData Personal(const std::string& person, Date birth_date) {
    events::PersonalData data;
    data.given_name = "Lea";
    data.family_name = "Martin";
    data.birth_date = birth_date;
    data.address = "12 rue Blatin, 63000 Clermont-Ferrand";
    return store_->Seal(events::PersonId{person}, data).value();
  }

  // A household client, its name and address sealed.
  events::ClientRegistered Household(const std::string& client) {
    events::ClientRegistered registered;
    registered.client_id.value = client;
    registered.kind = events::ClientKind::kHousehold;
    registered.payment_terms_days = 15;
    registered.personal = Personal(client, Day("1960-05-02"));
    return registered;
  }

  // A minor's limits come from the birth date sealed in MemberJoined.personal: joins `member` in
  // A-CJS from 2025-07-01 to 2025-08-31, born on `birth_date`.
  void JoinMinor(const std::string& member, const char* birth_date) {
    events::MemberJoined joined = CjsYouth(member, "A-CJS", Day("2025-07-01"), Day("2025-08-31"));
    joined.personal = Personal(member, Day(birth_date));
    Accept(joined);
  }

  // seq 1 the CAE; 2 activity A-CJS (CJS season from 2025-06-01); 3 activity A-ENT (an
  // entrepreneur's, from 2025-01-01); 4 member M-0001 (adult CJS youth in A-CJS, 2025-07-01 to
  // 2025-08-31); 5 client C-0001 (company, 30 days); 6 job J-0001 (C-0001, A-CJS, 2025-07-10).
  void SetUpWorld() {
    Accept(Cae());
    Accept(Activity("A-CJS", events::ActivityKind::kCjsSeason, Day("2025-06-01")));
    Accept(Activity("A-ENT", events::ActivityKind::kEntrepreneur, Day("2025-01-01")));
    Accept(CjsYouth("M-0001", "A-CJS", Day("2025-07-01"), Day("2025-08-31")));
    Accept(Company("C-0001"));
    Accept(Job("J-0001", "C-0001", "A-CJS", Day("2025-07-10")));
    ASSERT_EQ(store_->head().seq, 6u);
  }

  std::unique_ptr<engine::CommandService> service_;
  int commands_sent_ = 0;
};

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_ENGINE_COMMAND_FIXTURE_H_
