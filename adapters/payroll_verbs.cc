// `coopledger payroll run|show|close|pay|pdf|simulate` (DESIGN section 8).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <istream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <map>
#include <ostream>

#include "adapters/cli.h"
#include "adapters/payroll_parameters_json.h"
#include "adapters/payroll_simulate.h"
#include "adapters/payslip_pdf.h"
#include "adapters/rules_loader.h"
#include "adapters/table_format.h"
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
};

std::string RegimeName(events::Regime regime) {
  return std::string(events::EnumNames<events::Regime>::kNames[static_cast<size_t>(regime)]);
}

Result<Date> ParseMonth(const std::string& text) {
  Result<Date> day = text.size() == 7 ? Date::Parse(text + "-01") : Result<Date>(Error(ErrorCode::kInvalidDate, ""));
  if (!day) return Error(ErrorCode::kInvalidArgument, "--month: \"" + text + "\" is not a month YYYY-MM");
  return day;
}

events::Actor CliActor() {
  events::Actor actor;
  actor.id = "cli";
  actor.role = events::ActorRole::kAdmin;
  return actor;
}

events::CommandId CommandIdFor(const std::string& verb, const std::string& month, CliContext& context) {
  return events::CommandId{"payroll-" + verb + "-" + month + "-" + std::to_string(context.clock->Now().micros())};
}

// Runs `step` on a desk over the store of --data, opened for writing.
template <typename Step>
void WithDesk(CliContext& context, Step step) {
  Result<engine::Rules> rules = LoadRules(context.rules_dir);
  if (!rules) return Fail(context, rules.error());
  Result<Books> books = OpenBooks(context);
  if (!books) return Fail(context, books.error());
  engine::PayrollDesk desk(books->store.get(), books->service.get(), &*rules);
  if (Status caught = desk.CatchUp(); !caught) return Fail(context, caught.error());
  step(desk);
}

json PayslipSummaryJson(const events::PayslipIssued& payslip) {
  json lines = json::array();
  for (const events::PayslipLine& line : payslip.lines) {
    lines.push_back({{"code", line.code}, {"label", line.label}, {"base_cents", line.base.cents()},
                     {"employee_rate", RateText(line.employee_rate_ppm)}, {"employer_rate", RateText(line.employer_rate_ppm)},
                     {"employee_cents", line.employee_amount.cents()}, {"employer_cents", line.employer_amount.cents()}});
  }
  return {{"payslip_id", payslip.payslip_id.value}, {"member_id", payslip.member_id.value},
          {"activity_id", payslip.activity_id.value}, {"month", payslip.period_start.ToString().substr(0, 7)},
          {"regime", RegimeName(payslip.regime)}, {"paid_minutes", payslip.paid_minutes},
          {"gross_cents", payslip.gross.cents()}, {"paid_leave_indemnity_cents", payslip.paid_leave_indemnity.cents()},
          {"regularisation_cents", payslip.regularisation.cents()},
          {"employee_contributions_cents", payslip.employee_contributions.cents()},
          {"employer_contributions_cents", payslip.employer_contributions.cents()},
          {"reduction_cents", payslip.reduction.cents()}, {"net_before_tax_cents", payslip.net_before_tax.cents()},
          {"net_taxable_cents", payslip.net_taxable.cents()}, {"student_exempt_cents", payslip.student_exempt.cents()},
          {"net_social_cents", payslip.net_social.cents()}, {"income_tax_cents", payslip.income_tax.cents()},
          {"net_paid_cents", payslip.net_paid.cents()}, {"employer_cost_cents", payslip.employer_cost.cents()},
          {"parameters_version", payslip.parameters_version}, {"corrects", payslip.corrects}, {"lines", lines}};
}

