// Commands of the CAE, its activities, members and clients; the command service's idempotency
// and batches; kinds that are not commands.
#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "tests/engine/command_fixture.h"

namespace coopledger::test {
namespace {

using enum ErrorCode;
using events::ActivityKind;
using events::ClientKind;
using events::ContractKind;
using events::Regime;
using events::Seq;

// ---------------------------------------------------------------- CaeConfigured

TEST_F(CommandHandlerTest, CaeConfiguredIsRecordedOnTheCaeStreamToday) {
  const events::StoredEvent event = AcceptOne(Cae());
  EXPECT_EQ(Envelope(event), "cae v1 2025-09-30");
  EXPECT_EQ(std::get<events::CaeConfigured>(event.body), Cae());
}

TEST_F(CommandHandlerTest, RefusesAnInvalidCaeConfiguration) {
  ExpectRefusals<events::CaeConfigured>(
      Cae(),
      {
          {[](auto& c) { c.name.clear(); }, kInvalidArgument, "name: required"},
          {[](auto& c) { c.siren = "44306184"; }, kInvalidArgument,
           "siren: '44306184' is not a valid SIREN (9 digits, Luhn check)"},
          {[](auto& c) { c.siren = "443061842"; }, kInvalidArgument,
           "siren: '443061842' is not a valid SIREN (9 digits, Luhn check)"},
          {[](auto& c) { c.siren = "44306184a"; }, kInvalidArgument,
           "siren: '44306184a' is not a valid SIREN (9 digits, Luhn check)"},
          {[](auto& c) { c.nic = "0005"; }, kInvalidArgument,
           "nic: '0005' does not make a valid SIRET with the SIREN"},
          {[](auto& c) { c.nic = "00006"; }, kInvalidArgument,
           "nic: '00006' does not make a valid SIRET with the SIREN"},
          {[](auto& c) { c.fiscal_year_end_month = 0; }, kInvalidArgument,
           "fiscal_year_end_month: must be 1 to 12"},
          {[](auto& c) { c.fiscal_year_end_month = 13; }, kInvalidArgument,
           "fiscal_year_end_month: must be 1 to 12"},
          {[](auto& c) { c.vat_regime = events::VatRegime::kUnset; }, kInvalidArgument,
           "vat_regime: required: normal, simplified or franchise"},
          {[](auto& c) { c.contribution_rate_ppm = -1; }, kInvalidArgument,
           "contribution_rate_ppm: must be between 0 and 1000000 (100 %)"},
          {[](auto& c) { c.contribution_rate_ppm = 1'000'001; }, kInvalidArgument,
           "contribution_rate_ppm: must be between 0 and 1000000 (100 %)"},
          {[](auto& c) { c.atmp_rate_ppm = -1; }, kInvalidArgument,
           "atmp_rate_ppm: must be between 0 and 1000000 (100 %)"},
          {[](auto& c) { c.headcount = -1; }, kInvalidArgument, "headcount: must not be negative"},
      });
}

// The bodies the DSN names: each optional, each checked, the message naming the field.
TEST_F(CommandHandlerTest, RefusesBadIdentifiersOfTheBodiesTheDsnNames) {
  events::CaeConfigured cae = Cae();
  cae.urssaf_siret = "70000000100011";
  cae.pension_institution_id = "70000000200019";
  cae.provident_organism_code = "P0901";
  cae.provident_contract_reference = "CONTRAT-2025/01";
  cae.provident_population = "NC";
  cae.provident_regimes = {"cesa", "cjsYouth"};
  ExpectRefusals<events::CaeConfigured>(
      cae,
      {
          {[](auto& c) { c.urssaf_siret = "7000000010001"; }, kInvalidArgument,
           "urssaf_siret: '7000000010001' is not a SIRET: 14 digits (the SIRET of the CAE's "
           "URSSAF, DSN S21.G00.20.001)"},
          {[](auto& c) { c.urssaf_siret = "70000000100012"; }, kInvalidArgument,
           "urssaf_siret: '70000000100012' is not a SIRET: its Luhn check digit is wrong (the "
           "SIRET of the CAE's URSSAF, DSN S21.G00.20.001)"},
          {[](auto& c) { c.urssaf_siret = "URSSAF"; }, kInvalidArgument,
           "urssaf_siret: 'URSSAF' is not a SIRET: 14 digits (the SIRET of the CAE's URSSAF, "
           "DSN S21.G00.20.001)"},
          {[](auto& c) { c.pension_institution_id = "Agirc-Arrco"; }, kInvalidArgument,
           "pension_institution_id: 'Agirc-Arrco' is not an identifier of a social protection "
           "body: a SIRET or a code of 1 to 14 capital letters and digits (the Agirc-Arrco caisse "
           "as the DSN names it, S21.G00.20.001)"},
          {[](auto& c) { c.pension_institution_id = "70000000200018"; }, kInvalidArgument,
           "pension_institution_id: '70000000200018' is not a SIRET: its Luhn check digit is "
           "wrong (the Agirc-Arrco caisse as the DSN names it, S21.G00.20.001)"},
          {[](auto& c) { c.provident_organism_code = "p0901"; }, kInvalidArgument,
           "provident_organism_code: 'p0901' is not an organism code: 1 to 9 capital letters and "
           "digits (DSN S21.G00.15.002)"},
          {[](auto& c) { c.provident_organism_code = "P09010000X"; }, kInvalidArgument,
           "provident_organism_code: 'P09010000X' is not an organism code: 1 to 9 capital "
           "letters and digits (DSN S21.G00.15.002)"},
          {[](auto& c) { c.provident_organism_code.clear(); }, kInvalidArgument,
           "provident_organism_code: required with a prevoyance contract (its reference, "
           "population or regimes)"},
          {[](auto& c) { c.provident_contract_reference.clear(); }, kInvalidArgument,
           "provident_contract_reference: required with a prevoyance contract: 1 to 30 "
           "printable ASCII characters, no quote (DSN S21.G00.15.001)"},
          {[](auto& c) { c.provident_contract_reference = "REF'1"; }, kInvalidArgument,
           "provident_contract_reference: required with a prevoyance contract: 1 to 30 "
           "printable ASCII characters, no quote (DSN S21.G00.15.001)"},
          {[](auto& c) { c.provident_population = std::string(31, 'N'); }, kInvalidArgument,
           "provident_population: at most 30 printable ASCII characters, no quote (DSN "
           "S21.G00.70.005)"},
          {[](auto& c) { c.provident_regimes.clear(); }, kInvalidArgument,
           "provident_regimes: name the regimes the contract covers: cjsYouth, cape, cesa"},
          {[](auto& c) { c.provident_regimes = {"cesa", "youth"}; }, kInvalidArgument,
           "provident_regimes[1]: 'youth' is not cjsYouth, cape or cesa"},
          {[](auto& c) { c.provident_regimes = {"cesa", "cesa"}; }, kInvalidArgument,
           "provident_regimes[1]: 'cesa' is named twice"},
      });
  // None of them is required to configure the CAE: the DSN export asks for them.
  Accept(Cae());
}

// ---------------------------------------------------------------- ActivityOpened, ActivityClosed

TEST_F(CommandHandlerTest, ActivityOpenedStartsItsStreamOnTheOpeningDay) {
  events::ActivityOpened opened = Activity("A-KPA", ActivityKind::kKpaCiteGroup, Day("2025-09-01"));
  opened.has_contribution_rate = true;
  opened.contribution_rate_ppm = 50'000;
  const events::StoredEvent event = AcceptOne(opened);
  EXPECT_EQ(Envelope(event), "activity/A-KPA v1 2025-09-01");
  EXPECT_EQ(std::get<events::ActivityOpened>(event.body), opened);
}

TEST_F(CommandHandlerTest, RefusesAnInvalidActivityOpening) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::ActivityOpened>(
      Activity("A-NEW", ActivityKind::kCjsSeason, Day("2025-09-01")),
      {
          {[](auto& c) { c.activity_id.value.clear(); }, kInvalidArgument, "activity_id: required"},
          {[](auto& c) { c.activity_id.value = "A-CJS"; }, kAlreadyExists,
           "activity_id: A-CJS already exists"},
          {[](auto& c) { c.kind = ActivityKind::kUnset; }, kInvalidArgument,
           "kind: required: cjsSeason, kpaCiteGroup or entrepreneur"},
          {[](auto& c) { c.name.clear(); }, kInvalidArgument, "name: required"},
          {[](auto& c) { c.analytic_code.clear(); }, kInvalidArgument, "analytic_code: required"},
          {[](auto& c) { c.opened_on = Date(); }, kInvalidArgument,
           "opened_on: required, a YYYY-MM-DD date"},
          {[](auto& c) {
             c.has_contribution_rate = true;
             c.contribution_rate_ppm = 1'000'001;
           },
           kInvalidArgument, "contribution_rate_ppm: must be between 0 and 1000000 (100 %)"},
          {[](auto& c) { c.contribution_rate_ppm = 50'000; }, kInvalidArgument,
           "contribution_rate_ppm: set has_contribution_rate to override the CAE's rate"},
      });
}

TEST_F(CommandHandlerTest, ActivityClosedEndsTheActivityOnTheClosingDay) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::ActivityClosed closed{events::ActivityId{"A-CJS"}, Day("2025-09-15"),
                                      "season over"};
  const events::StoredEvent event = AcceptOne(closed);
  EXPECT_EQ(Envelope(event), "activity/A-CJS v2 2025-09-15");
  EXPECT_EQ(std::get<events::ActivityClosed>(event.body), closed);
  // The closing day is still open; the day after is not.
  Accept(CjsYouth("M-0002", "A-CJS", Day("2025-09-15"), Day("2025-09-15")));
  ExpectRefused(CjsYouth("M-0003", "A-CJS", Day("2025-09-16"), Day("2025-09-20")), kPeriodClosed,
                "activity_id: activity A-CJS is not open on 2025-09-16");
  ExpectRefused(closed, kInvalidArgument, "activity_id: A-CJS was closed on 2025-09-15");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidActivityClosing) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::ActivityClosed>(
      events::ActivityClosed{events::ActivityId{"A-CJS"}, Day("2025-09-15"), "season over"},
      {
          {[](auto& c) { c.activity_id.value = "A-NONE"; }, kNotFound,
           "activity_id: no activity A-NONE"},
          {[](auto& c) { c.activity_id.value.clear(); }, kNotFound, "activity_id: no activity ''"},
          {[](auto& c) { c.closed_on = Date(); }, kInvalidArgument,
           "closed_on: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.closed_on = Day("2025-05-31"); }, kInvalidArgument,
           "closed_on: before the activity opened (2025-06-01)"},
      });
}

