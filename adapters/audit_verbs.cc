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

#include "adapters/audit_queries.h"
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

std::string RoleName(events::ActorRole role) {
  return std::string(events::EnumNames<events::ActorRole>::kNames[static_cast<size_t>(role)]);
}

// The store of --data, opened for reading, and the chart of --rules.
Result<std::pair<std::shared_ptr<engine::EventStore>, projections::Chart>> OpenAudit(
    const CliContext& context) {
  COOPLEDGER_ASSIGN_OR_RETURN(projections::Chart chart, LoadChart(context.rules_dir));
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<engine::EventStore> opened, OpenForReading(context));
  return std::make_pair(std::shared_ptr<engine::EventStore>(std::move(opened)), std::move(chart));
}

std::string EventText(const events::StoredEvent& event) {
  return "seq " + std::to_string(event.seq) + "  " + std::string(events::KindName(event.body)) +
         "  " + event.stream + "  effective " + event.effective.ToString() + "  recorded " +
         event.recorded_at.ToString() + "  by " + event.actor.id + " (" +
         RoleName(event.actor.role) + ")";
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

void RunExplain(CliContext& context, const AuditArguments& arguments, const std::string& key,
                const InputFilter& inputs) {
  if (Status format = CheckFormat(arguments.format); !format) return Fail(context, format.error());
  auto opened = OpenAudit(context);
  if (!opened) return Fail(context, opened.error());
  Result<Seq> last = LastSeqKnownAt(*opened->first, arguments.known_at);
  if (!last) return Fail(context, last.error());
  Result<Explanation> explanation =
      ExplainFigure(opened->first, std::move(opened->second), key, inputs, *last);
  if (!explanation) return Fail(context, explanation.error());
  if (arguments.format == "json") {
    *context.out << ExplanationJson(*explanation).dump(2) << "\n";
    return;
  }
  std::ostream& out = *context.out;
  out << key << " as known at seq " << explanation->known_at_seq << ": "
      << ValueText(explanation->value) << "\n";
  out << "changed by " << explanation->changed_by.size() << " event(s):\n";
  for (const FigureChange& change : explanation->changed_by) {
    out << "  " << EventText(change.event) << "\n      -> " << ValueText(change.value_after)
        << "\n";
  }
  if (!explanation->inputs.empty()) {
    out << "resting on " << explanation->inputs.size() << " input event(s):\n";
    for (const events::StoredEvent& event : explanation->inputs) {
      out << "  " << EventText(event) << "\n";
    }
  }
  for (const auto& [version, adoption] : explanation->parameters) {
    out << "parameters " << version;
    if (adoption) out << ": adopted " << EventText(*adoption);
    out << "\n";
  }
}

void RunDiff(CliContext& context, const AuditArguments& arguments) {
  if (Status format = CheckFormat(arguments.format); !format) return Fail(context, format.error());
  if (arguments.from.empty()) {
    return Fail(context, Error(ErrorCode::kInvalidArgument, "--from: required, a seq or a time"));
  }
  auto opened = OpenAudit(context);
  if (!opened) return Fail(context, opened.error());
  Result<Seq> from = LastSeqKnownAt(*opened->first, arguments.from);
  if (!from) return Fail(context, from.error().WithContext("--from: "));
  Result<Seq> to = LastSeqKnownAt(*opened->first, arguments.to);
  if (!to) return Fail(context, to.error().WithContext("--to: "));
  if (*to < *from) {
    return Fail(context, Error(ErrorCode::kInvalidArgument, "--to: comes before --from"));
  }
  Result<FigureDiff> diff =
      DiffFigures(opened->first, std::move(opened->second), *from, *to, arguments.family);
  if (!diff) return Fail(context, diff.error());
  if (arguments.format == "json") {
    *context.out << FigureDiffJson(*diff).dump(2) << "\n";
    return;
  }
  *context.out << "figures changed from seq " << *from << " to seq " << *to << ": "
               << diff->figures.size() << "\n";
  for (const FigureDifference& figure : diff->figures) {
    *context.out << figure.key << "\n  before: " << ValueText(figure.before)
                 << "\n  after:  " << ValueText(figure.after) << "\n  by seqs:";
    for (const Seq seq : figure.seqs) *context.out << " " << seq;
    *context.out << "\n";
  }
}

void RunPayouts(CliContext& context, const AuditArguments& arguments, bool flagged_only) {
  if (arguments.format != "table" && arguments.format != "json") {
    return Fail(context, Error(ErrorCode::kInvalidArgument,
                               "--format: \"" + arguments.format + "\" is not table or json"));
  }
  Result<StoreKnownAt> opened = OpenKnownAt(context, arguments.known_at);
  if (!opened) return Fail(context, opened.error());
  Result<std::vector<projections::Payout>> payouts = ReadPayouts(*opened->store, opened->last);
  if (!payouts) return Fail(context, payouts.error());
  json out = json::array();
  std::vector<Row> rows;
  size_t uncovered = 0;
  size_t no_hours = 0;
  for (const projections::Payout& payout : *payouts) {
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
               << "\n" << payouts->size() << " payouts: " << uncovered
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
               << " bytes; figure movements in " << report->movement_blocks << " blocks, "
               << report->movement_bytes << " bytes\n";
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
    RunExplain(context, *arguments, NetPayFigure(arguments->member, arguments->month),
               NetPayInputs(arguments->member, arguments->month));
  });
  auto [balance, balance_arguments] = add("balance", "A member's hours and activity account");
  balance->add_option("--member", balance_arguments->member, "The member's id")->required();
  balance->callback([&context, arguments = balance_arguments] {
    RunExplain(context, *arguments, BalanceFigure(arguments->member), nullptr);
  });
  auto [invoice, invoice_arguments] = add("invoice", "An invoice's open amount");
  invoice->add_option("NUMBER", invoice_arguments->number, "The invoice number")->required();
  invoice->callback([&context, arguments = invoice_arguments] {
    RunExplain(context, *arguments, InvoiceFigure(arguments->number), nullptr);
  });
  auto [account, account_arguments] = add("account", "A trial-balance line of a fiscal year");
  account->add_option("ACCOUNT", account_arguments->account, "The general account")->required();
  account->add_option("--year", account_arguments->year, "The fiscal year, named by the year it ends in")
      ->required();
  account->callback([&context, arguments = account_arguments] {
    RunExplain(context, *arguments, AccountFigure(arguments->year, arguments->account), nullptr);
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
