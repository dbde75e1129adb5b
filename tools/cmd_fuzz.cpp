// swemu fuzz: coverage-guided fuzzing of a TA's entry points with libFuzzer
// (tee_core/src/fuzz/ta_fuzzer.h does the work; this file is the command line, the
// artifacts and the libFuzzer driver). docs/fuzzing.md describes it for users.
//
// libFuzzer's -fork and -jobs modes start this same program again with libFuzzer flags
// only; the TA and the fuzzer's own options then come from SWEMU_FUZZ_CONFIG, which this
// command sets before it hands over to the driver.
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "commands.h"
#include "fuzz/ta_fuzzer.h"
#include "manifest.h"
#include "session_manager.h"
#include "swemu/bridge/default_transport.h"
#include "swemu/core/elf_loader.h"
#include "swemu/core/log.h"
#include "swemu/core/ta_store.h"

extern "C" int LLVMFuzzerRunDriver(int* argc, char*** argv,
                                   int (*callback)(const uint8_t* data, size_t size));

namespace swemu::tools {

namespace fs = std::filesystem;
using namespace swemu::core;

namespace {

constexpr uint64_t kMaxTaFile = 64ULL << 20;
constexpr const char* kConfigVar = "SWEMU_FUZZ_CONFIG";

// The TA to fuzz: its ELF, its UUID, and the stack/heap a manifest may set.
struct Target {
  std::vector<uint8_t> elf;
  Uuid uuid;
  std::string name;
  uint32_t stack_size = 0;
  uint64_t heap_size = 0;
};

// A file (ELF or signed .ta; signatures are not required for fuzzing, hashes are still
// checked), a manifest, or a UUID found through the manifests and TA directories.
Result<Target> resolve_target(const FuzzOptions& o) {
  auto env = bridge::in_process_options_from_environment();
  std::vector<fs::path> manifest_dirs(o.manifest_dirs.begin(), o.manifest_dirs.end());
  std::vector<fs::path> ta_dirs(o.ta_dirs.begin(), o.ta_dirs.end());
  if (manifest_dirs.empty())
    manifest_dirs = env.config.manifest_dirs;
  if (ta_dirs.empty())
    ta_dirs = env.config.ta_dirs;
  TaSource source{ta_dirs, default_ta_verify_policy()};
  source.policy.allow_unsigned = true;

  Target t;
  if (!o.manifest.empty()) {
    auto text = SWEMU_TRY(read_file_limited(o.manifest, 1 << 20));
    Manifest m =
        SWEMU_TRY(parse_manifest(std::string(text.begin(), text.end()), o.manifest, ta_dirs));
    TaEntry e = SWEMU_TRY(load_ta_entry(std::move(m), source));
    return Target{std::move(e.elf), e.manifest.uuid, e.manifest.name, e.manifest.stack_size,
                  e.manifest.heap_size};
  }
  if (fs::is_regular_file(o.ta)) {
    auto file = SWEMU_TRY(read_file_limited(o.ta, kMaxTaFile));
    TaBinary bin = SWEMU_TRY(open_ta_binary(file, o.ta, nullptr, source.policy));
    TaImage img = SWEMU_TRY(load_ta_elf(bin.elf, 0x40'0000, o.ta));
    return Target{std::move(bin.elf), img.head.uuid, fs::path(o.ta).stem().string()};
  }
  auto uuid = Uuid::parse(o.ta);
  if (!uuid)
    return make_error(abi::TEE_ERROR_ITEM_NOT_FOUND,
                      fmt::format("'{}' is neither a TA file nor a UUID", o.ta));
  ManifestSet set = load_manifests(manifest_dirs, ta_dirs);
  for (Manifest& m : set.manifests) {
    if (m.uuid != *uuid)
      continue;
    TaEntry e = SWEMU_TRY(load_ta_entry(std::move(m), source));
    return Target{std::move(e.elf), e.manifest.uuid, e.manifest.name, e.manifest.stack_size,
                  e.manifest.heap_size};
  }
  Manifest m;
  m.uuid = *uuid;
  m.name = uuid->str();
  m.file = "(TA directories)";
  TaEntry e = SWEMU_TRY(load_ta_entry(std::move(m), source));
  return Target{std::move(e.elf), *uuid, uuid->str()};
}

std::string hex8(const std::string& s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s)
    h = (h ^ c) * 16777619u;
  return fmt::format("{:08x}", h);
}

// Source lines for a report's frames from the TA's DWARF line tables, through
// llvm-symbolizer (installed with llvm) when it is there and the ELF has them.
void add_sources(CrashReport& rep, const fs::path& elf) {
  if (rep.sites.empty() || elf.empty())
    return;
  std::string cmd = fmt::format("llvm-symbolizer --obj='{}'", elf.string());
  for (uint64_t site : rep.sites)
    cmd += fmt::format(" {:#x}", site - rep.image_base);
  cmd += " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr)
    return;
  // Per address: function, "file:line:column", blank line (more pairs when inlined: the
  // innermost comes first).
  std::vector<std::string> lines;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p) != nullptr) {
    std::string l(buf);
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r'))
      l.pop_back();
    lines.push_back(l);
  }
  ::pclose(p);
  std::vector<std::string> sources;
  for (size_t i = 0; i < lines.size();) {
    std::string src;
    if (i + 1 < lines.size() && lines[i + 1].find(':') != std::string::npos &&
        lines[i + 1].rfind("??", 0) != 0) {
      src = lines[i + 1];
      // Drop ":column" and a line of 0 (no line information).
      if (auto c = src.rfind(':'); c != std::string::npos)
        src.resize(c);
      if (src.size() >= 2 && src.compare(src.size() - 2, 2, ":0") == 0)
        src.clear();
    }
    sources.push_back(src);
    while (i < lines.size() && !lines[i].empty())
      ++i;
    ++i;
  }
  if (sources.size() == rep.sites.size())
    rep.sources = std::move(sources);
}

bool counts(const FuzzOptions& o, const fuzz::Outcome& out) {
  return out.dead && out.report && (o.panic_is_crash || out.report->crash_class != "panic");
}

std::string report_text(const fuzz::Outcome& out, const fuzz::Program& p) {
  std::string s = out.report ? out.report->text() : std::string("no report\n");
  s += "input:\n" + fuzz::describe(p);
  return s;
}

// State of a fuzzing run, shared with the libFuzzer callback.
struct Run {
  FuzzOptions options;
  Target target;
  fs::path elf_copy; // the TA's ELF, for llvm-symbolizer
  std::unique_ptr<fuzz::TaFuzzer> fuzzer;
  fs::path artifacts;
  std::set<std::string> seen; // crash keys already reported
  size_t crashes = 0;
};
Run* g_run = nullptr;

int on_input(const uint8_t* data, size_t size) {
  Run& r = *g_run;
  const std::span<const uint8_t> input(data, size);
  fuzz::Outcome out = r.fuzzer->run(input);
  if (!counts(r.options, out))
    return 0;
  const std::string key = out.report->key();
  if (!r.seen.insert(key).second)
    return 0;
  add_sources(*out.report, r.elf_copy);
  ++r.crashes;
  const fs::path base =
      r.artifacts / fmt::format("crash-{}-{}", out.report->crash_class, hex8(key));
  std::ofstream(base.string() + ".input", std::ios::binary)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  const std::string text = report_text(out, fuzz::decode(input, r.options.commands));
  std::ofstream(base.string() + ".txt") << text << "key: " << key << "\n";
  std::fprintf(stderr,
               "==swemu== new crash in %s: %s\n%s==swemu== reproducer: %s.input "
               "(swemu fuzz %s --replay %s.input)\n",
               r.target.name.c_str(), key.c_str(), text.c_str(), base.c_str(), r.options.ta.c_str(),
               base.c_str());
  if (r.options.stop_on_crash)
    std::abort(); // libFuzzer writes its own crash- file and stops
  if (r.options.max_crashes != 0 && r.crashes >= r.options.max_crashes) {
    std::fprintf(stderr, "==swemu== %zu distinct crashes found, stopping (--max-crashes)\n",
                 r.crashes);
    std::fflush(nullptr);
    std::_Exit(0); // not exit(): libFuzzer treats a target that exits as an error
  }
  return 0;
}

// Crash keys of reports already in the artifacts directory (their "key: " lines).
void load_seen(Run& r) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(r.artifacts, ec)) {
    if (e.path().extension() != ".txt")
      continue;
    std::ifstream f(e.path());
    std::string line;
    while (std::getline(f, line))
      if (line.rfind("key: ", 0) == 0)
        r.seen.insert(line.substr(5));
  }
}

