// The OpenAPI 3 document of the API, built from the route table so that it cannot drift from the
// routes (a test checks both against the expected list of routes).
#include <nlohmann/json.hpp>

#include "adapters/http_api.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

const char* AccessText(Access access) {
  switch (access) {
    case Access::kPublic: return "public";
    case Access::kAnyToken: return "any token";
    case Access::kHours: return "every role; facilitator and committee: their activity; member: their own hours";
    case Access::kActivity: return "admin, support, accountant; committee: their activity";
    case Access::kBooks: return "admin, support, accountant";
    case Access::kPayslips: return "admin, support, accountant; committee: their activity; member: their own";
    case Access::kCaeDesk: return "admin, support";
    case Access::kFilings: return "admin, accountant";
    case Access::kImport: return "as the command of every line: clients register-client, jobs agree-job, hours log-hours, payments receive-payment; a facilitator imports jobs and hours of their activity only";
    case Access::kCommand: return "depends on the command: admin all; support all but configure-cae, erase-personal-data and the accountant's; facilitator agree/complete/cancel-job, log-hours, volunteer, draft-invoice of their activity; committee decide-distribution of their activity; accountant journal-entry, close-period, close-year";
  }
  return "";
}

json ErrorSchema() {
  return {{"type", "object"},
          {"properties",
           {{"error",
             {{"type", "object"},
              {"properties",
               {{"code", {{"type", "string"}, {"description", "Stable error code"}}},
                {"message", {{"type", "string"}}}}}}}}}};
}

json Operation(const RouteSpec& route) {
  json operation = {{"summary", route.summary},
                    {"description", std::string("Access: ") + AccessText(route.access)},
                    {"parameters", json::array()}};
  const std::string path = route.path;
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    const std::string name = path.substr(open + 1, path.find('}', open) - open - 1);
    json parameter = {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
    if (name == "command") {
      json names = json::array();
      for (const ApiCommand& command : ApiCommands()) names.push_back(command.name);
      parameter["schema"]["enum"] = names;
    }
    operation["parameters"].push_back(parameter);
  }
  for (const QueryParameter& query : route.query) {
    operation["parameters"].push_back({{"name", query.name}, {"in", "query"}, {"required", false},
                                       {"description", query.description},
                                       {"schema", {{"type", "string"}}}});
  }
  const std::string type = route.content_type;
  json ok = {{"description", "OK"}};
  ok["content"][type]["schema"] = type == "application/json" ? json{{"type", "object"}}
                                                             : json{{"type", "string"}, {"format", "binary"}};
  json error = {{"content", {{"application/json", {{"schema", ErrorSchema()}}}}}};
  operation["responses"]["200"] = ok;
  if (route.method == std::string("POST")) {
    // A command's fields, or the payment day of a pay run; the other steps take no body.
    const bool body_required = route.access == Access::kCommand ||
                               (path.size() >= 4 && path.compare(path.size() - 4, 4, "/pay") == 0);
    if (route.access == Access::kImport) {
      operation["requestBody"] = {
          {"required", true},
          {"content", {{"text/csv", {{"schema", {{"type", "string"}}}}}}}};
    } else {
      operation["requestBody"] = {
          {"required", body_required},
          {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    }
  }
  for (const char* status : {"400", "404", "409", "422", "500"}) {
    operation["responses"][status] = error;
    operation["responses"][status]["description"] = "Refused; the code says why";
  }
  if (route.access != Access::kPublic) {
    operation["security"] = json::array({{{"bearer", json::array()}}});
    for (const char* status : {"401", "403", "429"}) {
      operation["responses"][status] = error;
      operation["responses"][status]["description"] = "Token missing, not allowed, or too many requests";
    }
  }
  return operation;
}

}  // namespace

std::string OpenApiDocument() {
  json document = {
      {"openapi", "3.0.3"},
      {"info", {{"title", "coopledger"}, {"version", "1"},
                {"description", "Books and payroll of a CAE. Amounts in integer cents; errors "
                                "as {\"error\":{\"code\",\"message\"}} with a stable code."}}},
      {"paths", json::object()}};
  document["components"]["securitySchemes"]["bearer"] = {{"type", "http"}, {"scheme", "bearer"}};
  for (const RouteSpec& route : ApiRoutes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    document["paths"][route.path][method] = Operation(route);
  }
  return document.dump(2);
}

}  // namespace coopledger::adapters
