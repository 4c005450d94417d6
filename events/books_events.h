// Accounting, declarations and the log's own bookkeeping (DESIGN section 5, "Books").
#ifndef COOPLEDGER_EVENTS_BOOKS_EVENTS_H_
#define COOPLEDGER_EVENTS_BOOKS_EVENTS_H_

#include "events/ids.h"
#include "events/values.h"

namespace coopledger::events {

// An accountant's manual entry (journal OD unless stated).
struct JournalEntryRecorded {
  EntryId entry_id;
  std::string journal;  // "OD".
  Date entry_date;
  std::string label;
  std::string piece_reference;
  std::vector<Posting> postings;
  COOPLEDGER_FIELDS(JournalEntryRecorded, entry_id, journal, entry_date, label, piece_reference,
                    postings);
};

struct AccountingPeriodClosed {
  Date period_start;  // Included.
  Date period_end;    // Excluded.
  COOPLEDGER_FIELDS(AccountingPeriodClosed, period_start, period_end);
};

struct FiscalYearClosed {
  Date year_start;  // Included.
  Date year_end;    // Excluded.
  COOPLEDGER_FIELDS(FiscalYearClosed, year_start, year_end);
};

struct DeclarationFiled {
  DeclarationKind kind = DeclarationKind::kUnset;
  Date period_start;
  Date filed_on;
  Bytes file_sha256;
  std::string reference;
  COOPLEDGER_FIELDS(DeclarationFiled, kind, period_start, filed_on, file_sha256, reference);
};

struct ExportRecorded {
  std::string export_kind;  // "fec", "dsn", "ledger"...
  std::string parameters;   // "--year 2025".
  std::string file_name;
  Bytes file_sha256;
  COOPLEDGER_FIELDS(ExportRecorded, export_kind, parameters, file_name, file_sha256);
};

// Proves later that nothing up to last_seq changed.
struct SealRecorded {
  Date month;  // First day of the sealed month.
  Seq first_seq = 0;
  Seq last_seq = 0;
  Bytes head_hash;    // Chain hash after last_seq.
  Bytes merkle_root;  // Of the month's events.
  COOPLEDGER_FIELDS(SealRecorded, month, first_seq, last_seq, head_hash, merkle_root);
};

// Cancels one earlier event; the original stays in the log.
struct Reversed {
  Seq reversed_seq = 0;
  std::string reason;
  COOPLEDGER_FIELDS(Reversed, reversed_seq, reason);
};

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_BOOKS_EVENTS_H_
