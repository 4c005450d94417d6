#include "adapters/payroll_documents.h"

#include "adapters/files.h"
#include "adapters/ledger_export.h"
#include "adapters/payroll_view.h"
#include "adapters/table_format.h"
#include "adapters/document_content.h"

namespace coopledger::adapters {
namespace {

// The month's transfers: one per payslip with a net wage, to the IBAN in the member's sealed
// personal data. Every member without a usable IBAN is named in one error.
Result<std::vector<CreditTransfer>> WageTransfers(const projections::PayrollState& payroll,
                                                  engine::EventStore& store, Date month) {
  std::vector<CreditTransfer> transfers;
  std::string problems;
  for (const projections::IssuedPayslip* issued : payroll.PayslipsOf(month)) {
    const events::PayslipIssued& payslip = issued->payslip;
    if (payslip.net_paid.cents() <= 0) continue;
    const projections::PayrollMember* member = payroll.FindMember(payslip.member_id.value);
    Result<events::PersonalData> person = store.Unseal(member->joined.personal);
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
    return Error(ErrorCode::kNotFound, "no net wage to pay for " + projections::PayMonthKey(month) +
                                           " (run the payroll first)");
  }
  return transfers;
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

}  // namespace

PayslipSource PayslipSourceOf(const projections::PayrollState& payroll, engine::EventStore& store,
                              const projections::PayrollMember& member,
                              const projections::IssuedPayslip& issued) {
  PayslipSource source;
  if (payroll.cae()) source.cae = *payroll.cae();
  if (auto found = payroll.activities().find(member.joined.activity_id.value);
      found != payroll.activities().end()) {
    source.activity_name = found->second.name;
  }
  source.member = member.joined;
  if (Result<events::PersonalData> person = store.Unseal(member.joined.personal)) {
    source.person = *person;
  }
  source.payslip = issued.payslip;
  const events::PayslipYearToDate& total = source.payslip.year_to_date;
  source.year_to_date = {total.gross,    total.net_taxable,   total.income_tax,
                         total.net_paid, total.employer_cost, total.reduction};
  source.paid_on_planned = !issued.last_paid_on.has_value();
  source.paid_on =
      issued.last_paid_on.value_or(source.payslip.period_start.FirstOfNextMonth().AddDays(2));
  source.students_exempt_income = source.payslip.student_exempt;
  return source;
}

Result<WageTransferFile> ComposeWageTransfer(const projections::PayrollState& payroll,
                                             engine::EventStore& store, Date month,
                                             std::optional<Date> on, Timestamp now,
                                             events::Seq head) {
  if (!payroll.cae() || payroll.cae()->bank_iban.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "the CAE's configuration has no bank_iban: configure the account wages are paid "
                 "from");
  }
  const events::CaeConfigured& cae = *payroll.cae();
  COOPLEDGER_ASSIGN_OR_RETURN(std::vector<CreditTransfer> transfers,
                              WageTransfers(payroll, store, month));
  WageTransferFile file;
  CreditTransferBatch& batch = file.batch;
  batch.message_id = "SAL-" + projections::PayMonthKey(month) + "-" + std::to_string(head);
  batch.created_at = now.ToString();
  batch.debtor_name = cae.name;
  batch.debtor_iban = cae.bank_iban;
  batch.debtor_bic = cae.bank_bic;
  batch.requested_execution_date = on.value_or(month.FirstOfNextMonth().AddDays(2));
  batch.payments = std::move(transfers);
  COOPLEDGER_ASSIGN_OR_RETURN(file.xml, WriteCreditTransferXml(batch));
  int64_t total = 0;
  for (const CreditTransfer& transfer : batch.payments) total += transfer.amount.cents();
  file.total = Money::FromCents(total);
  return file;
}

Result<EndOfContractSource> ComposeEndOfContract(const projections::PayrollState& payroll,
                                                 engine::EventStore& store,
                                                 const projections::PayrollMember& member,
                                                 std::optional<Date> on) {
  const std::string& id = member.joined.member_id.value;
  if (member.joined.regime == events::Regime::kCape) {
    return Error(ErrorCode::kInvalidArgument,
                 id + " holds a CAPE, not an employment contract: no certificat de travail");
  }
  const std::optional<Date> last_day = member.LastDay();
  if (!last_day ||
      (!member.left_on && member.joined.contract == events::ContractKind::kPermanent)) {
    return Error(ErrorCode::kInvalidArgument, id + "'s contract has not ended");
  }
  const Date last_month = Date::FromYmd(last_day->year(), last_day->month(), 1).value();
  auto last = member.payslips.find(projections::PayMonthKey(last_month));
  if (last == member.payslips.end()) {
    return Error(ErrorCode::kInvalidArgument,
                 id + " has no payslip for " + projections::PayMonthKey(last_month) +
                     ", the contract's last month: run its payroll first");
  }
  const events::PayslipIssued& payslip = last->second.payslip;
  EndOfContractSource source;
  if (payroll.cae()) source.cae = *payroll.cae();
  Result<events::PersonalData> person = store.Unseal(member.joined.personal);
  source.person = person ? *person : events::PersonalData{};
  source.contract_start = member.joined.contract_start;
  source.contract_end = *last_day;
  std::string activity_name = member.joined.activity_id.value;
  if (auto found = payroll.activities().find(activity_name);
      found != payroll.activities().end() && !found->second.name.empty()) {
    activity_name = found->second.name;
  }
  source.job_title = JobTitle(member, activity_name);
  source.delivered_on = on.value_or(*last_day);
  std::string label = "Salaire net de " + FrenchMonth(last_month);
  if (payslip.paid_leave_indemnity.cents() > 0) {
    label += ", indemnité compensatrice de congés payés comprise (" +
             payslip.paid_leave_indemnity.ToString() + " € brut)";
  }
  source.sums.push_back({label, payslip.net_paid});
  return source;
}

std::vector<const projections::PayrollMember*> EndedContractsOf(
    const projections::PayrollState& payroll, const std::string& activity) {
  std::vector<const projections::PayrollMember*> members;
  for (const auto& [id, member] : payroll.members()) {
    if (member.joined.activity_id.value != activity ||
        member.joined.regime == events::Regime::kCape) {
      continue;
    }
    if (member.left_on || member.joined.contract == events::ContractKind::kFixedTerm) {
      members.push_back(&member);
    }
  }
  return members;
}

Result<DpaeListing> ComposeDpae(const projections::PayrollState& payroll,
                                engine::EventStore& store, Date month) {
  if (!payroll.cae()) return Error(ErrorCode::kNotFound, "the CAE is not configured");
  const Row header = {"siret",     "member_id", "family_name",  "given_name",  "birth_date",  "nir",
                      "hire_date", "contract",  "contract_end", "hourly_rate", "weekly_hours"};
  std::vector<Row> rows;
  for (const auto& [id, member] : payroll.members()) {
    const events::MemberJoined& joined = member.joined;
    if (joined.contract_start < month || !(joined.contract_start < month.FirstOfNextMonth())) {
      continue;
    }
    events::PersonalData person;
    if (Result<events::PersonalData> opened = store.Unseal(joined.personal)) person = *opened;
    const char* contract = joined.contract == events::ContractKind::kFixedTerm   ? "CDD"
                           : joined.contract == events::ContractKind::kPermanent ? "CDI"
                                                                                 : "CAPE";
    rows.push_back({payroll.cae()->siren + payroll.cae()->nic, id, person.family_name,
                    person.given_name, person.birth_date ? person.birth_date->ToString() : "",
                    person.social_security_number, joined.contract_start.ToString(), contract,
                    joined.contract_end ? joined.contract_end->ToString() : "",
                    DotAmount(joined.hourly_rate.cents()), DecimalHours(joined.weekly_minutes)});
  }
  return DpaeListing{RenderCsv(header, rows), rows.size()};
}

std::string EndOfContractFileName(const std::string& document, const std::string& member_id) {
  return (document == kWorkCertificate ? "certificat-de-travail-" : "solde-de-tout-compte-") +
         member_id + ".pdf";
}

Result<std::string> EndOfContractPdf(const std::string& document,
                                     const EndOfContractSource& source) {
  COOPLEDGER_RETURN_IF_ERROR(CheckEndOfContractDocument(document));
  const bool certificate = document == kWorkCertificate;
  return BytesWrittenBy(certificate ? "coopledger-certificate" : "coopledger-receipt",
                        [&](const std::string& path) {
                          return certificate ? WriteWorkCertificatePdf(source, path)
                                             : WriteFinalSettlementReceiptPdf(source, path);
                        });
}

Status CheckEndOfContractDocument(const std::string& document) {
  if (document == kWorkCertificate || document == kFinalSettlementReceipt) return OkStatus();
  return Error(ErrorCode::kInvalidArgument, "document: \"" + document + "\" is not " +
                                                kWorkCertificate + " or " + kFinalSettlementReceipt);
}

}  // namespace coopledger::adapters
