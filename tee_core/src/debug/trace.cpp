// Chrome trace-event format facts: the "Trace Event Format" document (complete events
// "ph":"X" with ts/dur in microseconds, metadata events "ph":"M" named process_name /
// thread_name), which Perfetto and chrome://tracing read.
#include "debug/trace.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "swemu/core/tee_abi.h"

namespace swemu::core {
namespace {

// Timeline processes: one per track.
constexpr int kPidNormalWorld = 1;
constexpr int kPidSecureThreads = 2;
constexpr int kPidTaInstances = 3;

int track_pid(Tracer::Track t) {
  switch (t) {
  case Tracer::Track::kNormalWorld:
    return kPidNormalWorld;
  case Tracer::Track::kSecureThread:
    return kPidSecureThreads;
  case Tracer::Track::kTaInstance:
  default:
    return kPidTaInstances;
  }
}

nlohmann::json metadata(const char* what, int pid, uint64_t tid, const std::string& name) {
  return {{"name", what}, {"ph", "M"}, {"pid", pid}, {"tid", tid}, {"args", {{"name", name}}}};
}

} // namespace

Result<std::shared_ptr<Tracer>> Tracer::open(const std::filesystem::path& lines,
                                             const std::filesystem::path& timeline) {
  if (lines.empty() && timeline.empty())
    return make_error(abi::TEE_ERROR_BAD_PARAMETERS, "trace: no output file given");
  std::shared_ptr<Tracer> t(new Tracer());
  if (!lines.empty()) {
    t->lines_ = std::fopen(lines.c_str(), "w");
    if (t->lines_ == nullptr)
      return make_error(abi::TEE_ERROR_GENERIC, fmt::format("trace: cannot write '{}': {}",
                                                            lines.string(), std::strerror(errno)));
  }
  if (!timeline.empty()) {
    // Fail now rather than after the run.
    std::ofstream probe(timeline);
    if (!probe)
      return make_error(abi::TEE_ERROR_GENERIC,
                        fmt::format("trace: cannot write '{}'", timeline.string()));
    t->timeline_path_ = timeline;
  }
  return t;
}

Tracer::~Tracer() {
  if (auto done = finish(); !done)
    std::fprintf(stderr, "swemu: %s\n", done.error().message.c_str());
}

uint64_t Tracer::now() const {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now() - start_)
                                   .count());
}

uint32_t Tracer::thread_index(std::thread::id id) {
  auto [it, added] = threads_.emplace(id, static_cast<uint32_t>(threads_.size() + 1));
  if (added && !timeline_path_.empty()) {
    timeline_.push_back(metadata("thread_name", kPidNormalWorld, it->second,
                                 fmt::format("client thread {}", it->second)));
    timeline_.push_back(metadata("thread_name", kPidSecureThreads, it->second,
                                 fmt::format("secure thread {}", it->second)));
  }
  return it->second;
}

void Tracer::span(const char* type, const std::string& name, uint64_t start_ns, uint64_t end_ns,
                  nlohmann::json fields, Track track, uint64_t instance,
                  const std::string& instance_name) {
  const uint64_t dur = end_ns >= start_ns ? end_ns - start_ns : 0;
  std::lock_guard lock(mu_);
  if (finished_)
    return;
  const uint32_t thread = thread_index(std::this_thread::get_id());
  if (lines_ != nullptr) {
    nlohmann::json line = std::move(fields);
    line["type"] = type;
    line["name"] = name;
    line["ts_ns"] = start_ns;
    line["dur_ns"] = dur;
    line["thread"] = thread;
    if (track == Track::kTaInstance)
      line["instance"] = instance;
    const std::string text = line.dump() + "\n";
    std::fwrite(text.data(), 1, text.size(), lines_);
    if (!timeline_path_.empty())
      fields = std::move(line);
  }
  if (timeline_path_.empty())
    return;
  uint64_t tid = thread;
  if (track == Track::kTaInstance) {
    tid = instance;
    if (instances_.emplace(instance, instance_name).second)
      timeline_.push_back(metadata("thread_name", kPidTaInstances, instance,
                                   fmt::format("{} #{}", instance_name, instance)));
  }
  nlohmann::json ev = {{"name", name},
                       {"cat", type},
                       {"ph", "X"},
                       {"ts", static_cast<double>(start_ns) / 1000.0},
                       {"dur", static_cast<double>(dur) / 1000.0},
                       {"pid", track_pid(track)},
                       {"tid", tid}};
  fields.erase("type");
  fields.erase("name");
  fields.erase("ts_ns");
  fields.erase("dur_ns");
  ev["args"] = std::move(fields);
  timeline_.push_back(std::move(ev));
}

Result<void> Tracer::finish() {
  std::lock_guard lock(mu_);
  if (finished_)
    return {};
  finished_ = true;
  if (lines_ != nullptr) {
    std::fclose(lines_);
    lines_ = nullptr;
  }
  if (timeline_path_.empty())
    return {};
  nlohmann::json doc = {{"displayTimeUnit", "ns"}, {"traceEvents", nlohmann::json::array()}};
  auto& events = doc["traceEvents"];
  events.push_back(metadata("process_name", kPidNormalWorld, 0, "normal world"));
  events.push_back(metadata("process_name", kPidSecureThreads, 0, "secure world threads"));
  events.push_back(metadata("process_name", kPidTaInstances, 0, "TA instances"));
  for (auto& ev : timeline_)
    events.push_back(std::move(ev));
  std::ofstream out(timeline_path_);
  out << doc.dump() << "\n";
  if (!out)
    return make_error(abi::TEE_ERROR_GENERIC,
                      fmt::format("trace: writing '{}' failed", timeline_path_.string()));
  return {};
}

} // namespace swemu::core