// ---------------------------------------------------------------- MemberJoined

TEST_F(CommandHandlerTest, MemberJoinedStartsTheMemberStreamOnTheContractStart) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::MemberJoined joined = CjsYouth("M-0002", "A-CJS", Day("2025-07-07"), Day("2025-08-29"));
  joined.birth_year = 2008;
  joined.personal = Personal("M-0002", Day("2008-03-14"));
  const events::StoredEvent event = AcceptOne(joined);
  EXPECT_EQ(Envelope(event), "member/M-0002 v1 2025-07-07");
  EXPECT_EQ(std::get<events::MemberJoined>(event.body), joined);
  EXPECT_EQ(store_->Unseal(joined.personal).value().birth_date, Day("2008-03-14"));
}

TEST_F(CommandHandlerTest, RefusesACapeOfMoreThanTwelveMonths) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::MemberJoined cape = CjsYouth("M-CAPE", "A-ENT", Day("2025-02-01"), Day("2026-02-01"));
  cape.regime = Regime::kCape;
  cape.contract = ContractKind::kCape;
  cape.hourly_rate = Money();
  ExpectRefused(cape, kInvalidArgument,
                "contract_end: a CAPE lasts 12 months at most (Code de commerce L127-2)");
}

TEST_F(CommandHandlerTest, AcceptsEachRegimeWithItsContract) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::MemberJoined cape = CjsYouth("M-CAPE", "A-ENT", Day("2025-02-01"), Day("2026-01-31"));
  cape.regime = Regime::kCape;
  cape.contract = ContractKind::kCape;
  cape.hourly_rate = Money();
  events::MemberJoined cesa = CjsYouth("M-CESA", "A-ENT", Day("2025-03-01"), Day("2025-03-01"));
  cesa.regime = Regime::kCesa;
  cesa.contract = ContractKind::kPermanent;
  cesa.contract_end.reset();
  cesa.weekly_minutes = 48 * 60;
  EXPECT_EQ(Envelope(AcceptOne(cape)), "member/M-CAPE v1 2025-02-01");
  EXPECT_EQ(Envelope(AcceptOne(cesa)), "member/M-CESA v1 2025-03-01");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidMemberJoining) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::SealedData someone_else = Personal("M-0099", Day("2000-01-01"));
  ExpectRefusals<events::MemberJoined>(
      CjsYouth("M-0002", "A-CJS", Day("2025-07-01"), Day("2025-08-31")),
      {
          {[](auto& c) { c.member_id.value.clear(); }, kInvalidArgument, "member_id: required"},
          {[](auto& c) { c.member_id.value = "M-0001"; }, kAlreadyExists,
           "member_id: M-0001 already exists"},
          {[](auto& c) { c.contract_start = Date(); }, kInvalidArgument,
           "contract_start: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.activity_id.value = "A-NONE"; }, kNotFound,
           "activity_id: no activity A-NONE"},
          {[](auto& c) { c.contract_start = Day("2025-05-31"); }, kPeriodClosed,
           "activity_id: activity A-CJS is not open on 2025-05-31"},
          {[](auto& c) { c.regime = Regime::kUnset; }, kInvalidArgument,
           "regime: required: cjsYouth, cape or cesa"},
          {[](auto& c) { c.contract = ContractKind::kPermanent; }, kInvalidArgument,
           "contract: a CJS youth works on a fixed-term contract with an end date"},
          {[](auto& c) { c.contract_end.reset(); }, kInvalidArgument,
           "contract: a CJS youth works on a fixed-term contract with an end date"},
          {[](auto& c) { c.hourly_rate = Money(); }, kInvalidArgument,
           "hourly_rate_cents: must be positive"},
          {[](auto& c) { c.regime = Regime::kCape; }, kInvalidArgument,
           "contract: a CAPE is a 'cape' contract with an end date (12 months at most)"},
          {[](auto& c) {
             c.regime = Regime::kCape;
             c.contract = ContractKind::kCape;
             c.contract_end.reset();
           },
           kInvalidArgument,
           "contract: a CAPE is a 'cape' contract with an end date (12 months at most)"},
          {[](auto& c) {
             c.regime = Regime::kCesa;
             c.contract = ContractKind::kCape;
           },
           kInvalidArgument, "contract: a CESA is employed: fixedTerm or permanent"},
          {[](auto& c) { c.contract_end = Day("2025-06-30"); }, kInvalidArgument,
           "contract_end: before contract_start"},
          {[](auto& c) { c.weekly_minutes = -1; }, kInvalidArgument,
           "weekly_minutes: must be 0 to 2880 (48 hours)"},
          {[](auto& c) { c.weekly_minutes = 48 * 60 + 1; }, kInvalidArgument,
           "weekly_minutes: must be 0 to 2880 (48 hours)"},
          {[](auto& c) { c.birth_year = 1899; }, kInvalidArgument,
           "birth_year: 1899 is not plausible"},
          {[](auto& c) { c.birth_year = 2026; }, kInvalidArgument,
           "birth_year: 2026 is not plausible"},
          {[&](auto& c) { c.personal = someone_else; }, kInvalidArgument,
           "personal.person_id: must be the member's id"},
      });
}

