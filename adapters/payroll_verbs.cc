// `coopledger payroll run|show|close|pay|pdf|simulate` (DESIGN section 8); the payout file
// and the end-of-contract documents are in payroll_document_verbs.cc.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <istream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <map>
#include <ostream>

#include "adapters/books.h"
#include "adapters/cli.h"
#include "adapters/export_record.h"
#include "adapters/payroll_parameters_json.h"
#include "adapters/payroll_simulate.h"
#include "adapters/figures_json.h"
#include "adapters/payroll_document_verbs.h"
#include "adapters/payroll_documents.h"
#include "adapters/payroll_view.h"
#include "adapters/payslip_pdf.h"
#include "engine/payroll_run.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

void RunSimulate(CliContext& context) {
  const std::string text((std::istreambuf_iterator<char>(*context.in)), std::istreambuf_iterator<char>());
  const json input = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (input.is_discarded() || !(input.is_object() || input.is_array())) {
    return Fail(context, Error(ErrorCode::kInvalidArgument, "stdin: expected a JSON object or an array of them"));
  }
  Result<std::vector<PayrollParameterFile>> files = LoadPayrollParameterFiles(context.rules_dir);
  if (!files) return Fail(context, files.error());
  Result<json> output = Simulate(input, *files);
  if (!output) return Fail(context, output.error());
  *context.out << output->dump(2) << "\n";
}

struct MonthArguments {
  std::string month;   // YYYY-MM.
  std::string member;  // show, pdf.
  std::string on;      // pay: YYYY-MM-DD.
  std::string out;     // pdf.
  std::string format = "table";
  std::string actor_id = "cli";
  std::string role = "admin";
  std::string known_at;  // show: as known then.
};

std::string RegimeName(events::Regime regime) {
  return std::string(events::EnumNames<events::Regime>::kNames[static_cast<size_t>(regime)]);
}

// Runs `step` on a desk over the store of --data, opened for writing, as the actor of --actor
// and --role, with a command id naming the step and the log it was computed from: a retry on
// the same log is answered with its first result, a later step (a member added since) is new.
template <typename Step>
void WithDesk(CliContext& context, const MonthArguments& arguments, const std::string& step_name, Step step) {
  Result<events::ActorRole> role = ParseRole(arguments.role);
  if (!role) return Fail(context, role.error());
  Result<Books> books = OpenBooks(context);
  if (!books) return Fail(context, books.error());
  engine::PayrollDesk desk(books->store.get(), books->service.get());
  if (Status caught = desk.CatchUp(); !caught) return Fail(context, caught.error());
  const events::CommandId command_id =
      PayrollStepCommandId(step_name, arguments.month, desk.applied());
  step(desk, events::Actor{arguments.actor_id, *role}, command_id);
}

void RunShow(CliContext& context, const MonthArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<PayrollView> view = ReadPayroll(context, arguments.known_at);
  if (!view) return Fail(context, view.error());
  std::vector<const projections::IssuedPayslip*> payslips = view->payroll.PayslipsOf(*month);
  if (!arguments.member.empty()) {
    std::erase_if(payslips, [&](const projections::IssuedPayslip* issued) {
      return issued->payslip.member_id.value != arguments.member;
    });
    if (payslips.empty()) {
      return Fail(context, Error(ErrorCode::kNotFound, "--member: " + arguments.member + " has no payslip for " + arguments.month));
    }
  }
  if (arguments.format == "json") {
    json out = json::array();
    for (const projections::IssuedPayslip* issued : payslips) out.push_back(PayslipSummaryJson(issued->payslip));
    *context.out << out.dump(2) << "\n";
    return;
  }
  int64_t net = 0;
  int64_t cost = 0;
  *context.out << "member\tregime\thours\tgross\tnet paid\temployer cost\tpaid\n";
  for (const projections::IssuedPayslip* issued : payslips) {
    const events::PayslipIssued& p = issued->payslip;
    char hours[32];
    std::snprintf(hours, sizeof hours, "%d.%02d", p.paid_minutes / 60, p.paid_minutes % 60 * 100 / 60);
    *context.out << p.member_id.value << "\t" << RegimeName(p.regime) << "\t" << hours << "\t" << p.gross.ToString()
                 << "\t" << p.net_paid.ToString() << "\t" << p.employer_cost.ToString() << "\t"
                 << issued->wages_paid.ToString() << "\n";
    net += p.net_paid.cents();
    cost += p.employer_cost.cents();
  }
  *context.out << "total: " << payslips.size() << " payslips, net paid " << Money::FromCents(net).ToString()
               << ", employer cost " << Money::FromCents(cost).ToString() << "\n";
}

