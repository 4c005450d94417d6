#include "adapters/fec_export.h"

#include <iconv.h>

#include <cerrno>
#include <cstdio>
#include <unordered_map>

namespace coopledger::adapters {
namespace {

using projections::LedgerEntry;
using projections::LedgerLine;

// The header, spelled as the DGFiP's tester expects (DOMAIN 3.1).
constexpr const char* kColumns[] = {
    "JournalCode", "JournalLib",  "EcritureNum", "EcritureDate", "CompteNum",   "CompteLib",
    "CompAuxNum",  "CompAuxLib",  "PieceRef",    "PieceDate",    "EcritureLib", "Debit",
    "Credit",      "EcritureLet", "DateLet",     "ValidDate",    "Montantdevise", "Idevise"};

// AAAAMMJJ.
void AppendFecDate(Date day, std::string& out) {
  const int year = day.year();
  const int month = day.month();
  const int dom = day.day();
  const char text[8] = {static_cast<char>('0' + year / 1000 % 10), static_cast<char>('0' + year / 100 % 10),
                        static_cast<char>('0' + year / 10 % 10),   static_cast<char>('0' + year % 10),
                        static_cast<char>('0' + month / 10),       static_cast<char>('0' + month % 10),
                        static_cast<char>('0' + dom / 10),         static_cast<char>('0' + dom % 10)};
  out.append(text, sizeof text);
}

std::string FecDate(Date day) {
  std::string text;
  AppendFecDate(day, text);
  return text;
}

// Decimal comma, no thousands separator, sign first (DOMAIN 3.2): -1234,05.
void AppendFecAmount(int64_t cents, std::string& out) {
  uint64_t magnitude = cents < 0 ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  char text[32];
  char* end = text + sizeof text;
  char* at = end;
  *--at = static_cast<char>('0' + magnitude % 10);
  magnitude /= 10;
  *--at = static_cast<char>('0' + magnitude % 10);
  magnitude /= 10;
  *--at = ',';
  do {
    *--at = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude > 0);
  if (cents < 0) *--at = '-';
  out.append(at, static_cast<size_t>(end - at));
}

// Separators and line breaks would split a field: they become spaces; the ends are trimmed.
std::string CleanField(const std::string& text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    const bool breaks = c == '\t' || c == '|' || c == '\r' || c == '\n' ||
                        (static_cast<unsigned char>(c) < 0x20);
    clean.push_back(breaks ? ' ' : c);
  }
  const size_t first = clean.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return clean.substr(first, clean.find_last_not_of(' ') - first + 1);
}

class Latin9 {
 public:
  Latin9() : cd_(iconv_open("ISO-8859-15//TRANSLIT", "UTF-8")) {}
  ~Latin9() {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  Latin9(const Latin9&) = delete;
  Latin9& operator=(const Latin9&) = delete;

  Result<std::string> Convert(const std::string& utf8) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      return Error(ErrorCode::kUnsupported, "this system's iconv cannot write ISO-8859-15");
    }
    bool ascii = true;
    for (char c : utf8) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) return utf8;
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);
    std::string out(utf8.size() * 4 + 16, '\0');
    char* in_ptr = const_cast<char*>(utf8.data());
    size_t in_left = utf8.size();
    char* out_ptr = out.data();
    size_t out_left = out.size();
    while (in_left > 0) {
      if (iconv(cd_, &in_ptr, &in_left, &out_ptr, &out_left) != static_cast<size_t>(-1)) continue;
      if (errno == EILSEQ && !ValidUtf8At(in_ptr, in_left)) {
        return Error(ErrorCode::kInvalidArgument, "\"" + utf8 + "\" is not valid UTF-8");
      }
      if (errno != EILSEQ || out_left == 0) {
        return Error(ErrorCode::kInvalidArgument, "\"" + utf8 + "\" cannot be converted");
      }
      // A character iconv cannot even transliterate: "?" and the next character.
      *out_ptr++ = '?';
      --out_left;
      const size_t skip = Utf8Length(static_cast<unsigned char>(*in_ptr));
      in_ptr += std::min(skip, in_left);
      in_left -= std::min(skip, in_left);
    }
    out.resize(out.size() - out_left);
    return out;
  }

 private:
  static size_t Utf8Length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    return 4;
  }
  static bool ValidUtf8At(const char* text, size_t left) {
    const size_t length = Utf8Length(static_cast<unsigned char>(text[0]));
    if (static_cast<unsigned char>(text[0]) >= 0xF8 || length > left) return false;
    if (length == 1) return static_cast<unsigned char>(text[0]) < 0x80;
    for (size_t i = 1; i < length; ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return false;
    }
    return true;
  }

  iconv_t cd_;
};