// ---------------------------------------------------------------- ContractChanged

events::ContractChanged Extension() {
  events::ContractChanged changed;
  changed.member_id.value = "M-0001";
  changed.effective_from = Day("2025-08-25");
  changed.contract_end = Day("2025-09-15");
  changed.hourly_rate = Money::FromCents(11'00);
  changed.weekly_minutes = 30 * 60;
  changed.reason = "season extended";
  return changed;
}

TEST_F(CommandHandlerTest, ContractChangedKeepsTheRegimeAndMovesTheContractEnd) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefused(JobHours("M-0001", "J-0001", Day("2025-09-10"), 540, 60), kOutsideContract,
                "day: 2025-09-10 is outside M-0001's contract (2025-07-01 to 2025-08-31)");
  const events::StoredEvent event = AcceptOne(Extension());
  EXPECT_EQ(Envelope(event), "member/M-0001 v2 2025-08-25");
  events::ContractChanged expected = Extension();
  expected.regime = Regime::kCjsYouth;  // Not given: the contract's regime.
  EXPECT_EQ(std::get<events::ContractChanged>(event.body), expected);
  Accept(JobHours("M-0001", "J-0001", Day("2025-09-10"), 540, 60));
  ExpectRefused(JobHours("M-0001", "J-0001", Day("2025-09-16"), 540, 60), kOutsideContract,
                "day: 2025-09-16 is outside M-0001's contract (2025-07-01 to 2025-09-15)");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidContractChange) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::ContractChanged>(
      Extension(),
      {
          {[](auto& c) { c.member_id.value = "M-0404"; }, kNotFound, "member_id: no member M-0404"},
          {[](auto& c) { c.effective_from = Date(); }, kInvalidArgument,
           "effective_from: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.hourly_rate = Money(); }, kInvalidArgument,
           "hourly_rate_cents: must be positive"},
          {[](auto& c) { c.contract_end.reset(); }, kInvalidArgument,
           "contract: a CJS youth works on a fixed-term contract with an end date"},
          {[](auto& c) { c.regime = Regime::kCape; }, kInvalidArgument,
           "contract: a CAPE is a 'cape' contract with an end date (12 months at most)"},
          {[](auto& c) { c.contract_end = Day("2025-06-30"); }, kInvalidArgument,
           "contract_end: before contract_start"},
          {[](auto& c) { c.weekly_minutes = 48 * 60 + 1; }, kInvalidArgument,
           "weekly_minutes: must be 0 to 2880 (48 hours)"},
          {[](auto& c) { c.reason.clear(); }, kInvalidArgument, "reason: required"},
      });
}

