// What an invoice or a credit note says, in French, with every mandatory mention (DOMAIN section
// 5: CGI ann. II art. 242 nonies A, C. com. L441-9 and L441-10): the text only, amounts already
// formatted. adapters/document_pdf.h lays it out on pages.
#ifndef COOPLEDGER_ADAPTERS_DOCUMENT_CONTENT_H_
#define COOPLEDGER_ADAPTERS_DOCUMENT_CONTENT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "events/event.h"

namespace coopledger::adapters {

// The facts of one validated document, gathered from the log by the caller.
struct DocumentSource {
  events::CaeConfigured cae;
  std::string activity_name;  // The enseigne the document is issued under.
  events::ClientRegistered client;
  events::InvoiceValidated invoice;  // The invoice, or the one the credit note credits.
  std::optional<events::CreditNoteValidated> credit_note;  // Set: the document is this credit note.
  std::vector<Date> service_dates;  // The invoice's jobs' days; empty: its issue date.
  // Late-payment terms for business clients (rules/late-payment-rates.json).
  std::optional<int64_t> late_payment_rate_ppm;  // Yearly rate after the due date, if known.
  int64_t late_payment_margin_ppm = 0;           // Points above the ECB rate.
  Money recovery_indemnity;                      // C. com. D441-5.
};

// Opens a household's sealed name and address; kPersonalDataErased once erased.
using OpenPersonalDataFn = std::function<Result<events::PersonalData>(const events::SealedData&)>;

struct LabelledValue {
  std::string label;
  std::string value;
};

struct DocumentRow {
  std::string description;
  std::string quantity;
  std::string unit_price_excl_vat;
  std::string vat_rate;  // Empty under the franchise.
  std::string amount_excl_vat;
};

struct DocumentContent {
  std::string kind;                       // "Facture" or "Avoir".
  std::string number;                     // "2025-0001".
  std::string ascii_title;                // "Facture 2025-0001", for the PDF's metadata.
  std::vector<std::string> seller;        // The enseigne first, then the CAE's identity.
  std::vector<std::string> buyer;         // The name first.
  std::vector<LabelledValue> dates;       // Issue, service and (invoices) due dates.
  std::vector<LabelledValue> references;  // Credit note: the invoice credited, the reason.
  bool vat_shown = true;  // False under the franchise: no VAT column and no VAT summary.
  std::vector<DocumentRow> rows;
  std::vector<LabelledValue> vat_summary;  // One per rate: "TVA 20 % sur 122,50 €", "24,50 €".
  std::vector<LabelledValue> totals;       // The last one is what is due (or credited).
  std::vector<std::string> mentions;       // Payment terms, penalties, VAT exemption.
  std::string footer;                      // The seller's identity, on every page.
};

// Composes the document. A household's name and address come from `open_personal_data`; once
// erased they read "[données personnelles effacées]". Other failures to open them (kCorruption)
// are returned.
Result<DocumentContent> ComposeDocument(const DocumentSource& source,
                                        const OpenPersonalDataFn& open_personal_data);

// What an erased person's name and address print as.
inline constexpr char kErasedPersonalData[] = "[donn\u00e9es personnelles effac\u00e9es]";

// The non-empty `parts` joined by `separator`.
std::string JoinNonEmpty(const std::vector<std::string>& parts, const std::string& separator);
// Given and family names, or kErasedPersonalData when both are empty (erased).
std::string PersonName(const events::PersonalData& person);
// "SIRET 732 829 320 00074 · APE 7022Z": the CAE's identification line on every document.
std::string SiretLine(const events::CaeConfigured& cae);

// French formats: "1 234,50 €" (grouped by spaces, decimal comma), "5,5 %", "3,5", "10/07/2025"
// and "732 829 320 00074".
std::string FormatEuros(Money amount);
std::string FormatRate(int64_t rate_ppm);
std::string FormatQuantity(int64_t quantity_milli);
std::string FormatDate(Date day);
std::string FormatSiret(const std::string& siret);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DOCUMENT_CONTENT_H_
