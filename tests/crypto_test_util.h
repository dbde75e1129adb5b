// Helpers shared by the crypto engine tests: hex and text literals, attributes, and a
// reproducible random source.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>

#include "crypto/crypto.h"

namespace swemu::core::crypto::test {

inline Bytes hex(std::string_view s) {
  Bytes out;
  for (size_t i = 0; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(s.substr(i, 2)), nullptr, 16)));
  return out;
}

inline Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

inline Attribute buf(uint32_t id, Bytes value) {
  Attribute a;
  a.id = id;
  a.ref = std::move(value);
  return a;
}

inline Attribute val(uint32_t id, uint32_t a, uint32_t b = 0) {
  Attribute attr;
  attr.id = id;
  attr.a = a;
  attr.b = b;
  return attr;
}

// A reproducible random source for tests only.
class TestRng final : public Rng {
public:
  explicit TestRng(uint32_t seed = 1) : gen_(seed) {}
  Result<void> fill(uint8_t* out, size_t len) override {
    for (size_t i = 0; i < len; ++i)
      out[i] = static_cast<uint8_t>(gen_());
    return {};
  }

private:
  std::mt19937 gen_;
};

} // namespace swemu::core::crypto::test
