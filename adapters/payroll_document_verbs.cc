// `coopledger payroll transfer` (the month's net wages as a SEPA credit transfer file) and
// `coopledger payroll end-of-contract` (the certificat de travail and the reçu pour solde de tout
// compte of members whose contract has ended). Both read the store, then record each file they
// write (ExportRecorded, adapters/export_record.h).
#include "adapters/payroll_document_verbs.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <ostream>

#include "adapters/export_record.h"
#include "adapters/files.h"
#include "adapters/payroll_documents.h"
#include "adapters/payroll_view.h"

namespace coopledger::adapters {
namespace {

struct DocumentArguments {
  std::string month;     // transfer.
  std::string member;    // end-of-contract: one member...
  std::string activity;  // ...or every member of the activity whose contract has ended.
  std::string on;        // transfer: execution day; end-of-contract: delivery day.
  std::string out;       // transfer: the XML file; end-of-contract: the directory.
  ExportActor exporter;  // Who is recorded as exporting.
};

Result<std::optional<Date>> OptionalDay(const std::string& text, const char* option) {
  if (text.empty()) return std::optional<Date>();
  Result<Date> day = Date::Parse(text);
  if (!day) return day.error().WithContext(std::string(option) + ": ");
  return std::optional<Date>(*day);
}

void RunTransfer(CliContext& context, const DocumentArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<std::optional<Date>> on = OptionalDay(arguments.on, "--on");
  if (!on) return Fail(context, on.error());
  Result<PayrollView> view = ReadPayroll(context);
  if (!view) return Fail(context, view.error());
  Result<WageTransferFile> file =
      ComposeWageTransfer(view->payroll, *view->store, *month, *on, context.clock->Now(),
                          view->store->head().seq);
  if (!file) return Fail(context, file.error().code() == ErrorCode::kNotFound
                                      ? file.error().WithContext("--month: ")
                                      : file.error());
  const CreditTransferBatch& batch = file->batch;
  if (Status exported = RecordAndWrite(context, arguments.exporter, "sepa-wages",
                                      "--month " + arguments.month + " --on " + batch.requested_execution_date.ToString(),
                                      arguments.out, file->xml);
      !exported) {
    return Fail(context, exported.error());
  }
  *context.out << "wrote " << arguments.out << ": " << batch.payments.size() << " transfers, "
               << file->total.ToString() << " EUR, on " << batch.requested_execution_date.ToString()
               << "\n";
}

// Records then writes both documents of one member; returns the two paths.
Result<std::vector<std::string>> WriteEndOfContract(const CliContext& context, const std::string& id,
                                                    const EndOfContractSource& source,
                                                    const DocumentArguments& arguments) {
  const std::string parameters = "--member " + id + " --on " + source.delivered_on.ToString();
  std::vector<std::string> paths;
  for (const char* document : {kWorkCertificate, kFinalSettlementReceipt}) {
    const std::string path = arguments.out + "/" + EndOfContractFileName(document, id);
    COOPLEDGER_ASSIGN_OR_RETURN(const std::string bytes, EndOfContractPdf(document, source));
    COOPLEDGER_RETURN_IF_ERROR(
        RecordAndWrite(context, arguments.exporter, document, parameters, path, bytes));
    paths.push_back(path);
  }
  return paths;
}

void RunEndOfContract(CliContext& context, const DocumentArguments& arguments) {
  if (arguments.member.empty() == arguments.activity.empty()) {
    return Fail(context, Error(ErrorCode::kInvalidArgument, "give exactly one of --member and --activity"));
  }
  Result<std::optional<Date>> on = OptionalDay(arguments.on, "--on");
  if (!on) return Fail(context, on.error());
  Result<PayrollView> view = ReadPayroll(context);
  if (!view) return Fail(context, view.error());
  std::vector<const projections::PayrollMember*> members;
  if (!arguments.member.empty()) {
    const projections::PayrollMember* member = view->payroll.FindMember(arguments.member);
    if (member == nullptr) return Fail(context, Error(ErrorCode::kNotFound, "--member: no member " + arguments.member));
    members.push_back(member);
  } else {
    // Every member of the activity whose fixed-term contract has ended or who has left.
    members = EndedContractsOf(view->payroll, arguments.activity);
    if (members.empty()) {
      return Fail(context, Error(ErrorCode::kNotFound, "--activity: no ended contract in " + arguments.activity));
    }
  }
  // Every member's documents are checked before any is written: a refusal writes nothing.
  std::vector<std::pair<std::string, EndOfContractSource>> sources;
  for (const projections::PayrollMember* member : members) {
    Result<EndOfContractSource> source = ComposeEndOfContract(view->payroll, *view->store, *member, *on);
    if (!source) return Fail(context, source.error().WithContext("--member: "));
    sources.emplace_back(member->joined.member_id.value, std::move(*source));
  }
  std::error_code error;
  std::filesystem::create_directories(arguments.out, error);
  if (error) {
    return Fail(context, Error(ErrorCode::kStorageIo, "--out: cannot create " + arguments.out + ": " + error.message()));
  }
  for (const auto& [id, source] : sources) {
    Result<std::vector<std::string>> written = WriteEndOfContract(context, id, source, arguments);
    if (!written) return Fail(context, written.error());
    for (const std::string& path : *written) *context.out << "wrote " << path << "\n";
  }
}

}  // namespace

void AddPayrollDocumentVerbs(CLI::App& payroll, CliContext& context) {
  auto arguments = std::make_shared<DocumentArguments>();
  CLI::App* transfer = payroll.add_subcommand(
      "transfer", "Write the month's net wages as a SEPA credit transfer file (pain.001.001.03)");
  transfer->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  transfer->add_option("--month", arguments->month, "The pay month, YYYY-MM")->required();
  transfer->add_option("--out", arguments->out, "The XML file to write")->required();
  transfer->add_option("--on", arguments->on, "The requested execution day (default: the 3rd of the next month)");
  AddExportActorOptions(*transfer, arguments->exporter);
  transfer->callback([&context, arguments] { RunTransfer(context, *arguments); });
  CLI::App* ended = payroll.add_subcommand(
      "end-of-contract", "Write the certificat de travail and the reçu pour solde de tout compte as PDF");
  ended->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  ended->add_option("--member", arguments->member, "One member whose contract has ended");
  ended->add_option("--activity", arguments->activity, "Every ended contract of this activity");
  ended->add_option("--out", arguments->out, "The directory to write the PDF files into")->required();
  ended->add_option("--on", arguments->on, "The day the documents are handed over (default: the last day)");
  AddExportActorOptions(*ended, arguments->exporter);
  ended->callback([&context, arguments] { RunEndOfContract(context, *arguments); });
}

}  // namespace coopledger::adapters
