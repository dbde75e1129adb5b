// swemu ta info FILE: what a TA binary declares.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "swemu/core/elf_loader.h"
#include "swemu/core/log.h"
#include "swemu/core/ta_store.h"
#include "swemu/core/tee_abi.h"
#include "swemu/core/uuid.h"
#include "ta_sign.h"

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

// Longest property string shown, and most properties listed.
constexpr uint64_t kMaxPropString = 256;
constexpr uint64_t kMaxProps = 256;

std::string read_string(const core::TaImage& image, uint64_t va) {
  std::string out;
  char c = 0;
  while (out.size() < kMaxPropString && image.read(va + out.size(), &c, 1) && c != '\0')
    out += c;
  return out;
}

std::string property_value(const core::TaImage& image, uint32_t type, uint64_t va) {
  // enum user_ta_prop_type (optee-abi.md §4.3).
  switch (type) {
  case 0: { // BOOL
    uint8_t b = 0;
    return image.read(va, &b, 1) ? (b ? "true" : "false") : "?";
  }
  case 1: { // U32
    uint32_t v = 0;
    return image.read(va, &v, 4) ? std::to_string(v) : "?";
  }
  case 2: { // UUID, TEE_UUID struct
    uint8_t u[16];
    return image.read(va, u, 16) ? Uuid::from_tee_uuid_bytes(u).str() : "?";
  }
  case 4: // STRING
  case 5: // BINARY_BLOCK, base64 text
    return "\"" + read_string(image, va) + "\"";
  case 6: { // U64
    uint64_t v = 0;
    return image.read(va, &v, 8) ? std::to_string(v) : "?";
  }
  default:
    return fmt::format("(type {})", type);
  }
}

// Walks the TA's own property table, with pointers already relocated in the image.
void print_properties(const core::TaImage& image) {
  std::printf("properties:\n");
  std::printf("  %-36s %s\n", "gpd.ta.appID", image.head.uuid.str().c_str());
  if (!image.ta_props || !image.ta_num_props) {
    std::printf("  (the property table is not visible: stripped binary)\n");
    return;
  }
  const bool wide = image.arch == core::Arch::kAArch64;
  const uint64_t ptr = wide ? 8 : 4;
  const uint64_t entry = wide ? 24 : 12; // struct user_ta_property
  uint64_t count = 0;
  if (!image.read(*image.ta_num_props, &count, ptr) || count > kMaxProps) {
    std::printf("  (the property table is unreadable)\n");
    return;
  }
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t name = 0;
    uint32_t type = 0;
    uint64_t value = 0;
    uint64_t at = *image.ta_props + i * entry;
    if (!image.read(at, &name, ptr) || !image.read(at + ptr, &type, 4) ||
        !image.read(at + 2 * ptr, &value, ptr))
      break;
    std::printf("  %-36s %s\n", read_string(image, name).c_str(),
                property_value(image, type, value).c_str());
  }
}

} // namespace

void add_ta_command(CLI::App& app, TaInfoOptions& o) {
  o.ta = app.add_subcommand("ta", "Inspect TA binaries.");
  o.ta->require_subcommand(1);
  o.info = o.ta->add_subcommand("info", "Show a TA's UUID, flags, sizes, properties and "
                                        "architecture.");
  o.info->add_option("file", o.file, "TA file: a signed <uuid>.ta or an ELF")->required();
  o.info->add_option("--key", o.keys,
                     "Public key (PEM) to verify a signed file with; repeatable. Default: "
                     "OP-TEE's development key");

  o.sign = o.ta->add_subcommand("sign", "Sign a TA ELF into a <uuid>.ta file, as OP-TEE's "
                                        "sign_encrypt.py does.");
  o.sign->add_option("elf", o.sign_in, "TA ELF file (e.g. from ta_dev_kit.mk)")->required();
  o.sign->add_option("--key", o.sign_key, "RSA private key (PEM)")->required();
  o.sign->add_option("--out", o.sign_out, "Output file (default: <uuid>.ta next to the ELF)");
  o.sign->add_option("--algo", o.sign_algo, "Signature scheme: pss (default) or pkcs1")
      ->check(CLI::IsMember({"pss", "pkcs1"}));
  o.sign->add_option("--ta-version", o.sign_version, "TA version in the bootstrap header");
}