// ---------------------------------------------------------------- MemberLeft

TEST_F(CommandHandlerTest, MemberLeftEndsTheContractOnTheDayLeft) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::MemberLeft left{events::MemberId{"M-0001"}, Day("2025-08-15"), "031"};
  const events::StoredEvent event = AcceptOne(left);
  EXPECT_EQ(Envelope(event), "member/M-0001 v2 2025-08-15");
  EXPECT_EQ(std::get<events::MemberLeft>(event.body), left);
  Accept(JobHours("M-0001", "J-0001", Day("2025-08-15"), 540, 60));
  ExpectRefused(JobHours("M-0001", "J-0001", Day("2025-08-16"), 540, 60), kOutsideContract,
                "day: 2025-08-16 is outside M-0001's contract (2025-07-01 to 2025-08-15)");
  ExpectRefused(left, kInvalidArgument, "member_id: M-0001 left on 2025-08-15");
  ExpectRefused(Extension(), kInvalidArgument, "member_id: M-0001 has left");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidLeaving) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::MemberLeft>(
      events::MemberLeft{events::MemberId{"M-0001"}, Day("2025-08-15"), "031"},
      {
          {[](auto& c) { c.member_id.value = "M-0404"; }, kNotFound, "member_id: no member M-0404"},
          {[](auto& c) { c.left_on = Date(); }, kInvalidArgument,
           "left_on: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.left_on = Day("2025-06-30"); }, kInvalidArgument,
           "left_on: before the contract started (2025-07-01)"},
          {[](auto& c) { c.reason.clear(); }, kInvalidArgument, "reason: required"},
      });
}

