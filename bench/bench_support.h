// What the benchmark programs share: a console reporter that also remembers each
// benchmark's real time per iteration, so main() can print ratios against a floor measured
// in the same run, and the secure world with the bundled manifests and TAs.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "swemu/bridge/default_transport.h"

namespace swemu::bench {

// Every TEEC_InitializeContext after this gets an in-process secure world with the
// source tree's manifests and the build's TAs.
// `tracer`: trace the calls there (null: no trace).
inline void use_bundled_secure_world(std::shared_ptr<core::Tracer> tracer = nullptr) {
  bridge::set_default_transport_factory(
      [tracer]() -> Result<std::unique_ptr<bridge::SmcTransport>> {
        bridge::InProcessOptions o;
        o.config.tracer = tracer;
        o.config.manifest_dirs = {SWEMU_BENCH_MANIFEST_DIR};
        o.config.ta_dirs = {SWEMU_BENCH_TA_DIR};
        auto t = bridge::InProcessTransport::create(o);
        if (!t)
          return t.take_error();
        return std::unique_ptr<bridge::SmcTransport>(std::move(t.value()));
      });
}

class RatioReporter : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median")
        median_ns_[r.run_name.str()] = r.GetAdjustedRealTime();
      else if (r.run_type == Run::RT_Iteration && r.iterations > 0)
        ns_[r.benchmark_name()] = r.GetAdjustedRealTime();
    }
    ConsoleReporter::ReportRuns(runs);
  }
  // Nanoseconds per iteration (the median over repetitions when there were several);
  // 0 when the benchmark did not run.
  double ns(const std::string& name) const {
    if (auto it = median_ns_.find(name); it != median_ns_.end())
      return it->second;
    auto it = ns_.find(name);
    return it == ns_.end() ? 0 : it->second;
  }

private:
  std::map<std::string, double> ns_;
  std::map<std::string, double> median_ns_;
};

} // namespace swemu::bench
