#include "engine/demo.h"

#include <sodium.h>

#include <algorithm>

#include "engine/command_service.h"
#include "engine/demo_plan.h"
#include "engine/hash_chain.h"
#include "engine/payroll_run.h"
#include "engine/seals.h"

namespace coopledger::engine {
namespace {

constexpr int64_t kMicrosPerMinute = 60'000'000;

// Keys derived from the seed (ChaCha20, libsodium's deterministic generator), so that the same
// seed writes the same log.
class SeededBytes {
 public:
  explicit SeededBytes(uint64_t seed) {
    const std::string text = "coopledger demo " + std::to_string(seed);
    const Hash hash = Sha256(text);
    std::copy(hash.begin(), hash.end(), seed_.begin());
  }
  void operator()(uint8_t* out, size_t size) {
    // A fresh sub-seed per call: the counter is mixed into the seed.
    std::array<uint8_t, randombytes_SEEDBYTES> call_seed = seed_;
    for (size_t i = 0; i < 8; ++i) call_seed[i] ^= static_cast<uint8_t>(counter_ >> (8 * i));
    ++counter_;
    randombytes_buf_deterministic(out, size, call_seed.data());
  }

 private:
  std::array<uint8_t, randombytes_SEEDBYTES> seed_{};
  uint64_t counter_ = 0;
};

// Turns "draft:<id>" references into invoice numbers, and zero amounts into open amounts.
Status Resolve(const projections::WorkState& state, events::EventBody& body) {
  auto resolve_number = [&state](events::DocumentNumber& number) -> Status {
    if (number.value.rfind("draft:", 0) != 0) return OkStatus();
    const std::optional<events::DocumentNumber> resolved = state.InvoiceOfDraft(number.value.substr(6));
    if (!resolved) return Error(ErrorCode::kNotFound, "demo: no invoice for " + number.value);
    number = *resolved;
    return OkStatus();
  };
  if (auto* payment = std::get_if<events::PaymentReceived>(&body)) {
    int64_t total = 0;
    for (events::Allocation& allocation : payment->allocations) {
      COOPLEDGER_RETURN_IF_ERROR(resolve_number(allocation.invoice_number));
      if (allocation.amount.cents() == 0) {
        allocation.amount = state.FindInvoice(allocation.invoice_number)->Open();
      }
      total += allocation.amount.cents();
    }
    if (payment->amount.cents() == 0) payment->amount = Money::FromCents(total);
  } else if (auto* reminder = std::get_if<events::ReminderSent>(&body)) {
    COOPLEDGER_RETURN_IF_ERROR(resolve_number(reminder->invoice_number));
  }
  return OkStatus();
}

Status RunDay(Date day, std::vector<std::unique_ptr<demo::Programme>>& programmes,
              EventStore& store, CommandService& service, ManualClock& clock, uint64_t& commands) {
  std::vector<demo::Scheduled> due;
  for (auto& programme : programmes) programme->CommandsOn(day, due);
  std::stable_sort(due.begin(), due.end(), [](const demo::Scheduled& a, const demo::Scheduled& b) {
    return a.minute < b.minute;
  });
  const int64_t midnight = static_cast<int64_t>(day.days_since_epoch()) * 1'440 * kMicrosPerMinute;
  for (size_t i = 0; i < due.size(); ++i) {
    demo::Scheduled& command = due[i];
    // Commands of one minute are a second apart, so that recorded time tells their order.
    clock.Set(Timestamp::FromMicros(midnight + command.minute * kMicrosPerMinute +
                                    static_cast<int64_t>(i % 60) * 1'000'000));
    COOPLEDGER_RETURN_IF_ERROR(Resolve(service.state(), command.body));
    if (command.personal) {
      events::SealedData* sealed = nullptr;
      if (auto* joined = std::get_if<events::MemberJoined>(&command.body)) sealed = &joined->personal;
      if (auto* client = std::get_if<events::ClientRegistered>(&command.body)) sealed = &client->personal;
      COOPLEDGER_ASSERT(sealed != nullptr);  // Only these kinds carry personal data.
      COOPLEDGER_ASSIGN_OR_RETURN(*sealed, store.Seal(sealed->person_id, *command.personal));
    }
    const std::string kind(events::KindName(command.body));
    Result<CommandResult> result = service.Execute(
        events::CommandId{"demo-" + std::to_string(++commands)}, command.actor, std::move(command.body));
    if (!result) {
      return result.error().WithContext("demo " + day.ToString() + " " + kind + ": ");
    }
  }
  return OkStatus();
}

// The CAE's payroll calendar: on the 1st the previous month's payslips, on the 2nd its close, on
// the 3rd the wages by transfer, on the 5th its DSN (when options.dsn_file is set), on the 15th
// the contributions; all before the day's other work.
Status RunPayrollCalendar(Date day, PayrollDesk& desk, ManualClock& clock, uint64_t& commands,
                          const DemoOptions& options, EventStore& store, CommandService& service) {
  if (day.day() != 1 && day.day() != 2 && day.day() != 3 && day.day() != 5 && day.day() != 15) {
    return OkStatus();
  }
  const Date month = day.month() == 1 ? Date::FromYmd(day.year() - 1, 12, 1).value()
                                      : Date::FromYmd(day.year(), day.month() - 1, 1).value();
  const int64_t midnight = static_cast<int64_t>(day.days_since_epoch()) * 1'440 * kMicrosPerMinute;
  clock.Set(Timestamp::FromMicros(midnight + 7 * 60 * kMicrosPerMinute));
  const events::Actor actor = demo::Support();
  auto id = [&commands] { return events::CommandId{"demo-" + std::to_string(++commands)}; };
  COOPLEDGER_RETURN_IF_ERROR(desk.CatchUp());
  const bool issued = !desk.state().PayslipsOf(month).empty();
  Status status = OkStatus();
  if (day.day() == 1) {
    Result<size_t> run = desk.Run(month, id(), actor);
    if (!run) status = run.error();
  } else if (day.day() == 2 && issued && !desk.state().MonthClosed(month)) {
    status = desk.Close(month, id(), actor);
  } else if (day.day() == 5 && issued && options.dsn_file) {
    Result<std::string> file = options.dsn_file(store, month, day);
    if (!file) return file.error().WithContext("demo " + day.ToString() + " DSN: ");
    events::DeclarationFiled filed;
    filed.kind = events::DeclarationKind::kDsnMonthly;
    filed.period_start = month;
    filed.filed_on = day;
    const Hash hash = Sha256(*file);
    filed.file_sha256.assign(hash.begin(), hash.end());
    filed.reference = "DSN-" + month.ToString().substr(0, 7);
    Result<CommandResult> recorded = service.Execute(id(), actor, std::move(filed));
    if (!recorded) status = recorded.error();
  } else if ((day.day() == 3 || day.day() == 15) && issued) {
    PayrollDesk::Payments payments;
    (day.day() == 3 ? payments.wages : payments.contributions) = true;
    Result<size_t> paid = desk.Pay(month, day, payments, id(), actor);
    if (!paid) status = paid.error();
  }
  if (!status) return status.error().WithContext("demo " + day.ToString() + " payroll: ");
  if (day.day() == 2 && issued && options.fctu_file) {
    COOPLEDGER_RETURN_IF_ERROR(desk.CatchUp());
    for (const auto& [member_id, member] : desk.state().members()) {
      const std::optional<Date> last = member.LastDay();
      if (member.joined.regime != events::Regime::kCjsYouth || !last || *last < month ||
          !(*last < month.FirstOfNextMonth())) {
        continue;
      }
      Result<std::string> file = options.fctu_file(store, member_id, day);
      if (!file) return file.error().WithContext("demo " + day.ToString() + " FCTU " + member_id + ": ");
      events::DeclarationFiled filed;
      filed.kind = events::DeclarationKind::kDsnEndOfContract;
      filed.period_start = month;
      filed.filed_on = day;
      const Hash hash = Sha256(*file);
      filed.file_sha256.assign(hash.begin(), hash.end());
      filed.reference = member_id;
      Result<CommandResult> recorded = service.Execute(id(), actor, std::move(filed));
      if (!recorded) return recorded.error().WithContext("demo " + day.ToString() + " FCTU: ");
    }
  }
  return OkStatus();
}

// On the 1st at 00:30, before anything else of the day, the CAE seals the month just over.
Status SealPreviousMonth(Date day, EventStore& store, CommandService& service, ManualClock& clock,
                         uint64_t& commands) {
  if (day.day() != 1) return OkStatus();
  const Date month = day.month() == 1 ? Date::FromYmd(day.year() - 1, 12, 1).value()
                                      : Date::FromYmd(day.year(), day.month() - 1, 1).value();
  const int64_t midnight = static_cast<int64_t>(day.days_since_epoch()) * 1'440 * kMicrosPerMinute;
  clock.Set(Timestamp::FromMicros(midnight + 30 * kMicrosPerMinute));
  Result<Seq> sealed = SealMonth(store, service, clock, month,
                                 events::CommandId{"demo-" + std::to_string(++commands)},
                                 demo::Support());
  if (!sealed) return sealed.error().WithContext("demo " + day.ToString() + " seal: ");
  return OkStatus();
}

}  // namespace

Result<DemoReport> RunDemo(const std::string& path, const DemoOptions& options) {
  ManualClock clock(Timestamp::FromMicros(0));
  StoreOptions store_options;
  store_options.path = path;
  store_options.create_if_missing = true;
  store_options.clock = &clock;
  store_options.holder = "coopledger demo";
  // The demo writes millions of events at scale: one sync at the end, not one per command.
  store_options.sync = false;
  auto seeded = std::make_shared<SeededBytes>(options.seed);
  store_options.random_bytes = [seeded](uint8_t* out, size_t size) { (*seeded)(out, size); };
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<EventStore> store, OpenEventStore(store_options));
  if (store->head().seq != 0) {
    return Error(ErrorCode::kAlreadyExists,
                 "store " + path + " already has " + std::to_string(store->head().seq) +
                     " events: the demo needs an empty store");
  }
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<CommandService> service,
                              CommandService::Create(store.get(), &clock, options.rules));
  std::vector<std::unique_ptr<demo::Programme>> programmes;
  programmes.push_back(demo::MakeCae());
  for (int32_t copy = 0; copy < std::max(options.scale, 1); ++copy) {
    const uint64_t seed = options.seed * 1'000'003 + static_cast<uint64_t>(copy) * 7;
    programmes.push_back(demo::MakeCjsSeason(copy, seed + 1));
    programmes.push_back(demo::MakeKpaCiteGroup(copy, seed + 2));
    programmes.push_back(demo::MakeEntrepreneurs(copy, seed + 3));
  }
  DemoReport report;
  PayrollDesk desk(store.get(), service.get());
  const Date last = options.until.value_or(demo::Day(2026, 7, 10));
  for (Date day = demo::Day(2025, 1, 2); day <= last; day = day.AddDays(1)) {
    COOPLEDGER_RETURN_IF_ERROR(SealPreviousMonth(day, *store, *service, clock, report.commands));
    COOPLEDGER_RETURN_IF_ERROR(RunPayrollCalendar(day, desk, clock, report.commands, options, *store, *service));
    COOPLEDGER_RETURN_IF_ERROR(RunDay(day, programmes, *store, *service, clock, report.commands));
    if (options.progress && day.day() == 1) options.progress(report.commands, day);
  }
  COOPLEDGER_RETURN_IF_ERROR(store->Sync());
  // Readers then open table files instead of replaying the whole log's WAL into memory.
  COOPLEDGER_RETURN_IF_ERROR(store->Flush());
  report.head_seq = store->head().seq;
  return report;
}

}  // namespace coopledger::engine
