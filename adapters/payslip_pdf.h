// Payslips as PDF (libhpdf, adapters/pdf_pages.h): one A4 page for a normal payslip, in the
// layout of the simplified payslip of adapters/payslip_content.h (Code du travail R3243-1 and
// R3243-2, arrêté du 25 février 2016 as amended): employer and employee, pay period and payment
// date, hours and gross, contributions by risk, net before tax, net taxable, withholding, the net
// paid in a box, net social amount, employer cost, the year's totals and the mentions. A payslip
// with unusually many lines continues on a further page, with the table's header repeated.
#ifndef COOPLEDGER_ADAPTERS_PAYSLIP_PDF_H_
#define COOPLEDGER_ADAPTERS_PAYSLIP_PDF_H_

#include <string>

#include "adapters/payslip_content.h"
#include "adapters/pdf_pages.h"

namespace coopledger::adapters {

// Composes the payslip of `source` (see ComposePayslip) and writes it as a PDF at `path`. The file
// is written beside `path` first and renamed over it, so `path` never holds half a payslip. The
// same source always gives the same bytes (no creation date, no random id).
// Errors: those of ComposePayslip; kStorageIo when libhpdf fails (a font that cannot be read, a
// file that cannot be written), naming libhpdf's error and detail codes. Never throws or aborts.
Status WritePayslipPdf(const PayslipSource& source, const std::string& path,
                       const PdfFonts& fonts = PdfFonts());

// Writes already composed `content`; as above.
Status WritePayslipContentPdf(const PayslipContent& content, const std::string& path,
                              const PdfFonts& fonts = PdfFonts());

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_PAYSLIP_PDF_H_
