// swemu storage ls|export|wipe: the secure storage of a state directory, seen from the host.
// ls and export open the database read-only and never create a file; wipe is the only
// command that changes anything. The engine and its format: tee_core/src/storage/.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "storage/secure_storage.h"
#include "swemu/core/tee_names.h"
#include "swemu/core/uuid.h"

namespace swemu::tools {
namespace {

namespace fs = std::filesystem;
using core::storage::Bytes;
using core::storage::SecureStorage;
using core::storage::Space;

constexpr Space kSpaces[] = {Space::kRee, Space::kRpmb};

// Prints "swemu: storage <cmd>: <message> (<TEE_ERROR_…>)" and returns exit code 1.
int storage_error(const char* cmd, const std::string& what, const Error& e) {
  std::fprintf(stderr, "swemu: storage %s: %s%s (%s)\n", cmd, what.c_str(), e.message.c_str(),
               tee_result_name(e.code).c_str());
  return 1;
}

std::optional<Bytes> parse_hex_id(std::string_view s) {
  if (s.starts_with("0x") || s.starts_with("0X"))
    s.remove_prefix(2);
  if (s.size() % 2 != 0)
    return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  };
  Bytes out;
  for (size_t i = 0; i < s.size(); i += 2) {
    int hi = nibble(s[i]);
    int lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0)
      return std::nullopt;
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return out;
}

// Text when every byte is printable ASCII other than a space (so that ls output splits on
// whitespace) and the text cannot be read as hex; otherwise 0x followed by hex.
std::string id_text(const Bytes& id) {
  bool text = !id.empty() && !(id.size() >= 2 && id[0] == '0' && (id[1] == 'x' || id[1] == 'X'));
  for (uint8_t b : id)
    text = text && b > 0x20 && b < 0x7f;
  if (text)
    return std::string(id.begin(), id.end());
  std::string s = "0x";
  for (uint8_t b : id)
    s += fmt::format("{:02x}", b);
  return s;
}

} // namespace

std::optional<std::string> default_state_dir() {
  if (const char* env = std::getenv("SWEMU_STATE_DIR"); env != nullptr && *env != '\0')
    return std::string(env);
  // XDG Base Directory Specification: a relative XDG_STATE_HOME is to be ignored.
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg != nullptr && xdg[0] == '/')
    return (fs::path(xdg) / "swemu").string();
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return (fs::path(home) / ".local/state/swemu").string();
  return std::nullopt;
}