void RunPayroll(CliContext& context, const MonthArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  WithDesk(context, arguments, "run", [&](engine::PayrollDesk& desk, const events::Actor& actor, const events::CommandId& id) {
    Result<size_t> issued = desk.Run(*month, id, actor);
    if (!issued) return Fail(context, issued.error());
    *context.out << "issued " << *issued << " payslips for " << arguments.month << "\n";
  });
}

void RunClose(CliContext& context, const MonthArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  WithDesk(context, arguments, "close", [&](engine::PayrollDesk& desk, const events::Actor& actor, const events::CommandId& id) {
    if (Status closed = desk.Close(*month, id, actor); !closed) {
      return Fail(context, closed.error());
    }
    *context.out << "closed " << arguments.month << "\n";
  });
}

void RunPay(CliContext& context, const MonthArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<Date> day = Date::Parse(arguments.on);
  if (!day) return Fail(context, day.error().WithContext("--on: "));
  WithDesk(context, arguments, "pay", [&](engine::PayrollDesk& desk, const events::Actor& actor, const events::CommandId& id) {
    // Wages and contributions in one append: both are recorded, or neither.
    Result<size_t> paid = desk.Pay(*month, *day, {.wages = true, .contributions = true}, id, actor);
    if (!paid) return Fail(context, paid.error());
    *context.out << "recorded " << *paid << " payments for " << arguments.month << "\n";
  });
}

void RunPdf(CliContext& context, const MonthArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<PayrollView> view = ReadPayroll(context);
  if (!view) return Fail(context, view.error());
  const projections::PayrollState& payroll = view->payroll;
  const projections::PayrollMember* member = payroll.FindMember(arguments.member);
  if (member == nullptr) return Fail(context, Error(ErrorCode::kNotFound, "--member: no member " + arguments.member));
  auto issued = member->payslips.find(arguments.month);
  if (issued == member->payslips.end()) {
    return Fail(context, Error(ErrorCode::kNotFound, "--month: " + arguments.member + " has no payslip for " + arguments.month));
  }
  const PayslipSource source = PayslipSourceOf(payroll, *view->store, *member, issued->second);
  if (Status written = WritePayslipPdf(source, arguments.out); !written) return Fail(context, written.error());
  if (Status recorded = RecordWrittenFile(context, ExportActor{arguments.actor_id, arguments.role}, "payslip-pdf",
                                          "--month " + arguments.month + " --member " + arguments.member, arguments.out);
      !recorded) {
    return Fail(context, recorded.error());
  }
  *context.out << "wrote " << arguments.out << "\n";
}

}  // namespace

void AddPayrollVerbs(CLI::App& app, CliContext& context) {
  CLI::App* payroll = app.add_subcommand("payroll", "Payslips: run, show, close and pay a month; simulate one");
  payroll->require_subcommand(1);
  CLI::App* simulate = payroll->add_subcommand(
      "simulate", "Compute payslips from JSON situations on stdin (an object or an array), touching no store");
  simulate->callback([&context] { RunSimulate(context); });
  auto arguments = std::make_shared<MonthArguments>();
  auto month_verb = [&](const char* name, const char* help) {
    CLI::App* verb = payroll->add_subcommand(name, help);
    verb->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
    verb->add_option("--month", arguments->month, "The pay month, YYYY-MM")->required();
    return verb;
  };
  auto writing_verb = [&](const char* name, const char* help) {
    CLI::App* verb = month_verb(name, help);
    verb->add_option("--actor", arguments->actor_id, "Who records")->capture_default_str();
    verb->add_option("--role", arguments->role, "The actor's role")->capture_default_str();
    return verb;
  };
  writing_verb("run", "Issue the month's payslips (adopting its parameter table if needed)")
      ->callback([&context, arguments] { RunPayroll(context, *arguments); });
  CLI::App* show = month_verb("show", "Show the month's issued payslips");
  show->add_option("--member", arguments->member, "Only this member's payslip");
  show->add_option("--format", arguments->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  show->add_option("--known-at", arguments->known_at, "As known then: a seq or an ISO-8601 UTC time")->type_name("SEQ|TIME");
  show->callback([&context, arguments] { RunShow(context, *arguments); });
  writing_verb("close", "Close the month: late facts then go to the next open month")
      ->callback([&context, arguments] { RunClose(context, *arguments); });
  CLI::App* pay = writing_verb("pay", "Pay the month's net wages by transfer and its contributions");
  pay->add_option("--on", arguments->on, "The payment day, YYYY-MM-DD")->required();
  pay->callback([&context, arguments] { RunPay(context, *arguments); });
  CLI::App* pdf = month_verb("pdf", "Write a member's payslip of the month as PDF");
  pdf->add_option("--member", arguments->member, "The member's id")->required();
  pdf->add_option("--out", arguments->out, "The PDF file to write")->required();
  pdf->callback([&context, arguments] { RunPdf(context, *arguments); });
  AddPayrollDocumentVerbs(*payroll, context);
}

}  // namespace coopledger::adapters
