// Files and reports of the books over HTTP: the FEC of a fiscal year, as `export fec` writes it;
// the ledger-cli journal and the Sage CSV of a year, as `export ledger` and `export sage` do;
// an invoice or credit note as PDF, as `invoice pdf` writes it; the general ledger, a journal,
// the activities' statements and the treasury, as `report ... --format json` prints them.
#include <charconv>
#include <cstdlib>
#include <functional>

#include "adapters/books.h"
#include "adapters/document_pdf.h"
#include "adapters/document_source.h"
#include "adapters/files.h"
#include "adapters/fec_export.h"
#include "adapters/http_api.h"
#include "adapters/http_handlers.h"
#include "adapters/ledger_export.h"
#include "adapters/ledger_reports.h"
#include "adapters/sage_export.h"
#include "projections/ledger.h"

namespace coopledger::adapters {
namespace {

// The query parameter `year`, a fiscal year; kInvalidArgument naming it.
Result<int32_t> YearOf(const ApiCall& call) {
  const std::string text = QueryValue(call, "year");
  int32_t year = 0;
  const auto [end, parsed] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.empty() || parsed != std::errc() || end != text.data() + text.size()) {
    return Error(ErrorCode::kInvalidArgument, "year: expected a year such as 2025");
  }
  if (!CheckYear(year)) {
    return Error(ErrorCode::kInvalidArgument,
                 "year: " + text + " is not a fiscal year (1900 to 2099)");
  }
  return year;
}

// The entries of fiscal `year` and the ledger that made them, as known at the call's `known_at`.
struct YearBooks {
  explicit YearBooks(int32_t year) : entries(year) {}
  projections::YearEntries entries;
  std::unique_ptr<projections::Ledger> ledger;
};

Result<std::unique_ptr<YearBooks>> LoadYearBooks(ApiContext& context, const ApiCall& call,
                                                 int32_t year, projections::LedgerOptions options) {
  COOPLEDGER_ASSIGN_OR_RETURN(const KnownSeq known, ResolveKnownAt(*context.store, call));
  auto books = std::make_unique<YearBooks>(year);
  const std::shared_ptr<engine::EventStore> store = SharedStore(context);
  COOPLEDGER_ASSIGN_OR_RETURN(books->ledger, ReplayStoreLedger(store, context.chart, &books->entries,
                                                               known.seq, options));
  return books;
}

}  // namespace

HttpResponse HandleFecFile(ApiContext& context, const ApiCall& call) {
  Result<int32_t> parsed_year = YearOf(call);
  if (!parsed_year) return ErrorAnswer(parsed_year.error());
  const int32_t year = *parsed_year;
  FecOptions options;
  const std::string separator = QueryValue(call, "separator");
  if (separator == "pipe") {
    options.separator = '|';
  } else if (!separator.empty() && separator != "tab") {
    return ErrorAnswer(Error(ErrorCode::kInvalidArgument,
                             "separator: \"" + separator + "\" is not tab or pipe"));
  }
  Result<std::unique_ptr<YearBooks>> books = LoadYearBooks(context, call, year, {});
  if (!books) return ErrorAnswer(books.error());
  const projections::Ledger& ledger = *(*books)->ledger;
  if (ledger.siren().empty()) {
    return ErrorAnswer(Error(ErrorCode::kNotFound,
                             "the CAE is not configured: the FEC is named after its SIREN"));
  }
  Result<std::string> fec =
      RenderFec((*books)->entries.entries(), ledger.Lettering(), ledger.chart(), options);
  if (!fec) return ErrorAnswer(fec.error());
  const std::string name = FecFileName(ledger.siren(), ledger.BoundsOf(year).end.AddDays(-1));
  const std::string parameters = "--year " + std::to_string(year) + " --separator " +
                                 (separator.empty() ? std::string("tab") : separator) +
                                 KnownAtParameter(call);
  // Handed out, so recorded, as `export fec` records its files.
  Result<engine::CommandResult> recorded =
      RecordHttpExport(context, call, "fec", parameters, name, *fec);
  if (!recorded) return ErrorAnswer(recorded.error());
  return FileAnswer("text/plain; charset=ISO-8859-15", std::move(*fec), name);
}

HttpResponse HandleLedgerJournal(ApiContext& context, const ApiCall& call) {
  Result<int32_t> year = YearOf(call);
  if (!year) return ErrorAnswer(year.error());
  Result<std::unique_ptr<YearBooks>> books =
      LoadYearBooks(context, call, *year, projections::LedgerOptions{false});
  if (!books) return ErrorAnswer(books.error());
  Result<std::string> journal =
      RenderLedgerJournal((*books)->entries.entries(), *(*books)->ledger, *year);
  if (!journal) return ErrorAnswer(journal.error());
  const std::string name = "journal-" + std::to_string(*year) + ".ledger";
  // Handed out, so recorded, as `export ledger` records its journal.
  Result<engine::CommandResult> recorded = RecordHttpExport(
      context, call, "ledger", "--year " + std::to_string(*year) + KnownAtParameter(call), name,
      *journal);
  if (!recorded) return ErrorAnswer(recorded.error());
  return FileAnswer("text/plain; charset=utf-8", std::move(*journal), name);
}

