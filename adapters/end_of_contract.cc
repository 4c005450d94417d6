#include "adapters/end_of_contract.h"

#include <algorithm>
#include <memory>
#include <utility>

// The printed French text is UTF-8, as in adapters/document_content.cc: the legal sentences must
// read as the Code has them.

namespace coopledger::adapters {
namespace {

// "12 place de Jaude, 63000 Clermont-Ferrand" -> "Clermont-Ferrand": what follows the last
// ", " and a five-digit postcode; empty when the address has no such part.
std::string TownOf(const std::string& address) {
  const size_t comma = address.rfind(", ");
  if (comma == std::string::npos || address.size() < comma + 9) return "";
  const std::string tail = address.substr(comma + 2);
  const bool postcode =
      std::all_of(tail.begin(), tail.begin() + 5, [](char c) { return c >= '0' && c <= '9'; }) &&
      tail[5] == ' ';
  return postcode ? tail.substr(6) : "";
}

std::string EmployerIdentity(const events::CaeConfigured& cae) {
  return JoinNonEmpty({cae.name, cae.address, "SIRET " + FormatSiret(cae.siren + cae.nic)}, ", ");
}

std::vector<std::string> EmployerLines(const events::CaeConfigured& cae) {
  std::vector<std::string> lines = {cae.name};
  if (!cae.address.empty()) lines.push_back(cae.address);
  lines.push_back(SiretLine(cae));
  return lines;
}

Status CheckContract(const EndOfContractSource& source) {
  if (source.contract_end < source.contract_start) {
    return Error(ErrorCode::kInvalidArgument, "contract_end: " + source.contract_end.ToString() +
                                                  " is before contract_start " +
                                                  source.contract_start.ToString());
  }
  if (source.job_title.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "job_title: empty (D1234-6 requires the nature of the job held)");
  }
  return OkStatus();
}

// What both documents share: the employer, the place and date, the footer.
EndOfContractContent Letter(const EndOfContractSource& source, std::string title) {
  EndOfContractContent content;
  content.title = std::move(title);
  content.employer = EmployerLines(source.cae);
  const std::string town =
      source.delivered_at.empty() ? TownOf(source.cae.address) : source.delivered_at;
  content.place_and_date =
      (town.empty() ? "Fait" : "Fait à " + town) + ", le " + FormatDate(source.delivered_on) + ".";
  content.footer = JoinNonEmpty(
      {source.cae.name, "SIREN " + FormatSiret(source.cae.siren), source.cae.address}, " · ");
  return content;
}

std::string Period(const EndOfContractSource& source) {
  return "du " + FormatDate(source.contract_start) + " au " + FormatDate(source.contract_end);
}

}  // namespace

Result<EndOfContractContent> ComposeWorkCertificate(const EndOfContractSource& source) {
  COOPLEDGER_RETURN_IF_ERROR(CheckContract(source));
  EndOfContractContent content = Letter(source, "Certificat de travail");
  content.ascii_title = "Certificat de travail " + source.contract_end.ToString();
  const std::string name = PersonName(source.person);
  const std::string employee = JoinNonEmpty(
      {name, source.person.address.empty() ? "" : "demeurant " + source.person.address}, ", ");
  content.paragraphs = {
      "L'employeur soussigné, " + EmployerIdentity(source.cae) + ", certifie avoir employé " +
          employee + " :",
      "Date d'entrée : " + FormatDate(source.contract_start),
      "Date de sortie : " + FormatDate(source.contract_end),
      "Emploi occupé : " + source.job_title + ", " + Period(source) + ".",
      // D1234-6 3°, Code de la sécurité sociale L911-8.
      name +
          " conserve, à titre gratuit, les garanties de frais de santé et de prévoyance en "
          "vigueur dans l'entreprise pendant sa période de chômage indemnisé par l'assurance "
          "chômage, pour une durée égale à celle de son dernier contrat de travail, dans la "
          "limite de douze mois (article L911-8 du Code de la sécurité sociale).",
      "Ce certificat est délivré en application des articles L1234-19 et D1234-6 du Code du "
      "travail.",
  };
  content.signatures = {"L'employeur (nom, qualité et signature)"};
  return content;
}