int run_ta_info(const TaInfoOptions& o) {
  // The loader's warnings about unsigned files would repeat what is printed below.
  log::set_level("error");
  std::ifstream in(o.file, std::ios::binary);
  if (!in)
    return usage_error(fmt::format("ta info: cannot read '{}'", o.file));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  // A signed file is checked (hash, layout, signature) and described; its ELF follows.
  core::TaVerifyPolicy policy = core::default_ta_verify_policy();
  if (!o.keys.empty()) {
    policy.public_keys_pem.clear();
    for (const auto& k : o.keys) {
      std::ifstream kf(k);
      if (!kf)
        return usage_error(fmt::format("ta info: cannot read key '{}'", k));
      policy.public_keys_pem.emplace_back(std::istreambuf_iterator<char>(kf),
                                          std::istreambuf_iterator<char>());
    }
  }
  policy.allow_unsigned = true; // describe it either way; say below what was verified
  auto binary = core::open_ta_binary(bytes, o.file, nullptr, policy);
  if (!binary) {
    std::fprintf(stderr, "swemu: %s\n", binary.error().message.c_str());
    return 1;
  }
  // TA shared libraries it needs are looked up next to it, as in a TA directory.
  const std::vector<std::filesystem::path> lib_dirs{
      std::filesystem::path(o.file).parent_path().empty()
          ? std::filesystem::path(".")
          : std::filesystem::path(o.file).parent_path()};
  auto libraries = [&](const Uuid& uuid) -> Result<std::vector<uint8_t>> {
    auto path = core::find_ta_file(lib_dirs, uuid);
    if (!path)
      return make_error(abi::TEE_ERROR_ITEM_NOT_FOUND,
                        fmt::format("no {}.ta next to the TA", uuid.str()));
    auto lib_bytes = SWEMU_TRY(core::read_file_limited(*path, core::kMaxTaFileBytes));
    auto lib = SWEMU_TRY(core::open_ta_binary(lib_bytes, path->string(), &uuid, policy));
    return std::move(lib.elf);
  };
  auto image = core::load_ta_elf(binary->elf, 0x400000, o.file, libraries);
  if (!image) {
    std::fprintf(stderr, "swemu: %s\n", image.error().message.c_str());
    return 1;
  }
  const core::TaHead& h = image->head;
  std::printf("file:          %s\n", o.file.c_str());
  std::printf("uuid:          %s\n", h.uuid.str().c_str());
  if (binary->signed_file) {
    std::printf("signed file:   ta_version %u, signature %s\n", binary->ta_version,
                binary->signature_verified ? ("verified (" + binary->signer + ")").c_str()
                                           : "NOT verified by any trusted key");
    if (binary->uuid && *binary->uuid != h.uuid)
      std::printf("warning:       the signed header's UUID %s differs from ta_head's\n",
                  binary->uuid->str().c_str());
  } else {
    std::printf("signed file:   no (plain ELF)\n");
  }
  std::printf("architecture:  %s\n", image->arch == core::Arch::kAArch64 ? "AArch64" : "AArch32");
  std::printf("flags:         %#x (%s)\n", h.flags, flag_names(h.flags).c_str());
  std::printf("stack size:    %u (ta_head %u = TA_STACK_SIZE + %u)\n",
              h.stack_size > kStackMargin ? h.stack_size - kStackMargin : 0, h.stack_size,
              kStackMargin);
  std::printf("entry:         image+%#llx\n",
              static_cast<unsigned long long>(image->entry - image->base));
  for (const auto& seg : image->segments)
    if (seg.vaddr < image->end)
      std::printf("segment:       image+%#llx size %#zx %s\n",
                  static_cast<unsigned long long>(seg.vaddr - image->base), seg.bytes.size(),
                  prot_name(seg.prot));
  for (size_t i = 1; i < image->modules.size(); ++i)
    std::printf("library:       %s at image+%#llx\n", image->modules[i].name.c_str(),
                static_cast<unsigned long long>(image->modules[i].base - image->base));
  print_properties(*image);
  return 0;
}

int run_ta_sign(const TaInfoOptions& o) {
  std::ifstream in(o.sign_in, std::ios::binary);
  if (!in)
    return usage_error(fmt::format("ta sign: cannot read '{}'", o.sign_in));
  std::vector<uint8_t> elf((std::istreambuf_iterator<char>(in)), {});
  auto image = core::load_ta_elf(elf, 0x400000, o.sign_in);
  if (!image) {
    std::fprintf(stderr, "swemu: %s\n", image.error().message.c_str());
    return 1;
  }
  auto signed_ta = sign_ta(elf, image->head.uuid, o.sign_version, o.sign_key,
                           o.sign_algo == "pkcs1" ? SignAlgo::kPkcs1V15 : SignAlgo::kPss);
  if (!signed_ta) {
    std::fprintf(stderr, "swemu: %s\n", signed_ta.error().message.c_str());
    return 1;
  }
  std::filesystem::path out = o.sign_out.empty() ? std::filesystem::path(o.sign_in).parent_path() /
                                                       (image->head.uuid.str() + ".ta")
                                                 : std::filesystem::path(o.sign_out);
  std::ofstream of(out, std::ios::binary | std::ios::trunc);
  of.write(reinterpret_cast<const char*>(signed_ta->data()),
           static_cast<std::streamsize>(signed_ta->size()));
  if (!of)
    return usage_error(fmt::format("ta sign: cannot write '{}'", out.string()));
  std::printf("%s\n", out.string().c_str());
  return 0;
}

} // namespace swemu::tools