// True when `text` is printable ASCII without a separator nor spaces at its ends: what
// CleanField and the conversion to ISO-8859-15 leave as it is.
bool IsPlainField(const std::string& text) {
  if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) return false;
  for (char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80 || byte == '|') return false;
  }
  return true;
}

// `text` cleaned (CleanField) and in ISO-8859-15, appended to `out`; plain ASCII without
// separators is appended as is.
Status AppendField(const std::string& text, Latin9& latin9, std::string& out) {
  if (IsPlainField(text)) {
    out += text;
    return OkStatus();
  }
  COOPLEDGER_ASSIGN_OR_RETURN(const std::string converted, latin9.Convert(CleanField(text)));
  out += converted;
  return OkStatus();
}

}  // namespace

Result<std::string> ToLatin9(const std::string& utf8) {
  Latin9 converter;
  return converter.Convert(utf8);
}

std::string FecFileName(const std::string& siren, Date closing_date) {
  return siren + "FEC" + FecDate(closing_date) + ".txt";
}

Result<std::string> RenderFec(const std::vector<LedgerEntry>& entries,
                              const std::map<projections::LineRef, projections::Letter>& lettering,
                              const projections::Chart& chart, const FecOptions& options) {
  Latin9 latin9;
  std::string out;
  out.reserve(entries.size() * 600 + 256);
  const char separator = options.separator;
  for (size_t i = 0; i < std::size(kColumns); ++i) {
    if (i > 0) out.push_back(separator);
    out += kColumns[i];
  }
  // Labels of accounts and journals, auxiliary ids and labels: converted once each.
  std::unordered_map<std::string, std::string> converted;
  auto convert = [&latin9, &converted](const std::string& text) -> Result<const std::string*> {
    static const std::string kEmpty;
    if (text.empty()) return &kEmpty;
    auto found = converted.find(text);
    if (found == converted.end()) {
      COOPLEDGER_ASSIGN_OR_RETURN(std::string clean, latin9.Convert(CleanField(text)));
      found = converted.emplace(text, std::move(clean)).first;
    }
    return &found->second;
  };
  // Plain ASCII is appended as is; anything else is converted once and looked up after.
  auto append_text = [&out, &convert](const std::string& text) -> Status {
    if (IsPlainField(text)) {
      out += text;
      return OkStatus();
    }
    COOPLEDGER_ASSIGN_OR_RETURN(const std::string* converted_text, convert(text));
    out += *converted_text;
    return OkStatus();
  };
  std::unordered_map<std::string, const std::string*> account_labels;
  std::string head;    // Journal, its label, the entry's number and date: the same on every line.
  std::string middle;  // Piece, piece date and label.
  std::string tail;    // Validation date and the two currency columns, empty.
  for (const LedgerEntry& entry : entries) {
    if (!entry.Balanced()) {
      return Error(ErrorCode::kPostingsMustBalance,
                   "entry " + std::to_string(entry.number) + " of fiscal year " +
                       std::to_string(entry.fiscal_year) + " (seq " + std::to_string(entry.seq) +
                       ") does not balance");
    }
    COOPLEDGER_ASSIGN_OR_RETURN(const std::string* journal_label,
                                convert(chart.JournalLabel(entry.journal)));
    head.assign("\r\n").append(entry.journal).append(1, separator).append(*journal_label);
    head.append(1, separator).append(std::to_string(entry.number)).append(1, separator);
    AppendFecDate(entry.date, head);
    head.push_back(separator);
    middle.assign(1, separator);
    const size_t piece_start = middle.size();
    COOPLEDGER_RETURN_IF_ERROR(AppendField(entry.piece_reference, latin9, middle));
    const size_t piece_end = middle.size();
    middle.push_back(separator);
    AppendFecDate(entry.piece_date, middle);
    middle.push_back(separator);
    const size_t label_start = middle.size();
    COOPLEDGER_RETURN_IF_ERROR(AppendField(entry.label, latin9, middle));
    if (middle.size() == label_start) {  // No label: the piece stands for it.
      const std::string piece = middle.substr(piece_start, piece_end - piece_start);
      middle += piece;
    }
    middle.push_back(separator);
    tail.assign(1, separator);
    AppendFecDate(entry.valid_date, tail);
    tail.append(2, separator);
    // Lettering is ordered as the lines are: one search per entry, then a walk.
    auto letter = lettering.lower_bound(projections::LineRef{entry.fiscal_year, entry.number, 0});
    for (uint32_t index = 0; index < entry.lines.size(); ++index) {
      const LedgerLine& line = entry.lines[index];
      auto cached = account_labels.find(line.account);
      if (cached == account_labels.end()) {
        COOPLEDGER_ASSIGN_OR_RETURN(const std::string* account_label,
                                    convert(chart.AccountLabel(line.account)));
        cached = account_labels.emplace(line.account, account_label).first;
      }
      out += head;
      out += line.account;
      out.push_back(separator);
      out += *cached->second;
      out.push_back(separator);
      if (!line.auxiliary.empty()) {
        const size_t auxiliary_start = out.size();
        COOPLEDGER_RETURN_IF_ERROR(append_text(line.auxiliary));
        const size_t auxiliary_end = out.size();
        out.push_back(separator);
        COOPLEDGER_RETURN_IF_ERROR(append_text(line.auxiliary_label));
        if (out.size() == auxiliary_end + 1) {  // No label: the number stands for it.
          const std::string auxiliary = out.substr(auxiliary_start, auxiliary_end - auxiliary_start);
          out += auxiliary;
        }
      } else {
        out.push_back(separator);
      }
      out += middle;
      AppendFecAmount(line.debit.cents(), out);
      out.push_back(separator);
      AppendFecAmount(line.credit.cents(), out);
      out.push_back(separator);
      const bool lettered = letter != lettering.end() &&
                            letter->first == projections::LineRef{entry.fiscal_year, entry.number, index};
      if (lettered) {
        out += letter->second.code;
        out.push_back(separator);
        AppendFecDate(letter->second.date, out);
        ++letter;
      } else {
        out.push_back(separator);
      }
      out += tail;
    }
  }
  return out;
}

