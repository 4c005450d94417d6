#include "adapters/document_content.h"

#include <algorithm>
#include <cstdio>

// This file holds the printed French text in UTF-8 (accents, "€", "n°"): the legal mentions must
// read word for word as the law has them, which escapes would hide from reviewers.

namespace coopledger::adapters {
namespace {

constexpr size_t kServiceDatesListedMax = 3;  // Beyond, "du ... au ...".

uint64_t Magnitude(int64_t value) {
  return value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
}

// 1234567 -> "1 234 567".
std::string GroupThousands(uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ' ';
    grouped += digits[i];
  }
  return grouped;
}

// `value` / 10^decimals with a decimal comma and no trailing zero: (55000, 4) -> "5,5".
std::string FormatDecimal(int64_t value, size_t decimals) {
  uint64_t scale = 1;
  for (size_t i = 0; i < decimals; ++i) scale *= 10;
  const uint64_t magnitude = Magnitude(value);
  std::string text = (value < 0 ? "-" : "") + GroupThousands(magnitude / scale);
  std::string fraction = std::to_string(magnitude % scale);
  fraction.insert(0, decimals - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) text += "," + fraction;
  return text;
}


bool IsBusiness(events::ClientKind kind) { return kind != events::ClientKind::kHousehold; }

// A postal block: the street, then the postcode and town. "3 rue de l'Été, 63000 Clermont" is cut
// before the postcode; explicit newlines are kept.
std::vector<std::string> AddressLines(const std::string& address) {
  std::vector<std::string> lines;
  if (address.find('\n') != std::string::npos) {
    for (size_t start = 0; start <= address.size();) {
      const size_t end = std::min(address.find('\n', start), address.size());
      lines.push_back(address.substr(start, end - start));
      start = end + 1;
    }
    return lines;
  }
  const size_t comma = address.rfind(", ");
  const bool before_postcode = comma != std::string::npos && address.size() >= comma + 7 &&
                               std::all_of(address.begin() + static_cast<std::ptrdiff_t>(comma + 2),
                                           address.begin() + static_cast<std::ptrdiff_t>(comma + 7),
                                           [](char c) { return c >= '0' && c <= '9'; });
  if (!before_postcode) return {address};
  return {address.substr(0, comma), address.substr(comma + 2)};
}

std::vector<std::string> SellerLines(const DocumentSource& source) {
  const events::CaeConfigured& cae = source.cae;
  std::vector<std::string> lines;
  // Within a CAE the entrepreneur or the CJS trades under an enseigne; the seller in law is the
  // CAE, whose identity follows.
  if (!source.activity_name.empty()) {
    lines.push_back(source.activity_name);
    lines.push_back("Activité portée par " + cae.name);
  } else {
    lines.push_back(cae.name);
  }
  if (!cae.address.empty()) lines.push_back(cae.address);
  lines.push_back(SiretLine(cae));
  if (!cae.vat_number.empty()) lines.push_back("N° TVA intracommunautaire " + cae.vat_number);
  return lines;
}

Result<std::vector<std::string>> BuyerLines(const events::ClientRegistered& client,
                                            const OpenPersonalDataFn& open_personal_data) {
  std::vector<std::string> lines;
  if (client.kind == events::ClientKind::kHousehold && !client.personal.empty()) {
    Result<events::PersonalData> personal = open_personal_data(client.personal);
    if (!personal && personal.error().code() == ErrorCode::kPersonalDataErased) {
      return std::vector<std::string>{kErasedPersonalData};
    }
    if (!personal) return personal.error().WithContext("client " + client.client_id.value + ": ");
    lines.push_back(JoinNonEmpty({personal->given_name, personal->family_name}, " "));
    if (!personal->address.empty()) {
      for (std::string& line : AddressLines(personal->address)) lines.push_back(std::move(line));
    }
    return lines;
  }
  lines.push_back(client.name);
  if (!client.address.empty()) {
    for (std::string& line : AddressLines(client.address)) lines.push_back(std::move(line));
  }
  if (!client.siret.empty()) lines.push_back("SIRET " + FormatSiret(client.siret));
  if (!client.vat_number.empty()) lines.push_back("N° TVA intracommunautaire " + client.vat_number);
  if (client.kind == events::ClientKind::kPublicBody) {
    if (!client.chorus_service_code.empty()) {
      lines.push_back("Code service : " + client.chorus_service_code);
    }
    if (!client.chorus_commitment_number.empty()) {
      lines.push_back("N° d'engagement : " + client.chorus_commitment_number);
    }
  }
  return lines;
}

std::string ServiceDates(const DocumentSource& source) {
  std::vector<Date> days = source.service_dates;
  if (days.empty()) days.push_back(source.invoice.issued_on);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  if (days.size() > kServiceDatesListedMax) {
    return "du " + FormatDate(days.front()) + " au " + FormatDate(days.back());
  }
  std::vector<std::string> texts;
  for (Date day : days) texts.push_back(FormatDate(day));
  return JoinNonEmpty(texts, ", ");
}

std::string InvoiceReference(const events::InvoiceValidated& invoice) {
  return "n° " + invoice.invoice_number.value + " du " + FormatDate(invoice.issued_on);
}

std::string PaymentTerms(const events::InvoiceValidated& invoice) {
  const int32_t days = invoice.due_on.days_since_epoch() - invoice.issued_on.days_since_epoch();
  const std::string when =
      days == 0 ? "Paiement à réception" : "Paiement à " + std::to_string(days) + " jours";
  return when + ", au plus tard le " + FormatDate(invoice.due_on) +
         ". Pas d'escompte pour paiement anticipé.";
}

// C. com. L441-10 II: penalties run without any reminder; the rate and the indemnity must be
// written on the invoice. Public buyers owe instead the moratory interest the Code de la commande
// publique sets (L2192-13, with its own margin over the ECB rate), which is not in rules/: the
// sentence names it without a figure rather than print the commercial rate.
std::string LatePaymentSentence(const DocumentSource& source) {
  if (source.client.kind == events::ClientKind::kPublicBody) {
    return "En cas de retard de paiement, des intérêts moratoires au taux réglementaire et une "
           "indemnité forfaitaire pour frais de recouvrement de " +
           FormatEuros(source.recovery_indemnity) +
           " sont dus de plein droit (Code de la commande publique, art. L2192-13).";
  }
  std::string rate = "au taux de refinancement de la BCE majoré de " +
                     FormatDecimal(source.late_payment_margin_ppm, 4) + " points";
  if (source.late_payment_rate_ppm) {
    rate += " (soit " + FormatRate(*source.late_payment_rate_ppm) + " l'an)";
  }
  std::string sentence =
      "En cas de retard de paiement, des pénalités sont exigibles sans qu'un rappel soit "
      "nécessaire, ";
  sentence += rate + ", ainsi qu'une indemnité forfaitaire pour frais de recouvrement de ";
  sentence += FormatEuros(source.recovery_indemnity) + " (C. com. art. L441-10 et D441-5).";
  return sentence;
}

std::vector<std::string> Mentions(const DocumentSource& source, bool franchise) {
  std::vector<std::string> mentions;
  if (source.credit_note) {
    mentions.push_back("Avoir à déduire de la facture " + InvoiceReference(source.invoice) +
                       ", ou remboursé si celle-ci est déjà réglée.");
  } else {
    mentions.push_back(PaymentTerms(source.invoice));
    if (!source.cae.bank_iban.empty()) {
      mentions.push_back(
          JoinNonEmpty({"Règlement par virement : IBAN " + source.cae.bank_iban,
                        source.cae.bank_bic.empty() ? "" : "BIC " + source.cae.bank_bic},
                       ", ") +
          ", en indiquant le numéro de la facture.");
    }
    if (IsBusiness(source.client.kind)) mentions.push_back(LatePaymentSentence(source));
  }
  if (franchise) mentions.push_back("TVA non applicable, art. 293 B du CGI");
  return mentions;
}

void AddFigures(const std::vector<events::DocumentLine>& lines,
                const std::vector<events::VatTotal>& vat_totals, DocumentContent& content) {
  for (const events::DocumentLine& line : lines) {
    content.rows.push_back({line.description, FormatQuantity(line.quantity_milli),
                            FormatEuros(line.unit_price),
                            content.vat_shown ? FormatRate(line.vat_rate_ppm) : "",
                            FormatEuros(line.amount_excl_vat)});
  }
  if (!content.vat_shown) return;
  for (const events::VatTotal& total : vat_totals) {
    content.vat_summary.push_back(
        {"TVA " + FormatRate(total.vat_rate_ppm) + " sur " + FormatEuros(total.base),
         FormatEuros(total.vat)});
  }
}

}  // namespace

