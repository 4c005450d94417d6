// `coopledger invoice pdf NUMBER --out FILE`: a validated invoice or credit note as PDF.
#include <CLI/CLI.hpp>
#include <ostream>

#include "adapters/books.h"
#include "adapters/cli.h"
#include "adapters/document_pdf.h"
#include "adapters/document_source.h"
#include "adapters/export_record.h"
#include "adapters/rules_loader.h"

namespace coopledger::adapters {
namespace {

struct PdfArguments {
  std::string number;
  std::string out;
  std::string known_at;  // --known-at: the document as the books knew it then.
  ExportActor actor;
};

void RunInvoicePdf(CliContext& context, const PdfArguments& arguments) {
  const events::DocumentNumber number{arguments.number};
  Result<engine::Rules> rules = LoadRules(context.rules_dir);
  if (!rules) return Fail(context, rules.error());
  Result<StoreKnownAt> opened = OpenKnownAt(context, arguments.known_at);
  if (!opened) return Fail(context, opened.error());
  engine::EventStore& store = *opened->store;
  Result<DocumentSource> source = DocumentSourceAsOf(store, number, opened->last, *rules);
  if (!source) return Fail(context, source.error());
  const OpenPersonalDataFn open_personal_data = [&store](const events::SealedData& sealed) {
    return store.Unseal(sealed);
  };
  const Status written = WriteDocumentPdf(*source, open_personal_data, arguments.out);
  if (!written) return Fail(context, written.error());
  if (Status recorded = RecordWrittenFile(context, arguments.actor, "invoice-pdf",
                                          arguments.number, arguments.out);
      !recorded) {
    return Fail(context, recorded.error());
  }
  *context.out << arguments.out << "\n";
}

}  // namespace

void AddDocumentVerbs(CLI::App& app, CliContext& context) {
  CLI::App* invoice =
      app.add_subcommand("invoice", "Documents of validated invoices and credit notes");
  invoice->require_subcommand(1);
  auto arguments = std::make_shared<PdfArguments>();
  CLI::App* pdf = invoice->add_subcommand(
      "pdf", "Write an invoice or a credit note as PDF, with its mandatory mentions");
  pdf->add_option("NUMBER", arguments->number, "The invoice or credit-note number, e.g. 2025-0001")
      ->required();
  pdf->add_option("--out", arguments->out, "The PDF file to write (replaced if it exists)")
      ->required();
  pdf->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  pdf->add_option("--rules", context.rules_dir, "Directory of the dated rules")
      ->capture_default_str();
  pdf->add_option("--known-at", arguments->known_at,
                  "As the books knew it then: a seq or an ISO-8601 UTC time (a document validated "
                  "later is not found)")
      ->type_name("SEQ|TIME");
  AddExportActorOptions(*pdf, arguments->actor);
  pdf->callback([&context, arguments] { RunInvoicePdf(context, *arguments); });
}

}  // namespace coopledger::adapters
