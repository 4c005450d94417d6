#include "adapters/csv_reader.h"

#include <csv.h>

namespace coopledger::adapters {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The parser's options: refuse stray quotes and a quoted field left open at the end of the file.
constexpr unsigned char kParserOptions = CSV_STRICT | CSV_STRICT_FINI;

// Index just after the line break that ends the line starting at `from`: "\n", "\r\n" or a lone
// "\r" (old spreadsheets); the end of `text` for a last line without one.
size_t LineEnd(std::string_view text, size_t from) {
  const size_t brk = text.find_first_of("\r\n", from);
  if (brk == std::string_view::npos) return text.size();
  if (text[brk] == '\r' && brk + 1 < text.size() && text[brk + 1] == '\n') return brk + 2;
  return brk + 1;
}

// libcsv skips these between records, so a line of them alone starts no record.
bool HasContent(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

// Owns a libcsv parser.
class Parser {
 public:
  explicit Parser(char separator) : separator_(separator) { Init(); }
  ~Parser() { csv_free(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  // Drops a record in progress after a parse error, so that reading can resume.
  void Reset() {
    csv_free(&parser_);
    Init();
  }
  csv_parser* get() { return &parser_; }

 private:
  void Init() {
    // csv_init only fails to allocate its first block; libcsv then reports ENOMEM on parse.
    (void)csv_init(&parser_, kParserOptions);
    csv_set_delim(&parser_, static_cast<unsigned char>(separator_));
  }
  char separator_;
  csv_parser parser_{};
};

// Receives libcsv's callbacks and keeps the line where each record starts.
class Collector {
 public:
  explicit Collector(std::vector<CsvRecord>* records) : records_(records) {}

  // Called before each physical line is fed to the parser.
  void BeginLine(int line, std::string_view text) {
    current_line_ = line;
    if (between_records_ && HasContent(text)) {
      start_line_ = line;
      between_records_ = false;
    }
  }
  void Discard() {
    fields_.clear();
    between_records_ = true;
  }
  int start_line() const { return start_line_; }

  static void OnField(void* data, size_t size, void* self) {
    auto* collector = static_cast<Collector*>(self);
    if (collector->between_records_) {  // Several records on one line: lone "\r" inside quotes.
      collector->start_line_ = collector->current_line_;
      collector->between_records_ = false;
    }
    collector->fields_.emplace_back(static_cast<const char*>(data), size);
  }
  static void OnRecordEnd(int /*terminator*/, void* self) {
    auto* collector = static_cast<Collector*>(self);
    collector->records_->push_back(
        CsvRecord{collector->start_line_, std::move(collector->fields_)});
    collector->fields_.clear();
    collector->between_records_ = true;
  }

 private:
  std::vector<CsvRecord>* records_;
  std::vector<std::string> fields_;
  int current_line_ = 0;
  int start_line_ = 0;
  bool between_records_ = true;
};

std::string ParseErrorMessage(csv_parser* parser) {
  const int code = csv_error(parser);
  if (code == CSV_EPARSE) {
    return "misplaced quote: quote the whole field and double any quote inside it (RFC 4180)";
  }
  return std::string("cannot read the CSV: ") + csv_strerror(code);
}

}  // namespace

char DetectSeparator(std::string_view text) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  size_t from = 0;
  while (from < text.size() && !HasContent(text.substr(from, LineEnd(text, from) - from))) {
    from = LineEnd(text, from);
  }
  int commas = 0;
  int semicolons = 0;
  bool quoted = false;
  for (size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') quoted = !quoted;  // A doubled quote toggles twice: still inside.
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

CsvText ReadCsv(std::string_view text, char separator) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  CsvText result;
  result.separator = separator == 0 ? DetectSeparator(text) : separator;
  Parser parser(result.separator);
  Collector collector(&result.records);
  // Fed one physical line at a time: the collector then knows the line of every record.
  int line = 0;
  for (size_t from = 0; from < text.size();) {
    const size_t end = LineEnd(text, from);
    const std::string_view chunk = text.substr(from, end - from);
    collector.BeginLine(++line, chunk);
    if (csv_parse(parser.get(), chunk.data(), chunk.size(), &Collector::OnField,
                  &Collector::OnRecordEnd, &collector) != chunk.size()) {
      result.errors.push_back(CsvLineError{line, ParseErrorMessage(parser.get())});
      collector.Discard();
      parser.Reset();
    }
    from = end;
  }
  if (csv_fini(parser.get(), &Collector::OnField, &Collector::OnRecordEnd, &collector) != 0) {
    result.errors.push_back(CsvLineError{
        collector.start_line(), "a quoted field is never closed: add the missing quote (\")"});
    collector.Discard();
  }
  return result;
}

}  // namespace coopledger::adapters
