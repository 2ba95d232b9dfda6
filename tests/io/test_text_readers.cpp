// Every text reader through its public API (issue #10 defects 2-5 and 11, issue #11's jtop logs):
// byte-order marks, RFC 4180 CSV, the label CSV header rule, streamed confusion matrices, the
// latency column rule, jtop CSV logs.
#include <edgemetrics/classification.hpp>
#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>
#include <edgemetrics/timing.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <string>

using namespace edgemetrics;

namespace {

const std::string bom = "\xEF\xBB\xBF";
const std::string data_dir = std::string(EDGEMETRICS_TEST_DATA) + "/";
const std::string sample_dir = std::string(EDGEMETRICS_TEST_DATA) + "/../../examples/latency_report/sample/";

std::string temp_file(const std::string& name, const std::string& contents) {
  // Named after the test too: ctest runs the tests of one program in parallel processes.
  const std::string path = ::testing::TempDir() + "edgemetrics_text_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const parse_error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

// ---- byte-order marks -------------------------------------------------------------------------

TEST(ByteOrderMark, SkippedByEveryTextReader) {
  // Label CSV: no class "<BOM>cat" (accuracy 1, not 0).
  for (const std::string& text : {bom + "cat,cat\ndog,dog\ncat,cat\n", bom + "truth,prediction\ncat,cat\ndog,dog\n"}) {
    const auto pairs = read_label_csv(temp_file("bom_labels.csv", text));
    EXPECT_EQ(pairs.class_names, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(parse_label_csv(text, "x.csv").class_names, pairs.class_names);
    const auto m = read_label_csv_matrix(temp_file("bom_labels.csv", text));
    EXPECT_EQ(m.matrix.class_names(), pairs.class_names);
    EXPECT_EQ(m.matrix.correct(), m.matrix.total());
  }
  // Header-less latency CSV: the first sample is kept.
  const std::string lat = bom + "5\n6\n7\n";
  EXPECT_EQ(read_latency_csv(temp_file("bom_lat.csv", lat)), (std::vector<double>{5, 6, 7}));
  EXPECT_EQ(parse_latency_csv(lat, "x.csv"), (std::vector<double>{5, 6, 7}));
  EXPECT_EQ(read_latency_file(temp_file("bom_lat.csv", lat)).stages.at(0).ms, (std::vector<double>{5, 6, 7}));
  EXPECT_EQ(parse_latency_file(lat, "x.csv").stages.at(0).ms, (std::vector<double>{5, 6, 7}));
  // JSON after a BOM is still JSON.
  EXPECT_EQ(parse_latency_file(bom + "[1, 2]", "x.json").stages.at(0).ms, (std::vector<double>{1, 2}));
  EXPECT_EQ(read_latency_file(temp_file("bom.json", bom + "[1, 2]")).stages.at(0).ms, (std::vector<double>{1, 2}));
  // Models CSV.
  EXPECT_EQ(read_latency_models_csv(temp_file("bom_models.csv", bom + "baseline_ms,candidate_ms\n2,1\n")).size(), 1u);
  // Class lists, image sets, comp4 files, any text file.
  EXPECT_EQ(read_class_list(temp_file("bom_classes.txt", bom + "cat\ndog\n")),
            (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(parse_class_list(bom + "cat\n", "c.txt"), (std::vector<std::string>{"cat"}));
  const std::vector<std::string> ids = read_voc_image_set(temp_file("bom_set.txt", bom + "000001\n000002\n"));
  EXPECT_EQ(ids, (std::vector<std::string>{"000001", "000002"}));
  EXPECT_EQ(parse_voc_image_set(bom + "000001\n", "set.txt"), (std::vector<std::string>{"000001"}));
  voc_dataset data;
  data.class_names = {"cat"};
  data.image_ids = ids;
  data.detections.resize(1);
  const voc_image_index index(data.image_ids);
  parse_comp4_results(bom + "000001 0.9 1 2 3 4\n", "comp4.txt", 0, index, unknown_image_policy::error, data);
  read_comp4_results(temp_file("bom_comp4.txt", bom + "000002 0.5 1 2 3 4\n"), 0, index, unknown_image_policy::error,
                     data);
  EXPECT_EQ(data.detections[0].image, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(read_text_file(temp_file("bom.txt", bom + "x" + bom)), "x" + bom);  // only a leading mark
  EXPECT_EQ(read_text_file(temp_file("bom_only.txt", bom)), "");
  EXPECT_EQ(read_jtop_csv(temp_file("bom_jtop.csv", bom + "RAM\n0.5\n")).samples.size(), 1u);
}

TEST(ByteOrderMark, ElsewhereItIsDataAndMessagesShowIt) {
  label_csv_options o;
  o.classes = {"cat", "dog"};
  EXPECT_EQ(error_of([&] { (void)parse_label_csv("cat,dog\n" + bom + "cat,dog\n", "l.csv", o); }),
            "l.csv:2: truth: unknown class '\\xef\\xbb\\xbfcat' (not in the class list of 2 classes)");
  EXPECT_EQ(error_of([&] { (void)parse_latency_csv("latency_ms\n1\n" + bom + "2\n", "r.csv"); }),
            "r.csv:3: latency_ms: '\\xef\\xbb\\xbf2' is not a number");
  // A huge field is cut in the message.
  const std::string msg =
      error_of([&] { (void)parse_latency_csv("latency_ms\n" + std::string(100000, '9') + "x\n", "r.csv"); });
  EXPECT_LT(msg.size(), 300u);
  EXPECT_NE(msg.find("... (100001 bytes)"), std::string::npos) << msg;
}

// ---- label CSV --------------------------------------------------------------------------------

TEST(LabelCsvHeader, OtherNamesAboveStringLabelsAreAnError) {
  const std::string expected =
      "l.csv:1: looks like a header ('y_true', 'y_pred') but names no 'truth' and 'prediction' columns: name them "
      "(--truth-column, --prediction-column) or remove the line (if it is data, add the header line "
      "'truth,prediction')";
  EXPECT_EQ(error_of([] { (void)parse_label_csv("y_true,y_pred\ncat,cat\ndog,cat\ncat,dog\n", "l.csv"); }), expected);
  EXPECT_NE(error_of([] {
              (void)read_label_csv_matrix(temp_file("yy.csv", "y_true,y_pred\ncat,cat\ndog,cat\n"));
            }).find(":1: looks like a header ('y_true', 'y_pred')"),
            std::string::npos);
  // Named: a header.
  label_csv_options o;
  o.truth_column = "y_true";
  o.prediction_column = "y_pred";
  EXPECT_EQ(parse_label_csv("y_true,y_pred\ncat,cat\ndog,cat\n", "l.csv", o).truth.size(), 2u);
  // A first row whose labels occur again is data.
  const auto p = parse_label_csv("cat,dog\ndog,cat\n", "l.csv");
  EXPECT_EQ(p.truth.size(), 2u);
  // One label of the first row recurs: data.
  EXPECT_EQ(parse_label_csv("bird,dog\ndog,cat\n", "l.csv").truth.size(), 2u);
  // Integers in the first row are never a header, even if unique.
  EXPECT_EQ(parse_label_csv("7,8\n0,1\n1,1\n", "l.csv").class_names.size(), 9u);
  // One row only: nothing to compare with, read as data.
  EXPECT_EQ(parse_label_csv("y_true,y_pred\n", "l.csv").truth.size(), 1u);
  // Same first-row value in both columns, nowhere else: a header ("label,label" style).
  EXPECT_NE(error_of([] { (void)parse_label_csv("label,label\ncat,dog\n", "l.csv"); }).find("looks like a header"),
            std::string::npos);
  // With a class list, the unknown names say so.
  label_csv_options classes;
  classes.classes = {"cat", "dog"};
  EXPECT_EQ(error_of([&] { (void)parse_label_csv("y_true,y_pred\ncat,dog\n", "l.csv", classes); }),
            "l.csv:1: truth: unknown class 'y_true' (not in the class list of 2 classes)");
  // A quoted header and CRLF.
  EXPECT_EQ(parse_label_csv("\"truth\",\"prediction\"\r\n\"a,b\",c\r\n", "l.csv").class_names,
            (std::vector<std::string>{"a,b", "c"}));
}

TEST(LabelCsv, FieldCountAndQuotesFollowRfc4180) {
  EXPECT_EQ(error_of([] { (void)parse_label_csv("truth,prediction\ncat,dog,extra\n", "l.csv"); }),
            "l.csv:2: the row has 3 fields, the first row (line 1) has 2 (quote a field that holds the delimiter)");
  EXPECT_EQ(parse_label_csv("truth,prediction\n\"cat\ndog\",cat\ncat,\"cat\"\n", "l.csv").class_names,
            (std::vector<std::string>{"cat", "cat\ndog"}));
  label_csv_options semi;
  semi.delimiter = ';';
  EXPECT_EQ(parse_label_csv("truth;prediction\na,b;c\nc;a,b\n", "l.csv", semi).class_names,
            (std::vector<std::string>{"a,b", "c"}));
}

TEST(LabelCsv, TooManyDistinctLabelsStopsAtTheLine) {
  std::string text;
  for (int i = 0; i <= 10000; ++i) text += "c" + std::to_string(i) + ",c0\n";
  EXPECT_NE(
      error_of([&] { (void)read_label_csv_matrix(temp_file("many.csv", text)); }).find(":10001: truth: more than"),
      std::string::npos);
  const std::string msg = error_of([&] { (void)parse_label_csv(text, "many.csv"); });
  EXPECT_EQ(msg,
            "many.csv:10001: truth: more than 10000 distinct labels; at most that many classes are inferred from the "
            "data (pass a class list to allow more)");
}

// The streamed matrix equals the matrix of the pairs on random files (both label kinds, with and
// without a header, comments, CRLF, quotes, a class list, more than 1024 labels).
TEST(LabelCsvMatrix, EqualsThePairs) {
  std::mt19937 rng(99);
  for (int iter = 0; iter < 60; ++iter) {
    const bool integers = rng() % 2 == 0;
    const std::size_t n_labels = iter % 10 == 0 ? 1500 : 1 + rng() % 12;
    const auto label = [&](std::size_t v) {
      return integers ? std::to_string(v) : (v % 3 == 0 ? "\"l," + std::to_string(v) + "\"" : "l" + std::to_string(v));
    };
    std::string text = rng() % 2 ? "truth,prediction\n" : "";
    const std::size_t rows = 1 + rng() % 3000;
    for (std::size_t r = 0; r < rows; ++r) {
      if (rng() % 50 == 0) text += "# comment\n\n";
      text += label(rng() % n_labels) + "," + label(rng() % n_labels) + (rng() % 2 ? "\r\n" : "\n");
    }
    label_pairs pairs;
    try {
      pairs = parse_label_csv(text, "r.csv");
    } catch (const parse_error& e) {
      // A header-less file whose first row holds two labels seen only there: the header rule.
      EXPECT_NE(std::string(e.what()).find("looks like a header"), std::string::npos) << e.what();
      EXPECT_THROW((void)read_label_csv_matrix(temp_file("rand.csv", text)), parse_error);
      continue;
    }
    confusion_matrix expect(pairs.class_names);
    expect.record(pairs.truth, pairs.prediction);
    const label_matrix got = read_label_csv_matrix(temp_file("rand.csv", text));
    ASSERT_EQ(got.matrix.class_names(), expect.class_names());
    ASSERT_EQ(got.matrix.counts(), expect.counts()) << iter;
    EXPECT_EQ(got.rows, rows);
    EXPECT_EQ(got.skipped_lines, pairs.skipped_lines);
    EXPECT_EQ(parse_label_csv_matrix(text, "r.csv").matrix.counts(), expect.counts());
    label_csv_options fixed;
    fixed.classes = pairs.class_names;
    EXPECT_EQ(read_label_csv_matrix(temp_file("rand.csv", text), fixed).matrix.counts(), expect.counts());
  }
}

TEST(LabelCsvMatrix, LargeFileStreams) {
  std::string text = "truth,prediction\n";
  for (int i = 0; i < 300000; ++i) text += (i % 7 == 0 ? "cat,dog\n" : "dog,dog\n");
  const label_matrix m = read_label_csv_matrix(temp_file("large.csv", text));
  EXPECT_EQ(m.rows, 300000u);
  EXPECT_EQ(m.matrix.counts()[1], 42858u);
  EXPECT_EQ(m.matrix.counts()[3], 300000u - 42858u);
}

// ---- latency CSV ------------------------------------------------------------------------------

TEST(LatencyCsvColumn, SeveralColumnsNeedAChoiceOrOneMsColumn) {
  // The project's own sample: frame numbers were read as milliseconds.
  EXPECT_EQ(error_of([] { (void)read_latency_file(sample_dir + "camera_loop.csv"); }),
            sample_dir +
                "camera_loop.csv:2: 4 columns ('frame', 'preprocess_ms', 'inference_ms', 'postprocess_ms') and 3 whose "
                "name ends in _ms: choose the column of latencies (--column NAME)");
  // pandas to_csv: an unnamed index first.
  const latency_trace t = parse_latency_file(",latency_ms\n0,12.5\n1,40.2\n", "p.csv");
  ASSERT_EQ(t.stages.size(), 1u);
  EXPECT_EQ(t.stages[0].name, "latency_ms");
  EXPECT_EQ(t.stages[0].ms, (std::vector<double>{12.5, 40.2}));
  EXPECT_EQ(error_of([] { (void)parse_latency_csv("frame,fps\n0,30\n", "f.csv"); }),
            "f.csv:1: 2 columns ('frame', 'fps') and none whose name ends in _ms: choose the column of latencies "
            "(--column NAME)");
  EXPECT_EQ(parse_latency_csv("frame,Latency_MS\n0,3\n", "f.csv"), (std::vector<double>{3}));
  // One column: its name does not matter.
  EXPECT_EQ(parse_latency_csv("t\n3\n", "f.csv"), (std::vector<double>{3}));
  // Header-less with several fields: choose by index.
  latency_csv_options idx;
  idx.header = false;
  EXPECT_NE(
      error_of([&] { (void)parse_latency_csv("0,5\n1,6\n", "f.csv", idx); }).find("choose one by its 0-based index"),
      std::string::npos);
  idx.column = "1";
  EXPECT_EQ(parse_latency_csv("0,5\n1,6\n", "f.csv", idx), (std::vector<double>{5, 6}));
}

TEST(LatencyCsv, Rfc4180FieldsAndCounts) {
  // A quoted model name with a comma no longer shifts the columns (--models: about 15.7 %, not -322 %).
  const auto models = parse_latency_models_csv(
      "model,batch,baseline_ms,candidate_ms\n\"resnet,50\",8,12.4,10.9\n\"yolo \"\"v5\"\"\",8,31,25.2\n", "m.csv");
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0].baseline_ms, 12.4);
  EXPECT_EQ(models[0].candidate_ms, 10.9);
  EXPECT_EQ(models[1].baseline_ms, 31.0);
  latency_csv_options o;
  o.column = "latency_ms";
  EXPECT_EQ(parse_latency_csv("model,latency_ms\n\"resnet,50\",12.5\n", "r.csv", o), (std::vector<double>{12.5}));
  // "1,5" in a one-column file was read as 1 ms.
  EXPECT_EQ(error_of([] { (void)parse_latency_csv("latency_ms\n1,5\n", "r.csv"); }),
            "r.csv:2: the row has 2 fields, the first row (line 1) has 1 (quote a field that holds the delimiter)");
  EXPECT_EQ(error_of([] { (void)parse_latency_csv("1\n1,5\n", "r.csv"); }),
            "r.csv:2: the row has 2 fields, the first row (line 1) has 1 (quote a field that holds the delimiter)");
  EXPECT_EQ(error_of([] { (void)parse_latency_models_csv("baseline_ms,candidate_ms\n1,2,3\n", "m.csv"); }),
            "m.csv:2: the row has 3 fields, the first row (line 1) has 2 (quote a field that holds the delimiter)");
  // CRLF and a last line without a line break.
  EXPECT_EQ(parse_latency_csv("latency_ms\r\n1.5\r\n2.5", "r.csv"), (std::vector<double>{1.5, 2.5}));
}

TEST(LatencyCsv, StreamedFilesEqualTextInMemory) {
  std::string csv = "frame,latency_ms\n";
  for (int i = 0; i < 20000; ++i) csv += std::to_string(i) + "," + std::to_string(10 + i % 97) + ".25\n";
  const std::string path = temp_file("stream.csv", csv);
  EXPECT_EQ(read_latency_file(path).stages.at(0).ms, parse_latency_file(csv, path).stages.at(0).ms);
  EXPECT_EQ(read_latency_csv(path), parse_latency_csv(csv, path));
  latency_file_options stages;
  stages.columns = {"latency_ms", "frame"};
  const latency_trace t = read_latency_file(path, stages);
  ASSERT_EQ(t.stages.size(), 2u);
  EXPECT_EQ(t.stages[1].ms.back(), 19999.0);
  // JSON that starts after more than the first block of whitespace.
  const std::string json = std::string(10000, ' ') + "[1, 2, 3]";
  EXPECT_EQ(read_latency_file(temp_file("late.json", json)).stages.at(0).ms, (std::vector<double>{1, 2, 3}));
  EXPECT_TRUE(read_latency_file(temp_file("empty.csv", "")).stages.at(0).ms.empty());
}

// ---- jtop -------------------------------------------------------------------------------------

TEST(JtopCsv, Jetpack4NanoWithJtop3) {
  const jtop_log log = read_jtop_csv(data_dir + "jtop/jtop3_nano.csv");
  EXPECT_EQ(log.jtop_major, 3);
  ASSERT_EQ(log.samples.size(), 3u);
  EXPECT_TRUE(log.skipped_rows.empty());
  EXPECT_EQ(log.unmapped_columns, (std::vector<std::string>{"fan"}));
  const hardware_sample& s = log.samples[0];
  EXPECT_TRUE(s.timestamped);
  EXPECT_DOUBLE_EQ(s.time_s, 18690.0 * 86400 + 36000.123456);  // 2021-03-04 is day 18690
  EXPECT_EQ(*log.info[0].uptime_s, 2 * 86400.0 + 3 * 3600 + 4 * 60 + 5.6);
  ASSERT_EQ(s.cpus.size(), 4u);
  EXPECT_EQ(*s.cpus[0].load_percent, 23.0);
  EXPECT_FALSE(s.cpus[2].online);
  EXPECT_FALSE(s.cpus[2].load_percent.has_value());
  ASSERT_NE(s.engine("GR3D"), nullptr);
  EXPECT_EQ(*s.engine("GR3D")->load_percent, 45.0);
  EXPECT_EQ(s.engine("EMC"), nullptr);  // jtop 3 wrote the RAM value there
  EXPECT_EQ(s.engine("APE")->frequencies_mhz, (std::vector<double>{25}));
  EXPECT_FALSE(s.engine("NVENC")->online);
  EXPECT_EQ(*log.info[0].ram_used_mb, 2456789 / 1024.0);
  EXPECT_EQ(*log.info[0].swap_used_mb, 120.0);
  EXPECT_FALSE(s.ram.has_value());  // no total in the log
  EXPECT_TRUE(s.temperature("GPU")->valid);
  EXPECT_FALSE(log.samples[1].temperature("GPU")->valid);  // -256: offline
  EXPECT_FALSE(s.temperature("PMIC")->valid);              // the 100 C placeholder
  EXPECT_EQ(s.temperature("thermal")->celsius, 32.75);
  EXPECT_EQ(*s.total_power_mw, 4123.0);
  EXPECT_EQ(s.power_rule, total_power_rule::input_rail);
  EXPECT_EQ(*s.rail("TOT")->average_mw, 3987.0);
  EXPECT_EQ(*log.info[0].nvp_model, "MAXN");
  EXPECT_FALSE(*log.info[0].jetson_clocks);
  EXPECT_EQ(s.unknown_tokens, (std::vector<std::string>{"fan=0.0"}));
  jtop_options totals;
  totals.ram_total_mb = 3956;
  totals.swap_total_mb = 1978;
  const jtop_log with = read_jtop_csv(data_dir + "jtop/jtop3_nano.csv", totals);
  EXPECT_EQ(with.samples[0].ram->used_mb, 2456789 / 1024.0);
  EXPECT_EQ(with.samples[0].ram->total_mb, 3956.0);
  EXPECT_EQ(with.samples[0].swap->used_mb, 120.0);
}

TEST(JtopCsv, OrinWithJtop4AndACutLastLine) {
  jtop_options o;
  o.ram_total_mb = 30000;
  const jtop_log log = read_jtop_csv(data_dir + "jtop/jtop4_orin_truncated.csv", o);
  EXPECT_EQ(log.jtop_major, 4);
  ASSERT_EQ(log.samples.size(), 3u);
  ASSERT_EQ(log.skipped_rows.size(), 1u);
  EXPECT_EQ(log.skipped_rows[0].line, 5u);
  const hardware_sample& s = log.samples[0];
  EXPECT_EQ(*log.info[0].ram_fraction, 0.4123);
  EXPECT_EQ(s.ram->used_mb, 0.4123 * 30000);
  EXPECT_FALSE(s.swap.has_value());
  ASSERT_GE(s.engines.size(), 2u);
  EXPECT_EQ(s.engines[0].name, "EMC");
  EXPECT_EQ(s.engines[1].name, "GR3D");
  EXPECT_EQ(*s.engines[1].load_percent, 51.2);
  EXPECT_EQ(s.engine("NVENC")->frequencies_mhz, (std::vector<double>{1113.6}));
  EXPECT_FALSE(s.engine("DLA0_CORE")->online);
  EXPECT_EQ(s.cpus.size(), 8u);
  EXPECT_FALSE(s.cpus[7].online);
  EXPECT_EQ(s.rails.size(), 2u);
  EXPECT_EQ(*s.total_power_mw, 7215.0);
  EXPECT_EQ(s.power_rule, total_power_rule::input_rail);  // VDD_IN, taken out of the rails by jtop
  EXPECT_TRUE(*log.info[0].jetson_clocks);
  EXPECT_FALSE(log.samples[2].temperature("gpu")->valid);
  EXPECT_EQ(log.unmapped_columns, (std::vector<std::string>{"Fan pwmfan0"}));
  EXPECT_EQ(*log.info[2].uptime_s, 86400 + 3.502);
}

TEST(JtopCsv, XavierSumsItsRailsAndKeepsUnknownColumns) {
  const jtop_log log = read_jtop_csv(data_dir + "jtop/jtop4_xavier.csv");
  ASSERT_EQ(log.samples.size(), 2u);
  EXPECT_EQ(log.samples[0].power_rule, total_power_rule::sum_of_rails);
  EXPECT_EQ(*log.samples[0].total_power_mw, 8378.0);
  EXPECT_EQ(log.samples[1].unknown_tokens, (std::vector<std::string>{"Some future field=y"}));
  EXPECT_EQ(*log.info[0].uptime_s, 600.000001);
  EXPECT_EQ(*log.info[0].nvp_model, "MODE_30W_ALL");
  EXPECT_DOUBLE_EQ(log.samples[1].time_s - log.samples[0].time_s, 0.5);
}

TEST(JtopCsv, BadRowsAreSkippedNotFatal) {
  const jtop_log log = parse_jtop_csv(
      "time,RAM,CPU1\nyesterday,0.5,1\n2024-01-01 00:00:00,0.5,OFF\n2024-01-01 00:00:01,x,2\n"
      "2024-01-01 00:00:02,0.5,3\n2024-02-30 25:00:00,0.5,3\n",
      "j.csv");
  ASSERT_EQ(log.samples.size(), 2u);
  ASSERT_EQ(log.skipped_rows.size(), 3u);
  EXPECT_EQ(log.skipped_rows[0].line, 2u);
  EXPECT_EQ(log.skipped_rows[0].reason, "time: 'yesterday' is not a date and time (YYYY-MM-DD HH:MM:SS)");
  EXPECT_EQ(log.skipped_rows[1].reason, "RAM: 'x' is not a finite number");
  // No time column: the interval.
  jtop_options o;
  o.interval_s = 0.5;
  const jtop_log plain = parse_jtop_csv("RAM\n0.5\n0.6\n", "j.csv", o);
  EXPECT_EQ(plain.samples[1].time_s, 0.5);
  EXPECT_FALSE(plain.samples[1].timestamped);
  EXPECT_EQ(error_of([] { (void)parse_jtop_csv("a,b\n1,2\n", "j.csv"); }),
            "j.csv:1: not a jtop CSV log: the header has none of jtop's columns (time, uptime, CPU1, RAM, Temp ..., "
            "power cur, Power TOT, ...)");
  EXPECT_EQ(error_of([] { (void)parse_jtop_csv("", "j.csv"); }), "j.csv: no header: not a jtop CSV log");
  EXPECT_EQ(error_of([] { (void)parse_jtop_csv("RAM,RAM\n", "j.csv"); }), "j.csv:1: RAM: duplicate column");
}

TEST(JtopCsv, RandomMutationsNeverCrash) {
  std::ifstream f(data_dir + "jtop/jtop4_orin_truncated.csv", std::ios::binary);
  const std::string valid((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const std::string alphabet = ",\"\n\r :.-0123456789OFTabe";
  std::mt19937 rng(5);
  for (int iter = 0; iter < 1500; ++iter) {
    std::string s = valid;
    for (int e = 1 + static_cast<int>(rng() % 8); e > 0; --e) {
      const std::size_t pos = rng() % s.size();
      const char c = alphabet[rng() % alphabet.size()];
      if (rng() % 2) {
        s[pos] = c;
      } else {
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), c);
      }
    }
    try {
      const jtop_log log = parse_jtop_csv(s, "fuzz.csv");
      ASSERT_EQ(log.samples.size(), log.info.size());
    } catch (const parse_error&) {
    }
  }
}

// Random mutations of valid latency and models CSVs: values or a parse_error, never a crash, and
// the same from a file as from memory.
TEST(LatencyCsv, RandomMutationsNeverCrash) {
  const std::string valid_run = "# run\nframe,\"latency_ms\",fps\r\n0,12.5,80\n1,\"13.25\",75\n\n2,+11,90";
  const std::string valid_models =
      "model,baseline_ms,candidate_ms,gflops\n\"resnet,50\",12.4,10.9,4.1\nyolo,31,25.2,8\n";
  const std::string alphabet = ",\"\n\r #ab01.-e\t;\xEF\xBB\xBF";
  std::mt19937 rng(8);
  for (int iter = 0; iter < 1500; ++iter) {
    const bool models = iter % 2 == 1;
    std::string s = models ? valid_models : valid_run;
    for (int e = 1 + static_cast<int>(rng() % 5); e > 0; --e) {
      const std::size_t pos = rng() % s.size();
      const char c = alphabet[rng() % alphabet.size()];
      if (rng() % 3 == 0) {
        s.erase(pos, 1);
      } else if (rng() % 2) {
        s[pos] = c;
      } else {
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), c);
      }
      if (s.empty()) s = "x";
    }
    std::string mem, file;
    std::vector<double> a, b;
    try {
      if (models) {
        for (const auto& m : parse_latency_models_csv(s, "m.csv")) a.push_back(m.baseline_ms);
      } else {
        a = parse_latency_file(s, "m.csv").stages.at(0).ms;
      }
    } catch (const parse_error& e) {
      mem = e.what();
    }
    try {
      const std::string path = temp_file("m.csv", s);
      if (models) {
        for (const auto& m : read_latency_models_csv(path)) b.push_back(m.baseline_ms);
      } else {
        b = read_latency_file(path).stages.at(0).ms;
      }
    } catch (const parse_error& e) {
      file = e.what();
    }
    ASSERT_EQ(mem.empty(), file.empty()) << mem << " | " << file;
    ASSERT_EQ(a, b);
  }
}
