// Random mutations of every fixture line never crash the tegrastats parser: each either parses
// or throws parse_error (run under ASan + UBSan by scripts/check.sh, job 2). Seeded: the same
// mutations on every run.
#include <edgemetrics/io/tegrastats.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

std::vector<std::string> fixture_lines() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(EDGEMETRICS_TEST_DATA) + "/tegrastats")) {
    if (entry.path().extension() != ".log") continue;
    std::ifstream in(entry.path());
    for (std::string l; std::getline(in, l);)
      if (!l.empty()) out.push_back(l);
  }
  return out;
}

// Characters that matter to the grammar, and some that do not.
constexpr char interesting[] = "0123456789%@[],/()CmWMBkG -.offx\t\n\r_ABCabc";

std::string mutate(std::string s, std::mt19937_64& rng, const std::vector<std::string>& pool) {
  const auto pick = [&](std::size_t n) { return n == 0 ? std::size_t{0} : static_cast<std::size_t>(rng() % n); };
  const std::size_t edits = 1 + pick(8);
  for (std::size_t e = 0; e < edits; ++e) {
    switch (rng() % 7) {
      case 0:  // replace a byte (any value, NUL and high bytes included)
        if (!s.empty()) s[pick(s.size())] = static_cast<char>(rng() & 0xff);
        break;
      case 1:  // replace with a grammar character
        if (!s.empty()) s[pick(s.size())] = interesting[pick(sizeof interesting - 1)];
        break;
      case 2:  // delete a run
        if (!s.empty()) {
          const std::size_t at = pick(s.size());
          s.erase(at, 1 + pick(20));
        }
        break;
      case 3:  // insert grammar characters
        s.insert(pick(s.size() + 1), std::string(1 + pick(4), interesting[pick(sizeof interesting - 1)]));
        break;
      case 4:  // truncate
        s.resize(pick(s.size() + 1));
        break;
      case 5: {  // splice a piece of another line
        const std::string& o = pool[pick(pool.size())];
        const std::size_t a = pick(o.size());
        s.insert(pick(s.size() + 1), o.substr(a, 1 + pick(60)));
        break;
      }
      default:  // duplicate a run
        if (!s.empty()) {
          const std::size_t a = pick(s.size());
          s.insert(pick(s.size() + 1), s.substr(a, 1 + pick(40)));
        }
        break;
    }
  }
  return s;
}

}  // namespace

TEST(TegrastatsFuzz, MutatedLinesParseOrThrowParseError) {
  const std::vector<std::string> pool = fixture_lines();
  ASSERT_GE(pool.size(), 15u);
  std::mt19937_64 rng(20261130);
  std::size_t parsed = 0, rejected = 0;
  em::hardware_sample s;
  for (int i = 0; i < 40000; ++i) {
    const std::string line = mutate(pool[static_cast<std::size_t>(i) % pool.size()], rng, pool);
    try {
      em::parse_tegrastats_line(line, "fuzz", 1, s);
      ++parsed;
      // What was parsed is self-consistent.
      if (s.power_rule == em::total_power_rule::none) {
        EXPECT_FALSE(s.total_power_mw) << line;
      } else {
        EXPECT_TRUE(s.total_power_mw) << line;
      }
    } catch (const em::parse_error&) {
      ++rejected;
    }
  }
  EXPECT_GT(parsed, 1000u);
  EXPECT_GT(rejected, 1000u);
}

TEST(TegrastatsFuzz, MutatedLogsAreReadToTheEnd) {
  const std::vector<std::string> pool = fixture_lines();
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    std::size_t clean = 0;
    for (int k = 0; k < 30; ++k) {
      const std::string& l = pool[static_cast<std::size_t>(rng() % pool.size())];
      if (rng() % 3 == 0) {
        text += mutate(l, rng, pool);
      } else {
        text += l;
        ++clean;
      }
      text += '\n';
    }
    std::size_t seen = 0;
    const em::tegrastats_stats st = em::parse_tegrastats(text, "fuzz", {}, [&](const em::hardware_sample&) { ++seen; });
    EXPECT_EQ(st.samples, seen);
    EXPECT_GE(st.samples, clean);  // a mutated line may add lines or survive, a clean one is never lost
    EXPECT_LE(st.samples + st.skipped_lines, st.lines);
  }
}
