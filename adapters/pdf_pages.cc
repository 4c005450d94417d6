#include "adapters/pdf_pages.h"

#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "adapters/files.h"

namespace coopledger::adapters {
namespace {

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

}  // namespace

struct PdfPages::Library {
  // `errors` is registered with libhpdf by address: the struct never moves (held by unique_ptr).
  PdfErrors errors;
  HPDF_Doc pdf = nullptr;
  HPDF_Font regular = nullptr;
  HPDF_Font bold = nullptr;
  std::vector<HPDF_Page> pages;
  HPDF_Page page = nullptr;

  ~Library() {
    if (pdf != nullptr) HPDF_Free(pdf);
  }
  HPDF_Font Font(TextStyle style) const {
    return style.weight == FontWeight::kBold ? bold : regular;
  }
};

PdfPages::PdfPages(std::string path)
    : path_(std::move(path)), library_(std::make_unique<Library>()) {}

PdfPages::~PdfPages() = default;

Result<std::unique_ptr<PdfPages>> PdfPages::Start(const std::string& path,
                                                  const std::string& ascii_title,
                                                  const PdfFonts& fonts) {
  std::unique_ptr<PdfPages> pages(new PdfPages(path));
  Library& library = *pages->library_;
  library.pdf = HPDF_New(OnPdfError, &library.errors);
  if (library.pdf == nullptr)
    return Error(ErrorCode::kStorageIo, path + ": libhpdf could not start");
  // No HPDF_INFO_CREATION_DATE nor document id: the bytes depend on the drawing only.
  HPDF_SetCompressionMode(library.pdf, HPDF_COMP_ALL);
  HPDF_SetInfoAttr(library.pdf, HPDF_INFO_TITLE, ascii_title.c_str());
  HPDF_SetInfoAttr(library.pdf, HPDF_INFO_CREATOR, "coopledger");
  HPDF_UseUTFEncodings(library.pdf);
  HPDF_SetCurrentEncoder(library.pdf, "UTF-8");
  const char* regular_name = HPDF_LoadTTFontFromFile(library.pdf, fonts.regular.c_str(), HPDF_TRUE);
  const char* bold_name = HPDF_LoadTTFontFromFile(library.pdf, fonts.bold.c_str(), HPDF_TRUE);
  COOPLEDGER_RETURN_IF_ERROR(CheckPdf(library.errors, path, "loading the fonts"));
  library.regular = HPDF_GetFont(library.pdf, regular_name, "UTF-8");
  library.bold = HPDF_GetFont(library.pdf, bold_name, "UTF-8");
  COOPLEDGER_RETURN_IF_ERROR(CheckPdf(library.errors, path, "loading the fonts"));
  return pages;
}

size_t PdfPages::page_count() const { return library_->pages.size(); }

void PdfPages::SelectPage(size_t index) { library_->page = library_->pages[index]; }

void PdfPages::NewPage() {
  Library& library = *library_;
  library.page = HPDF_AddPage(library.pdf);
  if (library.page == nullptr) return;
  HPDF_Page_SetSize(library.page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  library.pages.push_back(library.page);
  y_ = kPageTop;
  if (library.pages.size() > 1 && !continued_.empty()) {
    Text(kPageLeft, y_ - 8.0f, TextStyle{FontWeight::kRegular, 7.5f, 0.4f}, continued_);
    y_ -= 20.0f;
  }
}

bool PdfPages::EnsureRoom(float height) {
  if (y_ - height >= kPageBottom) return false;
  NewPage();
  return true;
}

void PdfPages::Text(float x, float baseline, TextStyle style, const std::string& text) {
  HPDF_Page page = library_->page;
  if (page == nullptr || text.empty()) return;
  HPDF_Page_SetGrayFill(page, style.gray);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, library_->Font(style), style.size);
  HPDF_Page_TextOut(page, x, baseline, text.c_str());
  HPDF_Page_EndText(page);
}

void PdfPages::TextRight(float right, float baseline, TextStyle style, const std::string& text) {
  Text(right - Width(style, text), baseline, style, text);
}

void PdfPages::TextCentered(float center, float baseline, TextStyle style,
                            const std::string& text) {
  Text(center - Width(style, text) / 2.0f, baseline, style, text);
}

float PdfPages::Width(TextStyle style, const std::string& text) const {
  const HPDF_TextWidth width =
      HPDF_Font_TextWidth(library_->Font(style), reinterpret_cast<const HPDF_BYTE*>(text.data()),
                          static_cast<HPDF_UINT>(text.size()));
  return static_cast<float>(width.width) * style.size / 1000.0f;
}

std::vector<std::string> PdfPages::Wrap(TextStyle style, const std::string& text,
                                        float width) const {
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

void PdfPages::Fill(float x, float bottom, float width, float height, float gray) {
  HPDF_Page page = library_->page;
  if (page == nullptr) return;
  HPDF_Page_SetGrayFill(page, gray);
  HPDF_Page_Rectangle(page, x, bottom, width, height);
  HPDF_Page_Fill(page);
}

void PdfPages::Frame(float x, float bottom, float width, float height, float gray,
                     float line_width) {
  HPDF_Page page = library_->page;
  if (page == nullptr) return;
  HPDF_Page_SetGrayStroke(page, gray);
  HPDF_Page_SetLineWidth(page, line_width);
  HPDF_Page_Rectangle(page, x, bottom, width, height);
  HPDF_Page_Stroke(page);
}

void PdfPages::Paragraph(float x, float width, TextStyle style, const std::string& text,
                         float leading, float space_after) {
  const std::vector<std::string> lines = Wrap(style, text, width);
  EnsureRoom(static_cast<float>(lines.size()) * leading + space_after);
  for (const std::string& line : lines) {
    MoveDown(leading);
    Text(x, y(), style, line);
  }
  MoveDown(space_after);
}

void PdfPages::Footers(float left, float right, TextStyle style, const std::string& footer,
                       const std::string& page_prefix) {
  constexpr float kRuleY = 46.0f;
  constexpr float kBaseline = 36.0f;
  constexpr float kLeading = 9.0f;
  const size_t count = page_count();
  for (size_t i = 0; i < count; ++i) {
    SelectPage(i);
    Rule(left, right, kRuleY, 0.7f);
    const std::string page = page_prefix + "page " + std::to_string(i + 1) + " / " + std::to_string(count);
    float baseline = kBaseline;
    for (const std::string& line : Wrap(style, footer, right - left - Width(style, page) - 20.0f)) {
      Text(left, baseline, style, line);
      baseline -= kLeading;
    }
    TextRight(right, kBaseline, style, page);
  }
}

void PdfPages::Rule(float from_x, float to_x, float at_y, float gray) {
  HPDF_Page page = library_->page;
  if (page == nullptr) return;
  HPDF_Page_SetGrayStroke(page, gray);
  HPDF_Page_SetLineWidth(page, 0.5f);
  HPDF_Page_MoveTo(page, from_x, at_y);
  HPDF_Page_LineTo(page, to_x, at_y);
  HPDF_Page_Stroke(page);
}

Status PdfPages::Save() {
  Library& library = *library_;
  COOPLEDGER_RETURN_IF_ERROR(CheckPdf(library.errors, path_, "drawing"));
  const std::string temporary = path_ + ".tmp";
  HPDF_SaveToFile(library.pdf, temporary.c_str());
  if (const Status saved = CheckPdf(library.errors, path_, "saving"); !saved) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return saved;
  }
  return MoveIntoPlace(temporary, path_);
}

}  // namespace coopledger::adapters