namespace {

// The storage of --state-dir (or the default), which must exist already: ls and export
// must not make an empty database, and wipe has nothing to delete without one.
// Returns 0 with `out` set, or the exit code after printing why.
int open_storage(const char* cmd, const StorageOptions& o, bool read_only,
                 std::unique_ptr<SecureStorage>& out) {
  std::string dir = o.state_dir;
  if (dir.empty()) {
    auto def = default_state_dir();
    if (!def)
      return usage_error(fmt::format("storage {}: no state directory: give --state-dir or set "
                                     "SWEMU_STATE_DIR",
                                     cmd));
    dir = *def;
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return usage_error(fmt::format("storage {}: state directory '{}' {}", cmd, dir,
                                   fs::exists(dir, ec) ? "is not a directory" : "does not exist"));
  const fs::path db = fs::path(dir) / "storage.db";
  if (!fs::is_regular_file(db, ec))
    return usage_error(fmt::format("storage {}: no secure storage in '{}' ('{}' does not exist)",
                                   cmd, dir, db.string()));
  core::storage::Options options;
  options.read_only = read_only;
  auto storage = SecureStorage::open(dir, options);
  if (!storage)
    return storage_error(cmd, "", storage.error());
  out = std::move(storage.value());
  return 0;
}

// Parses the UUID argument into `out` (left nullopt when the argument was not given).
// Returns 0, or the exit code after printing why.
int parse_uuid(const char* cmd, const std::string& text, std::optional<Uuid>& out) {
  if (text.empty())
    return 0;
  out = Uuid::parse(text);
  if (!out)
    return usage_error(fmt::format("storage {}: '{}' is not a UUID", cmd, text));
  return 0;
}

// Every TA with a directory in either space, sorted, each once.
Result<std::vector<Uuid>> all_tas(SecureStorage& storage) {
  std::vector<Uuid> out;
  for (Space space : kSpaces) {
    std::vector<Uuid> tas = SWEMU_TRY(storage.tas(space));
    out.insert(out.end(), tas.begin(), tas.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool write_all(int fd, const uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

} // namespace

void add_storage_command(CLI::App& app, StorageOptions& o) {
  o.storage = app.add_subcommand("storage", "Inspect, export or wipe the secure storage of a "
                                            "state directory.");
  o.storage->require_subcommand(1);
  const std::string state_help =
      "State directory holding storage.db and huk. Default: $SWEMU_STATE_DIR, else "
      "$XDG_STATE_HOME/swemu, else ~/.local/state/swemu";

  o.ls = o.storage->add_subcommand("ls", "List the persistent objects of every TA (or of one "
                                         "TA), in both spaces (ree, rpmb). Read-only.");
  o.ls->add_option("uuid", o.uuid, "Only this TA")->type_name("UUID");
  o.ls->add_option("--state-dir", o.state_dir, state_help)->type_name("DIR");
  o.ls->footer("One line per object: TA UUID, space, object id, type, data size in bytes. The "
               "id is text when it is printable ASCII without spaces and does not start with "
               "0x, else 0x and hex.");

  o.export_cmd = o.storage->add_subcommand(
      "export", "Development only: write the decrypted data stream of one object. Read-only.");
  o.export_cmd->add_option("uuid", o.uuid, "TA UUID")->type_name("UUID")->required();
  o.export_cmd->add_option("object-id", o.object_id, "Object id: text, or hex with --hex-id")
      ->type_name("OBJECT-ID")
      ->required();
  o.export_cmd->add_option("--space", o.space, "Object space: ree (default) or rpmb")
      ->type_name("SPACE")
      ->check(CLI::IsMember({"ree", "rpmb"}));
  o.export_cmd->add_option("--out", o.out, "Write to FILE (mode 0600) instead of stdout")
      ->type_name("FILE");
  o.export_cmd->add_flag("--hex-id", o.hex_id, "OBJECT-ID is hex (as ls prints it, 0x optional)");
  o.export_cmd->add_option("--state-dir", o.state_dir, state_help)->type_name("DIR");

  o.wipe = o.storage->add_subcommand(
      "wipe", "Delete every object of one TA, or of every TA, in both spaces.");
  o.wipe->add_option("uuid", o.uuid, "Only this TA (default: every TA)")->type_name("UUID");
  o.wipe->add_flag("--yes", o.yes, "Really delete (required)");
  o.wipe->add_option("--state-dir", o.state_dir, state_help)->type_name("DIR");
  o.wipe->footer("Do not wipe while a secure world is running on the same state directory.");
}

int run_storage_ls(const StorageOptions& o) {
  std::optional<Uuid> only;
  if (int rc = parse_uuid("ls", o.uuid, only))
    return rc;
  std::unique_ptr<SecureStorage> storage;
  if (int rc = open_storage("ls", o, true, storage))
    return rc;

  std::vector<Uuid> tas;
  if (only) {
    tas.push_back(*only);
  } else {
    auto all = all_tas(*storage);
    if (!all)
      return storage_error("ls", "", all.error());
    tas = std::move(all.value());
  }
  // A TA whose directory cannot be read is reported and skipped; the others are listed.
  int status = 0;
  for (const Uuid& ta : tas) {
    for (Space space : kSpaces) {
      auto objects = storage->list(ta, space);
      if (!objects) {
        status = storage_error(
            "ls", fmt::format("TA {} ({}): ", ta.str(), core::storage::space_name(space)),
            objects.error());
        continue;
      }
      for (const auto& obj : objects.value())
        std::printf("%s %-4s %s 0x%08x %u\n", ta.str().c_str(), core::storage::space_name(space),
                    id_text(obj.id).c_str(), obj.info.type, obj.info.data_size);
    }
  }
  return status;
}

int run_storage_export(const StorageOptions& o) {
  std::optional<Uuid> ta;
  if (int rc = parse_uuid("export", o.uuid, ta))
    return rc;
  Bytes id;
  if (o.hex_id) {
    auto hex = parse_hex_id(o.object_id);
    if (!hex)
      return usage_error(
          fmt::format("storage export: object id '{}' is not hex (--hex-id)", o.object_id));
    id = std::move(*hex);
  } else {
    id.assign(o.object_id.begin(), o.object_id.end());
  }
  if (id.size() > core::storage::kMaxObjectIdLen)
    return usage_error(fmt::format("storage export: object id '{}' is longer than {} bytes",
                                   o.object_id, core::storage::kMaxObjectIdLen));
  const Space space = o.space == "rpmb" ? Space::kRpmb : Space::kRee;
  std::unique_ptr<SecureStorage> storage;
  if (int rc = open_storage("export", o, true, storage))
    return rc;

  std::fprintf(stderr, "swemu: WARNING: development only: this prints the decrypted contents "
                       "of a secure object\n");
  core::crypto::Object attributes;
  auto data = storage->export_data(*ta, space, id, attributes);
  if (!data)
    return storage_error("export",
                         fmt::format("object {} of TA {} ({}): ", id_text(id), ta->str(),
                                     core::storage::space_name(space)),
                         data.error());

  int fd = STDOUT_FILENO;
  if (!o.out.empty()) {
    // Decrypted secrets: readable by the owner only.
    fd = ::open(o.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      std::fprintf(stderr, "swemu: storage export: cannot write '%s': %s\n", o.out.c_str(),
                   std::strerror(errno));
      return 1;
    }
  }
  // The data is wiped from memory when freed (storage::Bytes).
  bool written = write_all(fd, data->data(), data->size());
  int saved = errno;
  if (fd != STDOUT_FILENO && ::close(fd) != 0 && written) {
    written = false;
    saved = errno;
  }
  if (!written) {
    std::fprintf(stderr, "swemu: storage export: cannot write '%s': %s\n",
                 o.out.empty() ? "stdout" : o.out.c_str(), std::strerror(saved));
    return 1;
  }
  return 0;
}

int run_storage_wipe(const StorageOptions& o) {
  std::optional<Uuid> only;
  if (int rc = parse_uuid("wipe", o.uuid, only))
    return rc;
  // No prompt: a script must never hang waiting for an answer.
  if (!o.yes)
    return usage_error(fmt::format("storage wipe: refusing to delete the objects of {} without "
                                   "--yes (add --yes to delete them)",
                                   only ? "TA " + only->str() : std::string("every TA")));
  std::unique_ptr<SecureStorage> storage;
  if (int rc = open_storage("wipe", o, false, storage))
    return rc;

  // Counted before the wipe; a directory that cannot be read (the usual reason to wipe)
  // leaves the count unknown but is deleted all the same.
  size_t count = 0;
  bool counted = true;
  std::vector<Uuid> tas;
  if (only) {
    tas.push_back(*only);
  } else if (auto all = all_tas(*storage)) {
    tas = std::move(all.value());
  } else {
    counted = false;
  }
  for (const Uuid& ta : tas)
    for (Space space : kSpaces) {
      auto objects = storage->list(ta, space);
      if (objects)
        count += objects->size();
      else
        counted = false;
    }

  Result<void> wiped = storage->wipe(only ? &*only : nullptr);
  if (!wiped)
    return storage_error("wipe", "", wiped.error());
  const std::string whose = only ? "TA " + only->str() : fmt::format("{} TAs", tas.size());
  if (counted)
    std::printf("deleted %zu object%s of %s\n", count, count == 1 ? "" : "s", whose.c_str());
  else
    std::printf("deleted every object of %s (some directories were unreadable: count unknown)\n",
                only ? whose.c_str() : "every TA");
  return 0;
}

} // namespace swemu::tools
