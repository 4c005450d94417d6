// `coopledger payroll run|show|close|pay|pdf|simulate` (DESIGN section 8).
#include <CLI/CLI.hpp>
#include <istream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/cli.h"
#include "adapters/payroll_parameters_json.h"
#include "adapters/payroll_simulate.h"

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

}  // namespace

void AddPayrollVerbs(CLI::App& app, CliContext& context) {
  CLI::App* payroll = app.add_subcommand("payroll", "Payslips: run, show, close and pay a month; simulate one");
  payroll->require_subcommand(1);
  CLI::App* simulate = payroll->add_subcommand(
      "simulate", "Compute payslips from JSON situations on stdin (an object or an array), touching no store");
  simulate->callback([&context] { RunSimulate(context); });
}

}  // namespace coopledger::adapters