// ---------------------------------------------------------------- PersonalDataErased

TEST_F(CommandHandlerTest, PersonalDataErasedDestroysTheKeyOfAMemberOrAHousehold) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::MemberJoined joined = CjsYouth("M-0002", "A-CJS", Day("2025-07-01"), Day("2025-08-31"));
  joined.personal = Personal("M-0002", Day("2008-03-14"));
  Accept(joined);
  const events::ClientRegistered household = Household("C-H01");
  Accept(household);

  const events::PersonalDataErased member{events::PersonId{"M-0002"}, "retention period over"};
  const events::StoredEvent member_event = AcceptOne(member);
  EXPECT_EQ(Envelope(member_event), "member/M-0002 v2 2025-09-30");
  EXPECT_EQ(std::get<events::PersonalDataErased>(member_event.body), member);
  EXPECT_EQ(store_->Unseal(joined.personal).error().code(), kPersonalDataErased);

  const events::StoredEvent client_event =
      AcceptOne(events::PersonalDataErased{events::PersonId{"C-H01"}, "asked by the client"});
  EXPECT_EQ(Envelope(client_event), "client/C-H01 v2 2025-09-30");
  EXPECT_EQ(store_->Unseal(household.personal).error().code(), kPersonalDataErased);
}

TEST_F(CommandHandlerTest, RefusesAnInvalidErasure) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::PersonalDataErased>(
      events::PersonalDataErased{events::PersonId{"M-0001"}, "retention period over"},
      {
          {[](auto& c) { c.person_id.value.clear(); }, kInvalidArgument, "person_id: required"},
          {[](auto& c) { c.reason.clear(); }, kInvalidArgument, "reason: required"},
          {[](auto& c) { c.person_id.value = "P-0404"; }, kNotFound,
           "person_id: no member or client P-0404"},
      });
}

