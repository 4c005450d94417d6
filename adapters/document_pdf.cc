#include "adapters/document_pdf.h"

#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "adapters/files.h"

// Table labels are French UTF-8 text, as in adapters/document_content.cc.

namespace coopledger::adapters {
namespace {

// A4 portrait in points; y grows upwards from the bottom of the page.
constexpr float kLeft = 50.0f;
constexpr float kRight = 545.0f;
constexpr float kTop = 800.0f;
constexpr float kBottom = 60.0f;  // Content stays above; the footer sits below.
constexpr float kBuyerLeft = 300.0f;
constexpr float kSellerWidth = 250.0f;
constexpr float kTextLeading = 11.0f;
constexpr float kCellPadding = 4.0f;
constexpr float kHeaderHeight = 16.0f;
constexpr float kSummaryLeading = 15.0f;
constexpr float kMentionLeading = 10.5f;
constexpr float kShade = 0.9f;  // Gray of the table's header and of the amount due.

enum class Weight { kRegular, kBold };
struct Style {
  Weight weight = Weight::kRegular;
  float size = 9.0f;
  float gray = 0.0f;  // 0 is black.
};
constexpr Style kBody{};
constexpr Style kBodyBold{Weight::kBold, 9.0f};
constexpr Style kSmall{Weight::kRegular, 8.0f};
constexpr Style kLabel{Weight::kRegular, 7.5f, 0.4f};
constexpr Style kCell{Weight::kRegular, 8.5f};
constexpr Style kCellHeader{Weight::kBold, 8.0f};
constexpr Style kSellerName{Weight::kBold, 14.0f};
constexpr Style kTitle{Weight::kBold, 20.0f};
constexpr Style kNumber{Weight::kBold, 12.0f};
constexpr Style kDue{Weight::kBold, 10.0f};
constexpr Style kFooter{Weight::kRegular, 7.0f, 0.35f};

// libhpdf calls this, then returns an error status from the failing call; the first error is
// kept and checked after each step, so nothing longjmps, throws or aborts.
struct PdfErrors {
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void OnPdfError(HPDF_STATUS error, HPDF_STATUS detail, void* user_data) {
  auto* errors = static_cast<PdfErrors*>(user_data);
  if (errors->error != HPDF_OK) return;
  errors->error = error;
  errors->detail = detail;
}

Status CheckPdf(const PdfErrors& errors, const std::string& path, const char* step) {
  if (errors.error == HPDF_OK) return OkStatus();
  char codes[64];
  std::snprintf(codes, sizeof codes, "libhpdf error 0x%04lX (detail %lu)",
                static_cast<unsigned long>(errors.error),
                static_cast<unsigned long>(errors.detail));
  std::string reason = std::string(codes) + " while " + step;
  // For file errors libhpdf's detail is the errno of the failed call.
  if (errors.error == HPDF_FILE_OPEN_ERROR || errors.error == HPDF_FILE_IO_ERROR) {
    reason +=
        ": " + std::error_code(static_cast<int>(errors.detail), std::generic_category()).message();
  }
  return Error(ErrorCode::kStorageIo, path + ": " + reason);
}

struct DocDeleter {
  void operator()(HPDF_Doc pdf) const { HPDF_Free(pdf); }
};
using PdfDoc = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter>;

// Draws top to bottom, page after page. y() is the top of the space left on the current page.
class PageWriter {
 public:
  PageWriter(HPDF_Doc pdf, HPDF_Font regular, HPDF_Font bold, std::string continued)
      : pdf_(pdf), regular_(regular), bold_(bold), continued_(std::move(continued)) {}

  float y() const { return y_; }
  void MoveDown(float height) { y_ -= height; }
  size_t page_count() const { return pages_.size(); }
  void SelectPage(size_t index) { page_ = pages_[index]; }

  // Later pages start with the document's kind and number.
  void NewPage() {
    page_ = HPDF_AddPage(pdf_);
    if (page_ == nullptr) return;
    HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    pages_.push_back(page_);
    y_ = kTop;
    if (pages_.size() > 1) {
      Text(kLeft, y_ - 8.0f, kLabel, continued_);
      y_ -= 20.0f;
    }
  }
  // Starts a new page unless `height` fits above the bottom margin; true if it did.
  bool EnsureRoom(float height) {
    if (y_ - height >= kBottom) return false;
    NewPage();
    return true;
  }

