// Unit tests of the CSV import: reading (separators, BOM, RFC 4180 quoting, line numbers), field
// values as spreadsheets write them, and the report of every bad line.
#include "adapters/csv_import.h"

#include <gtest/gtest.h>

#include "adapters/csv_fields.h"

namespace coopledger::test {
namespace {

using adapters::CsvImport;
using adapters::CsvKind;
using adapters::ParseCsvImport;

// Seals nothing: keeps the clear text readable, to check what would be sealed.
Result<events::SealedData> ClearSeal(const events::PersonId& person, const events::PersonalData& data) {
  const std::string clear = data.given_name + "|" + data.family_name + "|" + data.address + "|" +
                            data.email + "|" + data.phone;
  return events::SealedData{person, {0x01}, events::Bytes(clear.begin(), clear.end())};
}

Result<CsvImport> Parse(CsvKind kind, std::string_view text, char separator = 0) {
  adapters::CsvImportOptions options;
  options.separator = separator;
  return ParseCsvImport(kind, text, options, &ClearSeal);
}

// One line per command: "line N: <the command as JSON>", or the error.
std::string Render(const Result<CsvImport>& parsed) {
  if (!parsed) return parsed.error().ToString();
  std::string out;
  for (size_t i = 0; i < parsed->commands.size(); ++i) {
    out += "line " + std::to_string(parsed->lines[i]) + ": " +
           adapters::EventBodyToJson(parsed->commands[i], nullptr).dump() + "\n";
  }
  return out;
}

TEST(CsvImportTest, ParsesHoursWithCommasAndAQuotedDecimalComma) {
  const Result<CsvImport> parsed = Parse(CsvKind::kHours,
      "member_id,job_id,internal_task,day,start,duration,volunteer\n"
      "M-0001,J-0001,,2025-07-03,09:00,\"3,5\",\n"
      "M-0002,,meeting,04/07/2025,14h,1:15,oui\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->separator, ',');
  EXPECT_EQ(Render(parsed),
            R"(line 2: {"booked_on":null,"day":"2025-07-03","internal_task":"none","job_id":"J-0001","member_id":"M-0001","minutes":210,"start_minute":540,"volunteer":false})" "\n"
            R"(line 3: {"booked_on":null,"day":"2025-07-04","internal_task":"meeting","job_id":"","member_id":"M-0002","minutes":75,"start_minute":840,"volunteer":true})" "\n");
}

TEST(CsvImportTest, DetectsSemicolonsWhereDecimalCommasNeedNoQuotes) {
  const Result<CsvImport> parsed = Parse(CsvKind::kPayments,
      "payment_id;client_id;received_on;method;amount;allocations;reference\n"
      "P-0001;C-0001;15/07/2025;bankTransfer;150,00;2025-0001:120,00|2025-0002 : 30;VIR 123\n"
      "P-0002;C-0002;2025-07-16;cheque;1 234,5;;\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->separator, ';');
  EXPECT_EQ(Render(parsed),
            R"(line 2: {"allocations":[{"amount_cents":12000,"invoice_number":"2025-0001"},{"amount_cents":3000,"invoice_number":"2025-0002"}],"amount_cents":15000,"client_id":"C-0001","method":"bankTransfer","payment_id":"P-0001","received_on":"2025-07-15","reference":"VIR 123"})" "\n"
            R"(line 3: {"allocations":[],"amount_cents":123450,"client_id":"C-0002","method":"cheque","payment_id":"P-0002","received_on":"2025-07-16","reference":""})" "\n");
}

TEST(CsvImportTest, AnExplicitSeparatorOverridesDetection) {
  constexpr std::string_view kText =
      "job_id,client_id,activity_id,service,scheduled_on,agreed_price,description\n"
      "J-0002,C-0001,CJS-2025,painting,2025-07-10,\"80,00\",Volets; portail\n";
  EXPECT_EQ(Parse(CsvKind::kJobs, kText)->separator, ',');
  const Result<CsvImport> semicolons = Parse(CsvKind::kJobs, kText, ';');
  ASSERT_FALSE(semicolons.has_value());
  EXPECT_EQ(semicolons.error().message().substr(0, 49),
            "nothing appended:\nline 1: unknown column 'job_id,");
}

TEST(CsvImportTest, SkipsTheUtf8ByteOrderMarkAndKeepsUtf8Text) {
  const Result<CsvImport> parsed = Parse(CsvKind::kClients,
      "\xEF\xBB\xBF" "client_id;kind;name;payment_terms_days\n"
      "C-0002;association;Comit\xC3\xA9 des f\xC3\xAAtes;45\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  const auto& client = std::get<events::ClientRegistered>(parsed->commands.at(0));
  EXPECT_EQ(client.client_id.value, "C-0002");
  EXPECT_EQ(client.name, "Comit\xC3\xA9 des f\xC3\xAAtes");
  EXPECT_EQ(client.payment_terms_days, 45);
}

TEST(CsvImportTest, QuotedFieldsHoldSeparatorsQuotesAndLineBreaks) {
  const Result<CsvImport> parsed = Parse(CsvKind::kJobs,
      "job_id,client_id,activity_id,service,scheduled_on,agreed_price,description\r\n"
      "J-0002,C-0001,CJS-2025,gardening,2025-07-10,\"80,00\",\"Taille, d\xC3\xA9sherbage\r\n"
      "et \"\"ramassage\"\"\"\r\n"
      "J-0003,C-0001,CJS-2025,painting,2025-07-11,95,\"Volets\"\r\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->lines, (std::vector<int>{2, 4}));
  EXPECT_EQ(std::get<events::JobAgreed>(parsed->commands[0]).description,
            "Taille, d\xC3\xA9sherbage\r\net \"ramassage\"");
  EXPECT_EQ(std::get<events::JobAgreed>(parsed->commands[0]).agreed_price, Money::FromCents(8000));
  EXPECT_EQ(std::get<events::JobAgreed>(parsed->commands[1]).agreed_price, Money::FromCents(9500));
}

TEST(CsvImportTest, ReportsEveryBadLineWithItsColumnAndReasonAndNoCommand) {
  const Result<CsvImport> parsed = Parse(CsvKind::kHours,
      "member_id;job_id;internal_task;day;start;duration;volunteer\n"
      "M-0001;J-0001;;2025-07-03;09:00;3,5;\n"
      ";J-0001;;31/02/2025;9:00;3,33;\n"
      "M-0001;J-0001;;2025-07-04;25:00;2;maybe\n"
      "M-0001;J-0001;;\"description\nsur deux lignes\";10:00;2\n"
      "M-0001;;lunch;2025-07-05;10:00;2;\n");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().message(),
            "nothing appended:\n"
            "line 3: member_id: required\n"
            "line 3: day: '31/02/2025' is not a calendar date between 1900 and 2199\n"
            "line 3: duration: '3,33' is not a duration in whole minutes (3,5 or 3.5 hours, or 3:30)\n"
            "line 4: start: '25:00' is not a time of day (09:00, 9:00 or 9h00)\n"
            "line 4: volunteer: 'maybe' is not yes or no (true/false, yes/no, oui/non, 1/0)\n"
            "line 5: 6 fields where the header has 7: quote a field that holds the separator\n"
            "line 7: internal_task: 'lunch' is not one of none, officeDuty, prospecting, "
            "training, meeting");
}

TEST(CsvImportTest, AnUnquotedDecimalCommaInACommaFileIsNamedAsAFieldCountProblem) {
  const Result<CsvImport> parsed = Parse(CsvKind::kPayments,
      "payment_id,client_id,received_on,method,amount\n"
      "P-0001,C-0001,2025-07-15,cash,12,50\n");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message(),
            "nothing appended:\n"
            "line 2: 6 fields where the header has 5: quote a field that holds the separator");
}

TEST(CsvImportTest, ReportsEveryHeaderProblemAndReadsNoLine) {
  const Result<CsvImport> parsed = Parse(CsvKind::kPayments,
      "Payment_ID,client_id,amount,amount,colour\n"
      "P-0001,C-0001,12,12,red\n");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message(),
            "nothing appended:\n"
            "line 1: column 'amount' appears twice\n"
            "line 1: unknown column 'colour' (payments columns: payment_id, client_id, "
            "received_on, method, amount, allocations, reference)\n"
            "line 1: missing column 'received_on'\n"
            "line 1: missing column 'method'");
}

TEST(CsvImportTest, ReportsMisplacedQuotesAndUnclosedQuotesAndKeepsReading) {
  const Result<CsvImport> parsed = Parse(CsvKind::kClients,
      "client_id,kind,name\n"
      "C-0002,company,Peinture \"Dupont\" SARL\n"
      "C-0003,company,\"Garage\"x\n"
      "C-0004,association,Ok\n"
      "C-0005,company,\"never closed\n"
      "C-0006,company,swallowed\n");
  ASSERT_FALSE(parsed.has_value());
  const std::string misplaced =
      "misplaced quote: quote the whole field and double any quote inside it (RFC 4180)";
  EXPECT_EQ(parsed.error().message(),
            "nothing appended:\n"
            "line 2: " + misplaced + "\n"
            "line 3: " + misplaced + "\n"
            "line 5: a quoted field is never closed: add the missing quote (\")");
}

TEST(CsvImportTest, SkipsBlankLinesAndSpreadsheetRowsOfEmptyFields) {
  const Result<CsvImport> parsed = Parse(CsvKind::kClients,
      "\r\n;;;\r\nclient_id;kind;name;\r\n"
      "C-0002; company ;  Boulangerie Martin  ;\r\n"
      "\r\n"
      ";;;\r\n"
      "C-0003;association;\"  Amicale  \";\r\n"
      ";;;\r\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->lines, (std::vector<int>{4, 7}));
  EXPECT_EQ(std::get<events::ClientRegistered>(parsed->commands[0]).name, "Boulangerie Martin");
  EXPECT_EQ(std::get<events::ClientRegistered>(parsed->commands[1]).name, "  Amicale  ");
}

TEST(CsvImportTest, HouseholdsGiveTheirNamesAsPersonalDataOthersCannot) {
  const Result<CsvImport> parsed = Parse(CsvKind::kClients,
      "client_id,kind,name,address,given_name,family_name,email\n"
      "C-0002,household,,\"3 rue Blatin, Clermont\",Paul,Roux,p@example.org\n"
      "C-0003,company,Garage Roux,\"ZI, Aubi\xC3\xA8re\",,,\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  const auto& household = std::get<events::ClientRegistered>(parsed->commands[0]);
  EXPECT_EQ(household.name, "");
  EXPECT_EQ(household.address, "");
  EXPECT_EQ(household.personal.person_id.value, "C-0002");
  EXPECT_EQ(std::string(household.personal.ciphertext.begin(), household.personal.ciphertext.end()),
            "Paul|Roux|3 rue Blatin, Clermont|p@example.org|");
  const auto& company = std::get<events::ClientRegistered>(parsed->commands[1]);
  EXPECT_EQ(company.address, "ZI, Aubi\xC3\xA8re");
  EXPECT_TRUE(company.personal.empty());

  const Result<CsvImport> refused = Parse(CsvKind::kClients,
      "client_id,kind,name,given_name,family_name\n"
      "C-0002,household,Famille Roux,Paul,\n"
      "C-0003,company,Garage Roux,Paul,Roux\n"
      "C-0004,shop,Epicerie,,\n");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().message(),
            "nothing appended:\n"
            "line 2: name: a household's name is personal data: give given_name and family_name\n"
            "line 2: family_name: required for a household\n"
            "line 3: given_name: personal data, only for a household client\n"
            "line 3: family_name: personal data, only for a household client\n"
            "line 4: kind: 'shop' is not one of household, company, association, publicBody");
}

TEST(CsvImportTest, RefusesTextThatIsNotUtf8) {
  const Result<CsvImport> parsed = Parse(CsvKind::kClients,
      "client_id;kind;name\n"
      "C-0002;association;Comit\xE9 des f\xEAtes\n");  // Latin-1, as old Excel exports.
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message(),
            "nothing appended:\nline 2: name: not valid UTF-8: save the file as \"CSV UTF-8\"");
}

TEST(CsvImportTest, RefusesAnEmptyFileAndAHeaderWithoutLines) {
  EXPECT_EQ(Parse(CsvKind::kHours, "").error().message(), "nothing appended: the file is empty");
  EXPECT_EQ(Parse(CsvKind::kHours, "member_id,day,start,duration\n\n").error().message(),
            "nothing appended: no data line under the header");
}

TEST(CsvImportTest, RefusalsOfTheBusinessRulesNameTheLineAndTheColumn) {
  const std::vector<int> lines = {2, 3, 7};
  EXPECT_EQ(adapters::RefusalsByLine(
                CsvKind::kHours,
                "commands[0]: minutes: must be positive\n"
                "commands[1]: start_minute: M-0001 already worked 09:00-12:30 on 2025-07-03 (seq 7)\n"
                "commands[2]: start_minute: M-0001 already worked 09:00-12:30 on 2025-07-03 (seq 11)",
                lines, /*head_seq=*/9),
            "line 2: duration: must be positive\n"
            "line 3: start: M-0001 already worked 09:00-12:30 on 2025-07-03 (seq 7)\n"
            "line 7: start: M-0001 already worked 09:00-12:30 on 2025-07-03 (line 3 of this file)");
  EXPECT_EQ(adapters::RefusalsByLine(
                CsvKind::kPayments,
                "commands[1]: allocations[0].amount_cents: 150.00 allocated to 2025-0001 whose "
                "open amount is 120.00\ncommands[9]: out of range",
                lines, /*head_seq=*/9),
            "line 3: allocations[0].amount: 150.00 allocated to 2025-0001 whose open amount is "
            "120.00\ncommands[9]: out of range");
}

TEST(CsvFieldsTest, ParsesEurosAsSpreadsheetsWriteThem) {
  const std::pair<std::string_view, int64_t> cases[] = {
      {"12,50", 1250}, {"12.5", 1250},        {"12", 1200},          {"-3,07", -307},
      {"1 234,50", 123450}, {"1\xC2\xA0" "234,50", 123450}, {"1\xE2\x80\xAF" "234", 123400},
      {"12,50 \xE2\x82\xAC", 1250}, {" 0,01 ", 1}};
  for (const auto& [text, cents] : cases) {
    const Result<Money> money = adapters::ParseEuros(text);
    ASSERT_TRUE(money.has_value()) << text << ": " << money.error().ToString();
    EXPECT_EQ(money->cents(), cents) << text;
  }
  EXPECT_EQ(adapters::ParseEuros("12,505").error().message(),
            "'12,505' is not an amount in euros (12,50 or 12.50): more than two decimals");
  EXPECT_FALSE(adapters::ParseEuros("1.234,50").has_value());
  EXPECT_FALSE(adapters::ParseEuros("douze").has_value());
}

TEST(CsvFieldsTest, ParsesIsoAndFrenchDates) {
  EXPECT_EQ(adapters::ParseCsvDate("2025-07-03")->ToString(), "2025-07-03");
  EXPECT_EQ(adapters::ParseCsvDate("03/07/2025")->ToString(), "2025-07-03");
  EXPECT_EQ(adapters::ParseCsvDate("3/7/2025")->ToString(), "2025-07-03");
  EXPECT_EQ(adapters::ParseCsvDate("29/02/2024")->ToString(), "2024-02-29");
  EXPECT_EQ(adapters::ParseCsvDate("29/02/2025").error().code(), ErrorCode::kInvalidDate);
  for (const std::string_view bad : {"07/03/25", "2025-7-3", "2025/07/03", "", "03-07-2025"}) {
    EXPECT_EQ(adapters::ParseCsvDate(bad).error().message(),
              "'" + std::string(bad) + "' is not a date (YYYY-MM-DD or DD/MM/YYYY)");
  }
}

TEST(CsvFieldsTest, ParsesDurationsAndTimesOfDay) {
  const std::pair<std::string_view, int32_t> durations[] = {
      {"3,5", 210}, {"3.5", 210}, {"3", 180},  {"0,25", 15}, {"0,1", 6},
      {"3:30", 210}, {"3h30", 210}, {"3h", 180}, {"24", 1440}, {"1,75", 105}};
  for (const auto& [text, minutes] : durations) {
    const Result<int32_t> parsed = adapters::ParseDuration(text);
    ASSERT_TRUE(parsed.has_value()) << text << ": " << parsed.error().ToString();
    EXPECT_EQ(*parsed, minutes) << text;
  }
  for (const std::string_view bad : {"0,01", "3:5", "3:60", "abc", "3,5h", "-1", ""}) {
    EXPECT_FALSE(adapters::ParseDuration(bad).has_value()) << bad;
  }
  EXPECT_EQ(adapters::ParseDuration("0").error().message(),
            "'0' is not a duration of more than 0 and at most 24 hours");
  EXPECT_FALSE(adapters::ParseDuration("24:30").has_value());
  EXPECT_EQ(*adapters::ParseTimeOfDay("09:00"), 540);
  EXPECT_EQ(*adapters::ParseTimeOfDay("9h"), 540);
  EXPECT_EQ(*adapters::ParseTimeOfDay("13H45"), 825);
  EXPECT_EQ(*adapters::ParseTimeOfDay("0:00"), 0);
  for (const std::string_view bad : {"24:00", "9", "9:0", "09:60", "9.5"}) {
    EXPECT_FALSE(adapters::ParseTimeOfDay(bad).has_value()) << bad;
  }
}

TEST(CsvFieldsTest, ParsesAllocationsAndNamesTheBadItem) {
  const Result<std::vector<events::Allocation>> parsed =
      adapters::ParseAllocations(" 2025-0001:120,00 | 2025-0002:30 ");
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1].invoice_number.value, "2025-0002");
  EXPECT_EQ((*parsed)[1].amount, Money::FromCents(3000));
  EXPECT_TRUE(adapters::ParseAllocations("")->empty());
  EXPECT_EQ(adapters::ParseAllocations("2025-0001:10|2025-0002").error().message(),
            "item 2 '2025-0002': expected INVOICE_NUMBER:AMOUNT, items separated by '|'");
  EXPECT_EQ(adapters::ParseAllocations("2025-0001:dix").error().message(),
            "item 1 '2025-0001:dix': 'dix' is not an amount in euros (12,50 or 12.50): must "
            "start with a digit");
}

TEST(CsvFieldsTest, ValidatesUtf8) {
  EXPECT_TRUE(adapters::IsValidUtf8("L\xC3\xA9" "a \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(adapters::IsValidUtf8("L\xE9" "a"));          // Latin-1.
  EXPECT_FALSE(adapters::IsValidUtf8("\xC0\xAF"));           // Overlong.
  EXPECT_FALSE(adapters::IsValidUtf8("\xED\xA0\x80"));       // Surrogate.
  EXPECT_FALSE(adapters::IsValidUtf8("\xE2\x82"));           // Truncated.
}

}  // namespace
}  // namespace coopledger::test
