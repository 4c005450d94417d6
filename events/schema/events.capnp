@0x8505fa1bd2c0c773;  # Generated once with `capnp id`; never edited.
# coopledger's events on the wire (DESIGN sections 3 and 5).
#
# Evolution (Cap'n Proto "Evolving Your Protocol"): never renumber, never change a field's type,
# add fields with the next ordinal and event kinds at the end of the body union. Until version 1.0
# is tagged, kinds may still be reshaped.
#
# Conventions, relied on by events/codec.cc, which maps each field by name to the C++ struct of the
# same name in events/*_events.h and events/values.h:
#   - field names are the camelCase of the C++ member names;
#   - money is Int64 cents and its field name ends in "Cents";
#   - a date is Int32 days since 1970-01-01; an optional date defaults to -2147483648 (absent);
#   - enums start with `unset @0`, so a missing value never reads as a meaningful one.
#
# Stored form (see engine/store_layout.h): one EventEnvelope, canonicalised (capnp::canonicalize)
# so that its bytes, hashed in the chain, are the same wherever it is encoded.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("coopledger::events::wire");

enum ActorRole { unset @0; admin @1; support @2; facilitator @3; committee @4; accountant @5; member @6; system @7; }
enum Regime { unset @0; cjsYouth @1; cape @2; cesa @3; }
enum ContractKind { unset @0; fixedTerm @1; permanent @2; cape @3; }
enum ActivityKind { unset @0; cjsSeason @1; kpaCiteGroup @2; entrepreneur @3; }
enum ClientKind { unset @0; household @1; company @2; association @3; publicBody @4; }
enum VatRegime { unset @0; normal @1; simplified @2; franchise @3; }
enum InternalTask { unset @0; none @1; officeDuty @2; prospecting @3; training @4; meeting @5; }
enum PaymentMethod { unset @0; bankTransfer @1; cheque @2; cash @3; card @4; directDebit @5; }
enum DistributionKey { unset @0; equal @1; byHours @2; byInvolvement @3; }
enum Side { unset @0; debit @1; credit @2; }
enum DeclarationKind { unset @0; dsnMonthly @1; dsnEndOfContract @2; vatReturn @3; preHiring @4; }

struct EventEnvelope {
  seq @0 :UInt64;
  recordedAtMicros @1 :Int64;  # UTC microseconds since 1970-01-01T00:00:00Z.
  effective @2 :Int32;         # Business date, days since 1970-01-01.
  stream @3 :Text;
  streamVersion @4 :UInt64;
  actor @5 :Actor;
  commandId @6 :Text;
  schemaVersion @7 :UInt16;
  prevHash @8 :Data;           # 32 bytes: chain hash after seq - 1.
  body :union {
    unset @9 :Void;
    caeConfigured @10 :CaeConfigured;
    activityOpened @11 :ActivityOpened;
    activityClosed @12 :ActivityClosed;
    parametersAdopted @13 :ParametersAdopted;
    memberJoined @14 :MemberJoined;
    contractChanged @15 :ContractChanged;
    memberLeft @16 :MemberLeft;
    personalDataErased @17 :PersonalDataErased;
    clientRegistered @18 :ClientRegistered;
    quoteIssued @19 :QuoteIssued;
    jobAgreed @20 :JobAgreed;
    jobCompleted @21 :JobCompleted;
    jobCancelled @22 :JobCancelled;
    hoursLogged @23 :HoursLogged;
    volunteerParticipation @24 :VolunteerParticipation;
    invoiceValidated @25 :InvoiceValidated;
    creditNoteValidated @26 :CreditNoteValidated;
    paymentReceived @27 :PaymentReceived;
    paymentRefunded @28 :PaymentRefunded;
    reminderSent @29 :ReminderSent;
    expenseRecorded @30 :ExpenseRecorded;
    selfFinancingRecorded @31 :SelfFinancingRecorded;
    grantReceived @32 :GrantReceived;
    distributionDecided @33 :DistributionDecided;
    payslipIssued @34 :PayslipIssued;
    wagePaid @35 :WagePaid;
    contributionsPaid @36 :ContributionsPaid;
    payrollMonthClosed @37 :PayrollMonthClosed;
    journalEntryRecorded @38 :JournalEntryRecorded;
    accountingPeriodClosed @39 :AccountingPeriodClosed;
    fiscalYearClosed @40 :FiscalYearClosed;
    declarationFiled @41 :DeclarationFiled;
    exportRecorded @42 :ExportRecorded;
    sealRecorded @43 :SealRecorded;
    reversed @44 :Reversed;
    invoiceDrafted @45 :InvoiceDrafted;
  }
}