  void Text(float x, float baseline, Style style, const std::string& text) {
    if (page_ == nullptr || text.empty()) return;
    HPDF_Page_SetGrayFill(page_, style.gray);
    HPDF_Page_BeginText(page_);
    HPDF_Page_SetFontAndSize(page_, Font(style), style.size);
    HPDF_Page_TextOut(page_, x, baseline, text.c_str());
    HPDF_Page_EndText(page_);
  }
  void TextRight(float right, float baseline, Style style, const std::string& text) {
    Text(right - Width(style, text), baseline, style, text);
  }
  float Width(Style style, const std::string& text) const {
    const HPDF_TextWidth width =
        HPDF_Font_TextWidth(Font(style), reinterpret_cast<const HPDF_BYTE*>(text.data()),
                            static_cast<HPDF_UINT>(text.size()));
    return static_cast<float>(width.width) * style.size / 1000.0f;
  }
  // Splits `text` into lines no wider than `width`, at spaces and newlines. A single word wider
  // than `width` stays whole.
  std::vector<std::string> Wrap(Style style, const std::string& text, float width) const {
    std::vector<std::string> lines;
    std::string line;
    for (size_t start = 0; start <= text.size();) {
      const size_t end = std::min(text.find_first_of(" \n", start), text.size());
      const std::string word = text.substr(start, end - start);
      const std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && Width(style, candidate) > width) {
        lines.push_back(line);
        line = word;
      } else {
        line = candidate;
      }
      if (end < text.size() && text[end] == '\n') {
        lines.push_back(line);
        line.clear();
      }
      start = end + 1;
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
  }
  void Fill(float x, float bottom, float width, float height, float gray) {
    if (page_ == nullptr) return;
    HPDF_Page_SetGrayFill(page_, gray);
    HPDF_Page_Rectangle(page_, x, bottom, width, height);
    HPDF_Page_Fill(page_);
  }
  void Frame(float x, float bottom, float width, float height) {
    if (page_ == nullptr) return;
    HPDF_Page_SetGrayStroke(page_, 0.6f);
    HPDF_Page_SetLineWidth(page_, 0.6f);
    HPDF_Page_Rectangle(page_, x, bottom, width, height);
    HPDF_Page_Stroke(page_);
  }
  void Rule(float from_x, float to_x, float at_y, float gray) {
    if (page_ == nullptr) return;
    HPDF_Page_SetGrayStroke(page_, gray);
    HPDF_Page_SetLineWidth(page_, 0.5f);
    HPDF_Page_MoveTo(page_, from_x, at_y);
    HPDF_Page_LineTo(page_, to_x, at_y);
    HPDF_Page_Stroke(page_);
  }

 private:
  HPDF_Font Font(Style style) const { return style.weight == Weight::kBold ? bold_ : regular_; }

