// The audit trail: `explain` a figure (the events and parameter versions behind it) and `diff`
// the figures between two points of recorded time (projections/audit_figures.h).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

#include "adapters/books.h"
#include "adapters/rules_loader.h"
#include "adapters/table_format.h"
#include "engine/snapshots.h"
#include "projections/audit_figures.h"
#include "projections/payout_audit.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;
using events::Seq;
using projections::FigureValue;

struct AuditArguments {
  std::string member;
  std::string month;
  std::string number;
  std::string account;
  int32_t year = 0;
  std::string known_at;
  std::string from;
  std::string to;
  std::string family;
  std::string format = "text";
};

struct AuditReplay {
  std::shared_ptr<engine::EventStore> store;
  std::unique_ptr<projections::AuditFigures> figures;
  Seq applied = 0;
};

Result<AuditReplay> OpenAudit(const CliContext& context) {
  AuditReplay replay;
  COOPLEDGER_ASSIGN_OR_RETURN(projections::Chart chart, LoadChart(context.rules_dir));
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<engine::EventStore> opened, OpenForReading(context));
  replay.store = std::move(opened);
  replay.figures =
      std::make_unique<projections::AuditFigures>(std::move(chart), StoreFetcher(replay.store));
  return replay;
}

// Applies the events after the last one applied, up to `last`, calling `each` after each one.
template <typename Each>
Status ReplayTo(AuditReplay& replay, Seq last, Each each) {
  constexpr int32_t kPage = 10'000;
  while (replay.applied < last) {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<events::StoredEvent> page,
                                replay.store->ReadLog(replay.applied + 1, kPage));
    if (page.empty()) return OkStatus();
    for (const events::StoredEvent& event : page) {
      if (event.seq > last) return OkStatus();
      replay.figures->Apply(event);
      replay.applied = event.seq;
      each(event);
    }
  }
  return OkStatus();
}

std::string RoleName(events::ActorRole role) {
  return std::string(events::EnumNames<events::ActorRole>::kNames[static_cast<size_t>(role)]);
}

json EventJson(const events::StoredEvent& event) {
  return {{"seq", event.seq},
          {"kind", std::string(events::KindName(event.body))},
          {"stream", event.stream},
          {"effective", event.effective.ToString()},
          {"recorded_at", event.recorded_at.ToString()},
          {"actor", {{"id", event.actor.id}, {"role", RoleName(event.actor.role)}}},
          {"command_id", event.command_id.value}};
}

std::string EventText(const events::StoredEvent& event) {
  return "seq " + std::to_string(event.seq) + "  " + std::string(events::KindName(event.body)) +
         "  " + event.stream + "  effective " + event.effective.ToString() + "  recorded " +
         event.recorded_at.ToString() + "  by " + event.actor.id + " (" +
         RoleName(event.actor.role) + ")";
}

json ValueJson(const std::optional<FigureValue>& value) {
  if (!value) return nullptr;
  json out = json::object();
  for (const auto& [name, amount] : *value) out[name] = amount;
  return out;
}

std::string ValueText(const std::optional<FigureValue>& value) {
  if (!value) return "(none)";
  std::string text;
  for (const auto& [name, amount] : *value) {
    if (!text.empty()) text += ", ";
    const auto ends_with = [&name](const std::string& suffix) {
      return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with("_cents")) text += name.substr(0, name.size() - 6) + " " + Money::FromCents(amount).ToString();
    else if (ends_with("_minutes")) text += name.substr(0, name.size() - 8) + " " + DecimalHours(amount) + " h";
    else text += name + " " + std::to_string(amount);
  }
  return text;
}

Status CheckFormat(const std::string& format) {
  if (format == "text" || format == "json") return OkStatus();
  return Error(ErrorCode::kInvalidArgument, "--format: \"" + format + "\" is not text or json");
}

// What else a figure rests on, beyond the events that changed it: for a payslip's net pay, the
// hours of the month, the contract, the committee's distribution.
using InputFilter = std::function<bool(const events::StoredEvent&, const projections::WorkState&)>;

