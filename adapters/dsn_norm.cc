#include "adapters/dsn_norm.h"

#include <yaml.h>

#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include "adapters/files.h"

namespace coopledger::adapters {
namespace {

constexpr size_t kNormBytesMax = 16 * 1024 * 1024;
constexpr int32_t kYamlDepthMax = 64;

// A YAML document as a tree: scalars, mappings in file order (the order of blocks matters), and
// sequences. Anchors and aliases are not used by the norm files and are refused.
struct YamlNode {
  enum class Kind { kScalar, kMapping, kSequence };
  Kind kind = Kind::kScalar;
  std::string scalar;
  std::vector<std::pair<std::string, YamlNode>> mapping;
  std::vector<YamlNode> sequence;

  const YamlNode* Find(const std::string& key) const {
    for (const auto& [name, value] : mapping) {
      if (name == key) return &value;
    }
    return nullptr;
  }
};

class YamlReader {
 public:
  explicit YamlReader(const std::string& text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~YamlReader() { yaml_parser_delete(&parser_); }
  YamlReader(const YamlReader&) = delete;
  YamlReader& operator=(const YamlReader&) = delete;

  Result<YamlNode> Document() {
    // Stream start, document start, the root node.
    for (int skipped = 0; skipped < 2; ++skipped) {
      COOPLEDGER_ASSIGN_OR_RETURN(Event event, Next());
      if (event.type() != YAML_STREAM_START_EVENT && event.type() != YAML_DOCUMENT_START_EVENT) {
        return Failure("expected the start of a document");
      }
    }
    COOPLEDGER_ASSIGN_OR_RETURN(Event root, Next());
    return Node(std::move(root), 0);
  }

 private:
  class Event {
   public:
    Event() = default;
    ~Event() {
      if (valid_) yaml_event_delete(&event_);
    }
    Event(Event&& other) noexcept : event_(other.event_), valid_(other.valid_) {
      other.valid_ = false;
    }
    Event& operator=(Event&&) = delete;
    Event(const Event&) = delete;
    yaml_event_type_t type() const { return event_.type; }
    yaml_event_t event_{};
    bool valid_ = false;
  };

  Error Failure(const std::string& reason) const {
    return Error(ErrorCode::kInvalidArgument,
                 "norm YAML line " + std::to_string(parser_.mark.line + 1) + ": " + reason);
  }

  Result<Event> Next() {
    Event event;
    if (!yaml_parser_parse(&parser_, &event.event_)) {
      return Failure(parser_.problem != nullptr ? parser_.problem : "unreadable YAML");
    }
    event.valid_ = true;
    return event;
  }

  Result<YamlNode> Node(Event event, int32_t depth) {
    if (depth > kYamlDepthMax) return Failure("nested too deep");
    YamlNode node;
    switch (event.type()) {
      case YAML_SCALAR_EVENT:
        node.scalar.assign(reinterpret_cast<const char*>(event.event_.data.scalar.value),
                           event.event_.data.scalar.length);
        return node;
      case YAML_MAPPING_START_EVENT: {
        node.kind = YamlNode::Kind::kMapping;
        while (true) {
          COOPLEDGER_ASSIGN_OR_RETURN(Event key, Next());
          if (key.type() == YAML_MAPPING_END_EVENT) return node;
          if (key.type() != YAML_SCALAR_EVENT) return Failure("a mapping key is not a scalar");
          std::string name(reinterpret_cast<const char*>(key.event_.data.scalar.value),
                           key.event_.data.scalar.length);
          COOPLEDGER_ASSIGN_OR_RETURN(Event value_event, Next());
          COOPLEDGER_ASSIGN_OR_RETURN(YamlNode value, Node(std::move(value_event), depth + 1));
          node.mapping.emplace_back(std::move(name), std::move(value));
        }
      }
      case YAML_SEQUENCE_START_EVENT: {
        node.kind = YamlNode::Kind::kSequence;
        while (true) {
          COOPLEDGER_ASSIGN_OR_RETURN(Event item, Next());
          if (item.type() == YAML_SEQUENCE_END_EVENT) return node;
          COOPLEDGER_ASSIGN_OR_RETURN(YamlNode value, Node(std::move(item), depth + 1));
          node.sequence.push_back(std::move(value));
        }
      }
      default:
        return Failure("unexpected YAML event (aliases are not supported)");
    }
  }

  yaml_parser_t parser_{};
};

Result<int32_t> ParseCount(const YamlNode* node, const std::string& where) {
  if (node == nullptr || node->kind != YamlNode::Kind::kScalar || node->scalar.empty()) {
    return Error(ErrorCode::kInvalidArgument, "norm: " + where + ": missing number");
  }
  try {
    return static_cast<int32_t>(std::stol(node->scalar));
  } catch (const std::exception&) {
    return Error(ErrorCode::kInvalidArgument,
                 "norm: " + where + ": \"" + node->scalar + "\" is not a number");
  }
}

Status ParseSegments(const YamlNode& segments, DsnNorm& norm) {
  for (const auto& [block, segment] : segments.mapping) {
    const YamlNode* name = segment.Find("name");
    norm.block_names[block] = name != nullptr ? name->scalar : "";
    const YamlNode* fields = segment.Find("fields");
    if (fields == nullptr) continue;
    for (const auto& [rubric, field] : fields->mapping) {
      DsnRubricRule rule;
      if (const YamlNode* field_name = field.Find("name")) rule.name = field_name->scalar;
      const YamlNode* type = field.Find("type");
      if (type == nullptr || type->scalar.size() != 1) {
        return Error(ErrorCode::kInvalidArgument, "norm: " + rubric + ": missing type");
      }
      rule.type = type->scalar[0];
      COOPLEDGER_ASSIGN_OR_RETURN(rule.length,
                                  ParseCount(field.Find("length"), rubric + ".length"));
      if (const YamlNode* options = field.Find("options")) {
        for (const auto& option : options->mapping) rule.options.insert(option.first);
      }
      norm.rubrics[rubric] = std::move(rule);
    }
  }
  return Status();
}

// Adds the blocks of `map` (and their children) under `parent` to `structure`.
Status AddBlocks(const YamlNode& map, const std::string& parent,
                 std::map<std::string, DsnBlockRule>& structure) {
  int32_t order = 0;
  for (const auto& [block, rule_node] : map.mapping) {
    DsnBlockRule rule;
    rule.parent = parent;
    rule.order = order++;
    COOPLEDGER_ASSIGN_OR_RETURN(rule.occurrences_max,
                                ParseCount(rule_node.Find("maxOccurs"), block + ".maxOccurs"));
    structure[block] = rule;
    if (const YamlNode* children = rule_node.Find("children")) {
      COOPLEDGER_RETURN_IF_ERROR(AddBlocks(*children, block, structure));
    }
  }
  return Status();
}

}  // namespace

Result<DsnNorm> ParseDsnNorm(const std::string& yaml_text) {
  YamlReader reader(yaml_text);
  COOPLEDGER_ASSIGN_OR_RETURN(YamlNode root, reader.Document());
  const YamlNode* version = root.Find("version");
  const YamlNode* segments = root.Find("segments");
  const YamlNode* envelope = root.Find("dsnEnvelope");
  const YamlNode* natures = root.Find("natures");
  if (version == nullptr || segments == nullptr || envelope == nullptr || natures == nullptr) {
    return Error(ErrorCode::kInvalidArgument,
                 "norm: needs version, segments, dsnEnvelope and natures");
  }
  DsnNorm norm;
  norm.version = version->scalar;
  COOPLEDGER_RETURN_IF_ERROR(ParseSegments(*segments, norm));
  // The envelope (S10, S20.G00.05, S90) is the top of every nature; the nature's map hangs under
  // its declaration block S20.G00.05.
  std::map<std::string, DsnBlockRule> envelope_structure;
  COOPLEDGER_RETURN_IF_ERROR(AddBlocks(*envelope, "", envelope_structure));
  for (const auto& [code, nature] : natures->mapping) {
    std::map<std::string, DsnBlockRule> structure = envelope_structure;
    const YamlNode* map = nature.Find("map");
    if (map == nullptr) {
      return Error(ErrorCode::kInvalidArgument, "norm: nature " + code + " has no map");
    }
    COOPLEDGER_RETURN_IF_ERROR(AddBlocks(*map, "S20.G00.05", structure));
    norm.structures[code] = std::move(structure);
  }
  return norm;
}

Result<std::map<std::string, DsnNorm>> LoadDsnNorms(const std::string& directory) {
  std::map<std::string, DsnNorm> norms;
  std::error_code listed;
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(directory, listed)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("norm-P", 0) == 0 && entry.path().extension() == ".yaml") {
      paths.push_back(entry.path());
    }
  }
  if (listed) {
    return Error(ErrorCode::kNotFound, directory + ": " + listed.message());
  }
  for (const std::filesystem::path& path : paths) {
    COOPLEDGER_ASSIGN_OR_RETURN(std::string text,
                                ReadFileUpTo(path.string(), kNormBytesMax, ErrorCode::kNotFound));
    Result<DsnNorm> norm = ParseDsnNorm(text);
    if (!norm) return norm.error().WithContext(path.string() + ": ");
    norms[norm->version] = std::move(*norm);
  }
  if (norms.empty()) return Error(ErrorCode::kNotFound, directory + ": no norm-P*.yaml file");
  return norms;
}

}  // namespace coopledger::adapters