HttpResponse HandleSageFile(ApiContext& context, const ApiCall& call) {
  Result<int32_t> year = YearOf(call);
  if (!year) return ErrorAnswer(year.error());
  SageOptions options;
  if (const std::string text = QueryValue(call, "label_length"); !text.empty()) {
    int32_t length = 0;
    const auto [end, parsed] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (parsed != std::errc() || end != text.data() + text.size() || length < 1 ||
        length > kSageLabelLengthMax) {
      return ErrorAnswer(Error(ErrorCode::kInvalidArgument,
                               "label_length: \"" + text + "\" is not 1 to " +
                                   std::to_string(kSageLabelLengthMax)));
    }
    options.label_length = length;
  }
  Result<std::unique_ptr<YearBooks>> books = LoadYearBooks(context, call, *year, {});
  if (!books) return ErrorAnswer(books.error());
  Result<std::string> file = RenderSage((*books)->entries.entries(), options);
  if (!file) return ErrorAnswer(file.error());
  const std::string name = "sage-" + std::to_string(*year) + ".csv";
  // Handed out, so recorded, as `export sage` records its file.
  Result<engine::CommandResult> recorded = RecordHttpExport(
      context, call, "sage",
      "--year " + std::to_string(*year) + " --label-length " +
          std::to_string(options.label_length) + KnownAtParameter(call),
      name, *file);
  if (!recorded) return ErrorAnswer(recorded.error());
  return FileAnswer("text/csv; charset=ISO-8859-15", std::move(*file), name);
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
  Result<std::string> bytes = BytesWrittenBy("coopledger-invoice", [&](const std::string& path) {
    return WriteDocumentPdf(*source, open_personal_data, path);
  });
  if (!bytes) return ErrorAnswer(bytes.error());
  const std::string file_name = number.value + ".pdf";
  // Handed out, so recorded, as `invoice pdf` records its file.
  Result<engine::CommandResult> recorded =
      RecordHttpExport(context, call, "invoice-pdf", number.value, file_name, *bytes);
  if (!recorded) return ErrorAnswer(recorded.error());
  return FileAnswer("application/pdf", std::move(*bytes), file_name);
}

namespace {

// Answers {"known_at", "report"} with the report `build` makes from the ledger as known at the
// call's `known_at`.
HttpResponse ReportAnswer(
    ApiContext& context, const ApiCall& call,
    const std::function<Result<LedgerReport>(const ReplayInto&)>& build) {
  Result<KnownSeq> known = ResolveKnownAt(*context.store, call);
  if (!known) return ErrorAnswer(known.error());
  const std::shared_ptr<engine::EventStore> store = SharedStore(context);
  const ReplayInto replay = [&](projections::EntrySink* sink) {
    return ReplayStoreLedger(store, context.chart, sink, known->seq, {});
  };
  Result<LedgerReport> report = build(replay);
  if (!report) return ErrorAnswer(report.error());
  return JsonAnswer({{"known_at", KnownJson(*known)}, {"report", std::move(report->json)}});
}

}  // namespace

HttpResponse HandleGeneralLedger(ApiContext& context, const ApiCall& call) {
  Result<int32_t> year = YearOf(call);
  if (!year) return ErrorAnswer(year.error());
  return ReportAnswer(context, call, [&](const ReplayInto& replay) {
    return GeneralLedgerReport(replay, *year, QueryValue(call, "account"), "");
  });
}

HttpResponse HandleJournal(ApiContext& context, const ApiCall& call) {
  Result<int32_t> year = YearOf(call);
  if (!year) return ErrorAnswer(year.error());
  return ReportAnswer(context, call, [&](const ReplayInto& replay) {
    return JournalReport(replay, context.chart, *year, QueryValue(call, "journal"), "");
  });
}

HttpResponse HandleActivities(ApiContext& context, const ApiCall& call) {
  Result<int32_t> year = YearOf(call);
  if (!year) return ErrorAnswer(year.error());
  return ReportAnswer(context, call,
                      [&](const ReplayInto& replay) { return ActivitiesReport(replay, *year); });
}

HttpResponse HandleTreasury(ApiContext& context, const ApiCall& call) {
  return ReportAnswer(context, call, [&](const ReplayInto& replay) {
    return TreasuryReport(replay, QueryValue(call, "on"), "");
  });
}

}  // namespace coopledger::adapters
