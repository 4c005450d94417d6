// `coopledger payroll transfer` (the month's net wages as a SEPA credit transfer file) and
// `coopledger payroll end-of-contract` (the certificat de travail and the reçu pour solde de tout
// compte of members whose contract has ended). Both read the store, then record each file they
// write (ExportRecorded, adapters/export_record.h).
#include "adapters/payroll_document_verbs.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <ostream>

#include "adapters/end_of_contract.h"
#include "adapters/export_record.h"
#include "adapters/files.h"
#include "adapters/payroll_view.h"
#include "adapters/sepa_transfer.h"

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

// The month's transfers: one per payslip with a net wage, to the IBAN in the member's sealed
// personal data. Every member without a usable IBAN is named in one error.
Result<std::vector<CreditTransfer>> WageTransfers(const PayrollView& view, Date month) {
  std::vector<CreditTransfer> transfers;
  std::string problems;
  for (const projections::IssuedPayslip* issued : view.payroll.PayslipsOf(month)) {
    const events::PayslipIssued& payslip = issued->payslip;
    if (payslip.net_paid.cents() <= 0) continue;
    const projections::PayrollMember* member = view.payroll.FindMember(payslip.member_id.value);
    Result<events::PersonalData> person = view.store->Unseal(member->joined.personal);
    std::string problem;
    if (!person) {
      problem = person.error().code() == ErrorCode::kPersonalDataErased ? "personal data erased"
                                                                        : person.error().message();
    } else if (person->iban.empty()) {
      problem = "no IBAN in their personal data";
    } else if (Result<std::string> iban = NormalizeIban(person->iban); !iban) {
      problem = "IBAN " + iban.error().message();
    }
    if (!problem.empty()) {
      problems += (problems.empty() ? "" : "; ") + payslip.member_id.value + ": " + problem;
      continue;
    }
    CreditTransfer transfer;
    transfer.end_to_end_id = payslip.payslip_id.value;
    transfer.creditor_name = JoinNonEmpty({person->given_name, person->family_name}, " ");
    transfer.creditor_iban = person->iban;
    transfer.amount = payslip.net_paid;
    transfer.remittance = "Salaire " + FrenchMonth(month) + " " + payslip.member_id.value;
    transfers.push_back(std::move(transfer));
  }
  if (!problems.empty()) {
    return Error(ErrorCode::kInvalidArgument, "cannot pay by transfer: " + problems);
  }
  if (transfers.empty()) {
    return Error(ErrorCode::kNotFound, "--month: no net wage to pay for " + projections::PayMonthKey(month) +
                                           " (run the payroll first)");
  }
  return transfers;
}

