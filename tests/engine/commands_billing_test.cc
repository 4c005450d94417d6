// Commands of drafts, invoices, credit notes, payments, refunds, reminders, costs and other income.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "tests/engine/command_fixture.h"

namespace coopledger::test {
namespace {

using enum ErrorCode;
using events::PaymentMethod;
using events::Seq;

std::string NumberOf(const events::StoredEvent& event) {
  if (const auto* invoice = std::get_if<events::InvoiceValidated>(&event.body)) {
    return invoice->invoice_number.value;
  }
  if (const auto* credit = std::get_if<events::CreditNoteValidated>(&event.body)) {
    return credit->credit_note_number.value;
  }
  return "<not a document>";
}

events::InvoiceDrafted Draft() {
  events::InvoiceDrafted draft;
  draft.draft_id = "D-1";
  draft.client_id.value = "C-0001";
  draft.activity_id.value = "A-ENT";
  draft.job_ids = {events::JobId{"J-0001"}};
  draft.lines = {Line("Cleaning, 2.5 hours", 2'500, 20'00, 100'000)};
  return draft;
}

events::SelfFinancingRecorded SelfFinancing(Date held_on) {
  return events::SelfFinancingRecorded{
      "S-1",      events::ActivityId{"A-CJS"}, held_on,
      "car wash", Money::FromCents(250'00),    PaymentMethod::kCash};
}

events::GrantReceived Grant(Date received_on) {
  return events::GrantReceived{
      "G-1",       events::ActivityId{"A-CJS"}, "Ville de Clermont-Ferrand",
      received_on, Money::FromCents(1500'00),   "summer season"};
}

// ---------------------------------------------------------------- InvoiceDrafted

TEST_F(CommandHandlerTest, InvoiceDraftedComputesItsLinesAndTakesNoNumber) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::StoredEvent event = AcceptOne(Draft());
  EXPECT_EQ(Envelope(event), "draft/D-1 v1 2025-09-30");
  events::InvoiceDrafted expected = Draft();
  expected.lines[0].amount_excl_vat = Money::FromCents(50'00);
  EXPECT_EQ(std::get<events::InvoiceDrafted>(event.body), expected);
  EXPECT_EQ(service_->state().SequenceOf(2025).last_number, 0);
  ExpectRefused(Draft(), kAlreadyExists, "draft_id: D-1 already exists");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidDraft) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(events::ActivityClosed{events::ActivityId{"A-CJS"}, Day("2025-09-15"), "season over"});
  ExpectRefusals<events::InvoiceDrafted>(
      Draft(),
      {
          {[](auto& c) { c.draft_id.clear(); }, kInvalidArgument, "draft_id: required"},
          {[](auto& c) { c.client_id.value = "C-0404"; }, kNotFound, "client_id: no client C-0404"},
          {[](auto& c) { c.activity_id.value = "A-NONE"; }, kNotFound,
           "activity_id: no activity A-NONE"},
          {[](auto& c) { c.activity_id.value = "A-CJS"; }, kPeriodClosed,
           "activity_id: activity A-CJS is not open on 2025-09-30"},
          {[](auto& c) { c.job_ids.push_back(events::JobId{"J-0404"}); }, kNotFound,
           "job_ids[1]: no job J-0404"},
          {[](auto& c) { c.lines.clear(); }, kInvalidArgument,
           "lines: a document needs at least one line"},
          {[](auto& c) { c.lines[0].quantity_milli = 0; }, kInvalidArgument,
           "lines[0].quantity_milli: must be positive"},
      });
}

// ---------------------------------------------------------------- InvoiceValidated

TEST_F(CommandHandlerTest, InvoiceValidatedTakesTheNextNumberAndComputesVatPerRateOnTotals) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::InvoiceValidated invoice = Invoice("C-0001", "A-ENT", Date());
  invoice.lines = {
      Line("Cleaning, 1.5 hours", 1'500, 23'31, 100'000),  // 34.965: line rounds half-up.
      Line("Products", 1'000, 14, 100'000),
      Line("Products", 1'000, 14, 100'000),
      Line("Travel", 1'000, 20'00, 200'000),
      Line("Supplies", 3'000, 3'33, 55'000),
  };
  const events::StoredEvent event = AcceptOne(invoice);
  EXPECT_EQ(Envelope(event), "invoice/2025-0001 v1 2025-09-30");

  events::InvoiceValidated expected = invoice;
  expected.invoice_number.value = "2025-0001";
  expected.issued_on = Day("2025-09-30");
  expected.due_on = Day("2025-10-30");  // The client's 30 days.
  const int64_t line_cents[] = {34'97, 14, 14, 20'00, 9'99};
  for (size_t i = 0; i < expected.lines.size(); ++i) {
    expected.lines[i].amount_excl_vat = Money::FromCents(line_cents[i]);
  }
  // 10 %: 35.25 x 10 % = 3.525 -> 3.53 on the rate's total (lines alone would give 3.50 + 0.01
  // + 0.01). 5.5 %: 9.99 x 5.5 % = 0.54945 -> 0.55.
  expected.vat_totals = {
      events::VatTotal{55'000, Money::FromCents(9'99), Money::FromCents(55)},
      events::VatTotal{100'000, Money::FromCents(35'25), Money::FromCents(3'53)},
      events::VatTotal{200'000, Money::FromCents(20'00), Money::FromCents(4'00)},
  };
  expected.total_excl_vat = Money::FromCents(65'24);
  expected.total_vat = Money::FromCents(8'08);
  expected.total_incl_vat = Money::FromCents(73'32);
  EXPECT_EQ(std::get<events::InvoiceValidated>(event.body), expected);
}

TEST_F(CommandHandlerTest, InvoiceValidatedTakesTheContentOfItsDraft) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Draft());
  events::InvoiceValidated validate;
  validate.draft_id = "D-1";
  validate.issued_on = Day("2025-09-20");
  validate.due_on = Day("2025-10-01");
  const auto invoice = AcceptBody<events::InvoiceValidated>(validate);
  EXPECT_EQ(invoice.invoice_number.value, "2025-0001");
  EXPECT_EQ(invoice.draft_id, "D-1");
  EXPECT_EQ(invoice.client_id.value, "C-0001");
  EXPECT_EQ(invoice.activity_id.value, "A-ENT");
  EXPECT_EQ(invoice.job_ids, Draft().job_ids);
  EXPECT_EQ(invoice.lines.size(), 1u);
  EXPECT_EQ(invoice.due_on, Day("2025-10-01"));
  EXPECT_EQ(invoice.total_incl_vat, Money::FromCents(55'00));
  ExpectRefused(validate, kDocumentValidated,
                "draft_id: D-1 is already validated: issue a credit note");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidInvoice) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Company("C-0002"));
  Accept(Draft());
  events::InvoiceValidated valid = Invoice("C-0001", "A-ENT", Day("2025-09-15"));
  valid.job_ids = {events::JobId{"J-0001"}};
  ExpectRefusals<events::InvoiceValidated>(
      valid,
      {
          {[](auto& c) { c.invoice_number.value = "2025-0001"; }, kInvalidArgument,
           "invoice_number: given at validation by coopledger: leave it out"},
          {[](auto& c) { c.draft_id = "D-404"; }, kNotFound, "draft_id: no draft D-404"},
          {[](auto& c) { c.draft_id = "D-1"; }, kInvalidArgument,
           "draft_id: validating a draft takes its client, activity, jobs and lines: leave them "
           "out"},
          {[](auto& c) { c.client_id.value = "C-0404"; }, kNotFound, "client_id: no client C-0404"},
          {[](auto& c) { c.issued_on = Day("2025-10-01"); }, kInvalidArgument,
           "issued_on: 2025-10-01 is after today (2025-09-30)"},
          {[](auto& c) { c.activity_id.value = "A-NONE"; }, kNotFound,
           "activity_id: no activity A-NONE"},
          {[](auto& c) { c.issued_on = Day("2024-12-31"); }, kPeriodClosed,
           "activity_id: activity A-ENT is not open on 2024-12-31"},
          {[](auto& c) { c.job_ids.push_back(events::JobId{"J-0404"}); }, kNotFound,
           "job_ids[1]: no job J-0404"},
          {[](auto& c) { c.client_id.value = "C-0002"; }, kInvalidArgument,
           "job_ids[0]: J-0001 was agreed with client C-0001"},
          {[](auto& c) { c.lines.clear(); }, kInvalidArgument,
           "lines: a document needs at least one line"},
          {[](auto& c) { c.lines[0].description.clear(); }, kInvalidArgument,
           "lines[0].description: required"},
          {[](auto& c) { c.lines[0].quantity_milli = 0; }, kInvalidArgument,
           "lines[0].quantity_milli: must be positive"},
          {[](auto& c) { c.lines[0].vat_rate_ppm = 196'000; }, kInvalidArgument,
           "lines[0].vat_rate_ppm: 196000 is not a VAT rate in force on 2025-09-15"},
          {[](auto& c) {
             c.lines[0].quantity_milli = 2'000;
             c.lines[0].unit_price = Money::FromCents(600'000'000'00);
           },
           kInvalidArgument, "lines[0]: amount above one billion euros"},
          {[](auto& c) { c.lines[0].amount_excl_vat = Money::FromCents(999'99); }, kInvalidArgument,
           "lines[0].amount_excl_vat_cents: gives 999.99 but quantity x unit price is 1000.00"},
          {[](auto& c) { c.lines.push_back(Line("Discount", 1'000, -1000'00, 200'000)); },
           kInvalidArgument, "lines: the total excluding VAT must be positive"},
          {[](auto& c) { c.due_on = Day("2025-09-14"); }, kInvalidArgument,
           "due_on: must lie between issued_on and the client's payment terms (2025-10-15)"},
          {[](auto& c) { c.due_on = Day("2025-10-16"); }, kInvalidArgument,
           "due_on: must lie between issued_on and the client's payment terms (2025-10-15)"},
      });
  // Now 2025-0001 exists, dated 2025-09-15.
  events::InvoiceValidated renumbered = valid;
  renumbered.invoice_number.value = "2025-0001";
  ExpectRefused(renumbered, kDocumentValidated,
                "invoice_number: 2025-0001 is validated and never changes: issue a credit note");
  ExpectRefused(Invoice("C-0001", "A-ENT", Day("2025-09-14")), kInvalidArgument,
                "issued_on: 2025-09-14 is before the last document of the sequence (2025-09-15): "
                "numbers follow the dates");
  // A discount line is fine while the total stays positive; the due date may be the issue date.
  events::InvoiceValidated discounted = Invoice("C-0001", "A-ENT", Day("2025-09-15"));
  discounted.lines.push_back(Line("Discount", 1'000, -100'00, 200'000));
  discounted.due_on = Day("2025-09-15");
  const auto second = AcceptBody<events::InvoiceValidated>(discounted);
  EXPECT_EQ(second.invoice_number.value, "2025-0002");
  EXPECT_EQ(second.total_incl_vat, Money::FromCents(1080'00));
}

TEST_F(CommandHandlerTest, FranchiseCaeInvoicesWithoutVat) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::CaeConfigured franchise = Cae();
  franchise.vat_regime = events::VatRegime::kFranchise;
  Accept(franchise);
  ExpectRefused(Invoice("C-0001", "A-ENT", Day("2025-09-15")), kInvalidArgument,
                "lines[0].vat_rate_ppm: the CAE is under the VAT franchise (CGI 293 B): 0 only");
  events::InvoiceValidated invoice = Invoice("C-0001", "A-ENT", Day("2025-09-15"));
  invoice.lines[0].vat_rate_ppm = 0;
  const auto accepted = AcceptBody<events::InvoiceValidated>(invoice);
  EXPECT_EQ(accepted.total_vat, Money());
  EXPECT_EQ(accepted.total_incl_vat, Money::FromCents(1000'00));
}

TEST_F(CommandHandlerTest, InvoicesAndCreditNotesShareOneContinuousSequencePerYear) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  std::string numbers;
  auto keep = [&numbers](const std::vector<events::StoredEvent>& appended) {
    for (const events::StoredEvent& event : appended) numbers += NumberOf(event) + " ";
  };
  keep(Accept(Invoice("C-0001", "A-ENT", Day("2025-09-01"))));
  const events::StoredEvent credit = AcceptOne(CreditNote("2025-0001", Day("2025-09-02")));
  EXPECT_EQ(Envelope(credit), "invoice/2025-0001 v2 2025-09-02");
  keep({credit});
  events::InvoiceValidated refused = Invoice("C-0001", "A-ENT", Day("2025-09-03"));
  refused.lines[0].vat_rate_ppm = 196'000;
  Refuse(refused);  // Takes no number.
  keep(Accept(Invoice("C-0001", "A-ENT", Day("2025-09-03"))));
  // A refused batch takes no number either; an accepted one numbers in order.
  EXPECT_FALSE(service_
                   ->ExecuteAll(events::CommandId{"two invoices"}, Admin(),
                                {Invoice("C-0001", "A-ENT", Day("2025-09-04")),
                                 Invoice("C-0404", "A-ENT", Day("2025-09-05"))})
                   .has_value());
  Result<engine::CommandResult> batch =
      service_->ExecuteAll(events::CommandId{"two invoices"}, Admin(),
                           {Invoice("C-0001", "A-ENT", Day("2025-09-04")),
                            Invoice("C-0001", "A-ENT", Day("2025-09-05"))});
  ASSERT_TRUE(batch.has_value()) << batch.error().ToString();
  keep(Read(batch->seqs));
  // A restart rebuilds the sequence from the log.
  StartService();
  keep(Accept(Invoice("C-0001", "A-ENT", Day("2025-09-06"))));
  // A new year starts again at 0001; the old year's sequence goes on where it stopped.
  clock_.Set(Timestamp::FromMicros(kNewYearMicros));
  keep(Accept(Invoice("C-0001", "A-ENT", Day("2026-01-05"))));
  keep(Accept(CreditNote("2026-0001", Day("2026-01-05"))));
  keep(Accept(Invoice("C-0001", "A-ENT", Day("2025-12-31"))));
  EXPECT_EQ(numbers,
            "2025-0001 2025-0002 2025-0003 2025-0004 2025-0005 2025-0006 "
            "2026-0001 2026-0002 2025-0007 ");
}

// ---------------------------------------------------------------- CreditNoteValidated

TEST_F(CommandHandlerTest, CreditNoteWithoutLinesCreditsTheWholeInvoice) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const auto invoice =
      AcceptBody<events::InvoiceValidated>(Invoice("C-0001", "A-ENT", Day("2025-09-01")));
  const events::StoredEvent event = AcceptOne(CreditNote("2025-0001", Date()));
  EXPECT_EQ(Envelope(event), "invoice/2025-0001 v2 2025-09-30");
  events::CreditNoteValidated expected = CreditNote("2025-0001", Day("2025-09-30"));
  expected.credit_note_number.value = "2025-0002";
  expected.lines = invoice.lines;
  expected.vat_totals = invoice.vat_totals;
  expected.total_excl_vat = Money::FromCents(1000'00);
  expected.total_vat = Money::FromCents(200'00);
  expected.total_incl_vat = Money::FromCents(1200'00);
  EXPECT_EQ(std::get<events::CreditNoteValidated>(event.body), expected);
  ExpectRefused(Reminder("2025-0001", Day("2025-09-30")), kInvalidArgument,
                "invoice_number: 2025-0001 is settled");
}

TEST_F(CommandHandlerTest, CreditNotesNeverCreditMoreThanRemains) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-09-01")));
  events::CreditNoteValidated partial = CreditNote("2025-0001", Day("2025-09-10"));
  partial.lines = {Line("Windows not cleaned", 250, 1000'00, 200'000)};
  const auto first = AcceptBody<events::CreditNoteValidated>(partial);
  EXPECT_EQ(first.credit_note_number.value, "2025-0002");
  EXPECT_EQ(first.total_incl_vat, Money::FromCents(300'00));

  ExpectRefused(CreditNote("2025-0001", Day("2025-09-20")), kInvalidArgument,
                "lines: required: the invoice was already partly credited");
  events::CreditNoteValidated too_much = CreditNote("2025-0001", Day("2025-09-20"));
  too_much.lines = {Line("Everything", 1'000, 1000'00, 200'000)};
  ExpectRefused(too_much, kExceedsOpenAmount,
                "lines: the credit note totals 1200.00 incl. VAT, above the 900.00 that remain of "
                "invoice 2025-0001");
  events::CreditNoteValidated rest = CreditNote("2025-0001", Day("2025-09-20"));
  rest.lines = {Line("The rest", 750, 1000'00, 200'000)};
  EXPECT_EQ(AcceptBody<events::CreditNoteValidated>(rest).credit_note_number.value, "2025-0003");
  events::CreditNoteValidated cent = CreditNote("2025-0001", Day("2025-09-20"));
  cent.lines = {Line("One cent", 1'000, 1, 200'000)};
  ExpectRefused(cent, kExceedsOpenAmount,
                "lines: the credit note totals 0.01 incl. VAT, above the 0.00 that remain of "
                "invoice 2025-0001");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidCreditNote) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-09-01")));
  ExpectRefusals<events::CreditNoteValidated>(
      CreditNote("2025-0001", Day("2025-09-20")),
      {
          {[](auto& c) { c.credit_note_number.value = "2025-0002"; }, kInvalidArgument,
           "credit_note_number: given at validation by coopledger: leave it out"},
          {[](auto& c) { c.invoice_number.value = "2025-0404"; }, kNotFound,
           "invoice_number: no invoice 2025-0404"},
          {[](auto& c) { c.reason.clear(); }, kInvalidArgument, "reason: required"},
          {[](auto& c) { c.issued_on = Day("2025-10-01"); }, kInvalidArgument,
           "issued_on: 2025-10-01 is after today (2025-09-30)"},
          {[](auto& c) { c.issued_on = Day("2025-08-31"); }, kInvalidArgument,
           "issued_on: 2025-08-31 is before the last document of the sequence (2025-09-01): "
           "numbers follow the dates"},
          {[](auto& c) { c.lines = {Line("", 1'000, 100'00, 200'000)}; }, kInvalidArgument,
           "lines[0].description: required"},
          {[](auto& c) { c.lines = {Line("Old rate", 1'000, 100'00, 196'000)}; }, kInvalidArgument,
           "lines[0].vat_rate_ppm: 196000 is not a VAT rate in force on 2025-09-01"},
          {[](auto& c) { c.lines = {Line("Too much", 1'001, 1000'00, 200'000)}; },
           kExceedsOpenAmount,
           "lines: the credit note totals 1201.20 incl. VAT, above the 1200.00 that remain of "
           "invoice 2025-0001"},
      });
}

TEST_F(CommandHandlerTest, RefusesACreditNoteDatedBeforeItsInvoice) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  clock_.Set(Timestamp::FromMicros(kNewYearMicros));
  Accept(Invoice("C-0001", "A-ENT", Day("2026-01-05")));
  // 2025's sequence would accept the date: the invoice it credits must not.
  ExpectRefused(CreditNote("2026-0001", Day("2025-12-31")), kInvalidArgument,
                "issued_on: 2025-12-31 is before the date of invoice 2026-0001 (2026-01-05)");
  EXPECT_EQ(AcceptBody<events::CreditNoteValidated>(CreditNote("2026-0001", Day("2026-01-05")))
                .credit_note_number.value,
            "2026-0002");
}

// ---------------------------------------------------------------- PaymentReceived

TEST_F(CommandHandlerTest, PaymentReceivedSettlesTheInvoicesItIsAllocatedTo) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-09-01")));
  Accept(Invoice("C-0001", "A-ENT", Day("2025-09-02")));
  const events::PaymentReceived payment =
      Payment("P-1", "C-0001", Day("2025-09-20"), 1500'00,
              {Allocate("2025-0001", 1200'00), Allocate("2025-0002", 300'00)});
  const events::StoredEvent event = AcceptOne(payment);
  EXPECT_EQ(Envelope(event), "payment/P-1 v1 2025-09-20");
  EXPECT_EQ(std::get<events::PaymentReceived>(event.body), payment);
  ExpectRefused(Reminder("2025-0001", Day("2025-09-30")), kInvalidArgument,
                "invoice_number: 2025-0001 is settled");
  ExpectRefused(Payment("P-2", "C-0001", Day("2025-09-21"), 1, {Allocate("2025-0001", 1)}),
                kExceedsOpenAmount,
                "allocations[0].amount_cents: 0.01 allocated to 2025-0001 whose open amount is "
                "0.00");
  ExpectRefused(
      Payment("P-2", "C-0001", Day("2025-09-21"), 900'01, {Allocate("2025-0002", 900'01)}),
      kExceedsOpenAmount,
      "allocations[0].amount_cents: 900.01 allocated to 2025-0002 whose open amount is "
      "900.00");
  ExpectRefused(payment, kAlreadyExists, "payment_id: P-1 already exists");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidPayment) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Company("C-0002"));
  Accept(Invoice("C-0001", "A-ENT", Day("2025-09-01")));
  ExpectRefusals<events::PaymentReceived>(
      Payment("P-1", "C-0001", Day("2025-09-20"), 1200'00, {Allocate("2025-0001", 1200'00)}),
      {
          {[](auto& c) { c.payment_id.value.clear(); }, kInvalidArgument, "payment_id: required"},
          {[](auto& c) { c.client_id.value = "C-0404"; }, kNotFound, "client_id: no client C-0404"},
          {[](auto& c) { c.received_on = Date(); }, kInvalidArgument,
           "received_on: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.received_on = Day("2025-10-01"); }, kInvalidArgument,
           "received_on: 2025-10-01 is after today (2025-09-30)"},
          {[](auto& c) { c.method = PaymentMethod::kUnset; }, kInvalidArgument,
           "method: required: bankTransfer, cheque, cash, card or directDebit"},
          {[](auto& c) { c.amount = Money(); }, kInvalidArgument,
           "amount_cents: must be positive and at most one billion euros"},
          {[](auto& c) { c.amount = Money::FromCents(-1); }, kInvalidArgument,
           "amount_cents: must be positive and at most one billion euros"},
          {[](auto& c) { c.amount = Money::FromCents(kAmountCentsMax + 1); }, kInvalidArgument,
           "amount_cents: must be positive and at most one billion euros"},
          {[](auto& c) { c.allocations[0].invoice_number.value = "2025-0404"; }, kNotFound,
           "allocations[0].invoice_number: no invoice 2025-0404"},
          {[](auto& c) { c.client_id.value = "C-0002"; }, kInvalidArgument,
           "allocations[0].invoice_number: 2025-0001 was issued to client C-0001"},
          {[](auto& c) { c.allocations[0].amount = Money(); }, kInvalidArgument,
           "allocations[0].amount_cents: must be positive"},
          {[](auto& c) {
             c.amount = Money::FromCents(1300'00);
             c.allocations[0].amount = Money::FromCents(1200'01);
           },
           kExceedsOpenAmount,
           "allocations[0].amount_cents: 1200.01 allocated to 2025-0001 whose open amount is "
           "1200.00"},
          {[](auto& c) {
             c.amount = Money::FromCents(1300'00);
             c.allocations = {Allocate("2025-0001", 700'00), Allocate("2025-0001", 600'00)};
           },
           kExceedsOpenAmount,
           "allocations[1].amount_cents: 1300.00 allocated to 2025-0001 whose open amount is "
           "1200.00"},
          {[](auto& c) { c.amount = Money::FromCents(1000'00); }, kInvalidArgument,
           "allocations: allocate 1200.00, more than the payment's 1000.00"},
      });
}

// ---------------------------------------------------------------- PaymentRefunded

TEST_F(CommandHandlerTest, OverpaymentIsKeptAsClientCreditThenRefunded) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-09-01")));
  Accept(Payment("P-1", "C-0001", Day("2025-09-20"), 1500'00, {Allocate("2025-0001", 1200'00)}));
  Accept(Payment("P-2", "C-0001", Day("2025-09-21"), 50'00, {}));  // Unallocated.
  EXPECT_EQ(service_->state().ClientCredit(events::ClientId{"C-0001"}), Money::FromCents(350'00));
  ExpectRefused(Refund("R-1", "C-0001", Date(), 350'01), kExceedsOpenAmount,
                "amount_cents: 350.01 is above the client's credit of 350.00");
  const events::StoredEvent event = AcceptOne(Refund("R-1", "C-0001", Date(), 300'00));
  EXPECT_EQ(Envelope(event), "refund/R-1 v1 2025-09-30");
  EXPECT_EQ(std::get<events::PaymentRefunded>(event.body),
            Refund("R-1", "C-0001", Day("2025-09-30"), 300'00));
  Accept(Refund("R-2", "C-0001", Day("2025-09-30"), 50'00));
  ExpectRefused(Refund("R-3", "C-0001", Date(), 1), kExceedsOpenAmount,
                "amount_cents: 0.01 is above the client's credit of 0.00");
}

TEST_F(CommandHandlerTest, CreditingAPaidInvoiceLeavesTheMoneyAsClientCredit) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-09-01")));
  Accept(Payment("P-1", "C-0001", Day("2025-09-20"), 1200'00, {Allocate("2025-0001", 1200'00)}));
  EXPECT_EQ(service_->state().ClientCredit(events::ClientId{"C-0001"}), Money());
  Accept(CreditNote("2025-0001", Date()));  // The whole invoice, already paid.
  EXPECT_EQ(service_->state().ClientCredit(events::ClientId{"C-0001"}), Money::FromCents(1200'00));
  Accept(Refund("R-1", "C-0001", Day("2025-09-30"), 1200'00));
  EXPECT_EQ(service_->state().ClientCredit(events::ClientId{"C-0001"}), Money());
}

TEST_F(CommandHandlerTest, StateRebuiltFromEventOneEqualsTheLiveState) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-08-01")));
  Accept(Payment("P-1", "C-0001", Day("2025-09-20"), 1500'00, {Allocate("2025-0001", 1000'00)}));
  Accept(Refund("R-1", "C-0001", Day("2025-09-30"), 100'00));
  Accept(Reminder("2025-0001", Day("2025-09-30")));
  projections::WorkState rebuilt;
  ASSERT_TRUE(engine::ReplayLog(*store_, [&rebuilt](const events::StoredEvent& event) {
                rebuilt.Apply(event);
              }).has_value());
  EXPECT_TRUE(rebuilt == service_->state());
  EXPECT_EQ(rebuilt.last_seq(), store_->head().seq);
}

TEST_F(CommandHandlerTest, AReplayKnowsEveryStreamOfTheLog) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-08-01")));
  Accept(Payment("P-1", "C-0001", Day("2025-09-20"), 1500'00, {Allocate("2025-0001", 1000'00)}));
  Accept(Reminder("2025-0001", Day("2025-09-30")));  // The invoice's stream, version 2 or later.
  projections::WorkState rebuilt;
  std::set<std::string> streams;
  uint64_t highest_version = 0;
  ASSERT_TRUE(engine::ReplayLog(*store_, [&](const events::StoredEvent& event) {
                rebuilt.Apply(event);
                streams.insert(event.stream);
                highest_version = std::max(highest_version, event.stream_version);
              }).has_value());
  EXPECT_GT(highest_version, 1u);  // Some stream has events after its first.
  for (const std::string& stream : streams) EXPECT_TRUE(rebuilt.StreamExists(stream)) << stream;
  EXPECT_FALSE(rebuilt.StreamExists("payment/P-2"));
}

TEST_F(CommandHandlerTest, RefusesAnInvalidRefund) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Company("C-0002"));
  Accept(Payment("P-1", "C-0001", Day("2025-09-20"), 300'00, {}));
  ExpectRefusals<events::PaymentRefunded>(
      Refund("R-1", "C-0001", Date(), 300'00),
      {
          {[](auto& c) { c.refund_id.value.clear(); }, kInvalidArgument, "refund_id: required"},
          {[](auto& c) { c.client_id.value = "C-0404"; }, kNotFound, "client_id: no client C-0404"},
          {[](auto& c) { c.refunded_on = Day("2025-10-01"); }, kInvalidArgument,
           "refunded_on: 2025-10-01 is after today (2025-09-30)"},
          {[](auto& c) { c.method = PaymentMethod::kUnset; }, kInvalidArgument, "method: required"},
          {[](auto& c) { c.amount = Money(); }, kInvalidArgument, "amount_cents: must be positive"},
          {[](auto& c) { c.amount = Money::FromCents(300'01); }, kExceedsOpenAmount,
           "amount_cents: 300.01 is above the client's credit of 300.00"},
          {[](auto& c) { c.client_id.value = "C-0002"; }, kExceedsOpenAmount,
           "amount_cents: 300.00 is above the client's credit of 0.00"},
          {[](auto& c) { c.reason.clear(); }, kInvalidArgument, "reason: required"},
      });
  ExpectRefused(Refund("R-1", "C-0001", Date(), 1), kAlreadyExists,
                "refund_id: R-1 already exists");
}

// ---------------------------------------------------------------- ReminderSent

TEST_F(CommandHandlerTest, ReminderSentComputesLevelPenaltyAndIndemnity) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-07-01")));  // Due 2025-07-31.
  // 1200.00 x (2.15 % + 10 %) x 32 / 365 days = 12.78; the 40.00 indemnity once per invoice.
  const events::StoredEvent first = AcceptOne(Reminder("2025-0001", Day("2025-09-01")));
  EXPECT_EQ(Envelope(first), "invoice/2025-0001 v2 2025-09-01");
  events::ReminderSent expected = Reminder("2025-0001", Day("2025-09-01"));
  expected.level = 1;
  expected.late_penalty = Money::FromCents(12'78);
  expected.recovery_indemnity = Money::FromCents(40'00);
  EXPECT_EQ(std::get<events::ReminderSent>(first.body), expected);

  const events::StoredEvent second = AcceptOne(Reminder("2025-0001", Date()));
  EXPECT_EQ(Envelope(second), "invoice/2025-0001 v3 2025-09-30");
  expected.level = 2;
  expected.sent_on = Day("2025-09-30");
  expected.late_penalty = Money::FromCents(24'37);  // 61 days.
  expected.recovery_indemnity = Money();
  EXPECT_EQ(std::get<events::ReminderSent>(second.body), expected);
}

TEST_F(CommandHandlerTest, LatePenaltyUsesTheRateOfTheHalfYearItStartsInOnTheOpenAmount) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-05-15")));  // 2025-0001, due 2025-06-14.
  Accept(Invoice("C-0001", "A-ENT", Day("2025-05-30")));  // 2025-0002, due 2025-06-29.
  Accept(Invoice("C-0001", "A-ENT", Day("2025-05-31")));  // 2025-0003, due 2025-06-30.
  Accept(Invoice("C-0001", "A-ENT", Day("2025-07-01")));  // 2025-0004, due 2025-07-31.
  Accept(Payment("P-1", "C-0001", Day("2025-08-15"), 600'00, {Allocate("2025-0004", 600'00)}));
  struct Row {
    const char* invoice;
    const char* sent_on;
    int64_t penalty_cents;
  };
  const Row rows[] = {
      {"2025-0001", "2025-07-15", 13'40},  // 1200.00 x 13.15 % x 31 / 365.
      {"2025-0002", "2025-07-01", 86},     // Late from 06-30: 13.15 % x 2 days = 0.8647.
      {"2025-0003", "2025-07-01", 40},     // Late from 07-01: 12.15 % x 1 day = 0.39945, half-up.
      {"2025-0004", "2025-09-01", 6'39},   // 600.00 still open x 12.15 % x 32 / 365.
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.invoice);
    const auto reminder = AcceptBody<events::ReminderSent>(Reminder(row.invoice, Day(row.sent_on)));
    EXPECT_EQ(reminder.level, 1);
    EXPECT_EQ(reminder.late_penalty, Money::FromCents(row.penalty_cents));
    EXPECT_EQ(reminder.recovery_indemnity, Money::FromCents(40'00));
  }
}

TEST_F(CommandHandlerTest, HouseholdsOweNoPenaltyNorIndemnityWithoutFormalNotice) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Household("C-H01"));
  Accept(Invoice("C-H01", "A-ENT", Day("2025-07-01")));  // Due 2025-07-16.
  const auto reminder = AcceptBody<events::ReminderSent>(Reminder("2025-0001", Day("2025-09-01")));
  EXPECT_EQ(reminder.level, 1);
  EXPECT_EQ(reminder.late_penalty, Money());
  EXPECT_EQ(reminder.recovery_indemnity, Money());
}

TEST_F(CommandHandlerTest, PublicBuyersGetNoCommercialPenaltyComputed) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::ClientRegistered city = Company("C-P01");
  city.kind = events::ClientKind::kPublicBody;
  city.name = "Ville de Clermont-Ferrand";
  Accept(city);
  Accept(Invoice("C-P01", "A-ENT", Day("2025-07-01")));
  const auto reminder = AcceptBody<events::ReminderSent>(Reminder("2025-0001", Day("2025-09-01")));
  EXPECT_EQ(reminder.level, 1);
  EXPECT_EQ(reminder.late_penalty, Money());
  EXPECT_EQ(reminder.recovery_indemnity, Money());
}

TEST_F(CommandHandlerTest, RefusesAnInvalidReminder) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-07-01")));  // Due 2025-07-31.
  const std::string computed =
      "late_penalty_cents: level, penalty and indemnity are computed: leave them out";
  ExpectRefusals<events::ReminderSent>(
      Reminder("2025-0001", Day("2025-09-01")),
      {
          {[](auto& c) { c.invoice_number.value = "2025-0404"; }, kNotFound,
           "invoice_number: no invoice 2025-0404"},
          {[](auto& c) { c.level = 1; }, kInvalidArgument, computed},
          {[](auto& c) { c.late_penalty = Money::FromCents(1); }, kInvalidArgument, computed},
          {[](auto& c) { c.recovery_indemnity = Money::FromCents(40'00); }, kInvalidArgument,
           computed},
          {[](auto& c) { c.sent_on = Day("2025-10-01"); }, kInvalidArgument,
           "sent_on: 2025-10-01 is after today (2025-09-30)"},
          {[](auto& c) { c.sent_on = Day("2025-07-31"); }, kInvalidArgument,
           "sent_on: the invoice is due on 2025-07-31: not late yet"},
          {[](auto& c) { c.sent_on = Day("2025-07-15"); }, kInvalidArgument,
           "sent_on: the invoice is due on 2025-07-31: not late yet"},
      });
}

// ---------------------------------------------------------------- ExpenseRecorded

TEST_F(CommandHandlerTest, ExpenseRecordedGoesToPurchasesUnlessAnAccountIsGiven) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::StoredEvent event = AcceptOne(MemberExpense());
  EXPECT_EQ(Envelope(event), "expense/E-1 v1 2025-09-10");
  events::ExpenseRecorded expected = MemberExpense();
  expected.account = "606300";
  EXPECT_EQ(std::get<events::ExpenseRecorded>(event.body), expected);
  events::ExpenseRecorded fuel = MemberExpense();
  fuel.expense_id = "E-2";
  fuel.member_id = events::MemberId{};
  fuel.account = "606100";
  fuel.booked_on = Day("2025-12-01");  // Computed, never taken from the caller.
  const auto accepted = AcceptBody<events::ExpenseRecorded>(fuel);
  EXPECT_EQ(accepted.account, "606100");
  EXPECT_FALSE(accepted.booked_on.has_value());
}

TEST_F(CommandHandlerTest, RefusesAnInvalidExpense) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::ExpenseRecorded>(
      MemberExpense(),
      {
          {[](auto& c) { c.expense_id.clear(); }, kInvalidArgument, "expense_id: required"},
          {[](auto& c) { c.spent_on = Date(); }, kInvalidArgument,
           "spent_on: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.spent_on = Day("2025-10-01"); }, kInvalidArgument,
           "spent_on: 2025-10-01 is after today (2025-09-30)"},
          {[](auto& c) { c.activity_id.value = "A-NONE"; }, kNotFound,
           "activity_id: no activity A-NONE"},
          {[](auto& c) { c.spent_on = Day("2024-12-31"); }, kPeriodClosed,
           "activity_id: activity A-ENT is not open on 2024-12-31"},
          {[](auto& c) { c.member_id.value = "M-0404"; }, kNotFound, "member_id: no member M-0404"},
          {[](auto& c) { c.category.clear(); }, kInvalidArgument, "category: required"},
          {[](auto& c) { c.description.clear(); }, kInvalidArgument, "description: required"},
          {[](auto& c) { c.account = "401000"; }, kInvalidArgument,
           "account: an expense goes to a class 6 account"},
          {[](auto& c) { c.amount_excl_vat = Money(); }, kInvalidArgument,
           "amount_excl_vat_cents: must be positive"},
          {[](auto& c) { c.vat = Money::FromCents(-1); }, kInvalidArgument,
           "vat_cents: must not be negative"},
          {[](auto& c) { c.vat_rate_ppm = 196'000; }, kInvalidArgument,
           "vat_rate_ppm: not a VAT rate in force on 2025-09-10"},
          {[](auto& c) { c.method = PaymentMethod::kUnset; }, kInvalidArgument, "method: required"},
      });
  ExpectRefused(MemberExpense(), kAlreadyExists, "expense_id: E-1 already exists");
}

// ---------------------------------------------------------------- SelfFinancingRecorded

TEST_F(CommandHandlerTest, SelfFinancingRecordedIsDatedOnTheDayItWasHeld) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::StoredEvent event = AcceptOne(SelfFinancing(Day("2025-09-13")));
  EXPECT_EQ(Envelope(event), "self-financing/S-1 v1 2025-09-13");
  EXPECT_EQ(std::get<events::SelfFinancingRecorded>(event.body), SelfFinancing(Day("2025-09-13")));
  ExpectRefused(SelfFinancing(Day("2025-09-13")), kAlreadyExists, "action_id: S-1 already exists");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidSelfFinancing) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::SelfFinancingRecorded>(
      SelfFinancing(Day("2025-09-13")),
      {
          {[](auto& c) { c.action_id.clear(); }, kInvalidArgument, "action_id: required"},
          {[](auto& c) { c.held_on = Date(); }, kInvalidArgument,
           "held_on: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.held_on = Day("2025-10-01"); }, kInvalidArgument,
           "held_on: 2025-10-01 is after today (2025-09-30)"},
          {[](auto& c) { c.activity_id.value = "A-NONE"; }, kNotFound,
           "activity_id: no activity A-NONE"},
          {[](auto& c) { c.held_on = Day("2025-05-31"); }, kPeriodClosed,
           "activity_id: activity A-CJS is not open on 2025-05-31"},
          {[](auto& c) { c.description.clear(); }, kInvalidArgument, "description: required"},
          {[](auto& c) { c.amount = Money(); }, kInvalidArgument, "amount_cents: must be positive"},
          {[](auto& c) { c.method = PaymentMethod::kUnset; }, kInvalidArgument, "method: required"},
      });
}

// ---------------------------------------------------------------- GrantReceived

TEST_F(CommandHandlerTest, GrantReceivedIsDatedOnTheDayItWasReceived) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::StoredEvent event = AcceptOne(Grant(Day("2025-09-05")));
  EXPECT_EQ(Envelope(event), "grant/G-1 v1 2025-09-05");
  EXPECT_EQ(std::get<events::GrantReceived>(event.body), Grant(Day("2025-09-05")));
  ExpectRefused(Grant(Day("2025-09-05")), kAlreadyExists, "grant_id: G-1 already exists");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidGrant) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::GrantReceived>(
      Grant(Day("2025-09-05")),
      {
          {[](auto& c) { c.grant_id.clear(); }, kInvalidArgument, "grant_id: required"},
          {[](auto& c) { c.received_on = Date(); }, kInvalidArgument,
           "received_on: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.received_on = Day("2025-10-01"); }, kInvalidArgument,
           "received_on: 2025-10-01 is after today (2025-09-30)"},
          {[](auto& c) { c.activity_id.value = "A-NONE"; }, kNotFound,
           "activity_id: no activity A-NONE"},
          {[](auto& c) { c.funder.clear(); }, kInvalidArgument, "funder: required"},
          {[](auto& c) { c.amount = Money(); }, kInvalidArgument, "amount_cents: must be positive"},
      });
}

// ---------------------------------------------------------------- closed periods

TEST_F(CommandHandlerTest, ClosedPeriodRefusesMoneyDatedInItButBooksLateCosts) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-07-15")));  // 2025-0001, due 2025-08-14.
  Accept(PeriodClose(Day("2025-07-01"), Day("2025-08-01")));
  const std::string closed = " 2025-07-31 lies in a closed period (closed before 2025-08-01)";
  struct Row {
    events::EventBody command;
    std::string message;
  };
  const Row rows[] = {
      {Invoice("C-0001", "A-ENT", Day("2025-07-31")), "issued_on:" + closed},
      {CreditNote("2025-0001", Day("2025-07-31")), "issued_on:" + closed},
      {Payment("P-1", "C-0001", Day("2025-07-31"), 100'00, {}), "received_on:" + closed},
      {Refund("R-1", "C-0001", Day("2025-07-31"), 1), "refunded_on:" + closed},
      {Reminder("2025-0001", Day("2025-07-31")), "sent_on:" + closed},
      {SelfFinancing(Day("2025-07-31")), "held_on:" + closed},
      {Grant(Day("2025-07-31")), "received_on:" + closed},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.message);
    ExpectRefused(row.command, kPeriodClosed, row.message);
  }
  events::ExpenseRecorded late = MemberExpense();
  late.spent_on = Day("2025-07-31");
  const events::StoredEvent event = AcceptOne(late);
  EXPECT_EQ(Envelope(event), "expense/E-1 v1 2025-07-31");
  EXPECT_EQ(std::get<events::ExpenseRecorded>(event.body).booked_on, Day("2025-08-01"));
  EXPECT_EQ(NumberOf(AcceptOne(Invoice("C-0001", "A-ENT", Day("2025-08-01")))), "2025-0002");
}

// ---------------------------------------------------------------- reversals of billing facts

TEST_F(CommandHandlerTest, ReversingAPaymentReopensItsInvoiceAndTakesBackTheCredit) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-09-01")));
  ASSERT_EQ(AcceptOne(Payment("P-1", "C-0001", Day("2025-09-20"), 1500'00,
                              {Allocate("2025-0001", 1200'00)}))
                .seq,
            8u);
  EXPECT_EQ(Envelope(AcceptOne(Reversal(8))), "payment/P-1 v2 2025-09-30");
  EXPECT_EQ(service_->state().ClientCredit(events::ClientId{"C-0001"}), Money());
  ExpectRefused(Refund("R-1", "C-0001", Date(), 300'00), kExceedsOpenAmount,
                "amount_cents: 300.00 is above the client's credit of 0.00");
  Accept(Payment("P-2", "C-0001", Day("2025-09-22"), 1200'00, {Allocate("2025-0001", 1200'00)}));
}

TEST_F(CommandHandlerTest, ReversingAReminderGivesBackItsLevelAndIndemnity) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Invoice("C-0001", "A-ENT", Day("2025-07-01")));
  ASSERT_EQ(AcceptOne(Reminder("2025-0001", Day("2025-09-01"))).seq, 8u);
  EXPECT_EQ(Envelope(AcceptOne(Reversal(8))), "invoice/2025-0001 v3 2025-09-30");
  const auto again = AcceptBody<events::ReminderSent>(Reminder("2025-0001", Day("2025-09-01")));
  EXPECT_EQ(again.level, 1);
  EXPECT_EQ(again.recovery_indemnity, Money::FromCents(40'00));
}

TEST_F(CommandHandlerTest, ReversesCostsAndOtherIncomeOnTheirStreams) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(MemberExpense());                         // seq 7
  Accept(SelfFinancing(Day("2025-09-13")));  // seq 8
  Accept(Grant(Day("2025-09-05")));          // seq 9
  EXPECT_EQ(Envelope(AcceptOne(Reversal(7))), "expense/E-1 v2 2025-09-30");
  EXPECT_EQ(Envelope(AcceptOne(Reversal(8))), "self-financing/S-1 v2 2025-09-30");
  EXPECT_EQ(Envelope(AcceptOne(Reversal(9))), "grant/G-1 v2 2025-09-30");
  // The ids stay taken: a reversal cancels a fact, it does not free its name.
  ExpectRefused(MemberExpense(), kAlreadyExists, "expense_id: E-1 already exists");
}

TEST_F(CommandHandlerTest, DocumentsAreCreditedNotReversed) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Draft());                                                                  // seq 7
  Accept(Invoice("C-0001", "A-ENT", Day("2025-09-01")));                            // seq 8
  Accept(Payment("P-1", "C-0001", Day("2025-09-20"), 100'00, {}));                  // seq 9
  Accept(Refund("R-1", "C-0001", Day("2025-09-21"), 100'00));                       // seq 10
  events::CreditNoteValidated credit = CreditNote("2025-0001", Day("2025-09-22"));  // seq 11
  Accept(credit);
  for (const Seq seq : {Seq{7}, Seq{8}, Seq{10}, Seq{11}}) {
    SCOPED_TRACE(seq);
    ExpectRefused(Reversal(seq), kNotReversible,
                  "reversed_seq: seq " + std::to_string(seq) +
                      " cannot be reversed: documents are credited, contracts changed or ended");
  }
}

}  // namespace
}  // namespace coopledger::test
