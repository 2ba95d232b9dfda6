// The tegrastats parser on real lines of every board in tests/data/tegrastats (see its README),
// on constructed lines of the formats no fixture shows, and on corrupt lines.
#include <edgemetrics/io/tegrastats.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

const std::string data_dir = std::string(EDGEMETRICS_TEST_DATA) + "/tegrastats/";

std::vector<std::string> lines_of(const std::string& file) {
  std::ifstream in(data_dir + file);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

em::hardware_sample first(const std::string& file) { return em::parse_tegrastats_line(lines_of(file).at(0)); }

std::string error_of(std::string_view line) {
  try {
    (void)em::parse_tegrastats_line(line, "t.log", 7);
  } catch (const em::parse_error& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

TEST(Tegrastats, NanoJetPack4Root) {
  const em::hardware_sample s = first("nano_jp461.log");
  EXPECT_FALSE(s.timestamped);
  ASSERT_TRUE(s.ram && s.swap && s.swap_cached_mb && s.iram);
  EXPECT_EQ(s.ram->used_mb, 1923);
  EXPECT_EQ(s.ram->total_mb, 3964);
  EXPECT_EQ(s.swap->used_mb, 191);
  EXPECT_EQ(s.swap->total_mb, 1982);
  EXPECT_EQ(*s.swap_cached_mb, 6);
  EXPECT_EQ(s.iram->used_mb, 0);
  EXPECT_EQ(s.iram->total_mb, 252.0 / 1024);
  ASSERT_EQ(s.cpus.size(), 4u);
  EXPECT_EQ(*s.cpus[0].load_percent, 5);
  EXPECT_EQ(*s.cpus[3].frequency_mhz, 1224);
  ASSERT_EQ(s.engines.size(), 3u);
  EXPECT_EQ(s.engines[0].name, "EMC");
  EXPECT_EQ(*s.engines[0].load_percent, 0);
  EXPECT_EQ(s.engines[0].frequencies_mhz, std::vector<double>{1600});
  EXPECT_EQ(s.engines[1].name, "GR3D");
  EXPECT_EQ(s.engines[1].frequencies_mhz, std::vector<double>{76});
  EXPECT_EQ(s.engines[2].name, "APE");
  EXPECT_FALSE(s.engines[2].load_percent);
  EXPECT_EQ(s.engines[2].frequencies_mhz, std::vector<double>{25});
  ASSERT_EQ(s.temperatures.size(), 6u);
  EXPECT_EQ(s.temperature("CPU")->celsius, 40);
  EXPECT_FALSE(s.temperature("PMIC")->valid);  // the 50 C placeholder
  EXPECT_TRUE(s.temperature("AO")->valid);
  ASSERT_EQ(s.rails.size(), 3u);
  EXPECT_EQ(s.rail("POM_5V_IN")->instant_mw, 1750);
  EXPECT_EQ(*s.rail("POM_5V_IN")->average_mw, 1628);
  EXPECT_EQ(s.power_rule, em::total_power_rule::input_rail);
  EXPECT_EQ(*s.total_power_mw, 1750);
  EXPECT_TRUE(s.unknown_tokens.empty());
}

TEST(Tegrastats, NanoNonRootAndStressRailOrder) {
  const em::hardware_sample s = first("nano_nonroot.log");
  EXPECT_FALSE(s.iram);
  EXPECT_EQ(s.engine("EMC")->frequencies_mhz.size(), 0u);
  EXPECT_EQ(*s.engine("GR3D")->load_percent, 0);
  EXPECT_FALSE(s.temperature("PMIC")->valid);  // 100 C placeholder
  EXPECT_EQ(*s.total_power_mw, 943);
  // The stress log lists POM_5V_GPU before POM_5V_IN: the input rail is found by name.
  const auto stress = lines_of("nano_stress.log");
  ASSERT_EQ(stress.size(), 3u);
  const em::hardware_sample t = em::parse_tegrastats_line(stress[0]);
  EXPECT_EQ(*t.total_power_mw, 3227);
  EXPECT_EQ(t.power_rule, em::total_power_rule::input_rail);
  EXPECT_EQ(*t.engine("GR3D")->load_percent, 99);
}

TEST(Tegrastats, Tx1Tx2) {
  const em::hardware_sample a = first("tx1.log");
  EXPECT_FALSE(a.swap);
  EXPECT_EQ(a.iram->total_mb, 252.0 / 1024);
  EXPECT_EQ(*a.total_power_mw, 2532);
  EXPECT_EQ(a.temperature("Tdiode")->celsius, 42.75);
  const em::hardware_sample b = first("tx2.log");
  ASSERT_EQ(b.cpus.size(), 6u);
  EXPECT_FALSE(b.cpus[1].online);
  EXPECT_FALSE(b.cpus[1].load_percent);
  EXPECT_FALSE(b.cpus[2].online);
  EXPECT_TRUE(b.cpus[3].online);
  EXPECT_EQ(b.rails.size(), 6u);
  EXPECT_EQ(*b.total_power_mw, 3056);  // VDD_IN, listed fourth
  const em::hardware_sample c = first("tx2_load.log");
  ASSERT_TRUE(c.ram);
  EXPECT_FALSE(c.swap);
  EXPECT_EQ(*c.engine("MTS fg")->load_percent, 0);
  EXPECT_EQ(*c.engine("MTS bg")->load_percent, 0);
  EXPECT_EQ(*c.engine("GR3D")->load_percent, 71);
  EXPECT_EQ(c.temperature("thermal")->celsius, 46.4);
  EXPECT_EQ(*c.total_power_mw, 14025);
  EXPECT_TRUE(c.unknown_tokens.empty());
}

TEST(Tegrastats, XavierSumOfRails) {
  const em::hardware_sample s = first("agx_xavier_16gb.log");
  EXPECT_FALSE(s.swap);
  EXPECT_EQ(s.cpus.size(), 8u);
  EXPECT_EQ(s.power_rule, em::total_power_rule::sum_of_rails);
  EXPECT_EQ(*s.total_power_mw, 0 + 216 + 864 + 0 + 144 + 1889);
  // "GPU 0/0" is a rail and "GPU@32C" a temperature: both kept.
  EXPECT_EQ(s.rail("GPU")->instant_mw, 0);
  EXPECT_EQ(s.temperature("GPU")->celsius, 32);
  const em::hardware_sample nx = first("xavier_nx_jp4.log");
  EXPECT_EQ(*nx.swap_cached_mb, 280);
  EXPECT_EQ(*nx.engine("MTS bg")->load_percent, 9);
  EXPECT_EQ(*nx.total_power_mw, 6140);
}

TEST(Tegrastats, XavierNxJetPack5Timestamp) {
  const em::hardware_sample s = first("xavier_nx_jp512.log");
  EXPECT_TRUE(s.timestamped);
  EXPECT_EQ(s.time_s, 1720531891.0);  // 2024-07-09 13:31:31 as printed, no time zone
  EXPECT_EQ(s.engine("GR3D")->frequencies_mhz, std::vector<double>{114});
  EXPECT_EQ(s.engine("VIC")->frequencies_mhz, std::vector<double>{115});
  EXPECT_EQ(s.rail("VDD_SOC")->instant_mw, 650);
  EXPECT_EQ(*s.rail("VDD_SOC")->average_mw, 711);
  EXPECT_EQ(*s.total_power_mw, 2763);
}

TEST(Tegrastats, OrinJetPack5And6) {
  const em::hardware_sample nx = first("orin_nx_jp5.log");
  ASSERT_EQ(nx.cpus.size(), 8u);
  EXPECT_FALSE(nx.cpus[7].online);
  EXPECT_EQ(nx.temperature("tj")->celsius, 48.875);
  EXPECT_EQ(*nx.total_power_mw, 5299);

  const em::hardware_sample agx = first("agx_orin_jp6_spaces.log");
  EXPECT_EQ(agx.cpus.size(), 12u);
  EXPECT_EQ(agx.engine("GR3D")->frequencies_mhz, (std::vector<double>{305, 305}));
  EXPECT_FALSE(agx.engine("NVENC")->online);
  EXPECT_FALSE(agx.engine("PVA0")->online);
  EXPECT_EQ(agx.engine("APE")->frequencies_mhz, std::vector<double>{174});
  EXPECT_EQ(agx.temperature("gpu")->celsius, 47.812);
  EXPECT_EQ(agx.power_rule, em::total_power_rule::sum_of_rails);
  EXPECT_EQ(*agx.total_power_mw, 3205 + 4405 + 4767);
  EXPECT_TRUE(agx.unknown_tokens.empty());

  const auto r3644 = lines_of("agx_orin_jp6_r3644.log");
  const em::hardware_sample b = em::parse_tegrastats_line(r3644[1]);
  EXPECT_EQ(b.time_s, 1778352127.0);  // 05-09-2026 18:42:07
  EXPECT_EQ(*b.engine("NVENC")->load_percent, 78);
  EXPECT_EQ(b.engine("NVENC")->frequencies_mhz, std::vector<double>{166});
  EXPECT_EQ(*b.rail("VIN_SYS_5V0")->average_mw, 4657);
}

TEST(Tegrastats, ConstructedFormats) {
  const auto lines = lines_of("constructed.log");
  ASSERT_EQ(lines.size(), 4u);
  // L4T 28: lower-case cpu with one clock for all cores, EMC / GR3D without _FREQ.
  const em::hardware_sample l28 = em::parse_tegrastats_line(lines[0]);
  ASSERT_EQ(l28.cpus.size(), 4u);
  EXPECT_EQ(*l28.cpus[2].load_percent, 29);
  EXPECT_EQ(*l28.cpus[2].frequency_mhz, 408);
  EXPECT_EQ(l28.engines[0].name, "EMC");
  EXPECT_EQ(l28.engines[1].name, "GR3D");  // moved to the front, then AVP, VDE, GR2D as printed
  EXPECT_EQ(l28.engines[2].name, "AVP");
  EXPECT_EQ(*l28.engine("GR3D")->load_percent, 3);
  EXPECT_EQ(l28.unknown_tokens, (std::vector<std::string>{"EDP", "limit", "0"}));
  EXPECT_EQ(l28.power_rule, em::total_power_rule::none);
  EXPECT_FALSE(l28.total_power_mw);

  // Thor, JetPack 7.
  const em::hardware_sample thor = em::parse_tegrastats_line(lines[1]);
  EXPECT_TRUE(thor.timestamped);
  EXPECT_EQ(thor.cpus.size(), 14u);
  EXPECT_FALSE(thor.engine("GR3D")->load_percent);
  EXPECT_EQ(thor.engine("GR3D")->frequencies_mhz, (std::vector<double>{1575, 1575, 1575}));
  EXPECT_EQ(thor.engine("NVENC0")->frequencies_mhz, std::vector<double>{0});
  EXPECT_EQ(thor.temperature("cpu")->celsius, 52.968);
  EXPECT_FALSE(thor.temperature("gpu")->valid);  // -256 C: offline
  EXPECT_EQ(thor.rail("VDD_GPU")->instant_mw, 1203);
  EXPECT_EQ(thor.power_rule, em::total_power_rule::sum_of_rails);
  EXPECT_EQ(*thor.total_power_mw, 1203 + 4003 + 6015);
  EXPECT_TRUE(thor.unknown_tokens.empty());

  // AGX Orin with VDDQ_VDD2_1V8AO, which VIN_SYS_5V0 feeds.
  const em::hardware_sample orin = em::parse_tegrastats_line(lines[2]);
  EXPECT_EQ(orin.power_rule, em::total_power_rule::sum_without_fed);
  EXPECT_EQ(*orin.total_power_mw, 1596 + 399 + 2218);
  EXPECT_FALSE(orin.temperature("CV0")->valid);

  // Non-root: no rails, no clocks.
  const em::hardware_sample nr = em::parse_tegrastats_line(lines[3]);
  EXPECT_EQ(nr.power_rule, em::total_power_rule::none);
  EXPECT_TRUE(nr.rails.empty());
  ASSERT_EQ(nr.cpus.size(), 6u);
  EXPECT_FALSE(nr.cpus[0].frequency_mhz);
  EXPECT_EQ(*nr.cpus[0].load_percent, 2);
}

TEST(Tegrastats, GrammarIsPerTokenNotPerBoard) {
  // An unseen board: new engine names, a new temperature, GB units, a five-clock GPU, a rail
  // named differently, runs of tabs and spaces, a trailing CR.
  const em::hardware_sample s = em::parse_tegrastats_line(
      "RAM 1/2GB\tSWAP 0/1GB (cached 0MB)  CPU [1%@100,off] EMC_FREQ 1%@[2,3] GR3D_FREQ 9%@[1,2,3,4,5] "
      "NEWENG_FREQ 5%@77 XYZ off Zone9@31.25C VDD_NEW 10mW/20mW POM_5V_IN 100mW/90mW FANCY=1\r");
  EXPECT_EQ(s.ram->used_mb, 1024);
  EXPECT_EQ(s.swap->total_mb, 1024);
  EXPECT_EQ(s.engine("GR3D")->frequencies_mhz.size(), 5u);
  EXPECT_EQ(s.engine("NEWENG")->frequencies_mhz, std::vector<double>{77});
  EXPECT_FALSE(s.engine("XYZ")->online);
  EXPECT_EQ(s.temperature("Zone9")->celsius, 31.25);
  EXPECT_EQ(*s.total_power_mw, 100);
  EXPECT_EQ(s.unknown_tokens, std::vector<std::string>{"FANCY=1"});
}

TEST(Tegrastats, CorruptLines) {
  EXPECT_EQ(error_of(""), "t.log:7: no tegrastats field in the line");
  EXPECT_EQ(error_of("hello world"), "t.log:7: no tegrastats field in the line");
  EXPECT_EQ(error_of("RAM 1923/39"), "t.log:7: RAM: malformed value '1923/39'");
  EXPECT_EQ(error_of("RAM 1923/3964MB (lfb 2x2MB) SWAP"), "t.log:7: SWAP: missing value");
  EXPECT_EQ(error_of("RAM 1/2MB (lfb 2x2MB"), "t.log:7: RAM: unclosed '('");
  EXPECT_EQ(error_of("RAM 1/2MB CPU [5%@x,1%]"), "t.log:7: CPU: malformed value '5%@x'");
  EXPECT_EQ(error_of("RAM 1/2MB CPU [5%@1,"), "t.log:7: CPU: unclosed '['");
  EXPECT_EQ(error_of("RAM 1/2MB POM_5V_IN 17"),
            "t.log:7: POM_5V_IN: malformed power rail value '17' (expected cur/avg, in mW)");
  EXPECT_EQ(error_of("RAM 1/2MB VDD_IN 17mW/"),
            "t.log:7: VDD_IN: malformed power rail value '17mW/' (expected cur/avg, in mW)");
  EXPECT_EQ(error_of("RAM 1/2MB CPU@4x.5C"), "t.log:7: CPU: malformed value 'CPU@4x.5C'");
  EXPECT_EQ(error_of("13-45-2026 10:00:00 RAM 1/2MB"),
            "t.log:7: 13-45-2026 10:00:00: not a valid MM-DD-YYYY HH:MM:SS time");
  // The one-argument form names "<tegrastats>".
  try {
    (void)em::parse_tegrastats_line("RAM x");
    FAIL();
  } catch (const em::parse_error& e) {
    EXPECT_EQ(e.file(), "<tegrastats>");
    EXPECT_EQ(e.field(), "RAM");
  }
}

TEST(Tegrastats, LogSkipsCorruptLinesAndTimesByInterval) {
  const auto nano = lines_of("nano_stress.log");
  const std::string text = nano[0] + "\n\nRAM 12/\n" + nano[1] + "\r\ngarbage\n" + nano[2];  // no final newline
  em::tegrastats_options o;
  o.interval_s = 0.5;
  o.start_s = 100;
  const em::tegrastats_log log = em::parse_tegrastats(text, "x.log", o);
  EXPECT_EQ(log.stats.lines, 6u);
  EXPECT_EQ(log.stats.samples, 3u);
  EXPECT_EQ(log.stats.skipped_lines, 2u);
  ASSERT_EQ(log.stats.skipped.size(), 2u);
  EXPECT_EQ(log.stats.skipped[0].line, 3u);
  EXPECT_EQ(log.stats.skipped[0].message, "x.log:3: RAM: malformed value '12/'");
  EXPECT_EQ(log.stats.skipped[1].line, 5u);
  ASSERT_EQ(log.samples.size(), 3u);
  // Non-empty lines are slots 0..4 (skipped lines keep theirs).
  EXPECT_EQ(log.samples[0].time_s, 100);
  EXPECT_EQ(log.samples[1].time_s, 101);
  EXPECT_EQ(log.samples[2].time_s, 102);
  EXPECT_FALSE(log.samples[2].timestamped);
  EXPECT_EQ(*log.samples[2].total_power_mw, 2956);

  em::tegrastats_options few;
  few.max_reported_skips = 1;
  const em::tegrastats_log l2 = em::parse_tegrastats(text, "x.log", few);
  EXPECT_EQ(l2.stats.skipped_lines, 2u);
  EXPECT_EQ(l2.stats.skipped.size(), 1u);

  em::tegrastats_options bad;
  bad.interval_s = 0;
  EXPECT_THROW((void)em::parse_tegrastats(text, "x.log", bad), std::invalid_argument);
}

TEST(Tegrastats, TimestampsAndIgnoringThem) {
  const em::tegrastats_log log = em::read_tegrastats(data_dir + "agx_orin_jp6_r3644.log");
  ASSERT_EQ(log.samples.size(), 3u);
  EXPECT_TRUE(log.samples[0].timestamped);
  EXPECT_EQ(log.samples[2].time_s - log.samples[0].time_s, 2);
  em::tegrastats_options o;
  o.ignore_timestamps = true;
  o.interval_s = 0.01;
  const em::tegrastats_log l2 = em::read_tegrastats(data_dir + "agx_orin_jp6_r3644.log", o);
  EXPECT_FALSE(l2.samples[1].timestamped);
  EXPECT_EQ(l2.samples[1].time_s, 0.01);
}

TEST(Tegrastats, StreamingReaderMatchesInMemoryAndHandlesLongLines) {
  // A file of many lines crossing the 1 MiB buffer boundary, with an overlong line in the middle.
  const std::string path = testing::TempDir() + "tegrastats_stream.log";
  const auto lines = lines_of("agx_orin_jp6_r3644.log");
  std::string text;
  for (int i = 0; i < 6000; ++i) {
    text += lines[static_cast<std::size_t>(i) % 3];
    text += '\n';
    if (i == 3000) text += "RAM " + std::string(3u << 20, 'x') + "\n";
  }
  text += "RAM 1/2MB";  // last line without a newline
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  std::size_t n = 0;
  double sum = 0;
  const em::tegrastats_stats st = em::read_tegrastats(path, {}, [&](const em::hardware_sample& s) {
    ++n;
    if (s.total_power_mw) sum += *s.total_power_mw;
  });
  EXPECT_EQ(st.samples, 6001u);
  EXPECT_EQ(n, 6001u);
  EXPECT_EQ(st.skipped_lines, 1u);
  EXPECT_EQ(st.skipped.at(0).line, 3002u);
  EXPECT_EQ(st.lines, 6002u);
  const em::tegrastats_log mem = em::parse_tegrastats(text, path);
  EXPECT_EQ(mem.stats.samples, 6001u);
  double sum2 = 0;
  for (const auto& s : mem.samples)
    if (s.total_power_mw) sum2 += *s.total_power_mw;
  EXPECT_EQ(sum, sum2);
  std::remove(path.c_str());
  EXPECT_THROW((void)em::read_tegrastats(data_dir + "does_not_exist.log"), em::parse_error);
  EXPECT_THROW((void)em::read_tegrastats(data_dir), em::parse_error);
}