// ---------------------------------------------------------------- ClientRegistered

TEST_F(CommandHandlerTest, ClientRegisteredStartsTheClientStreamToday) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::ClientRegistered town = Company("C-TOWN");
  town.kind = ClientKind::kPublicBody;
  town.siret = "13002526500005";
  town.chorus_service_code = "FACTURES";
  town.payment_terms_days = 0;
  const events::StoredEvent event = AcceptOne(town);
  EXPECT_EQ(Envelope(event), "client/C-TOWN v1 2025-09-30");
  EXPECT_EQ(std::get<events::ClientRegistered>(event.body), town);

  const events::ClientRegistered household = Household("C-H01");
  EXPECT_EQ(Envelope(AcceptOne(household)), "client/C-H01 v1 2025-09-30");
  EXPECT_EQ(store_->Unseal(household.personal).value().family_name, "Martin");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidClientRegistration) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::SealedData someone_else = Personal("C-0099", Day("1970-01-02"));
  ExpectRefusals<events::ClientRegistered>(
      Company("C-0002"),
      {
          {[](auto& c) { c.client_id.value.clear(); }, kInvalidArgument, "client_id: required"},
          {[](auto& c) { c.client_id.value = "C-0001"; }, kAlreadyExists,
           "client_id: C-0001 already exists"},
          {[](auto& c) { c.kind = ClientKind::kUnset; }, kInvalidArgument,
           "kind: required: household, company, association or publicBody"},
          {[](auto& c) { c.kind = ClientKind::kHousehold; }, kInvalidArgument,
           "personal: a household's name and address are personal data: give them here"},
          {[&](auto& c) {
             c.kind = ClientKind::kHousehold;
             c.personal = someone_else;
           },
           kInvalidArgument, "personal.person_id: must be the client's id"},
          {[](auto& c) { c.name.clear(); }, kInvalidArgument, "name: required"},
          {[](auto& c) { c.siret = "5521005540001"; }, kInvalidArgument,
           "siret: '5521005540001' is not a valid SIRET (14 digits, Luhn check)"},
          {[](auto& c) { c.siret = "55210055400014"; }, kInvalidArgument,
           "siret: '55210055400014' is not a valid SIRET (14 digits, Luhn check)"},
          {[](auto& c) {
             c.kind = ClientKind::kPublicBody;
             c.siret.clear();
           },
           kInvalidArgument,
           "siret: required for a public body: Chorus Pro routes invoices by SIRET"},
          {[](auto& c) { c.payment_terms_days = -1; }, kInvalidArgument,
           "payment_terms_days: must be 0 to 60 (Code de commerce L441-10)"},
          {[](auto& c) { c.payment_terms_days = 61; }, kInvalidArgument,
           "payment_terms_days: must be 0 to 60 (Code de commerce L441-10)"},
      });
}

// ---------------------------------------------------------------- kinds that are not commands

template <size_t... Index>
std::vector<events::EventBody> OneOfEachKind(std::index_sequence<Index...>) {
  return {events::EventBody(std::in_place_index<Index>)...};
}

TEST_F(CommandHandlerTest, RefusesKindsThatAreNotCommands) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  // clang-format off
  const std::set<std::string_view> commands = {
      "CaeConfigured", "ActivityOpened", "ActivityClosed",                          // Organisation.
      "MemberJoined", "ContractChanged", "MemberLeft", "PersonalDataErased",        // People.
      "ClientRegistered", "QuoteIssued", "JobAgreed", "JobCompleted", "JobCancelled",
      "HoursLogged", "VolunteerParticipation",                                      // Work.
      "InvoiceDrafted", "InvoiceValidated", "CreditNoteValidated", "PaymentReceived",
      "PaymentRefunded", "ReminderSent", "ExpenseRecorded", "SelfFinancingRecorded",
      "GrantReceived",                                                              // Billing.
      "AccountingPeriodClosed", "Reversed", "JournalEntryRecorded", "FiscalYearClosed",
      "SealRecorded", "ExportRecorded",                                                   // Books.
      "ParametersAdopted", "DistributionDecided", "PayslipIssued", "WagePaid",
      "ContributionsPaid", "PayrollMonthClosed",                                          // Payroll.
      "DeclarationFiled"};                                                                // Declarations.
  // clang-format on
  ASSERT_EQ(commands.size(), 36u);
  std::string refused;
  for (const events::EventBody& body :
       OneOfEachKind(std::make_index_sequence<events::kEventKindCount>())) {
    const std::string_view kind = events::KindName(body);
    if (commands.count(kind) > 0) continue;
    SCOPED_TRACE(kind);
    ExpectRefused(body, kUnsupported, std::string(kind) + " is not a command this version accepts");
    refused += std::string(kind) + " ";
  }
  // Every kind of today's catalogue has its decider (ExportRecorded last, for the exports the
  // server records); a kind added without one is refused as above.
  EXPECT_EQ(refused, "");
}