nlohmann::json to_json(const FuzzOptions& o) {
  return {{"ta", o.ta},
          {"manifest", o.manifest},
          {"commands", o.commands},
          {"corpus", o.corpus},
          {"artifacts", o.artifacts},
          {"dict", o.dict},
          {"no_coverage", o.no_coverage},
          {"panic_is_crash", o.panic_is_crash},
          {"stop_on_crash", o.stop_on_crash},
          {"max_crashes", o.max_crashes},
          {"timeout_ms", o.timeout_ms},
          {"manifest_dirs", o.manifest_dirs},
          {"ta_dirs", o.ta_dirs}};
}

bool from_json(const std::string& text, FuzzOptions& o) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return false;
  try {
    o.ta = j.at("ta").get<std::string>();
    o.manifest = j.at("manifest").get<std::string>();
    o.commands = j.at("commands").get<std::vector<uint32_t>>();
    o.corpus = j.at("corpus").get<std::string>();
    o.artifacts = j.at("artifacts").get<std::string>();
    o.dict = j.at("dict").get<std::string>();
    o.no_coverage = j.at("no_coverage").get<bool>();
    o.panic_is_crash = j.at("panic_is_crash").get<bool>();
    o.stop_on_crash = j.at("stop_on_crash").get<bool>();
    o.max_crashes = j.at("max_crashes").get<uint32_t>();
    o.timeout_ms = j.at("timeout_ms").get<uint32_t>();
    o.manifest_dirs = j.at("manifest_dirs").get<std::vector<std::string>>();
    o.ta_dirs = j.at("ta_dirs").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return true;
}

