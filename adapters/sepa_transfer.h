// SEPA credit transfer initiation, ISO 20022 pain.001.001.03 (the version every French bank
// accepts under the EPC SEPA Credit Transfer Customer-to-Bank implementation guidelines): one
// payment information block of salary transfers (category purpose SALA) from the CAE's account.
//
// Layout written:
//   Document/CstmrCdtTrfInitn
//     GrpHdr: MsgId, CreDtTm, NbOfTxs, CtrlSum, InitgPty/Nm
//     PmtInf: PmtInfId (= MsgId), PmtMtd TRF, BtchBookg true, NbOfTxs, CtrlSum,
//             PmtTpInf (SvcLvl SEPA, CtgyPurp SALA), ReqdExctnDt, Dbtr/Nm, DbtrAcct/Id/IBAN,
//             DbtrAgt/FinInstnId/BIC, ChrgBr SLEV,
//       CdtTrfTxInf per payment: PmtId/EndToEndId, Amt/InstdAmt Ccy=EUR, [CdtrAgt/FinInstnId/BIC],
//                                Cdtr/Nm, CdtrAcct/Id/IBAN, RmtInf/Ustrd
// Amounts have a dot and two decimals. Text is restricted to the SEPA Latin character set
// (a-z A-Z 0-9 / - ? : ( ) . , ' + space): accented letters lose their accents, the ligatures
// become two letters ("oe"), "&" becomes "+", anything else a space; names are cut to 70
// characters, the remittance text to 140. The output is deterministic: the creation time comes
// from the caller.
#ifndef COOPLEDGER_ADAPTERS_SEPA_TRANSFER_H_
#define COOPLEDGER_ADAPTERS_SEPA_TRANSFER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/date.h"
#include "events/money.h"
#include "events/result.h"

namespace coopledger::adapters {

struct CreditTransfer {
  std::string end_to_end_id;  // 1 to 35 characters, see CreditTransferBatch::message_id.
  std::string creditor_name;
  std::string creditor_iban;                // Spaces allowed ("FR76 3000 ..."); written without.
  std::optional<std::string> creditor_bic;  // Optional within SEPA (EPC: IBAN only).
  Money amount;                             // > 0 and at most 999999999.99 EUR.
  std::string remittance;                   // "Salaire juillet 2025 M-0001".
};

struct CreditTransferBatch {
  // 1 to 35 characters of a-z A-Z 0-9 / - ? : ( ) . , ' + , neither starting nor ending with "/"
  // nor containing "//" (EPC rules for references). Unique per file sent to the bank.
  std::string message_id;
  std::string created_at;  // ISO 8601: "2025-08-01T09:30:00", optionally with fraction and Z.
  std::string debtor_name;
  std::string debtor_iban;
  std::string debtor_bic;  // Empty: written as "NOTPROVIDED", as the EPC guidelines allow.
  Date requested_execution_date;
  std::vector<CreditTransfer> payments;
};

// Returns the pain.001.001.03 XML (UTF-8) of `batch`. kInvalidArgument naming the field and, for a
// payment, its index ("payments[2].creditor_iban: checksum fails (ISO 13616 mod 97)") when an
// IBAN is malformed or fails its check digits, a BIC is malformed, an amount is not > 0 or too
// large, an id is empty, too long or has a character outside the allowed set, the creation time
// is not ISO 8601, a name is empty, or there is no payment. kAmountOverflow if the total does.
Result<std::string> WriteCreditTransferXml(const CreditTransferBatch& batch);

// The IBAN without spaces, upper case, if its country is a SEPA one, its length that country's,
// and its check digits right (ISO 13616: the rearranged number mod 97 is 1); else
// kInvalidArgument whose message (without a field name) says which rule failed.
Result<std::string> NormalizeIban(std::string_view iban);

// `text` in the SEPA Latin character set: accents transliterated, "&" as "+", other characters
// as spaces, runs of spaces collapsed, cut to `length_max` characters.
std::string ToSepaText(std::string_view text, size_t length_max);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_SEPA_TRANSFER_H_