InputFilter NetPayInputs(const std::string& member, const std::string& month) {
  auto inputs = std::make_shared<std::set<Seq>>();
  return [member, month, inputs](const events::StoredEvent& event,
                                 const projections::WorkState& state) {
    bool input = false;
    auto in_month = [&month](Date day) { return day.ToString().compare(0, 7, month) == 0; };
    if (const auto* hours = std::get_if<events::HoursLogged>(&event.body)) {
      input = hours->member_id.value == member &&
              (in_month(hours->day) || (hours->booked_on && in_month(*hours->booked_on)));
    } else if (const auto* joined = std::get_if<events::MemberJoined>(&event.body)) {
      input = joined->member_id.value == member;
    } else if (const auto* changed = std::get_if<events::ContractChanged>(&event.body)) {
      input = changed->member_id.value == member;
    } else if (const auto* left = std::get_if<events::MemberLeft>(&event.body)) {
      input = left->member_id.value == member;
    } else if (const auto* shares = std::get_if<events::DistributionDecided>(&event.body)) {
      const projections::MemberState* state_member = state.FindMember(events::MemberId{member});
      input = state_member != nullptr && in_month(shares->month) &&
              shares->activity_id == state_member->joined.activity_id;
    } else if (const auto* reversal = std::get_if<events::Reversed>(&event.body)) {
      input = inputs->count(reversal->reversed_seq) > 0;
    }
    if (input) inputs->insert(event.seq);
    return input;
  };
}

void RunExplain(CliContext& context, const AuditArguments& arguments, const std::string& key,
                const InputFilter& inputs_filter) {
  if (Status format = CheckFormat(arguments.format); !format) return Fail(context, format.error());
  Result<AuditReplay> replay = OpenAudit(context);
  if (!replay) return Fail(context, replay.error());
  Result<Seq> last = LastSeqKnownAt(*replay->store, arguments.known_at);
  if (!last) return Fail(context, last.error());
  std::vector<std::pair<events::StoredEvent, std::optional<FigureValue>>> changers;
  std::vector<events::StoredEvent> inputs;
  std::map<std::string, events::StoredEvent> adopted;  // Parameter version -> its adoption.
  std::set<std::string> versions_used;
  const Status replayed = ReplayTo(*replay, *last, [&](const events::StoredEvent& event) {
    if (const auto* parameters = std::get_if<events::ParametersAdopted>(&event.body)) {
      adopted.emplace(parameters->version, event);
    }
    const std::vector<std::string>& changed = replay->figures->changed();
    if (std::binary_search(changed.begin(), changed.end(), key)) {
      changers.emplace_back(event, replay->figures->Value(key));
      if (const auto* payslip = std::get_if<events::PayslipIssued>(&event.body)) {
        versions_used.insert(payslip->parameters_version);
      }
    } else if (inputs_filter && inputs_filter(event, replay->figures->state())) {
      inputs.push_back(event);
    }
  });
  if (!replayed) return Fail(context, replayed.error());
  const std::optional<FigureValue> value = replay->figures->Value(key);
  if (!value) {
    return Fail(context, Error(ErrorCode::kNotFound,
                               key + ": no such figure in the books as known at seq " +
                                   std::to_string(replay->applied)));
  }
  if (arguments.format == "json") {
    json out = {{"figure", key}, {"known_at_seq", replay->applied}, {"value", ValueJson(value)},
                {"changed_by", json::array()}, {"inputs", json::array()},
                {"parameters", json::array()}};
    for (const auto& [event, after] : changers) {
      json entry = EventJson(event);
      entry["value_after"] = ValueJson(after);
      out["changed_by"].push_back(std::move(entry));
    }
    for (const events::StoredEvent& event : inputs) out["inputs"].push_back(EventJson(event));
    for (const std::string& version : versions_used) {
      json entry = {{"version", version}};
      if (auto it = adopted.find(version); it != adopted.end()) entry["adopted"] = EventJson(it->second);
      out["parameters"].push_back(std::move(entry));
    }
    *context.out << out.dump(2) << "\n";
    return;
  }
  std::ostream& out = *context.out;
  out << key << " as known at seq " << replay->applied << ": " << ValueText(value) << "\n";
  out << "changed by " << changers.size() << " event(s):\n";
  for (const auto& [event, after] : changers) {
    out << "  " << EventText(event) << "\n      -> " << ValueText(after) << "\n";
  }
  if (!inputs.empty()) {
    out << "resting on " << inputs.size() << " input event(s):\n";
    for (const events::StoredEvent& event : inputs) out << "  " << EventText(event) << "\n";
  }
  for (const std::string& version : versions_used) {
    out << "parameters " << version;
    if (auto it = adopted.find(version); it != adopted.end()) out << ": adopted " << EventText(it->second);
    out << "\n";
  }
}