Result<std::unique_ptr<fuzz::TaFuzzer>> make_fuzzer(const FuzzOptions& o, const Target& t) {
  fuzz::Options fo;
  fo.commands = o.commands;
  fo.coverage = !o.no_coverage;
  fo.time_limit_ms = o.timeout_ms;
  fo.name = t.name;
  fo.stack_size = t.stack_size;
  fo.heap_size = t.heap_size;
  return fuzz::TaFuzzer::create(t.elf, fo);
}

int replay(const FuzzOptions& o, const Target& t) {
  // For source lines: the TA's ELF in a temporary file.
  const fs::path elf = fs::temp_directory_path() / fmt::format("swemu-replay-{}.elf", ::getpid());
  std::ofstream(elf, std::ios::binary)
      .write(reinterpret_cast<const char*>(t.elf.data()),
             static_cast<std::streamsize>(t.elf.size()));
  struct Remove {
    fs::path p;
    ~Remove() {
      std::error_code ec;
      fs::remove(p, ec);
    }
  } remove{elf};
  auto fuzzer = make_fuzzer(o, t);
  if (!fuzzer) {
    std::fprintf(stderr, "swemu: fuzz: %s\n", fuzzer.error().message.c_str());
    return 1;
  }
  int rc = 0;
  for (const std::string& file : o.replay) {
    auto bytes = read_file_limited(file, 16 << 20);
    if (!bytes)
      return usage_error(fmt::format("fuzz: cannot read '{}'", file));
    fuzz::Outcome out = (*fuzzer)->run(*bytes);
    const fuzz::Program p = fuzz::decode(*bytes, o.commands);
    std::printf("%s:\n", file.c_str());
    if (out.dead && out.report)
      add_sources(*out.report, elf);
    if (out.dead) {
      std::printf("%s", report_text(out, p).c_str());
      if (counts(o, out))
        rc = 1;
    } else {
      std::string results;
      for (uint32_t r : out.results)
        results += fmt::format(" {:#010x}", r);
      std::printf("no crash; results:%s\ninput:\n%s", results.c_str(), fuzz::describe(p).c_str());
    }
  }
  return rc;
}

