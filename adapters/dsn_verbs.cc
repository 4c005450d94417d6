// The DSN verbs: `export dsn --month YYYY-MM --out FILE [--real]` writes the month's DSN;
// `declare dsn --month YYYY-MM` records its filing (DeclarationFiled with the file's SHA-256);
// `report urssaf --month YYYY-MM` prints the URSSAF contributions by CTP that the DSN declares.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/books.h"
#include "adapters/declarations.h"
#include "adapters/dsn_store.h"
#include "adapters/export_record.h"
#include "adapters/ledger_export.h"
#include "adapters/payroll_documents.h"
#include "adapters/payroll_simulate.h"
#include "adapters/payroll_view.h"
#include "adapters/rules_loader.h"
#include "adapters/table_format.h"
#include "adapters/vat_return.h"
#include "engine/command_service.h"
#include "engine/hash_chain.h"
#include "projections/reports.h"

namespace coopledger::adapters {
namespace {

struct DsnArguments {
  std::string month;
  std::string member;  // export fctu, declare fctu.
  std::string out;
  bool real = false;
  std::string format = "table";
  std::string actor_id = "admin";
  std::string role = "admin";
  ExportActor exporter;  // export dsn|fctu|dpae: who is recorded as exporting.
};

void RunExportDsn(CliContext& context, const DsnArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<DsnRules> rules = LoadDsnRules(context.rules_dir);
  if (!rules) return Fail(context, rules.error());
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  Result<DsnMonth> dsn =
      CheckedDsn(**store, *rules, DsnRequest::Monthly(*month, arguments.real, std::nullopt));
  if (!dsn) return Fail(context, dsn.error());
  if (Status exported = RecordAndWrite(context, arguments.exporter, "dsn",
                                      "--month " + arguments.month + (arguments.real ? " --real" : ""),
                                      arguments.out, dsn->bytes);
      !exported) {
    return Fail(context, exported.error());
  }
  *context.out << arguments.out << "\n";
  *context.err << "coopledger: DSN " << arguments.month << (arguments.real ? " (real)" : " (test)")
               << ": " << dsn->individuals << " individuals, URSSAF "
               << DotAmount(dsn->urssaf_total_cents) << " EUR, regularisations for "
               << dsn->regularisations << " individuals\n";
}

void RunDeclareDsn(CliContext& context, const DsnArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<events::ActorRole> role = ParseRole(arguments.role);
  if (!role) return Fail(context, role.error());
  Result<DsnRules> rules = LoadDsnRules(context.rules_dir);
  if (!rules) return Fail(context, rules.error());
  Result<Books> books = OpenBooks(context);
  if (!books) return Fail(context, books.error());
  Result<Date> today = context.clock->Now().Day();
  if (!today) return Fail(context, today.error());
  Result<DeclarationToFile> dsn = MonthlyDsnFiling(*books->store, *rules, *month, *today);
  if (!dsn) return Fail(context, dsn.error());
  Result<engine::CommandResult> recorded = books->service->Execute(
      dsn->command_id, events::Actor{arguments.actor_id, *role}, dsn->filed);
  if (!recorded) return Fail(context, recorded.error());
  if (!arguments.out.empty()) {
    if (Status written = WriteFileAtomically(arguments.out, dsn->bytes); !written) {
      return Fail(context, written.error());
    }
  }
  if (recorded->replayed) *context.out << "already filed (the same file, recorded before): ";
  *context.out << "filed DSN " << arguments.month << " on " << today->ToString() << ": sha256 "
               << engine::ToHex(engine::Sha256(dsn->bytes)) << ", seq " << recorded->seqs.front()
               << "\n";
}

void RunReportUrssaf(CliContext& context, const DsnArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<DsnRules> rules = LoadDsnRules(context.rules_dir);
  if (!rules) return Fail(context, rules.error());
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  // The contributions do not depend on the day the wages were paid: a month not paid yet has its
  // summary all the same.
  DsnRequest request = DsnRequest::Monthly(*month, false, std::nullopt);
  request.figures_only = true;
  Result<DsnMonth> dsn = BuildDsnFromStore(**store, *rules, request);
  if (!dsn) return Fail(context, dsn.error());
  const nlohmann::json summary = UrssafSummaryJson(*dsn, rules->table, arguments.month);
  if (arguments.format == "json") {
    *context.out << summary.dump(2) << "\n";
    return;
  }
  std::vector<Row> rows;
  for (const nlohmann::json& line : summary["lines"]) {
    const int64_t rate_ppm = line["rate_ppm"].get<int64_t>();
    rows.push_back({line["ctp"].get<std::string>(), line["qualifier"].get<std::string>(),
                    line["label"].get<std::string>(), DotAmount(line["base_cents"].get<int64_t>()),
                    rate_ppm != 0 ? projections::RatePercent(rate_ppm) : "",
                    DotAmount(line["amount_cents"].get<int64_t>())});
  }
  const Row header = {"ctp", "qualifier", "label", "base", "rate", "amount"};
  if (arguments.format == "csv") {
    *context.out << RenderCsv(header, rows);
  } else {
    rows.push_back({"", "", "Total due to URSSAF", "", "", DotAmount(dsn->urssaf_total_cents)});
    *context.out << RenderTable(header, rows);
  }
}

void RunExportFctu(CliContext& context, const DsnArguments& arguments) {
  Result<DsnRules> rules = LoadDsnRules(context.rules_dir);
  if (!rules) return Fail(context, rules.error());
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  const DsnRequest request =
      DsnRequest::EndOfContract(arguments.member, arguments.real, std::nullopt);
  Result<DsnMonth> dsn = CheckedDsn(**store, *rules, request);
  if (!dsn) return Fail(context, dsn.error());
  if (Status exported = RecordAndWrite(context, arguments.exporter, "fctu",
                                      "--member " + arguments.member + (arguments.real ? " --real" : ""),
                                      arguments.out, dsn->bytes);
      !exported) {
    return Fail(context, exported.error());
  }
  *context.out << arguments.out << "\n";
}

void RunDeclareFctu(CliContext& context, const DsnArguments& arguments) {
  Result<events::ActorRole> role = ParseRole(arguments.role);
  if (!role) return Fail(context, role.error());
  Result<DsnRules> rules = LoadDsnRules(context.rules_dir);
  if (!rules) return Fail(context, rules.error());
  Result<Books> books = OpenBooks(context);
  if (!books) return Fail(context, books.error());
  Result<Date> today = context.clock->Now().Day();
  if (!today) return Fail(context, today.error());
  Result<DeclarationToFile> fctu =
      EndOfContractFiling(*books->store, *rules, arguments.member, *today);
  if (!fctu) return Fail(context, fctu.error());
  Result<engine::CommandResult> recorded = books->service->Execute(
      fctu->command_id, events::Actor{arguments.actor_id, *role}, fctu->filed);
  if (!recorded) return Fail(context, recorded.error());
  const Date end = fctu->contract_end;
  const events::Hash hash = engine::Sha256(fctu->bytes);
  const int32_t late = WorkingDaysAfter(end, *today);
  *context.out << "filed the end-of-contract signal of " << arguments.member << " (contract ended "
               << end.ToString() << "): sha256 " << engine::ToHex(hash) << "\n";
  if (late > kEndOfContractWorkingDaysMax) {
    *context.err << "coopledger: filed " << late
                 << " working days after the contract's end: the legal delay is 5 (CSS R133-14)\n";
  }
}

// The pre-hiring declarations (DPAE) of the contracts starting in a month, one CSV row each.
void RunExportDpae(CliContext& context, const DsnArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  // From the nearest snapshot of the payroll state, then the events after it.
  Result<PayrollView> view = ReadPayroll(context);
  if (!view) return Fail(context, view.error());
  Result<DpaeListing> listing = ComposeDpae(view->payroll, *view->store, *month);
  if (!listing) return Fail(context, listing.error());
  const std::string& csv = listing->csv;
  if (Status exported = RecordAndWrite(context, arguments.exporter, "dpae",
                                      "--month " + arguments.month,
                                      arguments.out, csv);
      !exported) {
    return Fail(context, exported.error());
  }
  *context.out << arguments.out << "\n";
  *context.err << "coopledger: " << listing->rows << " pre-hiring declarations for "
               << arguments.month << "\n";
}

// The CA3 lines of a month as filed, from the store of --data opened for reading.
Result<std::string> VatReturnText(CliContext& context, Date month) {
  COOPLEDGER_ASSIGN_OR_RETURN(projections::Chart chart, LoadChart(context.rules_dir));
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<engine::EventStore> store, OpenForReading(context));
  const events::Seq head = store->head().seq;
  COOPLEDGER_ASSIGN_OR_RETURN(
      const projections::VatReturnFigures figures,
      ComputeVatReturn(std::shared_ptr<engine::EventStore>(std::move(store)), std::move(chart),
                       month, head));
  return VatReturnFiledText(figures);
}

void RunDeclareVat(CliContext& context, const DsnArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<events::ActorRole> role = ParseRole(arguments.role);
  if (!role) return Fail(context, role.error());
  Result<std::string> text = VatReturnText(context, *month);
  if (!text) return Fail(context, text.error());
  Result<Books> books = OpenBooks(context);
  if (!books) return Fail(context, books.error());
  Result<Date> today = context.clock->Now().Day();
  if (!today) return Fail(context, today.error());
  const DeclarationToFile vat = VatReturnFiling(*text, *month, *today);
  Result<engine::CommandResult> recorded = books->service->Execute(
      vat.command_id, events::Actor{arguments.actor_id, *role}, vat.filed);
  if (!recorded) return Fail(context, recorded.error());
  if (!arguments.out.empty()) {
    if (Status written = WriteFileAtomically(arguments.out, *text); !written)
      return Fail(context, written.error());
  }
  if (recorded->replayed) *context.out << "already filed (the same return, recorded before): ";
  *context.out << "filed the VAT return (CA3) of " << arguments.month << " on " << today->ToString()
               << ": sha256 " << engine::ToHex(engine::Sha256(*text)) << ", seq "
               << recorded->seqs.front() << "\n";
}

// --actor and --role of the declare verbs: who files.
void AddFilerOptions(CLI::App& verb, DsnArguments& arguments) {
  verb.add_option("--actor", arguments.actor_id, "Who files")->capture_default_str();
  verb.add_option("--role", arguments.role, "The actor's role")->capture_default_str();
}

CLI::App* MonthVerb(CLI::App& group, CliContext& context, const char* name, const char* help,
                    const std::shared_ptr<DsnArguments>& arguments) {
  CLI::App* verb = group.add_subcommand(name, help);
  verb->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  verb->add_option("--rules", context.rules_dir, "Directory of the rules (dsn-norm/, dsn/)");
  verb->add_option("--month", arguments->month, "The declared pay month, YYYY-MM")->required();
  return verb;
}

}  // namespace