void RunDiff(CliContext& context, const AuditArguments& arguments) {
  if (Status format = CheckFormat(arguments.format); !format) return Fail(context, format.error());
  if (arguments.from.empty()) {
    return Fail(context, Error(ErrorCode::kInvalidArgument, "--from: required, a seq or a time"));
  }
  Result<AuditReplay> replay = OpenAudit(context);
  if (!replay) return Fail(context, replay.error());
  Result<Seq> from = LastSeqKnownAt(*replay->store, arguments.from);
  if (!from) return Fail(context, from.error().WithContext("--from: "));
  Result<Seq> to = LastSeqKnownAt(*replay->store, arguments.to);
  if (!to) return Fail(context, to.error().WithContext("--to: "));
  if (*to < *from) {
    return Fail(context, Error(ErrorCode::kInvalidArgument, "--to: comes before --from"));
  }
  if (Status done = ReplayTo(*replay, *from, [](const events::StoredEvent&) {}); !done) {
    return Fail(context, done.error());
  }
  const std::map<std::string, FigureValue> before = replay->figures->Values();
  std::map<std::string, std::vector<Seq>> changed_by;
  const Status replayed = ReplayTo(*replay, *to, [&](const events::StoredEvent& event) {
    for (const std::string& key : replay->figures->changed()) changed_by[key].push_back(event.seq);
  });
  if (!replayed) return Fail(context, replayed.error());
  const std::map<std::string, FigureValue> after = replay->figures->Values();
  std::set<std::string> keys;
  for (const auto& [key, value] : before) keys.insert(key);
  for (const auto& [key, value] : after) keys.insert(key);
  json figures = json::array();
  std::string text;
  for (const std::string& key : keys) {
    if (!arguments.family.empty() && key.compare(0, arguments.family.size() + 1, arguments.family + "/") != 0) continue;
    auto old_value = before.find(key);
    auto new_value = after.find(key);
    const std::optional<FigureValue> was =
        old_value == before.end() ? std::nullopt : std::optional<FigureValue>(old_value->second);
    const std::optional<FigureValue> now =
        new_value == after.end() ? std::nullopt : std::optional<FigureValue>(new_value->second);
    if (was == now) continue;
    const std::vector<Seq>& seqs = changed_by[key];
    figures.push_back({{"figure", key}, {"before", ValueJson(was)}, {"after", ValueJson(now)},
                       {"seqs", seqs}});
    text += key + "\n  before: " + ValueText(was) + "\n  after:  " + ValueText(now) + "\n  by seqs:";
    for (const Seq seq : seqs) text += " " + std::to_string(seq);
    text += "\n";
  }
  if (arguments.format == "json") {
    *context.out << json{{"from_seq", *from}, {"to_seq", *to}, {"figures", figures}}.dump(2) << "\n";
    return;
  }
  *context.out << "figures changed from seq " << *from << " to seq " << *to << ": "
               << figures.size() << "\n" << text;
}

json PayoutJson(const projections::Payout& payout) {
  json invoices = json::array();
  for (const projections::TracedInvoice& invoice : payout.invoices) {
    invoices.push_back({{"seq", invoice.seq}, {"invoice_number", invoice.invoice_number},
                        {"total_incl_vat_cents", invoice.total_incl_vat.cents()}});
  }
  json payments = json::array();
  for (const projections::TracedPayment& payment : payout.payments) {
    payments.push_back({{"seq", payment.seq}, {"invoice_number", payment.invoice_number},
                        {"amount_cents", payment.amount.cents()}});
  }
  return {{"seq", payout.seq}, {"paid_on", payout.paid_on.ToString()},
          {"member_id", payout.member_id}, {"activity_id", payout.activity_id},
          {"regime", std::string(events::EnumNames<events::Regime>::kNames[static_cast<size_t>(payout.regime)])},
          {"amount_cents", payout.amount.cents()}, {"payslip_id", payout.payslip_id},
          {"payslip_seq", payout.payslip_seq}, {"month", payout.month},
          {"gross_cents", payout.gross.cents()}, {"hours_seqs", payout.hours_seqs},
          {"hours_minutes", payout.hours_minutes}, {"job_ids", payout.job_ids},
          {"invoices", std::move(invoices)}, {"payments", std::move(payments)},
          {"activity_collected_cents", payout.activity_collected.cents()},
          {"activity_wages_cents", payout.activity_wages.cents()},
          {"uncovered", payout.uncovered}, {"no_hours", payout.no_hours}};
}

