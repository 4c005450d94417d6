// `coopledger invoice pdf NUMBER --out FILE`: a validated invoice or credit note as PDF.
#include <CLI/CLI.hpp>
#include <ostream>

#include "adapters/books.h"
#include "adapters/cli.h"
#include "adapters/document_pdf.h"
#include "adapters/export_record.h"
#include "adapters/rules_loader.h"
#include "projections/work_state.h"

namespace coopledger::adapters {
namespace {

struct PdfArguments {
  std::string number;
  std::string out;
  std::string known_at;  // --known-at: the document as the books knew it then.
  ExportActor actor;
};

// The log folded into the work state, with what the state does not keep: the credit note
// numbered `number` (the state records only that it exists) and the CAE as it was when the
// document was validated, since a later configure-cae (a move, a new VAT regime) must not change
// a document already issued.
struct Replayed {
  projections::WorkState state;
  std::optional<events::CreditNoteValidated> credit_note;
  std::optional<events::CaeConfigured> cae_at_issue;
};

Result<Replayed> Replay(engine::EventStore& store, const events::DocumentNumber& number,
                        events::Seq last) {
  Replayed replayed;
  COOPLEDGER_RETURN_IF_ERROR(
      engine::ReplayLog(store, last, [&replayed, &number](const events::StoredEvent& event) {
        replayed.state.Apply(event);
        bool is_the_document = false;
        if (const auto* invoice = std::get_if<events::InvoiceValidated>(&event.body)) {
          is_the_document = invoice->invoice_number == number;
        } else if (const auto* credit = std::get_if<events::CreditNoteValidated>(&event.body)) {
          is_the_document = credit->credit_note_number == number;
          if (is_the_document) replayed.credit_note = *credit;
        }
        if (is_the_document) replayed.cae_at_issue = replayed.state.cae();
      }));
  return replayed;
}

// Gathers what the document prints from the replayed log and the dated rules.
Result<DocumentSource> GatherSource(const Replayed& replayed, const events::DocumentNumber& number,
                                    const engine::Rules& rules) {
  const projections::WorkState& state = replayed.state;
  DocumentSource source;
  const projections::InvoiceState* invoice = state.FindInvoice(number);
  if (invoice == nullptr && replayed.credit_note) {
    source.credit_note = replayed.credit_note;
    invoice = state.FindInvoice(replayed.credit_note->invoice_number);
  }
  if (invoice == nullptr) {
    return Error(ErrorCode::kNotFound,
                 number.value + ": no validated invoice or credit note has this number");
  }
  // Errors, not assertions: `append` takes events as given, without the deciders' checks.
  if (!replayed.cae_at_issue) {
    return Error(ErrorCode::kNotFound,
                 number.value + ": the CAE was not configured when it was validated");
  }
  const events::ClientRegistered* client = state.FindClient(invoice->invoice.client_id);
  if (client == nullptr) {
    return Error(ErrorCode::kNotFound,
                 number.value + ": unknown client " + invoice->invoice.client_id.value);
  }
  const projections::ActivityState* activity = state.FindActivity(invoice->invoice.activity_id);
  if (activity == nullptr) {
    return Error(ErrorCode::kNotFound,
                 number.value + ": unknown activity " + invoice->invoice.activity_id.value);
  }
  source.cae = *replayed.cae_at_issue;
  source.activity_name = activity->opened.name;
  source.client = *client;
  source.invoice = invoice->invoice;
  for (const events::JobId& job_id : invoice->invoice.job_ids) {
    const projections::JobState* job = state.FindJob(job_id);
    if (job != nullptr) source.service_dates.push_back(job->agreed.scheduled_on);
  }
  // The rate in force when penalties start: the day after the due date (C. com. L441-10 II).
  source.late_payment_rate_ppm = rules.LatePaymentRatePpm(invoice->invoice.due_on.AddDays(1));
  source.late_payment_margin_ppm = rules.late_margin_ppm;
  source.recovery_indemnity = rules.recovery_indemnity;
  return source;
}

void RunInvoicePdf(CliContext& context, const PdfArguments& arguments) {
  const events::DocumentNumber number{arguments.number};
  Result<engine::Rules> rules = LoadRules(context.rules_dir);
  if (!rules) return Fail(context, rules.error());
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  Result<events::Seq> last = LastSeqKnownAt(**store, arguments.known_at);
  if (!last) return Fail(context, last.error());
  Result<Replayed> replayed = Replay(**store, number, *last);
  if (!replayed) return Fail(context, replayed.error());
  Result<DocumentSource> source = GatherSource(*replayed, number, *rules);
  if (!source) return Fail(context, source.error());
  const OpenPersonalDataFn open_personal_data = [&store](const events::SealedData& sealed) {
    return (*store)->Unseal(sealed);
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