std::string RenderFecDescription(const std::string& fec_file_name, const std::string& siren,
                                 const projections::FiscalYearBounds& bounds,
                                 const projections::Chart& chart, const FecOptions& options,
                                 size_t line_count, size_t entry_count) {
  std::string text;
  text += "Description du fichier des ecritures comptables " + fec_file_name + "\r\n";
  text += "(article A47 A-1 du livre des procedures fiscales)\r\n\r\n";
  text += "SIREN: " + siren + "\r\n";
  text += "Exercice: du " + bounds.start.ToString() + " au " + bounds.end.AddDays(-1).ToString() + "\r\n";
  text += "Lignes: " + std::to_string(line_count) + " (plus la ligne d'en-tete), ecritures: " +
          std::to_string(entry_count) + "\r\n";
  text += "Logiciel: coopledger (comptabilite d'engagement, BIC/IS)\r\n\r\n";
  text += "Format\r\n";
  text += std::string("- Jeu de caracteres: ISO-8859-15; fin de ligne CR LF, aucune apres la derniere ligne\r\n") +
          "- Separateur de zones: " + (options.separator == '|' ? "barre verticale (|)" : "tabulation") + "\r\n" +
          "- Premiere ligne: noms des 18 zones de l'article A47 A-1\r\n" +
          "- Dates au format AAAAMMJJ; montants en euros, virgule decimale, sans separateur de milliers\r\n" +
          "- Les ecritures de solde des comptes de charges et de produits (cloture) sont exclues;\r\n"
          "  les a-nouveaux (journal AN) sont inclus\r\n\r\n";
  text += "Zones\r\n";
  text += "- JournalCode, JournalLib: code et libelle du journal (voir ci-dessous)\r\n"
          "- EcritureNum: numero de l'ecriture, sequence continue par exercice dans l'ordre de validation\r\n"
          "- EcritureDate: date de comptabilisation\r\n"
          "- CompteNum, CompteLib: compte du plan comptable general et son libelle\r\n"
          "- CompAuxNum, CompAuxLib: compte auxiliaire (client: identifiant du client; salarie ou\r\n"
          "  entrepreneur: identifiant du membre); un particulier est designe par son identifiant\r\n"
          "- PieceRef, PieceDate: numero de la piece justificative (facture, avoir, reglement,\r\n"
          "  bulletin de paie, depense) et sa date\r\n"
          "- EcritureLib: libelle de l'ecriture\r\n"
          "- Debit, Credit: montants; une seule des deux zones est non nulle sur chaque ligne\r\n"
          "- EcritureLet, DateLet: code de lettrage des comptes clients (facture, reglements et\r\n"
          "  avoirs rapproches) et date du lettrage\r\n"
          "- ValidDate: date de validation (enregistrement definitif et inalterable de l'ecriture)\r\n"
          "- Montantdevise, Idevise: vides, toutes les operations sont en euros\r\n\r\n";
  text += "Journaux\r\n";
  for (const auto& [code, label] : chart.journal_labels) {
    if (code == "CL") continue;
    text += "- " + code + ": " + label + "\r\n";
  }
  text += "\r\nTVA: regime des encaissements pour les prestations de services; la TVA des factures\r\n"
          "est enregistree au compte 44574 et viree au compte 44571 lors du reglement.\r\n"
          "Contribution coopérative: transfert analytique, sans effet sur les soldes generaux.\r\n";
  Result<std::string> latin9 = ToLatin9(text);
  return latin9 ? *latin9 : text;
}

}  // namespace coopledger::adapters
