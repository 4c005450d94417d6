// The payroll routes: a month's summary, and its run, close and payments through the PayrollDesk
// (engine/payroll_run.h), whose every append goes through the server's CommandService.
#include <nlohmann/json.hpp>

#include "adapters/figures_json.h"
#include "adapters/http_api.h"
#include "adapters/http_handlers.h"
#include "adapters/payroll_parameters_json.h"
#include "adapters/payroll_simulate.h"
#include "adapters/payroll_view.h"
#include "engine/payroll_run.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

using DeskStep = std::function<Result<json>(engine::PayrollDesk&, const events::CommandId&,
                                            const events::Actor&)>;

// The seqs appended under `command_id`, or nullopt if it was never used. A step retried under
// its Idempotency-Key is answered with them: recomputed from the log, it would find nothing left
// to do. The events of one command are contiguous, and a retry follows its first run closely, so
// the log is read back from its end, a page at a time.
Result<std::optional<std::vector<events::Seq>>> EarlierSeqs(engine::EventStore& store,
                                                            const events::CommandId& command_id) {
  // No command has the zero fingerprint: a used id answers kDuplicateCommand.
  Result<std::optional<engine::AppendResult>> probe = store.FindCommand(command_id, events::Hash{});
  if (probe) {
    if (!probe->has_value()) return std::optional<std::vector<events::Seq>>();
    return std::optional<std::vector<events::Seq>>((*probe)->seqs);
  }
  if (probe.error().code() != ErrorCode::kDuplicateCommand) return probe.error();
  constexpr events::Seq kPage = 1'000;
  std::vector<events::Seq> seqs;
  for (events::Seq end = store.head().seq; end > 0;) {
    const events::Seq from = end > kPage ? end - kPage + 1 : 1;
    COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<events::StoredEvent> page,
                                store.ReadLog(from, static_cast<int32_t>(end - from + 1)));
    for (auto event = page.rbegin(); event != page.rend(); ++event) {
      if (event->command_id == command_id) {
        seqs.insert(seqs.begin(), event->seq);
      } else if (!seqs.empty()) {
        return std::optional<std::vector<events::Seq>>(std::move(seqs));
      }
    }
    end = from - 1;
  }
  return std::optional<std::vector<events::Seq>>(std::move(seqs));
}

// Runs one step of the month on a desk caught up with the log, one step at a time, under the
// Idempotency-Key or the command id the CLI gives the same step (PayrollStepCommandId).
HttpResponse RunDeskStep(ApiContext& context, const ApiCall& call, const std::string& step_name,
                         Date month, const DeskStep& step) {
  std::lock_guard lock(context.desk_mutex);
  const std::string month_key = projections::PayMonthKey(month);
  if (!call.request->idempotency_key.empty()) {
    const events::CommandId retried{call.request->idempotency_key};
    Result<std::optional<std::vector<events::Seq>>> earlier = EarlierSeqs(*context.store, retried);
    if (!earlier) return ErrorAnswer(earlier.error());
    if (*earlier) {
      return CommandAnswer(retried, engine::CommandResult{std::move(**earlier), true},
                           {{"month", month_key}});
    }
  }
  engine::PayrollDesk desk(context.store, context.service);
  if (Status caught = desk.CatchUp(); !caught) return ErrorAnswer(caught.error());
  const events::CommandId command_id =
      CommandIdOf(call, PayrollStepCommandId(step_name, month_key, desk.applied()).value);
  Result<json> extra = step(desk, command_id, ActorOf(call));
  if (!extra) return ErrorAnswer(extra.error());
  (*extra)["month"] = month_key;
  return CommandAnswer(command_id, desk.last_result(), *extra);
}

}  // namespace

