// A trace of what the secure world did: one JSON object per line (JSON Lines) for every
// SMC, optee_msg command, session opened or closed, TA entry and TA syscall, with its
// start, duration, thread and fields; and, at the end, the same spans in Chrome's
// trace-event format (Perfetto, chrome://tracing) on three tracks: the normal world's
// calls (SMCs, by calling thread), the secure threads that serve them (optee_msg commands,
// sessions), and the TA instances (entries and their syscalls). The line format is
// described by docs/trace.schema.json.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "swemu/core/result.h"

namespace swemu::core {

class Tracer {
public:
  // Which timeline row a span belongs on.
  enum class Track { kNormalWorld, kSecureThread, kTaInstance };

  // `lines`: the JSON Lines file (empty: none); `timeline`: the Chrome trace file, written
  // by finish() (empty: none). At least one must be given.
  static Result<std::shared_ptr<Tracer>> open(const std::filesystem::path& lines,
                                              const std::filesystem::path& timeline);
  ~Tracer();
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  // Nanoseconds since the tracer was made.
  uint64_t now() const;

  // A finished span of `type` ("smc", "msg", "session", "entry", "syscall"): fields go into
  // the line as they are. For kTaInstance, `instance` and `instance_name` name the row.
  void span(const char* type, const std::string& name, uint64_t start_ns, uint64_t end_ns,
            nlohmann::json fields, Track track, uint64_t instance = 0,
            const std::string& instance_name = {});

  // Writes the timeline (if asked for) and closes the files. Idempotent.
  Result<void> finish();

private:
  Tracer() = default;
  uint32_t thread_index(std::thread::id id); // under mu_

  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::mutex mu_;
  std::FILE* lines_ = nullptr;
  std::filesystem::path timeline_path_;
  nlohmann::json timeline_ = nlohmann::json::array();
  std::map<std::thread::id, uint32_t> threads_;
  std::map<uint64_t, std::string> instances_;
  bool finished_ = false;
};

} // namespace swemu::core