// The fuzzing run proper: libFuzzer's driver with `lf_args` (its own flags and corpus
// directories after argv[0]).
int drive(const FuzzOptions& o, std::vector<std::string> lf_args, bool child,
          const std::vector<std::string>& extra_dirs = {}) {
  auto target = resolve_target(o);
  if (!target) {
    std::fprintf(stderr, "swemu: fuzz: %s\n", target.error().message.c_str());
    return 2;
  }
  if (!o.replay.empty())
    return replay(o, *target);

  static Run run;
  run.options = o;
  run.target = std::move(*target);
  auto fuzzer = make_fuzzer(o, run.target);
  if (!fuzzer) {
    std::fprintf(stderr, "swemu: fuzz: %s\n", fuzzer.error().message.c_str());
    return 1;
  }
  run.fuzzer = std::move(*fuzzer);
  const fs::path home = fs::path("swemu-fuzz") / run.target.uuid.str();
  const fs::path corpus = o.corpus.empty() ? home / "corpus" : fs::path(o.corpus);
  run.artifacts = o.artifacts.empty() ? home / "crashes" : fs::path(o.artifacts);
  std::error_code ec;
  fs::create_directories(corpus, ec);
  fs::create_directories(run.artifacts, ec);
  if (ec)
    return usage_error(fmt::format("fuzz: cannot create '{}': {}", corpus.string(), ec.message()));
  load_seen(run);
  g_run = &run;
  // The ELF as loaded, next to the reports: for source lines, and for gdb or objdump.
  run.elf_copy = run.artifacts / (run.target.name + ".elf");
  std::ofstream(run.elf_copy, std::ios::binary)
      .write(reinterpret_cast<const char*>(run.target.elf.data()),
             static_cast<std::streamsize>(run.target.elf.size()));

  if (!child) {
    // A first corpus from calls the TA accepts, when the directory is empty.
    if (fs::is_empty(corpus, ec)) {
      size_t n = 0;
      for (const auto& seed : run.fuzzer->seeds())
        std::ofstream(corpus / fmt::format("seed-{:03}", n++), std::ios::binary)
            .write(reinterpret_cast<const char*>(seed.data()),
                   static_cast<std::streamsize>(seed.size()));
      std::fprintf(stderr, "==swemu== %zu seed inputs written to %s\n", n, corpus.c_str());
    }
    lf_args.push_back("-artifact_prefix=" + run.artifacts.string() + "/");
    // libFuzzer takes one dictionary: the TA's own entries, then the user's file.
    const fs::path dict = run.artifacts / "auto.dict";
    {
      std::ofstream d(dict);
      d << "# made by swemu fuzz from " << run.target.name << "\n";
      for (const std::string& entry : run.fuzzer->dictionary()) {
        d << '"';
        for (unsigned char c : entry)
          d << (c >= 0x20 && c < 0x7F && c != '"' && c != '\\'
                    ? std::string(1, static_cast<char>(c))
                    : fmt::format("\\x{:02X}", c));
        d << "\"\n";
      }
      if (!o.dict.empty()) {
        std::ifstream user(o.dict);
        if (!user)
          return usage_error(fmt::format("fuzz: cannot read --dict '{}'", o.dict));
        d << user.rdbuf();
      }
    }
    lf_args.push_back("-dict=" + dict.string());
    lf_args.push_back(corpus.string());
    lf_args.insert(lf_args.end(), extra_dirs.begin(), extra_dirs.end());
    std::fprintf(stderr,
                 "==swemu== fuzzing %s (%s), coverage %s; crashes go to %s; options for the "
                 "children of -fork/-jobs in $%s\n",
                 run.target.name.c_str(), run.target.uuid.str().c_str(),
                 o.no_coverage ? "off" : "from the TA's basic blocks", run.artifacts.c_str(),
                 kConfigVar);
    ::setenv(kConfigVar, to_json(o).dump().c_str(), 1);
  }
  std::vector<char*> argv;
  for (auto& a : lf_args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(lf_args.size());
  char** argvp = argv.data();
  const int rc = LLVMFuzzerRunDriver(&argc, &argvp, on_input);
  if (run.crashes != 0)
    std::fprintf(stderr, "==swemu== %zu distinct crash(es) found, reports in %s\n", run.crashes,
                 run.artifacts.c_str());
  return rc;
}

} // namespace