void AddDsnVerbs(CLI::App& app, CliContext& context) {
  auto export_arguments = std::make_shared<DsnArguments>();
  CLI::App* dsn =
      MonthVerb(*ExportGroup(app), context, "dsn",
                "Write a month's DSN (a test declaration unless --real) to FILE", export_arguments);
  dsn->add_option("--out", export_arguments->out, "The DSN file to write (ISO-8859-1)")->required();
  dsn->add_flag("--real", export_arguments->real, "A real declaration (S10.G00.00.005 = 02)");
  AddExportActorOptions(*dsn, export_arguments->exporter);
  dsn->callback([&context, export_arguments] { RunExportDsn(context, *export_arguments); });

  CLI::App* declare = app.add_subcommand("declare", "Record the filing of a declaration");
  declare->require_subcommand(1);
  auto declare_arguments = std::make_shared<DsnArguments>();
  CLI::App* declare_dsn = MonthVerb(
      *declare, context, "dsn",
      "Record the filing of a month's DSN (DeclarationFiled with its SHA-256)", declare_arguments);
  declare_dsn->add_option("--out", declare_arguments->out, "Also write the filed DSN to FILE");
  AddFilerOptions(*declare_dsn, *declare_arguments);
  declare_dsn->callback(
      [&context, declare_arguments] { RunDeclareDsn(context, *declare_arguments); });

  auto vat_arguments = std::make_shared<DsnArguments>();
  CLI::App* declare_vat = MonthVerb(
      *declare, context, "vat",
      "Record the filing of a month's VAT return (CA3 lines of `report vat`, with their SHA-256)",
      vat_arguments);
  declare_vat->add_option("--out", vat_arguments->out, "Also write the filed lines (CSV) to FILE");
  AddFilerOptions(*declare_vat, *vat_arguments);
  declare_vat->callback([&context, vat_arguments] { RunDeclareVat(context, *vat_arguments); });

  auto fctu_arguments = std::make_shared<DsnArguments>();
  CLI::App* fctu = ExportGroup(app)->add_subcommand(
      "fctu", "Write the end-of-contract signal (DSN nature 07) of a member to FILE");
  fctu->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  fctu->add_option("--rules", context.rules_dir, "Directory of the rules (dsn-norm/, dsn/)");
  fctu->add_option("--member", fctu_arguments->member, "The member whose contract ends")
      ->required();
  fctu->add_option("--out", fctu_arguments->out, "The file to write (ISO-8859-1)")->required();
  fctu->add_flag("--real", fctu_arguments->real, "A real declaration (S10.G00.00.005 = 02)");
  AddExportActorOptions(*fctu, fctu_arguments->exporter);
  fctu->callback([&context, fctu_arguments] { RunExportFctu(context, *fctu_arguments); });

  auto declare_fctu_arguments = std::make_shared<DsnArguments>();
  CLI::App* declare_fctu = declare->add_subcommand(
      "fctu",
      "Record the filing of a member's end-of-contract signal (within 5 working days of the end)");
  declare_fctu->add_option("--data", context.data_dir, "The store's directory")
      ->capture_default_str();
  declare_fctu->add_option("--rules", context.rules_dir,
                           "Directory of the rules (dsn-norm/, dsn/)");
  declare_fctu
      ->add_option("--member", declare_fctu_arguments->member, "The member whose contract ended")
      ->required();
  AddFilerOptions(*declare_fctu, *declare_fctu_arguments);
  declare_fctu->callback(
      [&context, declare_fctu_arguments] { RunDeclareFctu(context, *declare_fctu_arguments); });

  auto dpae_arguments = std::make_shared<DsnArguments>();
  CLI::App* dpae = MonthVerb(
      *ExportGroup(app), context, "dpae",
      "Write the pre-hiring declarations (DPAE) of the contracts starting in a month as CSV",
      dpae_arguments);
  dpae->add_option("--out", dpae_arguments->out, "The CSV file to write")->required();
  AddExportActorOptions(*dpae, dpae_arguments->exporter);
  dpae->callback([&context, dpae_arguments] { RunExportDpae(context, *dpae_arguments); });

  auto urssaf_arguments = std::make_shared<DsnArguments>();
  CLI::App* urssaf = MonthVerb(
      *ReportGroup(app), context, "urssaf",
      "URSSAF contributions of a month by CTP (base, rate, amount), as the DSN declares them",
      urssaf_arguments);
  urssaf->add_option("--format", urssaf_arguments->format, "table, json or csv")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "json", "csv"}));
  urssaf->callback([&context, urssaf_arguments] { RunReportUrssaf(context, *urssaf_arguments); });
}

}  // namespace coopledger::adapters
