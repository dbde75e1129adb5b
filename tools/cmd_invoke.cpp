// swemu invoke UUID CMD [--value A,B]... [--in HEX|@FILE]... [--out SIZE]...
// Opens a session through the GP TEE Client API, invokes one command, prints the result
// and the outputs, closes.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "commands.h"
#include "debug/coverage.h"
#include "debug/gdb_stub.h"
#include "debug/trace.h"
#include "debug_options.h"
#include "swemu/bridge/default_transport.h"
#include "swemu/core/log.h"
#include "swemu/core/tee_names.h"
#include "swemu/core/uuid.h"
#include "ta_runtime.h"
#include "tee_client_api.h"

namespace swemu::tools {
namespace {

struct ParamSpec {
  uint32_t type = TEEC_NONE;
  uint32_t a = 0, b = 0;
  std::vector<uint8_t> data;
};

std::optional<std::vector<uint8_t>> parse_hex(const std::string& s) {
  if (s.size() % 2 != 0)
    return std::nullopt;
  std::vector<uint8_t> out;
  for (size_t i = 0; i < s.size(); i += 2) {
    unsigned v = 0;
    if (std::sscanf(s.substr(i, 2).c_str(), "%2x", &v) != 1 ||
        !std::isxdigit(static_cast<unsigned char>(s[i])) ||
        !std::isxdigit(static_cast<unsigned char>(s[i + 1])))
      return std::nullopt;
    out.push_back(static_cast<uint8_t>(v));
  }
  return out;
}

// "HEX" or "@FILE".
std::optional<std::vector<uint8_t>> parse_data(const std::string& arg, std::string* error) {
  if (!arg.empty() && arg[0] == '@') {
    std::ifstream in(arg.substr(1), std::ios::binary);
    if (!in) {
      *error = fmt::format("cannot read '{}'", arg.substr(1));
      return std::nullopt;
    }
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
  }
  auto hex = parse_hex(arg);
  if (!hex)
    *error = fmt::format("'{}' is not an even-length hex string or @FILE", arg);
  return hex;
}

std::optional<uint32_t> parse_u32(const std::string& s) {
  try {
    size_t used = 0;
    unsigned long long v = std::stoull(s, &used, 0);
    if (used != s.size() || v > 0xFFFFFFFFull || s[0] == '-')
      return std::nullopt;
    return static_cast<uint32_t>(v);
  } catch (...) {
    return std::nullopt;
  }
}

// "A" or "A,B".
bool parse_value(const std::string& s, ParamSpec& p) {
  auto comma = s.find(',');
  auto a = parse_u32(s.substr(0, comma));
  auto b = comma == std::string::npos ? std::optional<uint32_t>(0) : parse_u32(s.substr(comma + 1));
  if (!a || !b)
    return false;
  p.a = *a;
  p.b = *b;
  return true;
}

TEEC_UUID to_teec_uuid(const Uuid& u) {
  TEEC_UUID t;
  t.timeLow =
      static_cast<uint32_t>(u.octets[0]) << 24 | u.octets[1] << 16 | u.octets[2] << 8 | u.octets[3];
  t.timeMid = static_cast<uint16_t>(u.octets[4] << 8 | u.octets[5]);
  t.timeHiAndVersion = static_cast<uint16_t>(u.octets[6] << 8 | u.octets[7]);
  for (int i = 0; i < 8; ++i)
    t.clockSeqAndNode[i] = u.octets[8 + i];
  return t;
}

std::string to_hex(const uint8_t* p, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i)
    s += fmt::format("{:02x}", p[i]);
  return s;
}

} // namespace