// ---------------------------------------------------------------- CommandService

class CommandServiceTest : public CommandHandlerTest {};

TEST_F(CommandServiceTest, ReplaysARetriedCommandWithItsFirstSeqs) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::CommandId id{"join M-0002"};
  const events::MemberJoined joined =
      CjsYouth("M-0002", "A-CJS", Day("2025-07-01"), Day("2025-08-31"));
  Result<engine::CommandResult> first = service_->Execute(id, Admin(), joined);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(first->seqs, std::vector<Seq>{7});
  EXPECT_FALSE(first->replayed);
  // Deciding it again would be refused (M-0002 exists): the retry is answered from the log.
  Result<engine::CommandResult> retry = service_->Execute(id, Admin(), joined);
  ASSERT_TRUE(retry.has_value()) << retry.error().ToString();
  EXPECT_EQ(retry->seqs, std::vector<Seq>{7});
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(store_->head().seq, 7u);
  EXPECT_EQ(service_->state().last_seq(), 7u);
  // Also after a restart, which rebuilds the state from the log.
  StartService();
  Result<engine::CommandResult> after_restart = service_->Execute(id, Admin(), joined);
  ASSERT_TRUE(after_restart.has_value()) << after_restart.error().ToString();
  EXPECT_EQ(after_restart->seqs, std::vector<Seq>{7});
  EXPECT_TRUE(after_restart->replayed);
}

TEST_F(CommandServiceTest, RefusesACommandIdReusedForAnotherCommand) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::CommandId id{"join M-0002"};
  events::MemberJoined joined = CjsYouth("M-0002", "A-CJS", Day("2025-07-01"), Day("2025-08-31"));
  ASSERT_TRUE(service_->Execute(id, Admin(), joined).has_value());
  joined.member_id.value = "M-0003";
  Result<engine::CommandResult> reused = service_->Execute(id, Admin(), joined);
  ASSERT_FALSE(reused.has_value());
  EXPECT_EQ(ErrorCodeName(reused.error().code()), ErrorCodeName(kDuplicateCommand));
  EXPECT_EQ(store_->head().seq, 7u);
  EXPECT_EQ(service_->state().FindMember(events::MemberId{"M-0003"}), nullptr);
}

TEST_F(CommandServiceTest, ARefusedCommandLeavesItsIdUnused) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::CommandId id{"register C-0002"};
  Result<engine::CommandResult> refused = service_->Execute(id, Admin(), Company("C-0001"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().message(), "client_id: C-0001 already exists");
  Result<engine::CommandResult> corrected = service_->Execute(id, Admin(), Company("C-0002"));
  ASSERT_TRUE(corrected.has_value()) << corrected.error().ToString();
  EXPECT_EQ(corrected->seqs, std::vector<Seq>{7});
  EXPECT_FALSE(corrected->replayed);
}

