#include "adapters/csv_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <span>

#include "adapters/csv_fields.h"
#include "adapters/csv_reader.h"
#include "engine/hash_chain.h"

namespace coopledger::adapters {
namespace {

struct ColumnSpec {
  std::string_view name;
  bool required;
};

constexpr ColumnSpec kClientColumns[] = {{"client_id", true},
                                         {"kind", true},
                                         {"name", false},
                                         {"siret", false},
                                         {"vat_number", false},
                                         {"address", false},
                                         {"chorus_service_code", false},
                                         {"chorus_commitment_number", false},
                                         {"payment_terms_days", false},
                                         {"given_name", false},
                                         {"family_name", false},
                                         {"email", false},
                                         {"phone", false}};
constexpr ColumnSpec kJobColumns[] = {
    {"job_id", true},       {"client_id", true},    {"activity_id", true}, {"service", true},
    {"scheduled_on", true}, {"agreed_price", true}, {"quote_id", false},   {"description", false}};
constexpr ColumnSpec kHourColumns[] = {
    {"member_id", true}, {"job_id", false},  {"internal_task", false}, {"day", true},
    {"start", true},     {"duration", true}, {"volunteer", false}};
constexpr ColumnSpec kPaymentColumns[] = {
    {"payment_id", true}, {"client_id", true},    {"received_on", true}, {"method", true},
    {"amount", true},     {"allocations", false}, {"reference", false}};

std::span<const ColumnSpec> Columns(CsvKind kind) {
  switch (kind) {
    case CsvKind::kClients:
      return kClientColumns;
    case CsvKind::kJobs:
      return kJobColumns;
    case CsvKind::kHours:
      return kHourColumns;
    case CsvKind::kPayments:
      return kPaymentColumns;
  }
  COOPLEDGER_ASSERT(false);  // Every kind is listed above.
  return {};
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t") == std::string_view::npos;
}

bool IsBlankRecord(const CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(), IsBlank);
}

// The header's columns: name -> index of its field in each record.
struct Header {
  std::map<std::string, size_t, std::less<>> index;
  std::vector<size_t> unnamed;  // Blank names (a spreadsheet's trailing empty columns).
  size_t width = 0;             // Fields in every record.
};

// Reads the header record; reports every unknown, repeated or missing column. Returns nullopt
// when the data lines cannot be read with it.
std::optional<Header> ReadHeader(CsvKind kind, const CsvRecord& record,
                                 std::vector<CsvLineError>* errors) {
  const std::span<const ColumnSpec> columns = Columns(kind);
  std::string known;
  for (const ColumnSpec& column : columns) {
    known += (known.empty() ? "" : ", ") + std::string(column.name);
  }
  Header header;
  header.width = record.fields.size();
  const size_t errors_before = errors->size();
  for (size_t i = 0; i < record.fields.size(); ++i) {
    const std::string name = Lower(record.fields[i]);
    const bool is_known = std::any_of(columns.begin(), columns.end(),
                                      [&name](const ColumnSpec& c) { return c.name == name; });
    if (IsBlank(name)) {
      header.unnamed.push_back(i);
    } else if (!is_known) {
      errors->push_back({record.line, "unknown column '" + record.fields[i] + "' (" +
                                          std::string(kCsvKindNames[static_cast<size_t>(kind)]) +
                                          " columns: " + known + ")"});
    } else if (!header.index.emplace(name, i).second) {
      errors->push_back({record.line, "column '" + name + "' appears twice"});
    }
  }
  for (const ColumnSpec& column : columns) {
    if (column.required && !header.index.contains(column.name)) {
      errors->push_back({record.line, "missing column '" + std::string(column.name) + "'"});
    }
  }
  if (errors->size() != errors_before) return std::nullopt;
  return header;
}

// One data record seen through the header; collects the record's errors.
// REQUIRES: the record has header.width fields.
class Row {
 public:
  Row(CsvKind kind, const Header& header, const CsvRecord& record,
      std::vector<CsvLineError>* errors)
      : kind_(kind), header_(header), record_(record), errors_(errors) {
    for (const size_t index : header_.unnamed) {
      if (!IsBlank(record_.fields[index])) {
        Fail("", "a value in field " + std::to_string(index + 1) + ", whose column has no name");
      }
    }
    for (const auto& [name, index] : header_.index) {
      if (!IsValidUtf8(record_.fields[index])) {
        Fail(name, "not valid UTF-8: save the file as \"CSV UTF-8\"");
        not_utf8_.push_back(index);
      }
    }
  }

  // The field of `column`; "" when the header lacks it. A blank required field is reported.
  std::string Text(std::string_view column) {
    const auto found = header_.index.find(column);
    if (found == header_.index.end()) return "";
    if (std::find(not_utf8_.begin(), not_utf8_.end(), found->second) != not_utf8_.end()) return "";
    const std::string& field = record_.fields[found->second];
    if (IsBlank(field)) {
      if (IsRequired(column)) Fail(column, "required");
      return "";
    }
    return field;
  }