void RunPayouts(CliContext& context, const AuditArguments& arguments, bool flagged_only) {
  if (arguments.format != "table" && arguments.format != "json") {
    return Fail(context, Error(ErrorCode::kInvalidArgument,
                               "--format: \"" + arguments.format + "\" is not table or json"));
  }
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  Result<Seq> last = LastSeqKnownAt(**store, arguments.known_at);
  if (!last) return Fail(context, last.error());
  projections::PayoutAudit audit;
  const Status replayed = engine::ReplayLog(
      **store, *last, [&audit](const events::StoredEvent& event) { audit.Apply(event); });
  if (!replayed) return Fail(context, replayed.error());
  json out = json::array();
  std::vector<Row> rows;
  size_t uncovered = 0;
  size_t no_hours = 0;
  for (const projections::Payout& payout : audit.payouts()) {
    uncovered += payout.uncovered ? 1 : 0;
    no_hours += payout.no_hours ? 1 : 0;
    if (flagged_only && !payout.uncovered && !payout.no_hours) continue;
    int64_t received = 0;
    for (const projections::TracedPayment& payment : payout.payments) received += payment.amount.cents();
    std::string flags = payout.uncovered ? "uncovered" : "";
    if (payout.no_hours) flags += std::string(flags.empty() ? "" : ",") + "no_hours";
    rows.push_back({std::to_string(payout.seq), payout.paid_on.ToString(), payout.member_id,
                    payout.activity_id, payout.amount.ToString(),
                    std::to_string(payout.payslip_seq), payout.month,
                    DecimalHours(payout.hours_minutes), std::to_string(payout.job_ids.size()),
                    std::to_string(payout.invoices.size()), Money::FromCents(received).ToString(),
                    payout.activity_collected.ToString(), payout.activity_wages.ToString(), flags});
    out.push_back(PayoutJson(payout));
  }
  if (arguments.format == "json") {
    *context.out << out.dump(2) << "\n";
    return;
  }
  *context.out << RenderTable({"seq", "paid_on", "member", "activity", "amount", "payslip_seq",
                               "month", "hours", "jobs", "invoices", "received_on_invoices",
                               "activity_collected", "activity_wages", "flags"},
                              rows)
               << "\n" << audit.payouts().size() << " payouts: " << uncovered
               << " not covered by the activity's collected revenue, " << no_hours
               << " without recorded hours\n";
}

// A progress bar on stderr when it is a terminal.
engine::ProgressFn ProgressBar(CliContext& context, const std::string& what) {
  if (isatty(STDERR_FILENO) == 0) return nullptr;
  return [&context, what](Seq done, Seq total) {
    constexpr int kWidth = 40;
    const int filled = total == 0 ? kWidth : static_cast<int>(done * kWidth / total);
    *context.err << "\r" << what << " [" << std::string(static_cast<size_t>(filled), '#')
                 << std::string(static_cast<size_t>(kWidth - filled), ' ') << "] " << done
                 << " / " << total << std::flush;
    if (done == total) *context.err << "\n";
  };
}

void RunRebuild(CliContext& context, Seq every) {
  Result<projections::Chart> chart = LoadChart(context.rules_dir);
  if (!chart) return Fail(context, chart.error());
  Result<std::unique_ptr<engine::EventStore>> store = OpenForWriting(context);
  if (!store) return Fail(context, store.error());
  Result<engine::RebuildReport> report =
      engine::RebuildSnapshots(**store, *chart, every, ProgressBar(context, "rebuild"));
  if (!report) return Fail(context, report.error());
  std::string names;
  for (const std::string& name : report->projections) names += (names.empty() ? "" : ", ") + name;
  *context.out << "rebuilt " << report->events << " events from event 1; snapshots of " << names
               << " written at " << report->snapshots.size() << " seqs (every " << every
               << " events, at period closes and seals), " << report->snapshot_bytes
               << " bytes\n";
}

void RunCheck(CliContext& context) {
  Result<projections::Chart> chart = LoadChart(context.rules_dir);
  if (!chart) return Fail(context, chart.error());
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  Result<engine::CheckReport> report =
      engine::CheckSnapshots(**store, *chart, ProgressBar(context, "check"));
  if (!report) return Fail(context, report.error());
  for (const std::string& mismatch : report->mismatches) *context.out << "MISMATCH " << mismatch << "\n";
  if (!report->ok()) {
    context.exit_code = kExitVerifyFailed;
    return;
  }
  *context.out << "ok: rebuilt " << report->events << " events from event 1; "
               << report->snapshots_checked
               << " snapshots and the state they give at the head are equal to it, byte for byte\n";
}

void AddCommon(CLI::App* verb, CliContext& context, AuditArguments& arguments) {
  verb->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  verb->add_option("--rules", context.rules_dir, "Directory of the rules (chart of accounts)")
      ->capture_default_str();
  verb->add_option("--format", arguments.format, "text or json (report payouts: table or json)")
      ->capture_default_str();
}

}  // namespace