void RunShow(CliContext& context, const MonthArguments& arguments) {
  Result<Date> month = ParseMonth(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  projections::PayrollState payroll;
  if (Status replayed = engine::ReplayLog(**store, [&](const events::StoredEvent& event) { payroll.Apply(event); }); !replayed) {
    return Fail(context, replayed.error());
  }
  std::vector<const projections::IssuedPayslip*> payslips = payroll.PayslipsOf(*month);
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
  Result<Date> month = ParseMonth(arguments.month);
  if (!month) return Fail(context, month.error());
  WithDesk(context, [&](engine::PayrollDesk& desk) {
    Result<size_t> issued = desk.Run(*month, CommandIdFor("run", arguments.month, context), CliActor());
    if (!issued) return Fail(context, issued.error());
    *context.out << "issued " << *issued << " payslips for " << arguments.month << "\n";
  });
}

void RunClose(CliContext& context, const MonthArguments& arguments) {
  Result<Date> month = ParseMonth(arguments.month);
  if (!month) return Fail(context, month.error());
  WithDesk(context, [&](engine::PayrollDesk& desk) {
    if (Status closed = desk.Close(*month, CommandIdFor("close", arguments.month, context), CliActor()); !closed) {
      return Fail(context, closed.error());
    }
    *context.out << "closed " << arguments.month << "\n";
  });
}

void RunPay(CliContext& context, const MonthArguments& arguments) {
  Result<Date> month = ParseMonth(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<Date> day = Date::Parse(arguments.on);
  if (!day) return Fail(context, day.error().WithContext("--on: "));
  WithDesk(context, [&](engine::PayrollDesk& desk) {
    Result<std::vector<events::WagePaid>> paid =
        desk.PayWages(*month, *day, CommandIdFor("wages", arguments.month, context), CliActor());
    if (!paid) return Fail(context, paid.error());
    if (Status done = desk.PayContributions(*month, *day, CommandIdFor("contributions", arguments.month, context), CliActor()); !done) {
      return Fail(context, done.error());
    }
    *context.out << "paid " << paid->size() << " wages and the contributions of " << arguments.month << "\n";
  });
}

void RunPdf(CliContext& context, const MonthArguments& arguments) {
  Result<Date> month = ParseMonth(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  projections::PayrollState payroll;
  std::map<std::string, std::string> activity_names;
  if (Status replayed = engine::ReplayLog(**store, [&](const events::StoredEvent& event) {
        payroll.Apply(event);
        if (const auto* opened = std::get_if<events::ActivityOpened>(&event.body)) {
          activity_names[opened->activity_id.value] = opened->name;
        }
      }); !replayed) {
    return Fail(context, replayed.error());
  }
  const projections::PayrollMember* member = payroll.FindMember(arguments.member);
  if (member == nullptr) return Fail(context, Error(ErrorCode::kNotFound, "--member: no member " + arguments.member));
  auto issued = member->payslips.find(arguments.month);
  if (issued == member->payslips.end()) {
    return Fail(context, Error(ErrorCode::kNotFound, "--month: " + arguments.member + " has no payslip for " + arguments.month));
  }
  PayslipSource source;
  if (payroll.cae()) source.cae = *payroll.cae();
  source.activity_name = activity_names[member->joined.activity_id.value];
  source.member = member->joined;
  if (Result<events::PersonalData> person = (*store)->Unseal(member->joined.personal)) source.person = *person;
  source.payslip = issued->second.payslip;
  const events::PayslipYearToDate& total = source.payslip.year_to_date;
  source.year_to_date = {total.gross, total.net_taxable, total.income_tax, total.net_paid, total.employer_cost, total.reduction};
  source.paid_on = projections::NextMonth(*month).AddDays(2);
  source.students_exempt_income = source.payslip.student_exempt;
  if (Status written = WritePayslipPdf(source, arguments.out); !written) return Fail(context, written.error());
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
  month_verb("run", "Issue the month's payslips (adopting its parameter table if needed)")
      ->callback([&context, arguments] { RunPayroll(context, *arguments); });
  CLI::App* show = month_verb("show", "Show the month's issued payslips");
  show->add_option("--member", arguments->member, "Only this member's payslip");
  show->add_option("--format", arguments->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  show->callback([&context, arguments] { RunShow(context, *arguments); });
  month_verb("close", "Close the month: late facts then go to the next open month")
      ->callback([&context, arguments] { RunClose(context, *arguments); });
  CLI::App* pay = month_verb("pay", "Pay the month's net wages by transfer and its contributions");
  pay->add_option("--on", arguments->on, "The payment day, YYYY-MM-DD")->required();
  pay->callback([&context, arguments] { RunPay(context, *arguments); });
  CLI::App* pdf = month_verb("pdf", "Write a member's payslip of the month as PDF");
  pdf->add_option("--member", arguments->member, "The member's id")->required();
  pdf->add_option("--out", arguments->out, "The PDF file to write")->required();
  pdf->callback([&context, arguments] { RunPdf(context, *arguments); });
}

}  // namespace coopledger::adapters