Result<EndOfContractContent> ComposeFinalSettlementReceipt(const EndOfContractSource& source) {
  COOPLEDGER_RETURN_IF_ERROR(CheckContract(source));
  if (source.sums.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "sums: empty (the receipt lists the sums paid at the end of the contract)");
  }
  EndOfContractContent content = Letter(source, "Reçu pour solde de tout compte");
  content.ascii_title = "Recu pour solde de tout compte " + source.contract_end.ToString();
  Money total = Money::Zero();
  for (size_t i = 0; i < source.sums.size(); ++i) {
    const EndOfContractSum& sum = source.sums[i];
    if (sum.label.empty()) {
      return Error(ErrorCode::kInvalidArgument, "sums[" + std::to_string(i) + "].label: empty");
    }
    COOPLEDGER_ASSIGN_OR_RETURN(total, CheckedAdd(total, sum.amount));
    content.sums.push_back({sum.label, FormatEuros(sum.amount)});
  }
  content.sums.push_back({"Total", FormatEuros(total)});
  const std::string employee =
      JoinNonEmpty({PersonName(source.person),
                    source.person.address.empty() ? "" : "demeurant " + source.person.address},
                   ", ");
  content.paragraphs = {
      "Je soussigné(e), " + employee + ", reconnais avoir reçu de " + EmployerIdentity(source.cae) +
          ", pour solde de tout compte, la somme de " + FormatEuros(total) +
          " en paiement des sommes dues au titre de l'exécution et de la cessation de mon "
          "contrat de travail (" +
          source.job_title + ", " + Period(source) + "), soit :",
  };
  content.after_sums = {
      // L1234-20, second sentence.
      "Ce reçu pour solde de tout compte peut être dénoncé dans les six mois qui suivent sa "
      "signature, délai au-delà duquel il devient libératoire pour l'employeur pour les sommes "
      "qui y sont mentionnées (article L1234-20 du Code du travail).",
      // D1234-7.
      "Établi en double exemplaire, dont l'un est remis au salarié (article D1234-7 du Code du "
      "travail).",
  };
  content.signatures = {
      "L'employeur (nom, qualité et signature)",
      "Le salarié : signature précédée de la mention manuscrite\n« pour solde de tout compte »",
  };
  return content;
}

