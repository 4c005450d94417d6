// A validated invoice or credit note as the books knew it at a point of the log: what its PDF
// prints (adapters/document_content.h), for `invoice pdf` and the API.
#ifndef COOPLEDGER_ADAPTERS_DOCUMENT_SOURCE_H_
#define COOPLEDGER_ADAPTERS_DOCUMENT_SOURCE_H_

#include "adapters/document_content.h"
#include "engine/event_store.h"
#include "engine/rules.h"

namespace coopledger::adapters {

// Replays the log up to `last` and gathers the document numbered `number` with the CAE as it was
// when the document was validated and the dated rules. kNotFound, naming the number, when no
// validated invoice or credit note has it then.
Result<DocumentSource> DocumentSourceAsOf(engine::EventStore& store,
                                          const events::DocumentNumber& number, events::Seq last,
                                          const engine::Rules& rules);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DOCUMENT_SOURCE_H_