HttpResponse HandlePayrollMonth(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  projections::PayrollState payroll;
  Result<KnownSeq> known =
      Replay(context, call, [&payroll](const events::StoredEvent& event) { payroll.Apply(event); });
  if (!known) return ErrorAnswer(known.error());
  json payslips = json::array();
  int64_t gross = 0, net_paid = 0, employer_cost = 0, wages_paid = 0;
  for (const projections::IssuedPayslip* issued : payroll.PayslipsOf(*month)) {
    const events::PayslipIssued& payslip = issued->payslip;
    if (!call.activity.empty() && payslip.activity_id.value != call.activity) continue;
    json entry = PayslipSummaryJson(payslip);
    entry["wages_paid_cents"] = issued->wages_paid.cents();
    payslips.push_back(std::move(entry));
    gross += payslip.gross.cents();
    net_paid += payslip.net_paid.cents();
    employer_cost += payslip.employer_cost.cents();
    wages_paid += issued->wages_paid.cents();
  }
  json out = {{"known_at", KnownJson(*known)},    {"month", projections::PayMonthKey(*month)},
              {"activity", call.activity},        {"closed", payroll.MonthClosed(*month)},
              {"payslip_count", payslips.size()}, {"gross_cents", gross},
              {"net_paid_cents", net_paid},       {"employer_cost_cents", employer_cost},
              {"wages_paid_cents", wages_paid},   {"payslips", payslips}};
  // What each body is owed is the whole CAE's: not narrowed to one activity.
  if (call.activity.empty()) {
    json contributions = json::array();
    for (const auto& [organisation, due] : engine::ContributionsDue(payroll, *month)) {
      contributions.push_back(
          {{"organisation", organisation},
           {"due_cents", due.cents()},
           {"paid_cents", payroll.ContributionsPaid(*month, organisation).cents()}});
    }
    out["contributions"] = contributions;
  }
  return JsonAnswer(out);
}

HttpResponse HandlePayrollRun(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  return RunDeskStep(context, call, "run", *month,
                     [&month](engine::PayrollDesk& desk, const events::CommandId& id,
                              const events::Actor& actor) -> Result<json> {
                       COOPLEDGER_ASSIGN_OR_RETURN(const size_t issued,
                                                   desk.Run(*month, id, actor));
                       return json{{"payslips_issued", issued}};
                     });
}

HttpResponse HandlePayrollClose(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  return RunDeskStep(context, call, "close", *month,
                     [&month](engine::PayrollDesk& desk, const events::CommandId& id,
                              const events::Actor& actor) -> Result<json> {
                       COOPLEDGER_RETURN_IF_ERROR(desk.Close(*month, id, actor));
                       return json::object();
                     });
}

HttpResponse HandlePayrollPay(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  const json body = json::parse(call.request->body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object() || !body.contains("on") || !body["on"].is_string()) {
    return ErrorAnswer(Error(ErrorCode::kInvalidArgument,
                             "body: expected {\"on\": \"YYYY-MM-DD\"}, the payment day"));
  }
  Result<Date> day = Date::Parse(body["on"].get<std::string>());
  if (!day) return ErrorAnswer(day.error().WithContext("on: "));
  return RunDeskStep(
      context, call, "pay", *month,
      [&month, &day](engine::PayrollDesk& desk, const events::CommandId& id,
                     const events::Actor& actor) -> Result<json> {
        // Wages and contributions in one append: both are recorded, or neither.
        COOPLEDGER_ASSIGN_OR_RETURN(
            const size_t paid,
            desk.Pay(*month, *day, {.wages = true, .contributions = true}, id, actor));
        return json{{"payments", paid}, {"on", day->ToString()}};
      });
}

HttpResponse HandlePayrollSimulate(ApiContext& context, const ApiCall& call) {
  if (!context.payroll_files) {
    return ErrorAnswer(Error(ErrorCode::kNotFound,
                             "no payroll parameters were read: " + context.payroll_files_error));
  }
  const json input = json::parse(call.request->body, nullptr, /*allow_exceptions=*/false);
  if (input.is_discarded() || !(input.is_object() || input.is_array())) {
    return ErrorAnswer(
        Error(ErrorCode::kInvalidArgument, "body: expected a JSON object or an array of them"));
  }
  Result<json> output = Simulate(input, *context.payroll_files);
  if (!output) return ErrorAnswer(output.error());
  return JsonAnswer(*output);
}

}  // namespace coopledger::adapters
