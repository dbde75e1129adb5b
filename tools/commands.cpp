#include "commands.h"

#include <cstdio>

namespace swemu::tools {

int usage_error(const std::string& message) {
  std::fprintf(stderr, "swemu: %s\n", message.c_str());
  return 2;
}

int run_selected(CLI::App& app, const CommonOptions& common, const InvokeOptions& invoke,
                 const TaInfoOptions& ta_info, const StorageOptions& storage,
                 const FuzzOptions& fuzz, const RunOptions& run, const ServeOptions& serve) {
  if (invoke.cmd->parsed())
    return run_invoke(common, invoke);
  if (ta_info.info->parsed())
    return run_ta_info(ta_info);
  if (ta_info.sign->parsed())
    return run_ta_sign(ta_info);
  if (storage.ls->parsed())
    return run_storage_ls(storage);
  if (storage.export_cmd->parsed())
    return run_storage_export(storage);
  if (storage.wipe->parsed())
    return run_storage_wipe(storage);
  if (fuzz.cmd->parsed())
    return run_fuzz(fuzz);
  if (run.cmd->parsed())
    return run_run(run);
  if (serve.cmd->parsed())
    return run_serve(serve);
  return usage_error("no command given (see 'swemu --help')");
}

} // namespace swemu::tools