void add_invoke_command(CLI::App& app, CommonOptions& common, InvokeOptions& o) {
  o.cmd = app.add_subcommand("invoke", "Open a session to a TA, invoke one command, close.");
  auto* c = o.cmd;
  c->add_option("uuid", o.uuid, "TA UUID, e.g. 8296e59f-0c73-418b-8e62-20011adec8d6")->required();
  c->add_option("cmd", o.command, "Command ID")->required();
  o.opt_value = c->add_option("--value", o.values, "Next param: VALUE_INOUT with a[,b]")
                    ->type_name("A[,B]")
                    ->take_all()
                    ->expected(1);
  o.opt_value_in = c->add_option("--value-in", o.values_in, "Next param: VALUE_INPUT a[,b]")
                       ->type_name("A[,B]")
                       ->expected(1);
  o.opt_value_out = c->add_flag("--value-out", o.value_out, "Next param: VALUE_OUTPUT");
  o.opt_in = c->add_option("--in", o.ins, "Next param: MEMREF_INPUT from hex bytes or @FILE")
                 ->type_name("HEX|@FILE")
                 ->expected(1);
  o.opt_inout = c->add_option("--inout", o.inouts, "Next param: MEMREF_INOUT from hex or @FILE")
                    ->type_name("HEX|@FILE")
                    ->expected(1);
  o.opt_out = c->add_option("--out", o.outs, "Next param: MEMREF_OUTPUT of SIZE bytes")
                  ->type_name("SIZE")
                  ->expected(1);
  c->add_option("--login", o.login, "Login method: public, user or group")
      ->check(CLI::IsMember({"public", "user", "group"}));
  c->add_option("--manifests", common.manifest_dirs, "Manifest directory (repeatable)");
  c->add_option("--ta-dir", common.ta_dirs, "TA directory (repeatable)");
  c->add_option("--ta-key", common.ta_keys,
                "Public key (PEM file) trusted for signed TAs (repeatable; default: OP-TEE's "
                "development key)");
  c->add_flag("--allow-unsigned", common.allow_unsigned,
              "Development mode: load unsigned TAs and unknown signing keys from TA dirs");
  c->add_option("--random-seed", common.random_seed,
                "Reproducible runs: derive every random number from this seed (testing only)");
  c->add_option("--state-dir", common.state_dir,
                "Keep the TAs' secure storage and persistent time in DIR between runs (default: "
                "$SWEMU_STATE_DIR; without either, in memory only)")
      ->type_name("DIR");
  c->add_option("--log-level", common.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  c->add_option("--coverage", o.coverage,
                "Write the TA code that ran to FILE after the run: an lcov tracefile for "
                "*.info and *.lcov, else a drcov log")
      ->type_name("FILE");
  c->add_option("--coverage-format", o.coverage_format,
                "Format of --coverage: drcov (Lighthouse, bncov) or lcov (genhtml)")
      ->check(CLI::IsMember({"drcov", "lcov"}));
  c->add_option("--coverage-elf", o.coverage_elf,
                "lcov: read the invoked TA's line table from this unstripped ELF (default: the "
                "file it was loaded from, or <name>.elf next to a signed <name>.ta)")
      ->type_name("PATH");
  c->add_option("--trace", o.trace,
                "Write a JSON-lines trace of SMCs, optee_msg commands, sessions, TA entries and "
                "syscalls to FILE (docs/debugging.md)")
      ->type_name("FILE");
  c->add_option("--trace-timeline", o.trace_timeline,
                "Write the same trace in Chrome trace-event format to FILE (Perfetto, "
                "chrome://tracing)")
      ->type_name("FILE");
  c->add_option("--gdb", o.gdb_port,
                "Debug the TA with gdb: listen on 127.0.0.1:PORT (0: any free port) and stop at "
                "its first instruction until gdb (target remote :PORT) continues")
      ->type_name("PORT")
      ->check(CLI::Range(0, 65535));
  c->add_option("--gdb-ta", o.gdb_ta,
                "With --gdb: the TA to debug (default: the invoked one), e.g. a TA it calls")
      ->type_name("UUID");
  add_random_load_address_flag(c, o.random_load_address);
  c->footer("Params fill slots 0..3 in the order given; at most four. Prints the result code, "
            "its origin and every output. Exit code 0 on TEE_SUCCESS, 1 otherwise.");
}

int run_invoke(const CommonOptions& common, const InvokeOptions& o) {
  auto uuid = Uuid::parse(o.uuid);
  if (!uuid)
    return usage_error(fmt::format("invoke: '{}' is not a UUID", o.uuid));

  // Rebuild the param list in command-line order.
  std::vector<ParamSpec> specs;
  size_t iv = 0, ivi = 0, iin = 0, iio = 0, iout = 0;
  for (const CLI::Option* opt : o.cmd->parse_order()) {
    ParamSpec p;
    std::string err;
    if (opt == o.opt_value || opt == o.opt_value_in) {
      bool inout = opt == o.opt_value;
      const std::string& s = inout ? o.values[iv++] : o.values_in[ivi++];
      if (!parse_value(s, p))
        return usage_error(fmt::format("invoke: '{}' is not A or A,B (32-bit numbers)", s));
      p.type = inout ? TEEC_VALUE_INOUT : TEEC_VALUE_INPUT;
    } else if (opt == o.opt_value_out) {
      p.type = TEEC_VALUE_OUTPUT;
    } else if (opt == o.opt_in || opt == o.opt_inout) {
      bool inout = opt == o.opt_inout;
      auto data = parse_data(inout ? o.inouts[iio++] : o.ins[iin++], &err);
      if (!data)
        return usage_error("invoke: " + err);
      p.data = std::move(*data);
      p.type = inout ? TEEC_MEMREF_TEMP_INOUT : TEEC_MEMREF_TEMP_INPUT;
    } else if (opt == o.opt_out) {
      auto size = parse_u32(o.outs[iout++]);
      if (!size || *size > (64u << 20))
        return usage_error(
            fmt::format("invoke: --out '{}' is not a size up to 64 MiB", o.outs[iout - 1]));
      p.data.assign(*size, 0);
      p.type = TEEC_MEMREF_TEMP_OUTPUT;
    } else {
      continue;
    }
    specs.push_back(std::move(p));
  }
  if (specs.size() > 4)
    return usage_error(fmt::format("invoke: {} params given, at most 4", specs.size()));

  if (o.coverage.empty() && (!o.coverage_format.empty() || !o.coverage_elf.empty()))
    return usage_error("invoke: --coverage-format and --coverage-elf need --coverage FILE");
  std::shared_ptr<core::Coverage> coverage;
  if (!o.coverage.empty()) {
    coverage = std::make_shared<core::Coverage>();
    if (!o.coverage_elf.empty())
      coverage->set_debug_elf(*uuid, o.coverage_elf);
  }

  if (!o.gdb_ta.empty() && !o.gdb_port)
    return usage_error("invoke: --gdb-ta needs --gdb PORT");
  std::shared_ptr<core::GdbStub> debugger;
  std::optional<Uuid> debug_ta = uuid;
  if (o.gdb_port) {
    if (!o.gdb_ta.empty()) {
      debug_ta = Uuid::parse(o.gdb_ta);
      if (!debug_ta)
        return usage_error(fmt::format("invoke: --gdb-ta '{}' is not a UUID", o.gdb_ta));
    }
    auto stub = core::GdbStub::listen(static_cast<uint16_t>(*o.gdb_port));
    if (!stub)
      return usage_error("invoke: " + stub.error().message);
    debugger = std::move(stub).value();
    std::fprintf(stderr,
                 "swemu: gdb: listening on 127.0.0.1:%u for TA %s, %s; in gdb-multiarch: file "
                 "<the TA's ELF>, then target remote :%u\n",
                 debugger->port(), debug_ta->str().c_str(),
                 core::gdb_load_address_text(o.random_load_address).c_str(), debugger->port());
  }

  std::shared_ptr<core::Tracer> tracer;
  if (!o.trace.empty() || !o.trace_timeline.empty()) {
    auto t = core::Tracer::open(o.trace, o.trace_timeline);
    if (!t)
      return usage_error("invoke: " + t.error().message);
    tracer = std::move(t).value();
  }

  log::set_level(common.log_level);
  if (o.random_load_address)
    core::show_info_lines("load");
  if (debugger)
    core::show_info_lines("gdb");
  std::vector<std::string> keys;
  for (const auto& path : common.ta_keys) {
    std::ifstream kf(path);
    if (!kf)
      return usage_error(fmt::format("invoke: cannot read key '{}'", path));
    keys.emplace_back(std::istreambuf_iterator<char>(kf), std::istreambuf_iterator<char>());
  }
  using TransportResult = Result<std::unique_ptr<bridge::SmcTransport>>;
  bridge::set_default_transport_factory([common, keys, coverage, debugger, debug_ta, tracer,
                                         random = o.random_load_address]() -> TransportResult {
    auto opts = bridge::in_process_options_from_environment();
    opts.config.coverage = coverage;
    opts.config.debugger = debugger;
    opts.config.debug_ta = debug_ta;
    opts.config.tracer = tracer;
    opts.config.random_load_address = random;
    if (!common.manifest_dirs.empty())
      opts.config.manifest_dirs.assign(common.manifest_dirs.begin(), common.manifest_dirs.end());
    if (!common.ta_dirs.empty())
      opts.config.ta_dirs.assign(common.ta_dirs.begin(), common.ta_dirs.end());
    if (!keys.empty())
      opts.config.ta_public_keys = keys;
    opts.config.allow_unsigned_tas = common.allow_unsigned;
    if (!common.random_seed.empty())
      opts.config.random_seed = common.random_seed;
    // Unlike swemu storage, no default directory: without one, nothing outlives the run.
    if (!common.state_dir.empty())
      opts.config.state_dir = common.state_dir;
    else if (const char* env = std::getenv("SWEMU_STATE_DIR"); env != nullptr && *env != '\0')
      opts.config.state_dir = env;
    auto transport = bridge::InProcessTransport::create(opts);
    if (!transport)
      return transport.take_error();
    return std::unique_ptr<bridge::SmcTransport>(std::move(transport.value()));
  });

  TEEC_Context ctx;
  TEEC_Result res = TEEC_InitializeContext(nullptr, &ctx);
  if (res != TEEC_SUCCESS) {
    std::printf("initialize context: %s\n", tee_result_name(res).c_str());
    return 1;
  }
  // After the run, also when the session did not open (the TA may have run and died).
  auto write_coverage = [&](int rc) {
    if (!coverage)
      return rc;
    const std::string format =
        o.coverage_format.empty() ? core::coverage_format_for(o.coverage) : o.coverage_format;
    auto written =
        format == "lcov" ? coverage->write_lcov(o.coverage) : coverage->write_drcov(o.coverage);
    if (!written) {
      std::fprintf(stderr, "swemu: coverage: %s\n", written.error().message.c_str());
      return 1;
    }
    std::printf("coverage (%s): %s\n", format.c_str(), o.coverage.c_str());
    return rc;
  };
  auto finish = [&](int rc) {
    rc = write_coverage(rc);
    if (tracer) {
      if (auto done = tracer->finish(); !done) {
        std::fprintf(stderr, "swemu: %s\n", done.error().message.c_str());
        rc = 1;
      }
    }
    if (debugger)
      debugger->exited(rc);
    return rc;
  };
  TEEC_Session sess;
  TEEC_UUID dest = to_teec_uuid(*uuid);
  uint32_t origin = 0;
  uint32_t login = o.login == "user"    ? TEEC_LOGIN_USER
                   : o.login == "group" ? TEEC_LOGIN_GROUP
                                        : TEEC_LOGIN_PUBLIC;
  gid_t gid = getgid();
  res = TEEC_OpenSession(&ctx, &sess, &dest, login, login == TEEC_LOGIN_GROUP ? &gid : nullptr,
                         nullptr, &origin);
  std::printf("open session %s: %s (origin %s)\n", uuid->str().c_str(),
              tee_result_name(res).c_str(), tee_origin_name(origin).c_str());
  if (res != TEEC_SUCCESS) {
    TEEC_FinalizeContext(&ctx);
    return finish(1);
  }

  TEEC_Operation op{};
  uint32_t types[4] = {TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE};
  for (size_t i = 0; i < specs.size(); ++i) {
    ParamSpec& p = specs[i];
    types[i] = p.type;
    if (p.type >= TEEC_MEMREF_TEMP_INPUT) {
      op.params[i].tmpref.buffer = p.data.empty() ? nullptr : p.data.data();
      op.params[i].tmpref.size = p.data.size();
    } else {
      op.params[i].value.a = p.a;
      op.params[i].value.b = p.b;
    }
  }
  op.paramTypes = TEEC_PARAM_TYPES(types[0], types[1], types[2], types[3]);
  res = TEEC_InvokeCommand(&sess, o.command, &op, &origin);
  std::printf("invoke command %u: %s (origin %s)\n", o.command, tee_result_name(res).c_str(),
              tee_origin_name(origin).c_str());
  for (size_t i = 0; i < specs.size(); ++i) {
    const ParamSpec& p = specs[i];
    if (p.type == TEEC_VALUE_OUTPUT || p.type == TEEC_VALUE_INOUT) {
      std::printf("param %zu: value a=%u (%#x) b=%u (%#x)\n", i, op.params[i].value.a,
                  op.params[i].value.a, op.params[i].value.b, op.params[i].value.b);
    } else if (p.type == TEEC_MEMREF_TEMP_OUTPUT || p.type == TEEC_MEMREF_TEMP_INOUT) {
      size_t size = op.params[i].tmpref.size;
      size_t shown = std::min(size, p.data.size());
      std::printf("param %zu: memref size=%zu data=%s\n", i, size,
                  to_hex(p.data.data(), shown).c_str());
    }
  }
  TEEC_CloseSession(&sess);
  TEEC_FinalizeContext(&ctx);
  return finish(res == TEEC_SUCCESS ? 0 : 1);
}

} // namespace swemu::tools
