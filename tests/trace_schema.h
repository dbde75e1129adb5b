// Checks a JSON value against a JSON Schema, for the tests of trace files
// (docs/trace.schema.json): trace_test.cpp and debug_cli_test.cpp.
#pragma once

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

namespace swemu::test {

// JSON Schema (2020-12) for the keywords docs/trace.schema.json uses: type, enum, const,
// minimum, required, properties, items, oneOf. Returns "" or why `v` does not match.
inline std::string validate(const nlohmann::json& v, const nlohmann::json& s,
                            const std::string& at = "$") {
  if (s.contains("type")) {
    const std::string t = s["type"];
    const bool ok = (t == "object" && v.is_object()) || (t == "array" && v.is_array()) ||
                    (t == "string" && v.is_string()) || (t == "integer" && v.is_number_integer()) ||
                    (t == "number" && v.is_number());
    if (!ok)
      return at + ": not " + t;
  }
  if (s.contains("const") && v != s["const"])
    return at + ": not " + s["const"].dump();
  if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
    return at + ": " + v.dump() + " not in the enum";
  if (s.contains("minimum") && v.is_number() && v.get<double>() < s["minimum"].get<double>())
    return at + ": below the minimum";
  if (s.contains("required"))
    for (const auto& k : s["required"])
      if (!v.is_object() || !v.contains(k.get<std::string>()))
        return at + ": missing " + k.get<std::string>();
  if (s.contains("properties") && v.is_object())
    for (const auto& [k, sub] : s["properties"].items())
      if (v.contains(k))
        if (auto e = validate(v[k], sub, at + "." + k); !e.empty())
          return e;
  if (s.contains("items") && v.is_array())
    for (size_t i = 0; i < v.size(); ++i)
      if (auto e = validate(v[i], s["items"], at + "[" + std::to_string(i) + "]"); !e.empty())
        return e;
  if (s.contains("oneOf")) {
    int matches = 0;
    for (const auto& sub : s["oneOf"])
      matches += validate(v, sub, at).empty() ? 1 : 0;
    if (matches != 1)
      return at + ": matches " + std::to_string(matches) + " of oneOf";
  }
  return "";
}

} // namespace swemu::test