void RunTransfer(CliContext& context, const DocumentArguments& arguments) {
  Result<Date> month = ParseMonthOption(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<std::optional<Date>> on = OptionalDay(arguments.on, "--on");
  if (!on) return Fail(context, on.error());
  Result<PayrollView> view = ReadPayroll(context);
  if (!view) return Fail(context, view.error());
  if (!view->payroll.cae() || view->payroll.cae()->bank_iban.empty()) {
    return Fail(context, Error(ErrorCode::kInvalidArgument,
                               "the CAE's configuration has no bank_iban: configure the account wages are paid from"));
  }
  const events::CaeConfigured& cae = *view->payroll.cae();
  Result<std::vector<CreditTransfer>> transfers = WageTransfers(*view, *month);
  if (!transfers) return Fail(context, transfers.error());
  CreditTransferBatch batch;
  // One file per month and state of the log: a later run (a payslip added since) is a new file.
  batch.message_id = "SAL-" + projections::PayMonthKey(*month) + "-" + std::to_string(view->store->head().seq);
  batch.created_at = context.clock->Now().ToString();
  batch.debtor_name = cae.name;
  batch.debtor_iban = cae.bank_iban;
  batch.debtor_bic = cae.bank_bic;
  batch.requested_execution_date = on->value_or(month->FirstOfNextMonth().AddDays(2));
  batch.payments = std::move(*transfers);
  Result<std::string> xml = WriteCreditTransferXml(batch);
  if (!xml) return Fail(context, xml.error());
  if (Status recorded = RecordExport(context, arguments.exporter, "sepa-wages",
                                     "--month " + arguments.month + " --on " +
                                         batch.requested_execution_date.ToString(),
                                     {{arguments.out, *xml}});
      !recorded) {
    return Fail(context, recorded.error());
  }
  if (Status written = WriteFileAtomically(arguments.out, *xml); !written) return Fail(context, written.error());
  int64_t total = 0;
  for (const CreditTransfer& transfer : batch.payments) total += transfer.amount.cents();
  *context.out << "wrote " << arguments.out << ": " << batch.payments.size() << " transfers, "
               << Money::FromCents(total).ToString() << " EUR, on " << batch.requested_execution_date.ToString()
               << "\n";
}

std::string JobTitle(const projections::PayrollMember& member, const std::string& activity_name) {
  switch (member.joined.regime) {
    case events::Regime::kCjsYouth:
      return "Coopérant(e) de la coopérative jeunesse de services « " + activity_name +
             " » : services aux particuliers, entreprises, associations et collectivités";
    case events::Regime::kCesa:
      return "Entrepreneur salarié (CESA) : activité « " + activity_name + " »";
    default:
      return "";
  }
}

// The facts of the documents of one member whose contract has ended, or why there are none.
Result<EndOfContractSource> EndOfContractSourceFor(const PayrollView& view, const projections::PayrollMember& member,
                                                   std::optional<Date> on) {
  const std::string& id = member.joined.member_id.value;
  if (member.joined.regime == events::Regime::kCape) {
    return Error(ErrorCode::kInvalidArgument,
                 "--member: " + id + " holds a CAPE, not an employment contract: no certificat de travail");
  }
  const std::optional<Date> last_day = member.LastDay();
  if (!last_day || (!member.left_on && member.joined.contract == events::ContractKind::kPermanent)) {
    return Error(ErrorCode::kInvalidArgument, "--member: " + id + "'s contract has not ended");
  }
  const Date last_month = Date::FromYmd(last_day->year(), last_day->month(), 1).value();
  auto last = member.payslips.find(projections::PayMonthKey(last_month));
  if (last == member.payslips.end()) {
    return Error(ErrorCode::kInvalidArgument, "--member: " + id + " has no payslip for " +
                                                  projections::PayMonthKey(last_month) +
                                                  ", the contract's last month: run its payroll first");
  }
  const events::PayslipIssued& payslip = last->second.payslip;
  EndOfContractSource source;
  if (view.payroll.cae()) source.cae = *view.payroll.cae();
  Result<events::PersonalData> person = view.store->Unseal(member.joined.personal);
  source.person = person ? *person : events::PersonalData{};
  source.contract_start = member.joined.contract_start;
  source.contract_end = *last_day;
  auto name = view.activity_names.find(member.joined.activity_id.value);
  source.job_title = JobTitle(member, name == view.activity_names.end() ? member.joined.activity_id.value : name->second);
  source.delivered_on = on.value_or(*last_day);
  std::string label = "Salaire net de " + FrenchMonth(last_month);
  if (payslip.paid_leave_indemnity.cents() > 0) {
    label += ", indemnité compensatrice de congés payés comprise (" + payslip.paid_leave_indemnity.ToString() +
             " € brut)";
  }
  source.sums.push_back({label, payslip.net_paid});
  return source;
}

// Writes and records both documents of one member; returns the two paths.
Result<std::vector<std::string>> WriteEndOfContract(const CliContext& context, const std::string& id,
                                                    const EndOfContractSource& source,
                                                    const DocumentArguments& arguments) {
  const std::string certificate = arguments.out + "/certificat-de-travail-" + id + ".pdf";
  const std::string receipt = arguments.out + "/solde-de-tout-compte-" + id + ".pdf";
  const std::string parameters = "--member " + id + " --on " + source.delivered_on.ToString();
  COOPLEDGER_RETURN_IF_ERROR(WriteWorkCertificatePdf(source, certificate));
  COOPLEDGER_RETURN_IF_ERROR(RecordWrittenFile(context, arguments.exporter, "work-certificate", parameters, certificate));
  COOPLEDGER_RETURN_IF_ERROR(WriteFinalSettlementReceiptPdf(source, receipt));
  COOPLEDGER_RETURN_IF_ERROR(RecordWrittenFile(context, arguments.exporter, "final-settlement-receipt", parameters, receipt));
  return std::vector<std::string>{certificate, receipt};
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
    for (const auto& [id, member] : view->payroll.members()) {
      if (member.joined.activity_id.value != arguments.activity || member.joined.regime == events::Regime::kCape) {
        continue;
      }
      if (member.left_on || member.joined.contract == events::ContractKind::kFixedTerm) members.push_back(&member);
    }
    if (members.empty()) {
      return Fail(context, Error(ErrorCode::kNotFound, "--activity: no ended contract in " + arguments.activity));
    }
  }
  // Every member's documents are checked before any is written: a refusal writes nothing.
  std::vector<std::pair<std::string, EndOfContractSource>> sources;
  for (const projections::PayrollMember* member : members) {
    Result<EndOfContractSource> source = EndOfContractSourceFor(*view, *member, *on);
    if (!source) return Fail(context, source.error());
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