  // The parsed field of `column`; nullopt when blank or invalid (both reported if required).
  template <typename T>
  std::optional<T> Get(std::string_view column, Result<T> (*parse)(std::string_view)) {
    const std::string text = Text(column);
    if (text.empty()) return std::nullopt;
    Result<T> value = parse(text);
    if (!value) {
      Fail(column, value.error().message());
      return std::nullopt;
    }
    return *value;
  }

  void Fail(std::string_view column, const std::string& reason) {
    errors_->push_back(
        {record_.line, column.empty() ? reason : std::string(column) + ": " + reason});
    failed_ = true;
  }
  bool failed() const { return failed_; }

 private:
  bool IsRequired(std::string_view column) const {
    for (const ColumnSpec& spec : Columns(kind_)) {
      if (spec.name == column) return spec.required;
    }
    return false;
  }

  CsvKind kind_;
  const Header& header_;
  const CsvRecord& record_;
  std::vector<CsvLineError>* errors_;
  std::vector<size_t> not_utf8_;
  bool failed_ = false;
};

std::optional<events::EventBody> ClientFromRow(Row& row, const SealFn& seal) {
  using events::ClientKind;
  events::ClientRegistered client;
  client.client_id.value = row.Text("client_id");
  client.kind = row.Get("kind", &ParseEnumName<ClientKind>).value_or(ClientKind::kUnset);
  client.name = row.Text("name");
  client.siret = row.Text("siret");
  client.vat_number = row.Text("vat_number");
  client.chorus_service_code = row.Text("chorus_service_code");
  client.chorus_commitment_number = row.Text("chorus_commitment_number");
  client.payment_terms_days = row.Get("payment_terms_days", &ParseCount).value_or(30);
  events::PersonalData personal;
  personal.given_name = row.Text("given_name");
  personal.family_name = row.Text("family_name");
  personal.email = row.Text("email");
  personal.phone = row.Text("phone");
  if (client.kind == ClientKind::kHousehold) {
    personal.address = row.Text("address");
    if (!client.name.empty()) {
      row.Fail("name", "a household's name is personal data: give given_name and family_name");
    }
    if (personal.family_name.empty()) row.Fail("family_name", "required for a household");
  } else if (client.kind != ClientKind::kUnset) {
    client.address = row.Text("address");
    const std::pair<std::string_view, const std::string*> personal_columns[] = {
        {"given_name", &personal.given_name},
        {"family_name", &personal.family_name},
        {"email", &personal.email},
        {"phone", &personal.phone}};
    for (const auto& [column, value] : personal_columns) {
      if (!value->empty()) row.Fail(column, "personal data, only for a household client");
    }
  }
  if (row.failed()) return std::nullopt;
  if (client.kind == ClientKind::kHousehold) {
    Result<events::SealedData> sealed = seal(events::PersonId{client.client_id.value}, personal);
    if (!sealed) {
      row.Fail("family_name", sealed.error().message());
      return std::nullopt;
    }
    client.personal = std::move(*sealed);
  }
  return events::EventBody(std::move(client));
}

std::optional<events::EventBody> JobFromRow(Row& row) {
  events::JobAgreed job;
  job.job_id.value = row.Text("job_id");
  job.client_id.value = row.Text("client_id");
  job.activity_id.value = row.Text("activity_id");
  job.quote_id.value = row.Text("quote_id");
  job.service = row.Text("service");
  job.description = row.Text("description");
  job.scheduled_on = row.Get("scheduled_on", &ParseCsvDate).value_or(Date());
  job.agreed_price = row.Get("agreed_price", &ParseEuros).value_or(Money::Zero());
  if (row.failed()) return std::nullopt;
  return events::EventBody(std::move(job));
}

std::optional<events::EventBody> HoursFromRow(Row& row) {
  using events::InternalTask;
  events::HoursLogged hours;
  hours.member_id.value = row.Text("member_id");
  hours.job_id.value = row.Text("job_id");
  hours.internal_task =
      row.Get("internal_task", &ParseEnumName<InternalTask>)
          .value_or(hours.job_id.empty() ? InternalTask::kUnset : InternalTask::kNone);
  hours.day = row.Get("day", &ParseCsvDate).value_or(Date());
  hours.start_minute = row.Get("start", &ParseTimeOfDay).value_or(0);
  hours.minutes = row.Get("duration", &ParseDuration).value_or(0);
  hours.volunteer = row.Get("volunteer", &ParseFlag).value_or(false);
  if (row.failed()) return std::nullopt;
  return events::EventBody(std::move(hours));
}

std::optional<events::EventBody> PaymentFromRow(Row& row) {
  using events::PaymentMethod;
  events::PaymentReceived payment;
  payment.payment_id.value = row.Text("payment_id");
  payment.client_id.value = row.Text("client_id");
  payment.received_on = row.Get("received_on", &ParseCsvDate).value_or(Date());
  payment.method = row.Get("method", &ParseEnumName<PaymentMethod>).value_or(PaymentMethod::kUnset);
  payment.amount = row.Get("amount", &ParseEuros).value_or(Money::Zero());
  payment.allocations =
      row.Get("allocations", &ParseAllocations).value_or(std::vector<events::Allocation>{});
  payment.reference = row.Text("reference");
  if (row.failed()) return std::nullopt;
  return events::EventBody(std::move(payment));
}

std::optional<events::EventBody> CommandFromRow(CsvKind kind, Row& row, const SealFn& seal) {
  switch (kind) {
    case CsvKind::kClients:
      return ClientFromRow(row, seal);
    case CsvKind::kJobs:
      return JobFromRow(row);
    case CsvKind::kHours:
      return HoursFromRow(row);
    case CsvKind::kPayments:
      return PaymentFromRow(row);
  }
  COOPLEDGER_ASSERT(false);  // Every kind is listed above.
  return std::nullopt;
}

// Converts the data records after the header; every bad one is reported in `errors`.
void ConvertRecords(CsvKind kind, const Header& header, std::span<const CsvRecord> records,
                    const SealFn& seal, CsvImport* result, std::vector<CsvLineError>* errors) {
  for (const CsvRecord& record : records) {
    if (IsBlankRecord(record)) continue;
    if (record.fields.size() != header.width) {
      errors->push_back({record.line, std::to_string(record.fields.size()) +
                                          " fields where the header has " +
                                          std::to_string(header.width) +
                                          ": quote a field that holds the separator"});
      continue;
    }
    Row row(kind, header, record, errors);
    std::optional<events::EventBody> command = CommandFromRow(kind, row, seal);
    if (!command) continue;
    result->commands.push_back(std::move(*command));
    result->lines.push_back(record.line);
  }
}

Error NothingAppended(std::vector<CsvLineError> errors) {
  std::stable_sort(errors.begin(), errors.end(),
                   [](const CsvLineError& a, const CsvLineError& b) { return a.line < b.line; });
  std::string message = "nothing appended:";
  for (const CsvLineError& error : errors) {
    message += "\nline " + std::to_string(error.line) + ": " + error.message;
  }
  return Error(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

Result<CsvKind> ParseCsvKind(std::string_view name) {
  for (size_t i = 0; i < kCsvKindNames.size(); ++i) {
    if (kCsvKindNames[i] == name) return static_cast<CsvKind>(i);
  }
  return Error(
      ErrorCode::kInvalidArgument,
      "'" + std::string(name) + "' is not a kind of CSV file: clients, jobs, hours or payments");
}

Result<CsvImport> ParseCsvImport(CsvKind kind, std::string_view text,
                                 const CsvImportOptions& options, const SealFn& seal) {
  if (text.size() > kCsvBytesMax) {
    return Error(ErrorCode::kInvalidArgument, "nothing appended: the file is over " +
                                                  std::to_string(kCsvBytesMax >> 20) +
                                                  " MiB: split it");
  }
  CsvText csv = ReadCsv(text, options.separator);
  std::vector<CsvLineError> errors = std::move(csv.errors);
  // Spreadsheets may export rows of empty fields (";;;") above the header too.
  std::span<const CsvRecord> records(csv.records);
  while (!records.empty() && IsBlankRecord(records.front())) records = records.subspan(1);
  // A malformed header line is left out by the reader: the first record would not be the header.
  if (!errors.empty() && (records.empty() || errors.front().line <= records.front().line)) {
    return NothingAppended(std::move(errors));
  }
  if (records.empty()) {
    return Error(ErrorCode::kInvalidArgument, "nothing appended: the file is empty");
  }
  if (records.size() - 1 > kCsvRecordsMax) {
    return Error(ErrorCode::kInvalidArgument, "nothing appended: more than " +
                                                  std::to_string(kCsvRecordsMax) +
                                                  " data lines: split the file");
  }
  CsvImport result;
  result.separator = csv.separator;
  const std::optional<Header> header = ReadHeader(kind, records.front(), &errors);
  if (header) ConvertRecords(kind, *header, records.subspan(1), seal, &result, &errors);
  if (!errors.empty()) return NothingAppended(std::move(errors));
  if (result.commands.empty()) {
    return Error(ErrorCode::kInvalidArgument, "nothing appended: no data line under the header");
  }
  return result;
}

Result<char> ParseCsvSeparator(std::string_view name) {
  if (name.empty()) return '\0';
  if (name == "," || name == "comma") return ',';
  if (name == ";" || name == "semicolon") return ';';
  return Error(ErrorCode::kInvalidArgument,
               "\"" + std::string(name) + "\" is not comma or semicolon");
}

events::CommandId CsvImportCommandId(std::string_view kind, std::string_view text) {
  return events::CommandId{"import-" + std::string(kind) + "-" +
                           engine::ToHex(engine::Sha256(text)).substr(0, 32)};
}

}  // namespace coopledger::adapters
