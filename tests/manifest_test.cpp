#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "manifest.h"

namespace swemu::core {
namespace {

namespace fs = std::filesystem;
using namespace swemu::abi;

const char* kGood = R"({
  "name": "hello",
  "uuid": "8296e59f-0c73-418b-8e62-20011adec8d6",
  "binary": "hello.elf",
  "stack_size": 8192,
  "heap_size": 65536,
  "time_limit_ms": 0,
  "clients": [{"login": "public"}, {"login": "user", "uuid": "11111111-2222-3333-4444-555555555555"}]
})";

TEST(Manifest, ParsesAllFields) {
  auto m = parse_manifest(kGood, "/etc/m/hello.json", {"/opt/ta"});
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->name, "hello");
  EXPECT_EQ(m->uuid.str(), "8296e59f-0c73-418b-8e62-20011adec8d6");
  EXPECT_EQ(m->stack_size, 8192u);
  EXPECT_EQ(m->heap_size, 65536u);
  ASSERT_TRUE(m->time_limit_ms);
  EXPECT_EQ(*m->time_limit_ms, 0u);
  ASSERT_EQ(m->clients.size(), 2u);
  EXPECT_EQ(m->clients[1].login, TEE_LOGIN_USER);
  // Not in the TA dir, so it resolves next to the manifest.
  EXPECT_EQ(m->binary, fs::path("/etc/m/hello.elf"));
}

TEST(Manifest, ChecksClientsAgainstLoginAndIdentity) {
  auto m = parse_manifest(kGood, "m.json", {});
  ASSERT_TRUE(m);
  auto user = *Uuid::parse("11111111-2222-3333-4444-555555555555");
  EXPECT_TRUE(m->allows(TEE_LOGIN_PUBLIC, Uuid{}));
  EXPECT_TRUE(m->allows(TEE_LOGIN_USER, user));
  EXPECT_FALSE(m->allows(TEE_LOGIN_USER, Uuid{}));
  EXPECT_FALSE(m->allows(TEE_LOGIN_GROUP, user));
}

TEST(Manifest, BinaryIsOptional) {
  // Without "binary" the TA is <uuid>.ta in a TA directory; the manifest adds rules.
  auto m = parse_manifest(R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6",
                              "clients": [{"login": "user"}]})",
                          "m.json", {});
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(m->binary.empty());
  EXPECT_EQ(m->name, "8296e59f-0c73-418b-8e62-20011adec8d6");
}

TEST(Manifest, NoClientListAllowsEveryone) {
  auto m = parse_manifest(R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "x"})",
                          "m.json", {});
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->allows(TEE_LOGIN_GROUP, Uuid{}));
  EXPECT_EQ(m->name, "x");
}

struct BadCase {
  const char* json;
  const char* fragment;
};

void PrintTo(const BadCase& c, std::ostream* os) {
  *os << c.json;
}

class ManifestErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ManifestErrors, NameFileAndField) {
  auto m = parse_manifest(GetParam().json, "dir/broken.json", {});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, TEE_ERROR_BAD_FORMAT);
  EXPECT_NE(m.error().message.find("dir/broken.json"), std::string::npos) << m.error().message;
  EXPECT_NE(m.error().message.find(GetParam().fragment), std::string::npos) << m.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Manifest, ManifestErrors,
    ::testing::Values(BadCase{"{", "not valid JSON"}, BadCase{"[]", "top level"},
                      BadCase{R"({"binary": "x"})", "'uuid': missing"},
                      BadCase{R"({"uuid": "not-a-uuid", "binary": "x"})", "'uuid'"},
                      BadCase{R"({"uuid": 5, "binary": "x"})", "'uuid'"},
                      BadCase{R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": ""})",
                              "'binary'"},
                      BadCase{R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "x",
                    "stack_size": -1})",
                              "'stack_size'"},
                      BadCase{R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "x",
                    "heap_size": 0})",
                              "'heap_size'"},
                      BadCase{R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "x",
                    "stack_size": 99999999999})",
                              "'stack_size'"},
                      BadCase{R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "x",
                    "time_limit_ms": 1e99})",
                              "'time_limit_ms'"},
                      BadCase{R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "x",
                    "clients": []})",
                              "'clients'"},
                      BadCase{R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "x",
                    "clients": [{"login": "root"}]})",
                              "'clients[0].login'"},
                      BadCase{R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "x",
                    "clients": [{"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6"}]})",
                              "'clients[0].login': missing"},
                      BadCase{R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "x",
                    "clients": [{"login": "user", "uid": 5}]})",
                              "'clients[0].uid'"},
                      BadCase{R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "x",
                    "stak_size": 5})",
                              "'stak_size': unknown field"}));

TEST(Manifest, BrokenManifestDoesNotStopTheOthers) {
  fs::path dir = fs::temp_directory_path() / "swemu_manifest_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a_good.json") << kGood;
  std::ofstream(dir / "b_broken.json") << R"({"uuid": "zz", "binary": "x"})";
  std::ofstream(dir / "c_dup.json") << kGood;
  std::ofstream(dir / "manifest.schema.json") << "{}";
  auto set = load_manifests({dir}, {});
  ASSERT_EQ(set.manifests.size(), 1u);
  ASSERT_EQ(set.errors.size(), 2u);
  EXPECT_NE(set.errors[0].message.find("b_broken.json"), std::string::npos);
  EXPECT_NE(set.errors[1].message.find("already declared"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Manifest, MissingDirectoryIsReported) {
  auto set = load_manifests({"/nonexistent/swemu"}, {});
  EXPECT_TRUE(set.manifests.empty());
  ASSERT_EQ(set.errors.size(), 1u);
}

} // namespace
} // namespace swemu::core