void AddAuditVerbs(CLI::App& app, CliContext& context) {
  CLI::App* explain = app.add_subcommand(
      "explain", "The events (seq, dates, actor) and parameter versions behind a figure");
  explain->require_subcommand(1);
  auto add = [&](const char* name, const char* help) {
    auto arguments = std::make_shared<AuditArguments>();
    CLI::App* verb = explain->add_subcommand(name, help);
    AddCommon(verb, context, *arguments);
    verb->add_option("--known-at", arguments->known_at,
                     "The books as known then: a seq or an ISO-8601 UTC time")
        ->type_name("SEQ|TIME");
    return std::make_pair(verb, arguments);
  };
  auto [net_pay, net_pay_arguments] = add("net-pay", "A member's net pay of a month");
  net_pay->add_option("--member", net_pay_arguments->member, "The member's id")->required();
  net_pay->add_option("--month", net_pay_arguments->month, "The pay month, YYYY-MM")->required();
  net_pay->callback([&context, arguments = net_pay_arguments] {
    RunExplain(context, *arguments, "net-pay/" + arguments->member + "/" + arguments->month,
               NetPayInputs(arguments->member, arguments->month));
  });
  auto [balance, balance_arguments] = add("balance", "A member's hours and activity account");
  balance->add_option("--member", balance_arguments->member, "The member's id")->required();
  balance->callback([&context, arguments = balance_arguments] {
    RunExplain(context, *arguments, "balance/" + arguments->member, nullptr);
  });
  auto [invoice, invoice_arguments] = add("invoice", "An invoice's open amount");
  invoice->add_option("NUMBER", invoice_arguments->number, "The invoice number")->required();
  invoice->callback([&context, arguments = invoice_arguments] {
    RunExplain(context, *arguments, "invoice/" + arguments->number, nullptr);
  });
  auto [account, account_arguments] = add("account", "A trial-balance line of a fiscal year");
  account->add_option("ACCOUNT", account_arguments->account, "The general account")->required();
  account->add_option("--year", account_arguments->year, "The fiscal year, named by the year it ends in")
      ->required();
  account->callback([&context, arguments = account_arguments] {
    RunExplain(context, *arguments,
               "account/" + std::to_string(arguments->year) + "/" + arguments->account, nullptr);
  });

  auto diff_arguments = std::make_shared<AuditArguments>();
  CLI::App* diff = app.add_subcommand(
      "diff", "Every figure that changed between two points of recorded time, and the events");
  AddCommon(diff, context, *diff_arguments);
  diff->add_option("--from", diff_arguments->from, "A seq or an ISO-8601 UTC time")->required();
  diff->add_option("--to", diff_arguments->to, "A seq or an ISO-8601 UTC time (default: now)");
  diff->add_option("--family", diff_arguments->family, "Only balance, invoice, net-pay or account");
  diff->callback([&context, diff_arguments] { RunDiff(context, *diff_arguments); });

  auto payouts_arguments = std::make_shared<AuditArguments>();
  payouts_arguments->format = "table";
  auto flagged_only = std::make_shared<bool>(false);
  CLI::App* payouts = ReportGroup(app)->add_subcommand(
      "payouts", "Each wage paid traced to its payslip, hours, jobs, invoices and payments; flags");
  AddCommon(payouts, context, *payouts_arguments);
  payouts->add_option("--known-at", payouts_arguments->known_at,
                      "As known then: a seq or an ISO-8601 UTC time")
      ->type_name("SEQ|TIME");
  payouts->add_flag("--flagged", *flagged_only, "Only the payouts with a flag");
  payouts->callback([&context, payouts_arguments, flagged_only] {
    RunPayouts(context, *payouts_arguments, *flagged_only);
  });

  auto every = std::make_shared<Seq>(engine::kSnapshotEveryDefault);
  CLI::App* rebuild = app.add_subcommand(
      "rebuild", "Replay the log from event 1 and write the projections' snapshots");
  rebuild->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  rebuild->add_option("--rules", context.rules_dir, "Directory of the rules (chart of accounts)")
      ->capture_default_str();
  rebuild->add_option("--every", *every, "A snapshot every N events (also at period closes)")
      ->capture_default_str();
  rebuild->callback([&context, every] { RunRebuild(context, *every); });
  CLI::App* check = app.add_subcommand(
      "check", "Rebuild from event 1 and compare with every snapshot, byte for byte (exit 3)");
  check->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  check->add_option("--rules", context.rules_dir, "Directory of the rules (chart of accounts)")
      ->capture_default_str();
  check->callback([&context] { RunCheck(context); });
}

}  // namespace coopledger::adapters
