#include "adapters/payslip_pdf.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

// Table labels are French UTF-8 text, as in adapters/payslip_content.cc.

namespace coopledger::adapters {
namespace {

constexpr float kLeft = kPageLeft;
constexpr float kRight = kPageRight;
constexpr float kTop = kPageTop;
constexpr float kMiddle = 300.0f;  // Left edge of the right-hand blocks.
constexpr float kInset = 6.0f;
constexpr float kLeading = 11.0f;
constexpr float kHeaderHeight = 15.0f;
constexpr float kShade = 0.9f;

// Right edges of the contributions table's columns; the label wraps left of the base.
constexpr float kBaseRight = 300.0f;
constexpr float kEmployeeRateRight = 350.0f;
constexpr float kEmployeeAmountRight = 418.0f;
constexpr float kEmployerRateRight = 470.0f;
constexpr float kEmployerAmountRight = kRight - 4.0f;
constexpr float kLabelWidth = 185.0f;

constexpr TextStyle kBody{FontWeight::kRegular, 8.5f};
constexpr TextStyle kBodyBold{FontWeight::kBold, 8.5f};
constexpr TextStyle kSmall{FontWeight::kRegular, 7.5f};
constexpr TextStyle kLabel{FontWeight::kRegular, 7.0f, 0.4f};
constexpr TextStyle kCellHeader{FontWeight::kBold, 7.5f};
constexpr TextStyle kEmployerName{FontWeight::kBold, 12.0f};
constexpr TextStyle kTitle{FontWeight::kBold, 18.0f};
constexpr TextStyle kNetPaid{FontWeight::kBold, 12.0f};
constexpr TextStyle kFooter{FontWeight::kRegular, 7.0f, 0.35f};

// Draws `lines` from `baseline` down, each wrapped to `width`, the first one in `first_style`;
// returns the next free baseline.
float DrawLines(PdfPages& pages, float x, float baseline, float width,
                const std::vector<std::string>& lines, TextStyle first_style, float first_leading,
                TextStyle style, float leading) {
  for (size_t i = 0; i < lines.size(); ++i) {
    for (const std::string& part : pages.Wrap(i == 0 ? first_style : style, lines[i], width)) {
      pages.Text(x, baseline, i == 0 ? first_style : style, part);
      baseline -= i == 0 ? first_leading : leading;
    }
  }
  return baseline;
}

std::vector<std::string> Joined(const std::vector<LabelledValue>& values) {
  std::vector<std::string> lines;
  for (const LabelledValue& value : values) lines.push_back(value.label + " : " + value.value);
  return lines;
}

// The employer at the top left; the title and dates at the top right.
void DrawHeader(PdfPages& pages, const PayslipContent& content) {
  const float left = DrawLines(pages, kLeft, kTop - 12.0f, 240.0f, content.employer, kEmployerName,
                               15.0f, kSmall, 10.0f);
  float right = kTop - 14.0f;
  pages.TextRight(kRight, right, kTitle, content.title);
  right -= 16.0f;
  for (const LabelledValue& date : content.dates) {
    pages.TextRight(kRight, right, kBody, date.label + " : " + date.value);
    right -= kLeading;
  }
  pages.MoveDown(kTop - std::min(left, right) + 2.0f);
}

// The employment on the left, the employee in a frame on the right.
void DrawEmployee(PdfPages& pages, const PayslipContent& content) {
  const float top = pages.y();
  const float width = kRight - kMiddle - 2 * kInset;
  float right = top - kInset - 7.0f;
  pages.Text(kMiddle + kInset, right, kLabel, "Salarié(e)");
  right = DrawLines(pages, kMiddle + kInset, right - 12.0f, width, content.employee, kBodyBold,
                    kLeading, kSmall, 10.0f);
  float left = top - kInset - 7.0f;
  pages.Text(kLeft, left, kLabel, "Emploi et contrat");
  left = DrawLines(pages, kLeft, left - 12.0f, kMiddle - kLeft - 10.0f, Joined(content.employment),
                   kSmall, 10.0f, kSmall, 10.0f);
  const float bottom = std::min(left, right) - 2.0f;
  pages.Frame(kMiddle, bottom, kRight - kMiddle, top - bottom);
  pages.MoveDown(top - bottom + 8.0f);
}

// Hours, rate and gross as one shaded header over one row of values; the gross in bold.
void DrawPay(PdfPages& pages, const PayslipContent& content) {
  const float top = pages.y();
  pages.Fill(kLeft, top - kHeaderHeight, kRight - kLeft, kHeaderHeight, kShade);
  const float column = (kRight - kLeft) / static_cast<float>(content.pay.size());
  for (size_t i = 0; i < content.pay.size(); ++i) {
    const float right = kLeft + column * static_cast<float>(i + 1) - 4.0f;
    const bool gross = i + 1 == content.pay.size();
    pages.TextRight(right, top - 10.5f, kCellHeader, content.pay[i].label);
    pages.TextRight(right, top - kHeaderHeight - 12.0f, gross ? kBodyBold : kBody,
                    content.pay[i].value);
  }
  pages.MoveDown(kHeaderHeight + 20.0f);
}

void DrawContributionsHeader(PdfPages& pages) {
  const float top = pages.y();
  pages.Fill(kLeft, top - kHeaderHeight, kRight - kLeft, kHeaderHeight, kShade);
  const float baseline = top - 10.5f;
  pages.Text(kLeft + 4.0f, baseline, kCellHeader, "Cotisations et contributions sociales");
  pages.TextRight(kBaseRight, baseline, kCellHeader, "Base");
  pages.TextRight(kEmployeeRateRight, baseline, kCellHeader, "Taux");
  pages.TextRight(kEmployeeAmountRight, baseline, kCellHeader, "Part salarié");
  pages.TextRight(kEmployerRateRight, baseline, kCellHeader, "Taux");
  pages.TextRight(kEmployerAmountRight, baseline, kCellHeader, "Part employeur");
  pages.MoveDown(kHeaderHeight);
}

void DrawContributionRow(PdfPages& pages, const PayslipRow& row) {
  const bool line = row.kind == PayslipRow::Kind::kLine;
  const bool total = row.kind == PayslipRow::Kind::kTotal;
  const TextStyle label_style = line ? kBody : kBodyBold;
  const TextStyle figure_style = total ? kBodyBold : kBody;
  const float indent = line ? 14.0f : 4.0f;
  const std::vector<std::string> labels = pages.Wrap(label_style, row.label, kLabelWidth - indent);
  const float height = static_cast<float>(labels.size()) * kLeading + 4.0f;
  if (pages.EnsureRoom(height)) DrawContributionsHeader(pages);
  if (total) pages.Fill(kLeft, pages.y() - height, kRight - kLeft, height, kShade);
  float baseline = pages.y() - kLeading + 1.5f;
  pages.TextRight(kBaseRight, baseline, figure_style, row.base);
  pages.TextRight(kEmployeeRateRight, baseline, figure_style, row.employee_rate);
  pages.TextRight(kEmployeeAmountRight, baseline, figure_style, row.employee_amount);
  pages.TextRight(kEmployerRateRight, baseline, figure_style, row.employer_rate);
  pages.TextRight(kEmployerAmountRight, baseline, figure_style, row.employer_amount);
  for (const std::string& label : labels) {
    pages.Text(kLeft + indent, baseline, label_style, label);
    baseline -= kLeading;
  }
  pages.MoveDown(height);
  if (!total) pages.Rule(kLeft, kRight, pages.y(), 0.85f);
}

void DrawContributions(PdfPages& pages, const PayslipContent& content) {
  pages.EnsureRoom(kHeaderHeight + 2 * kLeading);
  DrawContributionsHeader(pages);
  for (const PayslipRow& row : content.contributions) DrawContributionRow(pages, row);
  pages.MoveDown(8.0f);
}

// One label and its amount across the page; `shaded` for the figures the arrêté wants to stand
// out.
void DrawAmountRow(PdfPages& pages, const LabelledValue& value, bool shaded) {
  const TextStyle style = shaded ? kBodyBold : kBody;
  const std::vector<std::string> labels = pages.Wrap(style, value.label, 380.0f);
  const float height = static_cast<float>(labels.size()) * kLeading + 3.0f;
  pages.EnsureRoom(height);
  if (shaded) pages.Fill(kLeft, pages.y() - height, kRight - kLeft, height, kShade);
  float baseline = pages.y() - 10.0f;
  pages.TextRight(kEmployerAmountRight, baseline, style, value.value);
  for (const std::string& label : labels) {
    pages.Text(kLeft + 4.0f, baseline, style, label);
    baseline -= kLeading;
  }
  pages.MoveDown(height);
}

void DrawWithholding(PdfPages& pages, const PayslipRow& row) {
  const float height = 26.0f;
  pages.EnsureRoom(height);
  const float top = pages.y();
  pages.TextRight(kBaseRight, top - 8.0f, kLabel, "Base");
  pages.TextRight(kEmployeeRateRight, top - 8.0f, kLabel, "Taux");
  pages.TextRight(kEmployerAmountRight, top - 8.0f, kLabel, "Montant");
  const float baseline = top - 20.0f;
  pages.Text(kLeft + 4.0f, baseline, kBody, row.label);
  pages.TextRight(kBaseRight, baseline, kBody, row.base);
  pages.TextRight(kEmployeeRateRight, baseline, kBody, row.employee_rate);
  pages.TextRight(kEmployerAmountRight, baseline, kBody, row.employee_amount);
  pages.MoveDown(height);
  pages.Rule(kLeft, kRight, pages.y(), 0.85f);
}

void DrawNetPaid(PdfPages& pages, const LabelledValue& net_paid) {
  const float height = 24.0f;
  pages.EnsureRoom(height + 12.0f);
  pages.MoveDown(6.0f);
  const float bottom = pages.y() - height;
  pages.Frame(kMiddle, bottom, kRight - kMiddle, height, 0.0f, 1.2f);
  pages.Text(kMiddle + 8.0f, bottom + 8.0f, kNetPaid, net_paid.label);
  pages.TextRight(kRight - 8.0f, bottom + 8.0f, kNetPaid, net_paid.value);
  pages.MoveDown(height + 6.0f);
}

void DrawYearToDate(PdfPages& pages, const PayslipContent& content) {
  const float height = 12.0f + kHeaderHeight + 16.0f;
  pages.EnsureRoom(height);
  pages.MoveDown(4.0f);
  pages.Text(kLeft, pages.y() - 8.0f, kLabel, "Cumuls de l'année civile");
  pages.MoveDown(12.0f);
  const float top = pages.y();
  pages.Fill(kLeft, top - kHeaderHeight, kRight - kLeft, kHeaderHeight, kShade);
  const float column = (kRight - kLeft) / static_cast<float>(content.year_to_date.size());
  for (size_t i = 0; i < content.year_to_date.size(); ++i) {
    const float right = kLeft + column * static_cast<float>(i + 1) - 4.0f;
    pages.TextRight(right, top - 10.5f, kCellHeader, content.year_to_date[i].label);
    pages.TextRight(right, top - kHeaderHeight - 11.0f, kBody, content.year_to_date[i].value);
  }
  pages.MoveDown(kHeaderHeight + 16.0f);
}

void DrawMentions(PdfPages& pages, const PayslipContent& content) {
  pages.MoveDown(4.0f);
  for (const std::string& mention : content.mentions) {
    pages.Paragraph(kLeft, kRight - kLeft, kSmall, mention, 10.0f, 2.0f);
  }
}

void DrawPayslip(PdfPages& pages, const PayslipContent& content) {
  pages.NewPage();
  DrawHeader(pages, content);
  DrawEmployee(pages, content);
  DrawPay(pages, content);
  DrawContributions(pages, content);
  for (size_t i = 0; i < content.net.size(); ++i) DrawAmountRow(pages, content.net[i], i == 0);
  DrawWithholding(pages, content.withholding);
  DrawNetPaid(pages, content.net_paid);
  for (const LabelledValue& value : content.after_net) DrawAmountRow(pages, value, false);
  DrawYearToDate(pages, content);
  DrawMentions(pages, content);
  pages.Footers(kLeft, kRight, kFooter, content.footer, content.title + " \u00b7 ");
}

}  // namespace

Status WritePayslipContentPdf(const PayslipContent& content, const std::string& path,
                              const PdfFonts& fonts) {
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<PdfPages> pages,
                              PdfPages::Start(path, content.ascii_title, fonts));
  pages->set_continued(content.ascii_title + " (suite)");
  DrawPayslip(*pages, content);
  return pages->Save();
}

Status WritePayslipPdf(const PayslipSource& source, const std::string& path,
                       const PdfFonts& fonts) {
  COOPLEDGER_ASSIGN_OR_RETURN(const PayslipContent content, ComposePayslip(source));
  return WritePayslipContentPdf(content, path, fonts);
}

}  // namespace coopledger::adapters
