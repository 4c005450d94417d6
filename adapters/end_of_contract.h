// The documents an employer hands over when a contract ends, as PDF (libhpdf,
// adapters/pdf_pages.h):
// - the certificat de travail (Code du travail L1234-19 and D1234-6): the employer, the
//   employee, the dates of entry and exit, the nature of the job held and its period, and the
//   free continuation of health and prévoyance cover for the unemployed (Code de la sécurité
//   sociale L911-8); D1234-6 lists these mentions "exclusivement": nothing else is added, not
//   even the reason the contract ended;
// - the reçu pour solde de tout compte (L1234-20 and D1234-7): the inventory of the sums paid at
//   the end of the contract, the six months in which its signature can be contested, the two
//   copies, and the employee's signature under "pour solde de tout compte".
// Both are one A4 page, with the place and date of delivery and signature lines.
#ifndef COOPLEDGER_ADAPTERS_END_OF_CONTRACT_H_
#define COOPLEDGER_ADAPTERS_END_OF_CONTRACT_H_

#include <string>
#include <vector>

#include "adapters/document_content.h"
#include "adapters/pdf_pages.h"
#include "events/event.h"

namespace coopledger::adapters {

// One sum of the receipt's inventory: "Salaire d'août 2025", "Indemnité compensatrice de congés
// payés", "Indemnité de fin de contrat". May be negative (an advance already paid).
struct EndOfContractSum {
  std::string label;
  Money amount;
};

// The facts of one ended contract, gathered from the log by the caller (MemberJoined, MemberLeft,
// the last payslip).
struct EndOfContractSource {
  events::CaeConfigured cae;
  // Opened by the caller; may be the erased placeholder. Empty names print as
  // "[données personnelles effacées]".
  events::PersonalData person;
  Date contract_start;
  Date contract_end;      // The last day of the contract, included (MemberLeft::left_on).
  std::string job_title;  // "Coopérant(e) CJS : services aux particuliers et aux entreprises".
  Date delivered_on;
  std::string delivered_at;            // The town; empty: the town of the CAE's address.
  std::vector<EndOfContractSum> sums;  // The receipt's inventory; not used by the certificate.
};

// A one-page letter: the employer at the top, a title, paragraphs, (receipt) a table of sums, the
// place and date, and one signature caption per party.
struct EndOfContractContent {
  std::string title;  // "Certificat de travail" or "Reçu pour solde de tout compte".
  std::string ascii_title;
  std::vector<std::string> employer;  // The name first.
  std::vector<std::string> paragraphs;
  std::vector<LabelledValue> sums;      // The receipt's inventory; its last row is the total.
  std::vector<std::string> after_sums;  // Paragraphs below the sums.
  std::string place_and_date;           // "Fait à Clermont-Ferrand, le 31/08/2025."
  std::vector<std::string> signatures;  // One caption per signature line, left to right.
  std::string footer;
};

// kInvalidArgument naming the field: contract_end before contract_start, an empty job_title.
Result<EndOfContractContent> ComposeWorkCertificate(const EndOfContractSource& source);

// As ComposeWorkCertificate, and kInvalidArgument when `sums` is empty or a sum has no label
// ("sums[1].label: empty"); kAmountOverflow if the total leaves the range of Money.
Result<EndOfContractContent> ComposeFinalSettlementReceipt(const EndOfContractSource& source);

// Compose, then write the PDF at `path` through a temporary file renamed over it; the same source
// always gives the same bytes. Errors: those of the Compose function; kStorageIo when libhpdf
// fails (unreadable font, unwritable file), naming its error codes. Never throws or aborts.
Status WriteWorkCertificatePdf(const EndOfContractSource& source, const std::string& path,
                               const PdfFonts& fonts = PdfFonts());
Status WriteFinalSettlementReceiptPdf(const EndOfContractSource& source, const std::string& path,
                                      const PdfFonts& fonts = PdfFonts());

// Writes already composed `content`; as above.
Status WriteEndOfContractContentPdf(const EndOfContractContent& content, const std::string& path,
                                    const PdfFonts& fonts = PdfFonts());

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_END_OF_CONTRACT_H_