  HPDF_Doc pdf_;
  HPDF_Font regular_;
  HPDF_Font bold_;
  std::string continued_;
  std::vector<HPDF_Page> pages_;
  HPDF_Page page_ = nullptr;
  float y_ = kTop;
};

// The seller at the top left, the kind, number and dates at the top right. Returns the lowest
// baseline used.
float DrawSellerAndTitle(PageWriter& writer, const DocumentContent& content) {
  float left = kTop - 12.0f;
  for (size_t i = 0; i < content.seller.size(); ++i) {
    const Style style = i == 0 ? kSellerName : kSmall;
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
float DrawBuyer(PageWriter& writer, const DocumentContent& content, float top) {
  const float inset = 8.0f;
  const float width = kRight - kBuyerLeft - 2 * inset;
  std::vector<std::pair<Style, std::string>> lines;
  for (size_t i = 0; i < content.buyer.size(); ++i) {
    const Style style = i == 0 ? kBodyBold : kBody;
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

void DrawReferences(PageWriter& writer, const DocumentContent& content) {
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

void DrawTableHeader(PageWriter& writer, const Columns& columns, bool vat_shown) {
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

void DrawRows(PageWriter& writer, const DocumentContent& content) {
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
void DrawSummary(PageWriter& writer, const DocumentContent& content) {
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
    const Style style = due ? kDue : kBody;
    writer.Text(kBuyerLeft + 6.0f, baseline, style, content.totals[i].label);
    writer.TextRight(kRight - 4.0f, baseline, style, content.totals[i].value);
    baseline -= kSummaryLeading;
  }
  writer.MoveDown(height);
}

void DrawMentions(PageWriter& writer, const DocumentContent& content) {
  writer.MoveDown(6.0f);
  for (const std::string& mention : content.mentions) {
    const std::vector<std::string> lines = writer.Wrap(kSmall, mention, kRight - kLeft);
    writer.EnsureRoom(static_cast<float>(lines.size()) * kMentionLeading + 4.0f);
    for (const std::string& line : lines) {
      writer.MoveDown(kMentionLeading);
      writer.Text(kLeft, writer.y(), kSmall, line);
    }
    writer.MoveDown(4.0f);
  }
}

// Once the page count is known: the seller's identity and "page i / n" at the bottom of each.
void DrawFooters(PageWriter& writer, const DocumentContent& content) {
  const size_t count = writer.page_count();
  for (size_t i = 0; i < count; ++i) {
    writer.SelectPage(i);
    writer.Rule(kLeft, kRight, 46.0f, 0.7f);
    const std::string page = content.kind + " n° " + content.number + " · page " +
                             std::to_string(i + 1) + " / " + std::to_string(count);
    const float page_width = writer.Width(kFooter, page);
    float baseline = 36.0f;
    for (const std::string& line :
         writer.Wrap(kFooter, content.footer, kRight - kLeft - page_width - 20.0f)) {
      writer.Text(kLeft, baseline, kFooter, line);
      baseline -= 9.0f;
    }
    writer.TextRight(kRight, 36.0f, kFooter, page);
  }
}

void DrawDocument(PageWriter& writer, const DocumentContent& content) {
  writer.NewPage();
  const float header_bottom = DrawSellerAndTitle(writer, content);
  const float buyer_bottom = DrawBuyer(writer, content, header_bottom - 10.0f);
  writer.MoveDown(kTop - buyer_bottom + 8.0f);
  DrawReferences(writer, content);
  writer.MoveDown(6.0f);
  DrawRows(writer, content);
  DrawSummary(writer, content);
  DrawMentions(writer, content);
  DrawFooters(writer, content);
}

}  // namespace

Status WriteDocumentContentPdf(const DocumentContent& content, const std::string& path,
                               const PdfFonts& fonts) {
  PdfErrors errors;
  PdfDoc pdf(HPDF_New(OnPdfError, &errors));
  if (pdf == nullptr) return Error(ErrorCode::kStorageIo, path + ": libhpdf could not start");
  HPDF_SetCompressionMode(pdf.get(), HPDF_COMP_ALL);
  HPDF_SetInfoAttr(pdf.get(), HPDF_INFO_TITLE, content.ascii_title.c_str());
  HPDF_SetInfoAttr(pdf.get(), HPDF_INFO_CREATOR, "coopledger");
  HPDF_UseUTFEncodings(pdf.get());
  HPDF_SetCurrentEncoder(pdf.get(), "UTF-8");
  const char* regular_name = HPDF_LoadTTFontFromFile(pdf.get(), fonts.regular.c_str(), HPDF_TRUE);
  const char* bold_name = HPDF_LoadTTFontFromFile(pdf.get(), fonts.bold.c_str(), HPDF_TRUE);
  COOPLEDGER_RETURN_IF_ERROR(CheckPdf(errors, path, "loading the fonts"));
  HPDF_Font regular = HPDF_GetFont(pdf.get(), regular_name, "UTF-8");
  HPDF_Font bold = HPDF_GetFont(pdf.get(), bold_name, "UTF-8");
  COOPLEDGER_RETURN_IF_ERROR(CheckPdf(errors, path, "loading the fonts"));

  PageWriter writer(pdf.get(), regular, bold, content.kind + " n° " + content.number + " (suite)");
  DrawDocument(writer, content);
  COOPLEDGER_RETURN_IF_ERROR(CheckPdf(errors, path, "drawing"));

  const std::string temporary = path + ".tmp";
  HPDF_SaveToFile(pdf.get(), temporary.c_str());
  std::error_code ignored;
  if (const Status saved = CheckPdf(errors, path, "saving"); !saved) {
    std::filesystem::remove(temporary, ignored);
    return saved;
  }
  return MoveIntoPlace(temporary, path);
}

Status WriteDocumentPdf(const DocumentSource& source, const OpenPersonalDataFn& open_personal_data,
                        const std::string& path, const PdfFonts& fonts) {
  COOPLEDGER_ASSIGN_OR_RETURN(const DocumentContent content,
                              ComposeDocument(source, open_personal_data));
  return WriteDocumentContentPdf(content, path, fonts);
}

}  // namespace coopledger::adapters