Result<DocumentContent> ComposeDocument(const DocumentSource& source,
                                        const OpenPersonalDataFn& open_personal_data) {
  const bool franchise = source.cae.vat_regime == events::VatRegime::kFranchise;
  const events::CreditNoteValidated* credit = source.credit_note ? &*source.credit_note : nullptr;
  DocumentContent content;
  content.kind = credit ? "Avoir" : "Facture";
  content.number = credit ? credit->credit_note_number.value : source.invoice.invoice_number.value;
  content.ascii_title = content.kind + " " + content.number;
  content.seller = SellerLines(source);
  COOPLEDGER_ASSIGN_OR_RETURN(content.buyer, BuyerLines(source.client, open_personal_data));
  content.dates.push_back(
      {"Date d'émission", FormatDate(credit ? credit->issued_on : source.invoice.issued_on)});
  content.dates.push_back({"Date de la prestation", ServiceDates(source)});
  if (credit) {
    content.references.push_back({"Facture d'origine", InvoiceReference(source.invoice)});
    content.references.push_back({"Motif", credit->reason});
  } else {
    content.dates.push_back({"Échéance", FormatDate(source.invoice.due_on)});
  }
  content.vat_shown = !franchise;
  AddFigures(credit ? credit->lines : source.invoice.lines,
             credit ? credit->vat_totals : source.invoice.vat_totals, content);
  const Money excl_vat = credit ? credit->total_excl_vat : source.invoice.total_excl_vat;
  const Money vat = credit ? credit->total_vat : source.invoice.total_vat;
  const Money incl_vat = credit ? credit->total_incl_vat : source.invoice.total_incl_vat;
  content.totals.push_back({"Total HT", FormatEuros(excl_vat)});
  if (franchise) {
    content.totals.push_back({credit ? "Total de l'avoir" : "Net à payer", FormatEuros(incl_vat)});
  } else {
    content.totals.push_back({"Total TVA", FormatEuros(vat)});
    content.totals.push_back(
        {credit ? "Total TTC de l'avoir" : "Total TTC, net à payer", FormatEuros(incl_vat)});
  }
  content.mentions = Mentions(source, franchise);
  content.footer = JoinNonEmpty(
      {source.cae.name, "SIREN " + FormatSiret(source.cae.siren), source.cae.address}, " · ");
  return content;
}

