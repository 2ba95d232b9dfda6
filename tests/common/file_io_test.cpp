// Whole-file input and atomic output (io/file.hpp): what a driver's --json relies on.
#include <edgemetrics/io/file.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace fs = std::filesystem;

namespace {

class FileIo : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("edgemetrics_file_io_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {})); }
  fs::path dir_;
};

TEST_F(FileIo, WritesAndReadsBack) {
  const std::string path = (dir_ / "out.json").string();
  edgemetrics::write_text_file(path, "{\"a\": 1}\n");
  EXPECT_EQ(slurp(path), "{\"a\": 1}\n");
  EXPECT_EQ(edgemetrics::read_text_file(path), "{\"a\": 1}\n");
  EXPECT_EQ(entries(), 1u);  // no temporary file left
  // Replacing keeps one file with the new contents.
  edgemetrics::write_text_file(path, "second");
  EXPECT_EQ(slurp(path), "second");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(FileIo, PermissionsLikeAPlainCreate) {
  const std::string path = (dir_ / "perm.txt").string();
  const mode_t mask = ::umask(022);
  edgemetrics::write_text_file(path, "x");
  ::umask(mask);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(FileIo, MissingFolderIsAnOutputErrorAndLeavesNothing) {
  const std::string path = (dir_ / "no" / "such" / "out.json").string();
  try {
    edgemetrics::write_text_file(path, "x");
    FAIL() << "no exception";
  } catch (const edgemetrics::output_error& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos) << e.what();
  }
  EXPECT_EQ(entries(), 0u);
}

TEST_F(FileIo, ADirectoryIsNotReplaced) {
  EXPECT_THROW(edgemetrics::write_text_file(dir_.string(), "x"), edgemetrics::output_error);
  EXPECT_TRUE(fs::is_directory(dir_));
}

TEST_F(FileIo, FullDeviceIsAnErrorNotASilentSuccess) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  EXPECT_THROW(edgemetrics::write_text_file("/dev/full", "some report\n"), edgemetrics::output_error);
  EXPECT_TRUE(fs::is_character_file("/dev/full"));  // written directly, never replaced
}

TEST_F(FileIo, DevNullIsWrittenDirectly) {
  edgemetrics::write_text_file("/dev/null", "discarded");
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST_F(FileIo, ReadErrorsAreParseErrorsNamingTheFile) {
  const std::string missing = (dir_ / "missing.csv").string();
  try {
    (void)edgemetrics::read_text_file(missing);
    FAIL() << "no exception";
  } catch (const edgemetrics::parse_error& e) {
    EXPECT_EQ(e.file(), missing);
    EXPECT_EQ(e.line(), 0u);
  }
  EXPECT_THROW((void)edgemetrics::read_text_file(dir_.string()), edgemetrics::parse_error);
}

TEST_F(FileIo, EmptyNameIsAnError) { EXPECT_THROW(edgemetrics::write_text_file("", "x"), edgemetrics::output_error); }

}  // namespace
