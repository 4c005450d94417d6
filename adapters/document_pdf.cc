#include "adapters/document_pdf.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "adapters/pdf_pages.h"

// Table labels are French UTF-8 text, as in adapters/document_content.cc.

namespace coopledger::adapters {
namespace {

constexpr float kLeft = kPageLeft;
constexpr float kRight = kPageRight;
constexpr float kTop = kPageTop;
constexpr float kBuyerLeft = 300.0f;
constexpr float kSellerWidth = 250.0f;
constexpr float kTextLeading = 11.0f;
constexpr float kCellPadding = 4.0f;
constexpr float kHeaderHeight = 16.0f;
constexpr float kSummaryLeading = 15.0f;
constexpr float kMentionLeading = 10.5f;
constexpr float kShade = 0.9f;  // Gray of the table's header and of the amount due.

constexpr TextStyle kBody{};
constexpr TextStyle kBodyBold{FontWeight::kBold, 9.0f};
constexpr TextStyle kSmall{FontWeight::kRegular, 8.0f};
constexpr TextStyle kLabel{FontWeight::kRegular, 7.5f, 0.4f};
constexpr TextStyle kCell{FontWeight::kRegular, 8.5f};
constexpr TextStyle kCellHeader{FontWeight::kBold, 8.0f};
constexpr TextStyle kSellerName{FontWeight::kBold, 14.0f};
constexpr TextStyle kTitle{FontWeight::kBold, 20.0f};
constexpr TextStyle kNumber{FontWeight::kBold, 12.0f};
constexpr TextStyle kDue{FontWeight::kBold, 10.0f};
constexpr TextStyle kFooter{FontWeight::kRegular, 7.0f, 0.35f};

// The seller at the top left, the kind, number and dates at the top right. Returns the lowest
// baseline used.
float DrawSellerAndTitle(PdfPages& writer, const DocumentContent& content) {
  float left = kTop - 12.0f;
  for (size_t i = 0; i < content.seller.size(); ++i) {
    const TextStyle style = i == 0 ? kSellerName : kSmall;
    for (const std::string& line : writer.Wrap(style, content.seller[i], kSellerWidth)) {
      writer.Text(kLeft, left, style, line);
      left -= i == 0 ? 17.0f : 10.5f;
    }
  }
  float right = kTop - 14.0f;
  writer.TextRight(kRight, right, kTitle, content.kind);
  right -= 18.0f;
  writer.TextRight(kRight, right, kNumber, "n° " + content.number);
  right -= 18.0f;
  for (const LabelledValue& date : content.dates) {
    writer.TextRight(kRight, right, kBody, date.label + " : " + date.value);
    right -= 12.0f;
  }
  return std::min(left, right);
}

// The buyer in a frame on the right, below `top`; returns the frame's bottom.
float DrawBuyer(PdfPages& writer, const DocumentContent& content, float top) {
  const float inset = 8.0f;
  const float width = kRight - kBuyerLeft - 2 * inset;
  std::vector<std::pair<TextStyle, std::string>> lines;
  for (size_t i = 0; i < content.buyer.size(); ++i) {
    const TextStyle style = i == 0 ? kBodyBold : kBody;
    for (std::string& line : writer.Wrap(style, content.buyer[i], width)) {
      lines.emplace_back(style, std::move(line));
    }
  }
  const float height = 2 * inset + 10.0f + static_cast<float>(lines.size()) * 12.0f;
  writer.Frame(kBuyerLeft, top - height, kRight - kBuyerLeft, height);
  float baseline = top - inset - 7.0f;
  writer.Text(kBuyerLeft + inset, baseline, kLabel, "Client");
  baseline -= 14.0f;
  for (const auto& [style, line] : lines) {
    writer.Text(kBuyerLeft + inset, baseline, style, line);
    baseline -= 12.0f;
  }
  return top - height;
}

void DrawReferences(PdfPages& writer, const DocumentContent& content) {
  for (const LabelledValue& reference : content.references) {
    for (const std::string& line :
         writer.Wrap(kBody, reference.label + " : " + reference.value, kRight - kLeft)) {
      writer.MoveDown(12.0f);
      writer.Text(kLeft, writer.y(), kBody, line);
    }
  }
  if (!content.references.empty()) writer.MoveDown(8.0f);
}

struct Columns {
  float quantity_right;
  float unit_price_right;
  float vat_right;
  float description_width;
};

Columns ColumnsFor(bool vat_shown) {
  if (vat_shown) return Columns{335.0f, 410.0f, 455.0f, 240.0f};
  return Columns{370.0f, 455.0f, 0.0f, 275.0f};
}

void DrawTableHeader(PdfPages& writer, const Columns& columns, bool vat_shown) {
  const float top = writer.y();
  writer.Fill(kLeft, top - kHeaderHeight, kRight - kLeft, kHeaderHeight, kShade);
  const float baseline = top - 11.0f;
  writer.Text(kLeft + 4.0f, baseline, kCellHeader, "Désignation");
  writer.TextRight(columns.quantity_right, baseline, kCellHeader, "Qté");
  writer.TextRight(columns.unit_price_right, baseline, kCellHeader, "PU HT");
  if (vat_shown) writer.TextRight(columns.vat_right, baseline, kCellHeader, "TVA");
  writer.TextRight(kRight - 4.0f, baseline, kCellHeader, "Montant HT");
  writer.MoveDown(kHeaderHeight);
}

void DrawRows(PdfPages& writer, const DocumentContent& content) {
  const Columns columns = ColumnsFor(content.vat_shown);
  writer.EnsureRoom(kHeaderHeight + kTextLeading + kCellPadding);
  DrawTableHeader(writer, columns, content.vat_shown);
  for (const DocumentRow& row : content.rows) {
    const std::vector<std::string> lines =
        writer.Wrap(kCell, row.description, columns.description_width);
    const float height = static_cast<float>(lines.size()) * kTextLeading + kCellPadding;
    if (writer.EnsureRoom(height)) DrawTableHeader(writer, columns, content.vat_shown);
    float baseline = writer.y() - kTextLeading + 1.0f;
    writer.TextRight(columns.quantity_right, baseline, kCell, row.quantity);
    writer.TextRight(columns.unit_price_right, baseline, kCell, row.unit_price_excl_vat);
    if (content.vat_shown) writer.TextRight(columns.vat_right, baseline, kCell, row.vat_rate);
    writer.TextRight(kRight - 4.0f, baseline, kCell, row.amount_excl_vat);
    for (const std::string& line : lines) {
      writer.Text(kLeft + 4.0f, baseline, kCell, line);
      baseline -= kTextLeading;
    }
    writer.MoveDown(height);
    writer.Rule(kLeft, kRight, writer.y(), 0.8f);
  }
}

// VAT per rate on the left, the totals on the right; the amount due last, shaded.
void DrawSummary(PdfPages& writer, const DocumentContent& content) {
  const size_t vat_rows = content.vat_summary.empty() ? 0 : content.vat_summary.size() + 1;
  const size_t rows = std::max(vat_rows, content.totals.size());
  const float height = 12.0f + static_cast<float>(rows) * kSummaryLeading;
  writer.EnsureRoom(height);
  float baseline = writer.y() - 12.0f - 10.0f;
  if (!content.vat_summary.empty()) writer.Text(kLeft, baseline, kLabel, "TVA par taux");
  for (const LabelledValue& vat : content.vat_summary) {
    baseline -= kSummaryLeading;
    writer.Text(kLeft, baseline, kBody, vat.label);
    writer.TextRight(kBuyerLeft - 40.0f, baseline, kBody, vat.value);
  }
  baseline = writer.y() - 12.0f - 10.0f;
  for (size_t i = 0; i < content.totals.size(); ++i) {
    const bool due = i + 1 == content.totals.size();
    if (due) writer.Fill(kBuyerLeft, baseline - 5.0f, kRight - kBuyerLeft, kSummaryLeading, kShade);
    const TextStyle style = due ? kDue : kBody;
    writer.Text(kBuyerLeft + 6.0f, baseline, style, content.totals[i].label);
    writer.TextRight(kRight - 4.0f, baseline, style, content.totals[i].value);
    baseline -= kSummaryLeading;
  }
  writer.MoveDown(height);
}

void DrawMentions(PdfPages& writer, const DocumentContent& content) {
  writer.MoveDown(6.0f);
  for (const std::string& mention : content.mentions) {
    writer.Paragraph(kLeft, kRight - kLeft, kSmall, mention, kMentionLeading, 4.0f);
  }
}

void DrawDocument(PdfPages& writer, const DocumentContent& content) {
  writer.NewPage();
  const float header_bottom = DrawSellerAndTitle(writer, content);
  const float buyer_bottom = DrawBuyer(writer, content, header_bottom - 10.0f);
  writer.MoveDown(kTop - buyer_bottom + 8.0f);
  DrawReferences(writer, content);
  writer.MoveDown(6.0f);
  DrawRows(writer, content);
  DrawSummary(writer, content);
  DrawMentions(writer, content);
  // The seller's identity and "page i / n" at the bottom of each page.
  writer.Footers(kLeft, kRight, kFooter, content.footer, content.kind + " n\u00b0 " + content.number + " \u00b7 ");
}

}  // namespace

Status WriteDocumentContentPdf(const DocumentContent& content, const std::string& path,
                               const PdfFonts& fonts) {
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<PdfPages> pages,
                              PdfPages::Start(path, content.ascii_title, fonts));
  pages->set_continued(content.kind + " n° " + content.number + " (suite)");
  DrawDocument(*pages, content);
  return pages->Save();
}

Status WriteDocumentPdf(const DocumentSource& source, const OpenPersonalDataFn& open_personal_data,
                        const std::string& path, const PdfFonts& fonts) {
  COOPLEDGER_ASSIGN_OR_RETURN(const DocumentContent content,
                              ComposeDocument(source, open_personal_data));
  return WriteDocumentContentPdf(content, path, fonts);
}

}  // namespace coopledger::adapters