struct CaeConfigured {
  name @0 :Text;
  siren @1 :Text;
  nic @2 :Text;
  apeCode @3 :Text;
  vatNumber @4 :Text;
  address @5 :Text;
  fiscalYearEndMonth @6 :Int32;
  contributionRatePpm @7 :Int64;
  vatRegime @8 :VatRegime;
  headcount @9 :Int32;
  atmpRatePpm @10 :Int64;
  collectiveAgreement @11 :Text;
  pensionInstitution @12 :Text;
  bankIban @13 :Text;
  bankBic @14 :Text;
  urssafSiret @15 :Text;  # Empty in events recorded before it existed.
  pensionInstitutionId @16 :Text;
  providentOrganismCode @17 :Text;  # Empty: no prevoyance / health contract.
  providentContractReference @18 :Text;
  providentPopulation @19 :Text;
  providentRegimes @20 :List(Text);  # Regime names: "cjsYouth", "cape", "cesa".
}

struct ActivityOpened {
  activityId @0 :Text;
  kind @1 :ActivityKind;
  name @2 :Text;
  analyticCode @3 :Text;
  openedOn @4 :Int32;
  hasContributionRate @5 :Bool;
  contributionRatePpm @6 :Int64;
}

struct ActivityClosed {
  activityId @0 :Text;
  closedOn @1 :Int32;
  reason @2 :Text;
}

struct ParametersAdopted {
  version @0 :Text;
  effectiveFrom @1 :Int32;
  effectiveUntil @2 :Int32 = -2147483648;
  table @3 :Text;
  tableSha256 @4 :Data;
  source @5 :Text;
}

struct MemberJoined {
  memberId @0 :Text;
  activityId @1 :Text;
  regime @2 :Regime;
  contract @3 :ContractKind;
  contractStart @4 :Int32;
  contractEnd @5 :Int32 = -2147483648;
  hourlyRateCents @6 :Int64;
  weeklyMinutes @7 :Int32;
  birthYear @8 :Int32;
  personal @9 :SealedData;
}

struct ContractChanged {
  memberId @0 :Text;
  effectiveFrom @1 :Int32;
  regime @2 :Regime;
  contractEnd @3 :Int32 = -2147483648;
  hourlyRateCents @4 :Int64;
  weeklyMinutes @5 :Int32;
  reason @6 :Text;
}

struct MemberLeft {
  memberId @0 :Text;
  leftOn @1 :Int32;
  reason @2 :Text;
}

struct PersonalDataErased {
  personId @0 :Text;
  reason @1 :Text;
}

struct ClientRegistered {
  clientId @0 :Text;
  kind @1 :ClientKind;
  name @2 :Text;
  siret @3 :Text;
  vatNumber @4 :Text;
  address @5 :Text;
  chorusServiceCode @6 :Text;
  chorusCommitmentNumber @7 :Text;
  paymentTermsDays @8 :Int32;
  personal @9 :SealedData;
}

struct QuoteIssued {
  quoteId @0 :Text;
  clientId @1 :Text;
  activityId @2 :Text;
  issuedOn @3 :Int32;
  validUntil @4 :Int32;
  lines @5 :List(DocumentLine);
}

struct JobAgreed {
  jobId @0 :Text;
  clientId @1 :Text;
  activityId @2 :Text;
  quoteId @3 :Text;
  service @4 :Text;
  description @5 :Text;
  scheduledOn @6 :Int32;
  agreedPriceCents @7 :Int64;
}

struct JobCompleted {
  jobId @0 :Text;
  completedOn @1 :Int32;
  note @2 :Text;
}

struct JobCancelled {
  jobId @0 :Text;
  cancelledOn @1 :Int32;
  reason @2 :Text;
}

