// A4 pages drawn top to bottom with libhpdf, shared by every PDF coopledger writes (invoices,
// payslips, end-of-contract documents): DejaVu Sans embedded so that accents and the euro sign
// render, text in UTF-8, no creation date nor random id so that the same drawing always gives the
// same bytes, and a file that appears whole or not at all.
#ifndef COOPLEDGER_ADAPTERS_PDF_PAGES_H_
#define COOPLEDGER_ADAPTERS_PDF_PAGES_H_

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "events/result.h"

namespace coopledger::adapters {

// TrueType fonts to embed (Debian package fonts-dejavu-core).
struct PdfFonts {
  std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
};

// A4 portrait in points; y grows upwards from the bottom of the page.
constexpr float kPageLeft = 50.0f;
constexpr float kPageRight = 545.0f;
constexpr float kPageTop = 800.0f;
constexpr float kPageBottom = 60.0f;  // Content stays above; a footer may sit below.

enum class FontWeight { kRegular, kBold };
struct TextStyle {
  FontWeight weight = FontWeight::kRegular;
  float size = 9.0f;
  float gray = 0.0f;  // 0 is black.
};

// One PDF being drawn. Drawing calls never fail on their own: libhpdf's first error is kept and
// returned by Save, so a layout reads as a plain sequence of calls.
// Not copyable; not thread-safe.
class PdfPages {
 public:
  // Starts an empty document whose metadata title is `ascii_title`, to be saved at `path` (named
  // in errors). kStorageIo when libhpdf cannot start or a font cannot be read.
  static Result<std::unique_ptr<PdfPages>> Start(const std::string& path,
                                                 const std::string& ascii_title,
                                                 const PdfFonts& fonts);
  ~PdfPages();
  PdfPages(const PdfPages&) = delete;
  PdfPages& operator=(const PdfPages&) = delete;

  // Text drawn at the top of every page after the first, e.g. the invoice number
  // followed by "(suite)".
  void set_continued(std::string continued) { continued_ = std::move(continued); }

  // The top of the space left on the current page.
  float y() const { return y_; }
  void MoveDown(float height) { y_ -= height; }
  size_t page_count() const;
  // Draws on an earlier page (footers, once the page count is known). y() is left unchanged.
  void SelectPage(size_t index);
  void NewPage();
  // Starts a new page unless `height` fits above kPageBottom; true if it did.
  bool EnsureRoom(float height);

  void Text(float x, float baseline, TextStyle style, const std::string& text);
  void TextRight(float right, float baseline, TextStyle style, const std::string& text);
  void TextCentered(float center, float baseline, TextStyle style, const std::string& text);
  float Width(TextStyle style, const std::string& text) const;
  // Splits `text` into lines no wider than `width`, at spaces and newlines. A single word wider
  // than `width` stays whole.
  std::vector<std::string> Wrap(TextStyle style, const std::string& text, float width) const;
  void Fill(float x, float bottom, float width, float height, float gray);
  void Frame(float x, float bottom, float width, float height, float gray = 0.6f,
             float line_width = 0.6f);
  void Rule(float from_x, float to_x, float at_y, float gray);

  // A paragraph at `x`, wrapped to `width`, one `leading` per line below y(), then
  // `space_after`; on a new page if it does not fit on this one.
  void Paragraph(float x, float width, TextStyle style, const std::string& text, float leading,
                 float space_after);
  // Once every page is drawn: on each, a rule, `footer` at the bottom left (wrapped beside the
  // page number) and "<page_prefix>page i / n" at the bottom right.
  void Footers(float left, float right, TextStyle style, const std::string& footer,
               const std::string& page_prefix);

  // Writes the document beside `path`, then renames it over `path`. kStorageIo naming libhpdf's
  // error and detail codes (and the system's reason for file errors) if any step failed; then
  // `path` is left as it was.
  Status Save();

 private:
  struct Library;
  explicit PdfPages(std::string path);

  std::string path_;
  std::unique_ptr<Library> library_;  // libhpdf's document and pages: its types stay in the .cc.
  std::string continued_;
  float y_ = kPageTop;
};

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_PDF_PAGES_H_
