// swemu ta info FILE: what a TA binary declares.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "swemu/core/elf_loader.h"
#include "swemu/core/tee_abi.h"

namespace swemu::tools {
namespace {

using namespace swemu::abi;

// Stack margin OP-TEE's dev kit adds to TA_STACK_SIZE in ta_head (optee-abi.md §4.1).
constexpr uint32_t kStackMargin = 2048;

std::string flag_names(uint32_t flags) {
  struct F {
    uint32_t bit;
    const char* name;
  };
  static constexpr F kFlags[] = {
      {TA_FLAG_SINGLE_INSTANCE, "SINGLE_INSTANCE"},
      {TA_FLAG_MULTI_SESSION, "MULTI_SESSION"},
      {TA_FLAG_INSTANCE_KEEP_ALIVE, "INSTANCE_KEEP_ALIVE"},
      {TA_FLAG_SECURE_DATA_PATH, "SECURE_DATA_PATH"},
      {TA_FLAG_CACHE_MAINTENANCE, "CACHE_MAINTENANCE"},
      {TA_FLAG_CONCURRENT, "CONCURRENT"},
      {0x200, "DEVICE_ENUM"},
      {0x400, "DEVICE_ENUM_SUPP"},
      {0x800, "DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT"},
      {0x1000, "DEVICE_ENUM_TEE_STORAGE_PRIVATE"},
      {TA_FLAG_INSTANCE_KEEP_CRASHED, "INSTANCE_KEEP_CRASHED"},
  };
  std::string s;
  for (const auto& f : kFlags)
    if (flags & f.bit)
      s += (s.empty() ? "" : "|") + std::string(f.name);
  return s.empty() ? "none" : s;
}

const char* prot_name(uint32_t prot) {
  static const char* kNames[] = {"---", "R--", "-W-", "RW-", "--X", "R-X", "-WX", "RWX"};
  return kNames[prot & 7];
}

} // namespace

void add_ta_command(CLI::App& app, TaInfoOptions& o) {
  o.ta = app.add_subcommand("ta", "Inspect TA binaries.");
  o.ta->require_subcommand(1);
  o.info = o.ta->add_subcommand("info", "Show a TA's UUID, flags, sizes, properties and "
                                        "architecture.");
  o.info->add_option("file", o.file, "TA ELF file")->required();
}

int run_ta_info(const TaInfoOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in)
    return usage_error(fmt::format("ta info: cannot read '{}'", o.file));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  auto image = core::load_ta_elf(bytes, 0x400000, o.file);
  if (!image) {
    std::fprintf(stderr, "swemu: %s\n", image.error().message.c_str());
    return 1;
  }
  const core::TaHead& h = image->head;
  bool single = h.flags & TA_FLAG_SINGLE_INSTANCE;
  std::printf("file:          %s\n", o.file.c_str());
  std::printf("uuid:          %s\n", h.uuid.str().c_str());
  std::printf("architecture:  %s\n", image->arch == core::Arch::kAArch64 ? "AArch64" : "AArch32");
  std::printf("flags:         %#x (%s)\n", h.flags, flag_names(h.flags).c_str());
  std::printf("stack size:    %u (ta_head %u = TA_STACK_SIZE + %u)\n",
              h.stack_size > kStackMargin ? h.stack_size - kStackMargin : 0, h.stack_size,
              kStackMargin);
  std::printf("entry:         image+%#llx\n",
              static_cast<unsigned long long>(image->entry - image->base));
  for (const auto& seg : image->segments)
    std::printf("segment:       image+%#llx size %#zx %s\n",
                static_cast<unsigned long long>(seg.vaddr - image->base), seg.bytes.size(),
                prot_name(seg.prot));
  std::printf("properties:\n");
  std::printf("  gpd.ta.appID             %s\n", h.uuid.str().c_str());
  std::printf("  gpd.ta.singleInstance    %s\n", single ? "true" : "false");
  std::printf("  gpd.ta.multiSession      %s\n",
              h.flags & TA_FLAG_MULTI_SESSION ? "true" : "false");
  std::printf("  gpd.ta.instanceKeepAlive %s\n",
              single && (h.flags & TA_FLAG_INSTANCE_KEEP_ALIVE) ? "true" : "false");
  std::printf("  gpd.ta.stackSize         %u\n",
              h.stack_size > kStackMargin ? h.stack_size - kStackMargin : 0);
  return 0;
}

} // namespace swemu::tools
