// The DSN verbs: `export dsn --month YYYY-MM --out FILE [--real]` writes the month's DSN;
// `declare dsn --month YYYY-MM` records its filing (DeclarationFiled with the file's SHA-256);
// `report urssaf --month YYYY-MM` prints the URSSAF contributions by CTP that the DSN declares.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/books.h"
#include "adapters/dsn_store.h"
#include "adapters/export_record.h"
#include "adapters/ledger_export.h"
#include "adapters/payroll_simulate.h"
#include "adapters/payroll_view.h"
#include "adapters/rules_loader.h"
#include "adapters/table_format.h"
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

// The month's DSN from the store of --data, opened for reading, refused unless it passes every
// check of check-dsn.
Result<DsnMonth> CheckedDsn(engine::EventStore& store, const DsnRules& rules,
                            const DsnRequest& request) {
  COOPLEDGER_ASSIGN_OR_RETURN(DsnMonth dsn, BuildDsnFromStore(store, rules, request));
  const DsnReport report = CheckDsn(dsn.bytes, rules.norms, rules.table);
  if (!report.Passed()) {
    return Error(ErrorCode::kCorruption,
                 "the DSN of " + projections::PayMonthKey(request.month) +
                     " fails its own check: " + FormatDsnFinding(report.findings.front()) + " (" +
                     std::to_string(report.findings.size()) + " findings)");
  }
  return dsn;
}

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
  if (Status recorded = RecordExport(context, arguments.exporter, "dsn",
                                     "--month " + arguments.month + (arguments.real ? " --real" : ""),
                                     {{arguments.out, dsn->bytes}});
      !recorded) {
    return Fail(context, recorded.error());
  }
  if (Status written = WriteFileAtomically(arguments.out, dsn->bytes); !written) {
    return Fail(context, written.error());
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
  Result<DsnMonth> dsn =
      CheckedDsn(*books->store, *rules, DsnRequest::Monthly(*month, /*real=*/true, *today));
  if (!dsn) return Fail(context, dsn.error());
  events::DeclarationFiled filed;
  filed.kind = events::DeclarationKind::kDsnMonthly;
  filed.period_start = *month;
  filed.filed_on = *today;
  const events::Hash hash = engine::Sha256(dsn->bytes);
  filed.file_sha256.assign(hash.begin(), hash.end());
  filed.reference = "DSN-" + arguments.month;
  Result<engine::CommandResult> recorded = books->service->Execute(
      events::CommandId{"declare-dsn-" + arguments.month + "-" + engine::ToHex(hash)},
      events::Actor{arguments.actor_id, *role}, filed);
  if (!recorded) return Fail(context, recorded.error());
  if (!arguments.out.empty()) {
    if (Status written = WriteFileAtomically(arguments.out, dsn->bytes); !written) {
      return Fail(context, written.error());
    }
  }
  if (recorded->replayed) *context.out << "already filed (the same file, recorded before): ";
  *context.out << "filed DSN " << arguments.month << " on " << today->ToString() << ": sha256 "
               << engine::ToHex(hash) << ", seq " << recorded->seqs.front() << "\n";
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
  std::vector<Row> rows;
  nlohmann::json lines = nlohmann::json::array();
  for (const DsnUrssafLine& line : dsn->urssaf) {
    const DsnCtpRule* rule = rules->table.FindCtp(line.ctp);
    const std::string label = rule != nullptr ? rule->label : "";
    const int64_t signed_amount = line.deduction ? -line.amount_cents : line.amount_cents;
    rows.push_back({line.ctp, line.qualifier, label, DotAmount(line.base_cents),
                    line.rate_ppm != 0 ? projections::RatePercent(line.rate_ppm) : "",
                    DotAmount(signed_amount)});
    lines.push_back({{"ctp", line.ctp},
                     {"qualifier", line.qualifier},
                     {"label", label},
                     {"base_cents", line.base_cents},
                     {"rate_ppm", line.rate_ppm},
                     {"amount_cents", signed_amount},
                     {"deduction", line.deduction}});
  }
  const Row header = {"ctp", "qualifier", "label", "base", "rate", "amount"};
  if (arguments.format == "json") {
    *context.out << nlohmann::json{{"month", arguments.month},
                                   {"lines", lines},
                                   {"total_cents", dsn->urssaf_total_cents}}
                        .dump(2)
                 << "\n";
  } else if (arguments.format == "csv") {
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
  if (Status recorded = RecordExport(context, arguments.exporter, "fctu",
                                     "--member " + arguments.member + (arguments.real ? " --real" : ""),
                                     {{arguments.out, dsn->bytes}});
      !recorded) {
    return Fail(context, recorded.error());
  }
  if (Status written = WriteFileAtomically(arguments.out, dsn->bytes); !written) {
    return Fail(context, written.error());
  }
  *context.out << arguments.out << "\n";
}

// The working days (Monday to Friday) after `end` up to `day`.
int32_t WorkingDaysAfter(Date end, Date day) {
  int32_t days = 0;
  for (Date d = end.AddDays(1); d <= day; d = d.AddDays(1)) {
    if (d.weekday() < 5) ++days;  // Monday (0) to Friday (4).
  }
  return days;
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
  const DsnRequest request = DsnRequest::EndOfContract(arguments.member, /*real=*/true, *today);
  Result<DsnMonth> dsn = CheckedDsn(*books->store, *rules, request);
  if (!dsn) return Fail(context, dsn.error());
  // The end date and month, read back from the signal itself.
  const size_t at = dsn->bytes.find("S21.G00.62.001,'");
  if (at == std::string::npos) {
    return Fail(context, Error(ErrorCode::kNotFound,
                               "--member: " + arguments.member + "'s contract does not end"));
  }
  const std::string end_text = dsn->bytes.substr(at + 16, 8);
  const Date end = Date::FromYmd(std::stoi(end_text.substr(4, 4)), std::stoi(end_text.substr(2, 2)),
                                 std::stoi(end_text.substr(0, 2)))
                       .value();
  events::DeclarationFiled filed;
  filed.kind = events::DeclarationKind::kDsnEndOfContract;
  filed.period_start = Date::FromYmd(end.year(), end.month(), 1).value();
  filed.filed_on = *today;
  const events::Hash hash = engine::Sha256(dsn->bytes);
  filed.file_sha256.assign(hash.begin(), hash.end());
  filed.reference = arguments.member;
  Result<engine::CommandResult> recorded = books->service->Execute(
      events::CommandId{"declare-fctu-" + arguments.member + "-" + engine::ToHex(hash)},
      events::Actor{arguments.actor_id, *role}, filed);
  if (!recorded) return Fail(context, recorded.error());
  const int32_t late = WorkingDaysAfter(end, *today);
  *context.out << "filed the end-of-contract signal of " << arguments.member << " (contract ended "
               << end.ToString() << "): sha256 " << engine::ToHex(hash) << "\n";
  if (late > 5) {
    *context.err << "coopledger: filed " << late
                 << " working days after the contract's end: the legal delay is 5 (CSS R133-14)\n";
  }
}

// The pre-hiring declarations (DPAE) of the contracts starting in a month, one CSV row each.
void RunExportDpae(CliContext& context, const DsnArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  projections::PayrollState payroll;
  if (Status replayed = engine::ReplayLog(
          **store, [&payroll](const events::StoredEvent& event) { payroll.Apply(event); });
      !replayed) {
    return Fail(context, replayed.error());
  }
  if (!payroll.cae())
    return Fail(context, Error(ErrorCode::kNotFound, "the CAE is not configured"));
  const Row header = {"siret",     "member_id", "family_name",  "given_name",  "birth_date",  "nir",
                      "hire_date", "contract",  "contract_end", "hourly_rate", "weekly_hours"};
  std::vector<Row> rows;
  for (const auto& [id, member] : payroll.members()) {
    const events::MemberJoined& joined = member.joined;
    if (joined.contract_start < *month || !(joined.contract_start < month->FirstOfNextMonth()))
      continue;
    events::PersonalData person;
    if (Result<events::PersonalData> opened = (*store)->Unseal(joined.personal)) person = *opened;
    const char* contract = joined.contract == events::ContractKind::kFixedTerm   ? "CDD"
                           : joined.contract == events::ContractKind::kPermanent ? "CDI"
                                                                                 : "CAPE";
    rows.push_back({payroll.cae()->siren + payroll.cae()->nic, id, person.family_name,
                    person.given_name, person.birth_date ? person.birth_date->ToString() : "",
                    person.social_security_number, joined.contract_start.ToString(), contract,
                    joined.contract_end ? joined.contract_end->ToString() : "",
                    DotAmount(joined.hourly_rate.cents()), DecimalHours(joined.weekly_minutes)});
  }
  const std::string csv = RenderCsv(header, rows);
  if (Status recorded = RecordExport(context, arguments.exporter, "dpae", "--month " + arguments.month,
                                     {{arguments.out, csv}});
      !recorded) {
    return Fail(context, recorded.error());
  }
  if (Status written = WriteFileAtomically(arguments.out, csv); !written) {
    return Fail(context, written.error());
  }
  *context.out << arguments.out << "\n";
  *context.err << "coopledger: " << rows.size() << " pre-hiring declarations for "
               << arguments.month << "\n";
}

// The CA3 lines of a month as filed: CSV rows section,rate_percent,base_excl_vat,vat, then the
// totals, from the ledger as `report vat` shows them.
Result<std::string> VatReturnText(CliContext& context, Date month) {
  COOPLEDGER_ASSIGN_OR_RETURN(projections::Chart chart, LoadChart(context.rules_dir));
  projections::VatReturn report(month, month.FirstOfNextMonth(), chart.posting.vat_collected,
                                chart.posting.vat_deductible);
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<projections::Ledger> ledger,
                              ReplayLedger(context, &report));
  const projections::VatReturnFigures figures = report.Figures();
  std::vector<Row> rows;
  for (const auto& [section, lines] :
       {std::pair{"collected", &figures.collected}, std::pair{"deductible", &figures.deductible}}) {
    for (const projections::VatReturnLine& line : *lines) {
      rows.push_back({section, projections::RatePercent(line.vat_rate_ppm),
                      DotAmount(line.base_excl_vat.cents()), DotAmount(line.vat.cents())});
    }
  }
  rows.push_back({"collected_total", "", "", DotAmount(figures.collected_total.cents())});
  rows.push_back({"deductible_total", "", "", DotAmount(figures.deductible_total.cents())});
  rows.push_back({"vat_due", "", "", DotAmount(figures.vat_due.cents())});
  rows.push_back({"vat_credit", "", "", DotAmount(figures.vat_credit.cents())});
  return RenderCsv({"section", "rate_percent", "base_excl_vat", "vat"}, rows);
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
  events::DeclarationFiled filed;
  filed.kind = events::DeclarationKind::kVatReturn;
  filed.period_start = *month;
  filed.filed_on = *today;
  const events::Hash hash = engine::Sha256(*text);
  filed.file_sha256.assign(hash.begin(), hash.end());
  filed.reference = "CA3-" + arguments.month;
  Result<engine::CommandResult> recorded = books->service->Execute(
      events::CommandId{"declare-vat-" + arguments.month + "-" + engine::ToHex(hash)},
      events::Actor{arguments.actor_id, *role}, filed);
  if (!recorded) return Fail(context, recorded.error());
  if (!arguments.out.empty()) {
    if (Status written = WriteFileAtomically(arguments.out, *text); !written)
      return Fail(context, written.error());
  }
  if (recorded->replayed) *context.out << "already filed (the same return, recorded before): ";
  *context.out << "filed the VAT return (CA3) of " << arguments.month << " on " << today->ToString()
               << ": sha256 " << engine::ToHex(hash) << ", seq " << recorded->seqs.front() << "\n";
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
