// The documents the payroll hands to others, composed from the payroll projection: a payslip's
// facts, the month's net wages as a SEPA credit transfer file for the bank, the pre-hiring declarations of a month,
// and the facts of the documents a member receives when their contract ends. `payroll transfer`, `export dpae`, `payroll end-of-contract` and
// the API's routes (http_payroll_documents.cc) compose them here, then write or answer them.
#ifndef COOPLEDGER_ADAPTERS_PAYROLL_DOCUMENTS_H_
#define COOPLEDGER_ADAPTERS_PAYROLL_DOCUMENTS_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/end_of_contract.h"
#include "adapters/payslip_content.h"
#include "adapters/sepa_transfer.h"
#include "engine/event_store.h"
#include "projections/payroll_state.h"

namespace coopledger::adapters {

// The facts of `issued`'s PDF, a payslip of `member`: the CAE, the activity's name, the contract,
// the personal data opened from `store` (the erased placeholder if it cannot be), the payslip, its
// year-to-date totals, and the day it was paid: its last WagePaid's, as the DSN declares it, or,
// not paid yet, the 3rd of the next month, marked as planned.
PayslipSource PayslipSourceOf(const projections::PayrollState& payroll, engine::EventStore& store,
                              const projections::PayrollMember& member,
                              const projections::IssuedPayslip& issued);

// The month's wage transfers as a pain.001.001.03 file.
struct WageTransferFile {
  CreditTransferBatch batch;
  std::string xml;
  Money total;
};

// One transfer per payslip of `month` with a net wage, to the IBAN in the member's sealed personal
// data (read from `store`), from the CAE's bank_iban; executed on `on`, by default the 3rd of the
// next month. The message id names the month and `head` (the log's state the file comes from): a
// later run after a payslip was added is a new file. kInvalidArgument when the CAE has no
// bank_iban or, naming every such member in one message, when a member has no usable IBAN;
// kNotFound "no net wage to pay" when the month has none (the caller names its month field).
Result<WageTransferFile> ComposeWageTransfer(const projections::PayrollState& payroll,
                                             engine::EventStore& store, Date month,
                                             std::optional<Date> on, Timestamp now,
                                             events::Seq head);

// The facts of the certificat de travail and the reçu pour solde de tout compte of `member`, whose
// contract has ended, delivered on `on` (default: the contract's last day). kInvalidArgument when
// it is a CAPE (no employment contract), the contract has not ended or its last month has no
// payslip; the message names the member, the caller its field.
Result<EndOfContractSource> ComposeEndOfContract(const projections::PayrollState& payroll,
                                                 engine::EventStore& store,
                                                 const projections::PayrollMember& member,
                                                 std::optional<Date> on);

// The members of `activity` whose fixed-term contract has ended or who have left (CAPE
// contracts left out), in member order.
std::vector<const projections::PayrollMember*> EndedContractsOf(
    const projections::PayrollState& payroll, const std::string& activity);

// The pre-hiring declarations (DPAE) of the contracts starting in `month`: a CSV (header, one
// row per contract: SIRET, member, names, birth date and NIR opened from the sealed personal
// data, hire date, contract kind, end, hourly rate, weekly hours) and how many rows it has.
// kNotFound when the CAE is not configured.
struct DpaeListing {
  std::string csv;
  size_t rows = 0;
};
Result<DpaeListing> ComposeDpae(const projections::PayrollState& payroll,
                                engine::EventStore& store, Date month);

// The two documents, by the name of each in file names and routes.
inline constexpr const char* kWorkCertificate = "work-certificate";
inline constexpr const char* kFinalSettlementReceipt = "final-settlement-receipt";

// kInvalidArgument naming `document` unless it is kWorkCertificate or kFinalSettlementReceipt.
Status CheckEndOfContractDocument(const std::string& document);

// "certificat-de-travail-Y-0001.pdf", "solde-de-tout-compte-Y-0001.pdf".
std::string EndOfContractFileName(const std::string& document, const std::string& member_id);

// The PDF bytes of `document` (kWorkCertificate or kFinalSettlementReceipt) for `source`;
// CheckEndOfContractDocument's error otherwise.
Result<std::string> EndOfContractPdf(const std::string& document,
                                     const EndOfContractSource& source);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_PAYROLL_DOCUMENTS_H_