TEST_F(CommandServiceTest, ExecuteAllReportsEveryRefusedCommandAndAppendsNothing) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const engine::Head before = store_->head();
  std::vector<events::EventBody> batch = {
      Activity("A-NEW", ActivityKind::kCjsSeason, Day("2025-09-01")),
      Company("C-0001"),
      Company("C-0002"),
      events::JobCompleted{events::JobId{"J-0404"}, Day("2025-09-01"), ""},
  };
  Result<engine::CommandResult> result =
      service_->ExecuteAll(events::CommandId{"batch"}, Admin(), batch);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(ErrorCodeName(result.error().code()), ErrorCodeName(kAlreadyExists));
  EXPECT_EQ(result.error().message(),
            "commands[1]: client_id: C-0001 already exists\n"
            "commands[3]: job_id: no job J-0404");
  EXPECT_EQ(store_->head().seq, before.seq);
  EXPECT_TRUE(store_->head().hash == before.hash);
  EXPECT_EQ(service_->state().last_seq(), before.seq);
  EXPECT_EQ(service_->state().FindActivity(events::ActivityId{"A-NEW"}), nullptr);
  // Nothing of the refused batch was kept: its id is free and its first command still valid.
  batch.erase(batch.begin() + 3);
  batch.erase(batch.begin() + 1);
  Result<engine::CommandResult> corrected =
      service_->ExecuteAll(events::CommandId{"batch"}, Admin(), batch);
  ASSERT_TRUE(corrected.has_value()) << corrected.error().ToString();
  EXPECT_EQ(corrected->seqs, (std::vector<Seq>{7, 8}));
}

TEST_F(CommandServiceTest, ExecuteAllLetsLaterCommandsSeeEarlierOnes) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::HoursLogged hours = JobHours("M-0002", "", Day("2025-09-02"), 540, 60);
  hours.internal_task = events::InternalTask::kTraining;
  const std::vector<events::EventBody> batch = {
      Activity("A-NEW", ActivityKind::kCjsSeason, Day("2025-09-01")),
      CjsYouth("M-0002", "A-NEW", Day("2025-09-01"), Day("2025-09-30")), hours,
      JobHours("M-0002", "", Day("2025-09-02"), 570, 60),  // No task, and overlapping.
  };
  Result<engine::CommandResult> refused =
      service_->ExecuteAll(events::CommandId{"season"}, Admin(), batch);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().message(),
            "commands[3]: internal_task: give a job_id or an internal task (officeDuty, "
            "prospecting, training, meeting)");
  events::HoursLogged overlapping = hours;
  overlapping.start_minute = 570;
  Result<engine::CommandResult> overlap = service_->ExecuteAll(
      events::CommandId{"season"}, Admin(), {batch[0], batch[1], batch[2], overlapping});
  ASSERT_FALSE(overlap.has_value());
  EXPECT_EQ(ErrorCodeName(overlap.error().code()), ErrorCodeName(kOverlappingHours));
  EXPECT_EQ(overlap.error().message(),
            "commands[3]: start_minute: M-0002 already worked 09:00-10:00 on 2025-09-02 (seq 9)");

  Result<engine::CommandResult> accepted =
      service_->ExecuteAll(events::CommandId{"season"}, Admin(), {batch[0], batch[1], batch[2]});
  ASSERT_TRUE(accepted.has_value()) << accepted.error().ToString();
  EXPECT_EQ(accepted->seqs, (std::vector<Seq>{7, 8, 9}));
  std::string envelopes;
  for (const events::StoredEvent& event : Read(accepted->seqs)) envelopes += Envelope(event) + "\n";
  EXPECT_EQ(envelopes,
            "activity/A-NEW v1 2025-09-01\n"
            "member/M-0002 v1 2025-09-01\n"
            "member/M-0002 v2 2025-09-02\n");
  // A retried batch is replayed whole.
  Result<engine::CommandResult> retry =
      service_->ExecuteAll(events::CommandId{"season"}, Admin(), {batch[0], batch[1], batch[2]});
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->seqs, (std::vector<Seq>{7, 8, 9}));
  EXPECT_TRUE(retry->replayed);
}

TEST_F(CommandServiceTest, ExecuteAllAppliesMinorsLimitsToAMemberJoiningInTheSameBatch) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::MemberJoined minor = CjsYouth("M-0003", "A-CJS", Day("2025-07-01"), Day("2025-08-31"));
  minor.personal = Personal("M-0003", Day("2009-03-14"));
  const std::vector<events::EventBody> batch = {
      minor, JobHours("M-0003", "J-0001", Day("2025-07-15"), 480, 540)};
  Result<engine::CommandResult> result =
      service_->ExecuteAll(events::CommandId{"minor"}, Admin(), batch);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(ErrorCodeName(result.error().code()), ErrorCodeName(kWorkingTimeLimit));
  EXPECT_EQ(result.error().message(),
            "commands[1]: minutes: M-0003 is under 18 and would work 540 minutes on 2025-07-15, "
            "over the 480 a day allowed (Code du travail L3162-1)");
  EXPECT_EQ(store_->head().seq, 6u);
}

}  // namespace
}  // namespace coopledger::test
