// The swemu command line.
#include <cstdio>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace swemu::tools;
  if (auto rc = run_fuzz_child(argc, argv))
    return *rc;
  CLI::App app{"swemu: an OP-TEE compatible secure world that runs ARM Trusted Applications "
               "on x86-64 Linux."};
  app.name("swemu");
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");

  CommonOptions common;
  InvokeOptions invoke;
  add_invoke_command(app, common, invoke);
  TaInfoOptions ta_info;
  add_ta_command(app, ta_info);
  StorageOptions storage;
  add_storage_command(app, storage);
  FuzzOptions fuzz;
  add_fuzz_command(app, fuzz);
  RunOptions run;
  add_run_command(app, run);
  ServeOptions serve;
  add_serve_command(app, serve);

  // `swemu fuzz ... -- FLAGS`: the libFuzzer flags are taken off here (CLI11 would give
  // them to the positional arguments in ways that depend on the options before them).
  if (argc > 1 && std::string(argv[1]) == "fuzz") {
    for (int i = 2; i < argc; ++i) {
      if (std::string(argv[i]) != "--")
        continue;
      fuzz.libfuzzer_flags.assign(argv + i + 1, argv + argc);
      argc = i;
      break;
    }
  }
  // `swemu run ... -- PROGRAM ARGS`: the program and its arguments are taken off the same
  // way, so that nothing in them is read as an option of ours.
  if (argc > 1 && std::string(argv[1]) == "run") {
    for (int i = 2; i < argc; ++i) {
      if (std::string(argv[i]) != "--")
        continue;
      run.program.assign(argv + i + 1, argv + argc);
      argc = i;
      break;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, exit code 2: the contract for bad arguments.
    std::string what = e.what();
    // CLI11's words for a value given to a flag (--random-load-address=1).
    const std::string override_text = " was given a disallowed flag override";
    if (what.size() > override_text.size() && what.ends_with(override_text))
      what = "--" + what.substr(0, what.size() - override_text.size()) + " takes no value";
    std::fprintf(stderr, "swemu: %s (see 'swemu --help')\n", what.c_str());
    return 2;
  }
  return run_selected(app, common, invoke, ta_info, storage, fuzz, run, serve);
}
