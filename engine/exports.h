// Exports record themselves (DESIGN section 5, ExportRecorded): who exported what and when, with
// the SHA-256 of each file written, so that a file handed to an accountant or an administration
// can later be matched with the books it came from.
#ifndef COOPLEDGER_ENGINE_EXPORTS_H_
#define COOPLEDGER_ENGINE_EXPORTS_H_

#include <vector>

#include "engine/clock.h"
#include "engine/event_store.h"

namespace coopledger::engine {

inline constexpr const char* kExportStream = "exports";

// What every export record must carry: a kind, a file name and a 32-byte hash. kInvalidArgument
// naming the field (prefixed by `field`, e.g. "exports[2].") otherwise.
Status CheckExportRecord(const events::ExportRecorded& record, const std::string& field);

// Appends one ExportRecorded per element of `exports`, atomically, to the stream "exports",
// dated on the clock's day. An export depends on no state, so this needs no replay of the log:
// each record must name a kind and a file and carry a 32-byte hash (kInvalidArgument otherwise,
// naming the field; nothing is appended). Outside a running server only: there, exports go
// through the CommandService as ExportRecorded commands (engine/decide_books.cc).
Result<std::vector<Seq>> RecordExports(EventStore& store, Clock& clock,
                                       const events::CommandId& command_id,
                                       const events::Actor& actor,
                                       std::vector<events::ExportRecorded> exports);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_EXPORTS_H_