namespace {

constexpr float kLeft = kPageLeft;
constexpr float kRight = kPageRight;
constexpr float kTop = kPageTop;
constexpr float kLeading = 13.0f;
constexpr float kShade = 0.9f;

constexpr TextStyle kBody{FontWeight::kRegular, 10.0f};
constexpr TextStyle kBodyBold{FontWeight::kBold, 10.0f};
constexpr TextStyle kSmall{FontWeight::kRegular, 8.0f};
constexpr TextStyle kCaption{FontWeight::kRegular, 8.0f, 0.3f};
constexpr TextStyle kEmployerName{FontWeight::kBold, 13.0f};
constexpr TextStyle kTitle{FontWeight::kBold, 18.0f};
constexpr TextStyle kFooter{FontWeight::kRegular, 7.0f, 0.35f};

void DrawParagraphs(PdfPages& pages, const std::vector<std::string>& paragraphs) {
  for (const std::string& paragraph : paragraphs) {
    pages.Paragraph(kLeft, kRight - kLeft, kBody, paragraph, kLeading, 6.0f);
  }
}

// The sums as a two-column table; the total, last, shaded and bold.
void DrawSums(PdfPages& pages, const std::vector<LabelledValue>& sums) {
  const float row = 16.0f;
  const float left = kLeft + 20.0f;
  const float right = kRight - 20.0f;
  for (size_t i = 0; i < sums.size(); ++i) {
    const bool total = i + 1 == sums.size();
    pages.EnsureRoom(row);
    if (total) pages.Fill(left, pages.y() - row, right - left, row, kShade);
    const TextStyle style = total ? kBodyBold : kBody;
    const float baseline = pages.y() - 11.5f;
    pages.Text(left + 6.0f, baseline, style, sums[i].label);
    pages.TextRight(right - 6.0f, baseline, style, sums[i].value);
    pages.MoveDown(row);
    if (!total) pages.Rule(left, right, pages.y(), 0.8f);
  }
  pages.MoveDown(8.0f);
}

// One column per caption (at least two columns: a single signature goes on the right), each
// with room to sign below it; the boxes' tops are aligned whatever the captions' lengths.
void DrawSignatures(PdfPages& pages, const std::vector<std::string>& captions) {
  const float gap = 20.0f;
  const size_t columns = std::max<size_t>(2, captions.size());
  const float width =
      (kRight - kLeft - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const float box = 70.0f;
  size_t caption_lines = 0;
  for (const std::string& caption : captions) {
    caption_lines = std::max(caption_lines, pages.Wrap(kCaption, caption, width).size());
  }
  const float captions_height = 10.0f + static_cast<float>(caption_lines) * 10.0f;
  pages.EnsureRoom(captions_height + box);
  const float box_top = pages.y() - captions_height;
  for (size_t i = 0; i < captions.size(); ++i) {
    const size_t column = captions.size() == 1 ? 1 : i;
    const float x = kLeft + static_cast<float>(column) * (width + gap);
    float baseline = pages.y() - 10.0f;
    for (const std::string& line : pages.Wrap(kCaption, captions[i], width)) {
      pages.Text(x, baseline, kCaption, line);
      baseline -= 10.0f;
    }
    pages.Frame(x, box_top - box, width, box, 0.7f, 0.5f);
  }
  pages.MoveDown(pages.y() - box_top + box);
}

void DrawLetter(PdfPages& pages, const EndOfContractContent& content) {
  pages.NewPage();
  float baseline = kTop - 12.0f;
  for (size_t i = 0; i < content.employer.size(); ++i) {
    const TextStyle style = i == 0 ? kEmployerName : kSmall;
    for (const std::string& line : pages.Wrap(style, content.employer[i], 300.0f)) {
      pages.Text(kLeft, baseline, style, line);
      baseline -= i == 0 ? 16.0f : 10.5f;
    }
  }
  pages.MoveDown(kTop - baseline + 30.0f);
  pages.TextCentered((kLeft + kRight) / 2.0f, pages.y(), kTitle, content.title);
  pages.MoveDown(24.0f);
  DrawParagraphs(pages, content.paragraphs);
  if (!content.sums.empty()) {
    pages.MoveDown(4.0f);
    DrawSums(pages, content.sums);
  }
  DrawParagraphs(pages, content.after_sums);
  pages.MoveDown(8.0f);
  DrawParagraphs(pages, {content.place_and_date});
  if (!content.signatures.empty()) {
    pages.MoveDown(10.0f);
    DrawSignatures(pages, content.signatures);
  }
  pages.Footers(kLeft, kRight, kFooter, content.footer, "");
}

}  // namespace

Status WriteEndOfContractContentPdf(const EndOfContractContent& content, const std::string& path,
                                    const PdfFonts& fonts) {
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<PdfPages> pages,
                              PdfPages::Start(path, content.ascii_title, fonts));
  pages->set_continued(content.title + " (suite)");
  DrawLetter(*pages, content);
  return pages->Save();
}

Status WriteWorkCertificatePdf(const EndOfContractSource& source, const std::string& path,
                               const PdfFonts& fonts) {
  COOPLEDGER_ASSIGN_OR_RETURN(const EndOfContractContent content, ComposeWorkCertificate(source));
  return WriteEndOfContractContentPdf(content, path, fonts);
}

Status WriteFinalSettlementReceiptPdf(const EndOfContractSource& source, const std::string& path,
                                      const PdfFonts& fonts) {
  COOPLEDGER_ASSIGN_OR_RETURN(const EndOfContractContent content,
                              ComposeFinalSettlementReceipt(source));
  return WriteEndOfContractContentPdf(content, path, fonts);
}

}  // namespace coopledger::adapters
