// Invoices and credit notes as PDF (libhpdf): A4 pages, DejaVu Sans embedded so that accents and
// "€" render, every mandatory mention of adapters/document_content.h. Up to about 25 lines fit on
// one page; longer documents continue on further pages, with the table's header repeated.
#ifndef COOPLEDGER_ADAPTERS_DOCUMENT_PDF_H_
#define COOPLEDGER_ADAPTERS_DOCUMENT_PDF_H_

#include <string>

#include "adapters/document_content.h"
#include "adapters/pdf_pages.h"

namespace coopledger::adapters {

// Composes the document of `source` (see ComposeDocument) and writes it as a PDF at `path`. The
// file is written beside `path` first and renamed over it, so `path` never holds half a document.
// The same source always gives the same bytes (no creation date, no random id).
// Errors: those of ComposeDocument; kStorageIo when libhpdf fails (a font that cannot be read,
// a file that cannot be written), naming libhpdf's error and detail codes. Never throws or aborts.
Status WriteDocumentPdf(const DocumentSource& source, const OpenPersonalDataFn& open_personal_data,
                        const std::string& path, const PdfFonts& fonts = PdfFonts());

// Writes already composed `content`; as above.
Status WriteDocumentContentPdf(const DocumentContent& content, const std::string& path,
                               const PdfFonts& fonts = PdfFonts());

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DOCUMENT_PDF_H_