struct HoursLogged {
  memberId @0 :Text;
  jobId @1 :Text;
  internalTask @2 :InternalTask;
  day @3 :Int32;
  startMinute @4 :Int32;
  minutes @5 :Int32;
  volunteer @6 :Bool;
  bookedOn @7 :Int32 = -2147483648;  # Set when the day lies in a closed period: the first open day.
}

struct VolunteerParticipation {
  memberId @0 :Text;
  activityId @1 :Text;
  day @2 :Int32;
  minutes @3 :Int32;
  description @4 :Text;
}

struct InvoiceValidated {
  invoiceNumber @0 :Text;
  clientId @1 :Text;
  activityId @2 :Text;
  jobIds @3 :List(Text);
  issuedOn @4 :Int32;
  dueOn @5 :Int32;
  lines @6 :List(DocumentLine);
  vatTotals @7 :List(VatTotal);
  totalExclVatCents @8 :Int64;
  totalVatCents @9 :Int64;
  totalInclVatCents @10 :Int64;
  draftId @11 :Text;
}

struct CreditNoteValidated {
  creditNoteNumber @0 :Text;
  invoiceNumber @1 :Text;
  issuedOn @2 :Int32;
  lines @3 :List(DocumentLine);
  vatTotals @4 :List(VatTotal);
  totalExclVatCents @5 :Int64;
  totalVatCents @6 :Int64;
  totalInclVatCents @7 :Int64;
  reason @8 :Text;
}

struct PaymentReceived {
  paymentId @0 :Text;
  clientId @1 :Text;
  receivedOn @2 :Int32;
  method @3 :PaymentMethod;
  amountCents @4 :Int64;
  allocations @5 :List(Allocation);
  reference @6 :Text;
}

struct PaymentRefunded {
  refundId @0 :Text;
  clientId @1 :Text;
  refundedOn @2 :Int32;
  method @3 :PaymentMethod;
  amountCents @4 :Int64;
  reason @5 :Text;
}

struct ReminderSent {
  invoiceNumber @0 :Text;
  level @1 :Int32;
  sentOn @2 :Int32;
  latePenaltyCents @3 :Int64;
  recoveryIndemnityCents @4 :Int64;
}

struct ExpenseRecorded {
  expenseId @0 :Text;
  activityId @1 :Text;
  memberId @2 :Text;
  spentOn @3 :Int32;
  category @4 :Text;
  account @5 :Text;
  description @6 :Text;
  amountExclVatCents @7 :Int64;
  vatRatePpm @8 :Int64;
  vatCents @9 :Int64;
  method @10 :PaymentMethod;
  bookedOn @11 :Int32 = -2147483648;  # As HoursLogged.bookedOn.
}

struct SelfFinancingRecorded {
  actionId @0 :Text;
  activityId @1 :Text;
  heldOn @2 :Int32;
  description @3 :Text;
  amountCents @4 :Int64;
  method @5 :PaymentMethod;
}

struct GrantReceived {
  grantId @0 :Text;
  activityId @1 :Text;
  funder @2 :Text;
  receivedOn @3 :Int32;
  amountCents @4 :Int64;
  purpose @5 :Text;
}

struct DistributionDecided {
  activityId @0 :Text;
  month @1 :Int32;
  key @2 :DistributionKey;
  envelopeCents @3 :Int64;
  shares @4 :List(DistributionShare);
}

struct PayslipIssued {
  payslipId @0 :Text;
  memberId @1 :Text;
  activityId @2 :Text;
  periodStart @3 :Int32;
  periodEnd @4 :Int32;
  paidMinutes @5 :Int32;
  grossCents @6 :Int64;
  lines @7 :List(PayslipLine);
  netBeforeTaxCents @8 :Int64;
  netTaxableCents @9 :Int64;
  netSocialCents @10 :Int64;
  incomeTaxCents @11 :Int64;
  netPaidCents @12 :Int64;
  employerCostCents @13 :Int64;
  parametersVersion @14 :Text;
  corrects @15 :List(Text);
  regime @16 :Regime;
  hourlyRateCents @17 :Int64;
  employeeContributionsCents @18 :Int64;
  employerContributionsCents @19 :Int64;
  reductionCents @20 :Int64;
  studentExemptCents @21 :Int64;
  incomeTaxBaseCents @22 :Int64;
  incomeTaxRatePpm @23 :Int64;
  paidLeaveIndemnityCents @24 :Int64;
  endOfContractIndemnityCents @25 :Int64;
  regularisationCents @26 :Int64;
  yearToDate @27 :PayslipYearToDate;
}

