// Subcommands of the swemu command line.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace swemu::tools {

struct CommonOptions {
  std::vector<std::string> manifest_dirs;
  std::vector<std::string> ta_dirs;
  std::string log_level = "warn";
  std::vector<std::string> ta_keys; // PEM files of keys trusted for signed TAs
  bool allow_unsigned = false;
  std::string random_seed; // non-empty: reproducible random numbers
};

struct InvokeOptions {
  CLI::App* cmd = nullptr;
  std::string uuid;
  uint32_t command = 0;
  std::string login = "public";
  // Filled by CLI11; the order of the options on the command line gives the param slots.
  std::vector<std::string> values, values_in, ins, inouts, outs;
  int value_out = 0; // how many --value-out were given
  CLI::Option *opt_value = nullptr, *opt_value_in = nullptr, *opt_value_out = nullptr,
              *opt_in = nullptr, *opt_inout = nullptr, *opt_out = nullptr;
};

struct TaInfoOptions {
  CLI::App* ta = nullptr;
  CLI::App* info = nullptr;
  std::string file;
  std::vector<std::string> keys; // trusted public keys for a signed file
  CLI::App* sign = nullptr;
  std::string sign_key;
  std::string sign_out;
  std::string sign_algo = "pss";
  uint32_t sign_version = 0;
  std::string sign_in;
};

void add_invoke_command(CLI::App& app, CommonOptions& common, InvokeOptions& o);
void add_ta_command(CLI::App& app, TaInfoOptions& o);
int run_selected(CLI::App& app, const CommonOptions& common, const InvokeOptions& invoke,
                 const TaInfoOptions& ta_info);

int run_invoke(const CommonOptions& common, const InvokeOptions& o);
int run_ta_info(const TaInfoOptions& o);
int run_ta_sign(const TaInfoOptions& o);

// Prints "swemu: <message>" on one line and returns exit code 2.
int usage_error(const std::string& message);

} // namespace swemu::tools
