#include "adapters/dsn_text.h"

#include <algorithm>
#include <cstdio>

namespace coopledger::adapters {

std::string DateText(Date day) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d%02d%04d", day.day(), day.month(), day.year());
  return text;
}

std::string AmountText(int64_t cents) {
  const int64_t magnitude = cents < 0 ? -cents : cents;
  char text[32];
  std::snprintf(text, sizeof text, "%s%lld.%02lld", cents < 0 ? "-" : "",
                static_cast<long long>(magnitude / 100), static_cast<long long>(magnitude % 100));
  return text;
}

std::string DsnRateText(int64_t ppm) {
  const int64_t magnitude = ppm < 0 ? -ppm : ppm;
  char text[32];
  std::snprintf(text, sizeof text, "%s%lld.%04lld", ppm < 0 ? "-" : "",
                static_cast<long long>(magnitude / 10'000),
                static_cast<long long>(magnitude % 10'000));
  std::string result = text;
  while (result.size() > result.find('.') + 3 && result.back() == '0') result.pop_back();
  return result;
}

std::string HoursText(int64_t minutes) {
  const int64_t hundredths = (minutes * 100 + (minutes >= 0 ? 30 : -30)) / 60;
  return AmountText(hundredths);
}

Address SplitAddress(const std::string& text) {
  Address address{text, "", ""};
  const size_t comma = text.rfind(", ");
  if (comma == std::string::npos) return address;
  const std::string rest = text.substr(comma + 2);
  if (rest.size() > 6 &&
      std::all_of(rest.begin(), rest.begin() + 5, [](char c) { return c >= '0' && c <= '9'; }) &&
      rest[5] == ' ') {
    address = {text.substr(0, comma), rest.substr(0, 5), rest.substr(6)};
  }
  return address;
}

void DsnWriter::Put(const std::string& rubric, const std::string& value) {
  if (value.empty()) return;
  std::string latin1 = ToLatin1(value);
  std::replace(latin1.begin(), latin1.end(), '\'', ' ');
  auto rule = norm_.rubrics.find(rubric);
  if (rule == norm_.rubrics.end()) return;  // Not in this year's norm (S21.G00.06.009 left P26).
  if (rule->second.type == 'X' && static_cast<int64_t>(latin1.size()) > rule->second.length) {
    latin1.resize(static_cast<size_t>(rule->second.length));
    while (!latin1.empty() && latin1.back() == ' ') latin1.pop_back();
  }
  text_ += rubric + ",'" + latin1 + "'\n";
  ++lines_;
}

std::string ToLatin1(const std::string& utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    uint32_t code = lead;
    size_t length = 1;
    if (lead >= 0xC0 && lead < 0xE0)
      length = 2, code = lead & 0x1F;
    else if (lead >= 0xE0 && lead < 0xF0)
      length = 3, code = lead & 0x0F;
    else if (lead >= 0xF0)
      length = 4, code = lead & 0x07;
    if (i + length > utf8.size()) length = utf8.size() - i;
    for (size_t j = 1; j < length; ++j)
      code = (code << 6) | (static_cast<unsigned char>(utf8[i + j]) & 0x3F);
    i += length;
    if (code < 0x100 && !(length == 1 && code >= 0x80)) {
      out.push_back(static_cast<char>(code));
      continue;
    }
    switch (code) {
      case 0x0152:
        out += "OE";
        break;
      case 0x0153:
        out += "oe";
        break;
      case 0x2018:
      case 0x2019:
        out += "'";
        break;
      case 0x201C:
      case 0x201D:
        out += "\"";
        break;
      case 0x2013:
      case 0x2014:
        out += "-";
        break;
      case 0x20AC:
        out += "EUR";
        break;
      default:
        out += "?";
    }
  }
  return out;
}

}  // namespace coopledger::adapters