struct WagePaid {
  payslipId @0 :Text;
  memberId @1 :Text;
  paidOn @2 :Int32;
  amountCents @3 :Int64;
  method @4 :PaymentMethod;
}

struct ContributionsPaid {
  organisation @0 :Text;
  month @1 :Int32;
  paidOn @2 :Int32;
  amountCents @3 :Int64;
  reference @4 :Text;
}

struct PayrollMonthClosed {
  month @0 :Int32;
  payslipCount @1 :Int32;
}

struct JournalEntryRecorded {
  entryId @0 :Text;
  journal @1 :Text;
  entryDate @2 :Int32;
  label @3 :Text;
  pieceReference @4 :Text;
  postings @5 :List(Posting);
}

struct AccountingPeriodClosed {
  periodStart @0 :Int32;
  periodEnd @1 :Int32;
}

struct FiscalYearClosed {
  yearStart @0 :Int32;
  yearEnd @1 :Int32;
}

struct DeclarationFiled {
  kind @0 :DeclarationKind;
  periodStart @1 :Int32;
  filedOn @2 :Int32;
  fileSha256 @3 :Data;
  reference @4 :Text;
}

struct ExportRecorded {
  exportKind @0 :Text;
  parameters @1 :Text;
  fileName @2 :Text;
  fileSha256 @3 :Data;
}

struct SealRecorded {
  month @0 :Int32;
  firstSeq @1 :UInt64;
  lastSeq @2 :UInt64;
  headHash @3 :Data;
  merkleRoot @4 :Data;
}

struct Reversed {
  reversedSeq @0 :UInt64;
  reason @1 :Text;
}

struct Actor {
  id @0 :Text;
  role @1 :ActorRole;
}

struct SealedData {
  personId @0 :Text;
  nonce @1 :Data;
  ciphertext @2 :Data;
}

struct PersonalData {
  givenName @0 :Text;
  familyName @1 :Text;
  birthDate @2 :Int32 = -2147483648;
  address @3 :Text;
  socialSecurityNumber @4 :Text;
  email @5 :Text;
  phone @6 :Text;
  iban @7 :Text;  # Where wages are paid; empty when not given.
}

struct DocumentLine {
  description @0 :Text;
  quantityMilli @1 :Int64;
  unitPriceCents @2 :Int64;
  vatRatePpm @3 :Int64;
  amountExclVatCents @4 :Int64;
}

struct VatTotal {
  vatRatePpm @0 :Int64;
  baseCents @1 :Int64;
  vatCents @2 :Int64;
}

struct Allocation {
  invoiceNumber @0 :Text;
  amountCents @1 :Int64;
}

struct Posting {
  account @0 :Text;
  auxiliary @1 :Text;
  analytic @2 :Text;
  side @3 :Side;
  amountCents @4 :Int64;
  label @5 :Text;
}

struct PayslipLine {
  code @0 :Text;
  label @1 :Text;
  baseCents @2 :Int64;
  employeeRatePpm @3 :Int64;
  employerRatePpm @4 :Int64;
  employeeAmountCents @5 :Int64;
  employerAmountCents @6 :Int64;
}

struct PayslipYearToDate {
  grossCents @0 :Int64;
  smicReferenceCents @1 :Int64;
  reductionCents @2 :Int64;
  studentExemptCents @3 :Int64;
  netTaxableCents @4 :Int64;
  incomeTaxCents @5 :Int64;
  netPaidCents @6 :Int64;
  employerCostCents @7 :Int64;
}

struct DistributionShare {
  memberId @0 :Text;
  weight @1 :Int64;
}


# A facilitator's draft: no number yet, may be validated (InvoiceValidated.draftId) or left.
struct InvoiceDrafted {
  draftId @0 :Text;
  clientId @1 :Text;
  activityId @2 :Text;
  jobIds @3 :List(Text);
  lines @4 :List(DocumentLine);
}
