// Files over HTTP: the FEC of a fiscal year, as `export fec` writes it; an invoice or credit
// note as PDF, as `invoice pdf` writes it.
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "adapters/books.h"
#include "adapters/document_pdf.h"
#include "adapters/document_source.h"
#include "adapters/files.h"
#include "adapters/fec_export.h"
#include "adapters/http_api.h"
#include "adapters/http_handlers.h"
#include "projections/ledger.h"

namespace coopledger::adapters {

HttpResponse HandleFecFile(ApiContext& context, const ApiCall& call) {
  const std::string year_text = QueryValue(call, "year");
  int32_t year = 0;
  const auto [end, parsed] =
      std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
  if (year_text.empty() || parsed != std::errc() || end != year_text.data() + year_text.size()) {
    return ErrorAnswer(Error(ErrorCode::kInvalidArgument, "year: expected a year such as 2025"));
  }
  if (Status checked = CheckYear(year); !checked) {
    return ErrorAnswer(checked.error().WithContext("year: "));
  }
  FecOptions options;
  const std::string separator = QueryValue(call, "separator");
  if (separator == "pipe") {
    options.separator = '|';
  } else if (!separator.empty() && separator != "tab") {
    return ErrorAnswer(Error(ErrorCode::kInvalidArgument,
                             "separator: \"" + separator + "\" is not tab or pipe"));
  }
  Result<KnownSeq> known = ResolveKnownAt(*context.store, call);
  if (!known) return ErrorAnswer(known.error());
  projections::YearEntries entries(year);
  // The ledger reads reversed events back from the server's own store, which outlives it.
  std::shared_ptr<engine::EventStore> store(context.store, [](engine::EventStore*) {});
  Result<std::unique_ptr<projections::Ledger>> ledger =
      ReplayStoreLedger(store, context.chart, &entries, known->seq, {});
  if (!ledger) return ErrorAnswer(ledger.error());
  if ((*ledger)->siren().empty()) {
    return ErrorAnswer(Error(ErrorCode::kNotFound,
                             "the CAE is not configured: the FEC is named after its SIREN"));
  }
  Result<std::string> fec =
      RenderFec(entries.entries(), (*ledger)->Lettering(), (*ledger)->chart(), options);
  if (!fec) return ErrorAnswer(fec.error());
  const projections::FiscalYearBounds bounds = (*ledger)->BoundsOf(year);
  const std::string name = FecFileName((*ledger)->siren(), bounds.end.AddDays(-1));
  std::string parameters = "--year " + year_text + " --separator " +
                           (separator.empty() ? std::string("tab") : separator);
  if (!QueryValue(call, "known_at").empty()) parameters += " --known-at " + QueryValue(call, "known_at");
  // Handed out, so recorded, as `export fec` records its files.
  Result<engine::CommandResult> recorded =
      RecordHttpExport(context, call, "fec", parameters, name, *fec);
  if (!recorded) return ErrorAnswer(recorded.error());
  return HttpResponse{200,
                      "text/plain; charset=ISO-8859-15",
                      std::move(*fec),
                      {{"Content-Disposition", "attachment; filename=\"" + name + "\""}}};
}

HttpResponse HandleInvoicePdf(ApiContext& context, const ApiCall& call) {
  const events::DocumentNumber number{call.params.at("number")};
  Result<KnownSeq> known = ResolveKnownAt(*context.store, call);
  if (!known) return ErrorAnswer(known.error());
  Result<DocumentSource> source =
      DocumentSourceAsOf(*context.store, number, known->seq, context.service->rules());
  if (!source) return ErrorAnswer(source.error());
  // A committee asking for another activity's document learns nothing more than "not found".
  if (!call.activity.empty() && source->invoice.activity_id.value != call.activity) {
    return ErrorAnswer(Error(ErrorCode::kNotFound,
                             number.value + ": no validated invoice or credit note has this number"));
  }
  const OpenPersonalDataFn open_personal_data = [&context](const events::SealedData& sealed) {
    return context.store->Unseal(sealed);
  };
  // libhpdf writes files: one private temporary file per request, read back and removed.
  std::string path = (std::filesystem::temp_directory_path() / "coopledger-invoice-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return ErrorAnswer(Error(ErrorCode::kStorageIo, "temporary file for the PDF"));
  close(fd);
  const Status written = WriteDocumentPdf(*source, open_personal_data, path);
  Result<std::string> bytes = written ? ReadFileUpTo(path, 16 << 20, ErrorCode::kStorageIo)
                                      : Result<std::string>(written.error());
  std::filesystem::remove(path);
  if (!bytes) return ErrorAnswer(bytes.error());
  const std::string file_name = number.value + ".pdf";
  // Handed out, so recorded, as `invoice pdf` records its file.
  Result<engine::CommandResult> recorded =
      RecordHttpExport(context, call, "invoice-pdf", number.value, file_name, *bytes);
  if (!recorded) return ErrorAnswer(recorded.error());
  return HttpResponse{200, "application/pdf", std::move(*bytes),
                      {{"Content-Disposition", "attachment; filename=\"" + file_name + "\""}}};
}

}  // namespace coopledger::adapters