void add_fuzz_command(CLI::App& app, FuzzOptions& o) {
  o.cmd = app.add_subcommand(
      "fuzz", "Fuzz a TA's open-session and invoke-command entry points with libFuzzer.");
  auto* c = o.cmd;
  c->add_option("ta", o.ta,
                "The TA: an ELF or signed .ta file, or a UUID found through the manifests and "
                "TA directories");
  c->add_option("--manifest", o.manifest, "A manifest naming the TA (and its stack/heap sizes)")
      ->type_name("FILE");
  c->add_option("--cmd", o.commands,
                "Only fuzz these command ids (repeatable; default: ids come from the input)")
      ->type_name("N")
      ->expected(1)
      ->take_all();
  c->add_option("--corpus", o.corpus,
                "Corpus directory (default: swemu-fuzz/<uuid>/corpus; seeded when empty)")
      ->type_name("DIR");
  c->add_option("--artifacts", o.artifacts,
                "Where crash reports and reproducers go (default: swemu-fuzz/<uuid>/crashes)")
      ->type_name("DIR");
  c->add_option("--dict", o.dict, "A libFuzzer dictionary")->type_name("FILE");
  c->add_flag("--no-coverage", o.no_coverage,
              "Do not feed TA coverage to libFuzzer (for comparison)");
  c->add_flag("--panic-is-crash", o.panic_is_crash,
              "Report TEE_Panic as a crash (many TAs panic on bad input by design)");
  c->add_flag("--stop-on-crash", o.stop_on_crash, "Stop at the first new crash");
  c->add_option("--max-crashes", o.max_crashes,
                "Stop (exit 0) once this many distinct crashes were found")
      ->type_name("N");
  c->add_option("--timeout-ms", o.timeout_ms,
                "An entry running longer than this is a hang (default 500)")
      ->type_name("MS");
  c->add_option("--replay", o.replay,
                "Run these inputs once each and print their reports (exit 1 on a crash)")
      ->type_name("FILE")
      ->expected(1, -1);
  c->add_option("--manifests", o.manifest_dirs, "Manifest directory (repeatable)");
  c->add_option("--ta-dir", o.ta_dirs, "TA directory (repeatable)");
  c->add_option("--log-level", o.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  c->footer("After --: libFuzzer flags, e.g. -runs=100000 -jobs=4 -max_len=512. "
            "Crashes (TA memory faults, undefined instructions, stack-protector failures, heap "
            "corruption, hangs; panics with --panic-is-crash) are reported once per class and "
            "location, with a reproducer for --replay. See docs/fuzzing.md.");
}

int run_fuzz(const FuzzOptions& o) {
  if (o.ta.empty() && o.manifest.empty())
    return usage_error("fuzz: name the TA (a file or a UUID) or give --manifest");
  log::set_level(o.log_level);
  // libFuzzer starts this program again for -fork and -jobs: it needs its real path.
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  std::vector<std::string> lf_args{ec ? std::string("swemu") : self.string()};
  // After --: libFuzzer flags, and corpus directories as libFuzzer takes them (the first
  // one is the corpus swemu seeds and libFuzzer writes to, as --corpus).
  FuzzOptions opts = o;
  std::vector<std::string> extra_dirs;
  for (const auto& f : o.libfuzzer_flags) {
    if (!f.empty() && f[0] == '-')
      lf_args.push_back(f);
    else if (opts.corpus.empty())
      opts.corpus = f;
    else
      extra_dirs.push_back(f);
  }
  return drive(opts, std::move(lf_args), false, extra_dirs);
}

std::optional<int> run_fuzz_child(int argc, char** argv) {
  const char* config = std::getenv(kConfigVar);
  if (config == nullptr || argc < 2 || argv[1][0] != '-')
    return std::nullopt;
  // Only libFuzzer's own command lines: they carry the artifact prefix set by drive().
  bool from_libfuzzer = false;
  for (int i = 1; i < argc; ++i)
    from_libfuzzer = from_libfuzzer || std::string_view(argv[i]).starts_with("-artifact_prefix=");
  if (!from_libfuzzer)
    return std::nullopt;
  FuzzOptions o;
  if (!from_json(config, o))
    return usage_error(fmt::format("fuzz: ${} does not hold fuzzing options", kConfigVar));
  log::set_level("error");
  return drive(o, std::vector<std::string>(argv, argv + argc), true);
}

} // namespace swemu::tools