std::string JoinNonEmpty(const std::vector<std::string>& parts, const std::string& separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

std::string PersonName(const events::PersonalData& person) {
  const std::string name = JoinNonEmpty({person.given_name, person.family_name}, " ");
  return name.empty() ? kErasedPersonalData : name;
}

std::string SiretLine(const events::CaeConfigured& cae) {
  return JoinNonEmpty({"SIRET " + FormatSiret(cae.siren + cae.nic), cae.ape_code.empty() ? "" : "APE " + cae.ape_code},
                      " \u00b7 ");
}

std::string FormatEuros(Money amount) {
  const uint64_t cents = Magnitude(amount.cents());
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, "%02u", static_cast<unsigned>(cents % 100));
  return std::string(amount.cents() < 0 ? "-" : "") + GroupThousands(cents / 100) + "," + fraction +
         " €";
}

std::string FormatRate(int64_t rate_ppm) { return FormatDecimal(rate_ppm, 4) + " %"; }

std::string FormatQuantity(int64_t quantity_milli) { return FormatDecimal(quantity_milli, 3); }

std::string FormatDate(Date day) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d/%02d/%04d", day.day(), day.month(), day.year());
  return text;
}

std::string FormatSiret(const std::string& siret) {
  if (siret.size() != 9 && siret.size() != 14) return siret;
  std::string text = siret.substr(0, 3) + " " + siret.substr(3, 3) + " " + siret.substr(6, 3);
  if (siret.size() == 14) text += " " + siret.substr(9);
  return text;
}

}  // namespace coopledger::adapters
