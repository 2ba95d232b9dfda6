// The COCO results reader's fast path (src/io/coco.cpp, fast_results) against its general reader:
// the fast path takes the shape detectors write and must give exactly what the general reader
// gives; anything else must reach the general reader (same values, same errors). A member the
// fast path does not know ("x": 0, which the general reader skips) sends a document to the
// general reader, so every comparison here is fast path vs general reader on the same records.
#include <edgemetrics/io.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

em::coco_dataset ground_truth() {
  return em::parse_coco_instances(
      R"({"images":[{"id":1},{"id":2},{"id":7},{"id":-3},{"id":123456789012}],
          "categories":[{"id":1,"name":"a"},{"id":5,"name":"b"},{"id":90,"name":"c"}],"annotations":[]})",
      "gt.json");
}

// The same document with an unknown member in its first record: read by the general reader.
std::string general(const std::string& text) {
  const std::size_t brace = text.find('{');
  if (brace == std::string::npos) return text;
  return text.substr(0, brace + 1) + "\"x\": 0, " + text.substr(brace + 1);
}

struct outcome {
  bool ok = false;
  std::string error;
  em::coco_detections dt;
};

outcome read_text(const std::string& text, const em::coco_dataset& gt) {
  outcome o;
  try {
    o.dt = em::parse_coco_results(text, "dt.json", gt);
    o.ok = true;
  } catch (const em::parse_error& e) {
    o.error = e.what();
  }
  return o;
}

void expect_same(const em::coco_detections& a, const em::coco_detections& b, const std::string& what) {
  ASSERT_EQ(a.begin, b.begin) << what;
  ASSERT_EQ(a.detections.size(), b.detections.size()) << what;
  for (std::size_t i = 0; i < a.detections.size(); ++i) {
    const auto& x = a.detections[i];
    const auto& y = b.detections[i];
    EXPECT_EQ(x.category, y.category) << what << " #" << i;
    // bit for bit (the sign of a zero included)
    EXPECT_EQ(0, std::memcmp(&x.score, &y.score, sizeof(double))) << what << " #" << i << " score";
    EXPECT_EQ(0, std::memcmp(&x.box, &y.box, sizeof(x.box))) << what << " #" << i << " box";
  }
}

const char* const numbers[] = {"0",          "-0",         "0.0",        "-0.0",   "1",       "12",
                               "0.5",        "1e2",        "1E+2",       "25e-1",  "-1.5e-3", "3.14159265358979323846264",
                               "1e308",      "1.7976931348623157e308",   "2.2250738585072014e-308",
                               "4.9e-324",   "1e-320",     "123456789012345678901234567890",
                               "9007199254740993",         "-9223372036854775808",          "18446744073709551615",
                               "18446744073709551616",     "0.1",        "100.25", "7"};

std::string random_document(std::mt19937& rng, std::size_t n, bool pretty) {
  const char* const image_ids[] = {"1", "2", "7", "-3", "123456789012"};
  const char* const category_ids[] = {"1", "5", "90"};
  std::uniform_int_distribution<std::size_t> pick_number(0, std::size(numbers) - 1), pick_image(0, 4),
      pick_category(0, 2), pick_order(0, 23);
  const auto num = [&] { return std::string(numbers[pick_number(rng)]); };
  const auto nonneg = [&] {
    std::string s = num();
    if (s[0] == '-') s.erase(0, 1);
    return s;
  };
  const char* ws = pretty ? "\n  " : "";
  std::string out = "[";
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += pretty ? ",\n " : ",";
    std::vector<std::string> members{
        std::string("\"image_id\":") + (pretty ? " " : "") + image_ids[pick_image(rng)],
        std::string("\"category_id\": ") + category_ids[pick_category(rng)],
        "\"bbox\": [" + num() + ", " + num() + "," + nonneg() + " ,\t" + nonneg() + "]",
        "\"score\" : " + num()};
    std::shuffle(members.begin(), members.end(), rng);
    out += "{";
    out += ws;
    for (std::size_t m = 0; m < members.size(); ++m) {
      if (m > 0) out += pretty ? ",\r\n  " : ",";
      out += members[m];
    }
    out += "}";
  }
  out += pretty ? "\n]\n" : "]";
  return out;
}

}  // namespace

TEST(CocoResultsFastPath, SameRecordsAsTheGeneralReader) {
  const auto gt = ground_truth();
  std::mt19937 rng(2026);
  for (int trial = 0; trial < 200; ++trial) {
    const std::string doc = random_document(rng, 1 + static_cast<std::size_t>(trial % 17), trial % 2 == 0);
    const outcome fast = read_text(doc, gt);
    const outcome slow = read_text(general(doc), gt);
    ASSERT_TRUE(fast.ok) << fast.error << "\n" << doc;
    ASSERT_TRUE(slow.ok) << slow.error << "\n" << doc;
    expect_same(fast.dt, slow.dt, doc);
  }
}

TEST(CocoResultsFastPath, EmptyListAndByteOrderMark) {
  const auto gt = ground_truth();
  for (const char* doc : {"[]", " [ ] ", "\xEF\xBB\xBF[]", "\xEF\xBB\xBF[{\"image_id\":1,\"category_id\":5,\"bbox\":[1,2,3,4],\"score\":0.5}]"}) {
    const outcome o = read_text(doc, gt);
    ASSERT_TRUE(o.ok) << o.error;
  }
  const outcome o = read_text("\xEF\xBB\xBF[{\"image_id\":1,\"category_id\":5,\"bbox\":[1,2,3,4],\"score\":0.5}]", gt);
  ASSERT_EQ(o.dt.detections.size(), 1u);
  EXPECT_EQ(o.dt.detections[0].category, 1u);
  EXPECT_EQ(o.dt.detections[0].box.h, 4.0);
}

// What the fast path does not take reaches the general reader: the same values or its errors.
TEST(CocoResultsFastPath, OtherShapesReachTheGeneralReader) {
  const auto gt = ground_truth();
  const std::string ok = R"({"image_id":1,"category_id":5,"bbox":[1,2,3,4],"score":0.5})";
  // valid, not the fast shape
  for (const std::string& doc :
       {"[" + ok + "," + R"({"image_\u0069d":2,"category_id":1,"bbox":[0,0,1,1],"score":1})" + "]",
        "[" + ok + "," + R"({"image_id":2,"category_id":1,"bbox":[0,0,1,1],"score":1,"area":1.0,"extra":[{"a":"}"}]})" + "]",
        "[" + ok + "," + R"({"image_id":2,"category_id":1,"bbox":[0,0,1,1],"score":1)" + std::string(5000, ' ') + "}]",
        "[" + ok + "]" + std::string(5000, ' ')}) {
    const outcome o = read_text(doc, gt);
    ASSERT_TRUE(o.ok) << o.error << "\n" << doc.substr(0, 200);
    EXPECT_EQ(o.dt.detections.size(), doc.find("image_id\":2") != std::string::npos || doc.find("\\u0069") != std::string::npos ? 2u : 1u);
  }
  // errors: the general reader's, naming the element
  const struct {
    std::string doc;
    const char* needle;
  } bad[] = {
      {"[" + ok + R"(,{"image_id":9,"category_id":5,"bbox":[1,2,3,4],"score":0.5}])", "[1].image_id: image 9 is not in"},
      {"[" + ok + R"(,{"image_id":1,"category_id":6,"bbox":[1,2,3,4],"score":0.5}])", "[1].category_id: category 6"},
      {"[" + ok + R"(,{"image_id":1,"category_id":5,"bbox":[1,2,-3,4],"score":0.5}])", "[1].bbox: negative width"},
      {"[" + ok + R"(,{"image_id":1.0,"category_id":5,"bbox":[1,2,3,4],"score":0.5}])", "[1].image_id: expected an integer"},
      {"[" + ok + R"(,{"image_id":1,"image_id":1,"category_id":5,"bbox":[1,2,3,4],"score":0.5}])", "[1].image_id: appears more than once"},
      {"[" + ok + R"(,{"image_id":1,"category_id":5,"bbox":[1,2,3,4]}])", "[1].score: missing"},
      {"[" + ok + R"(,{"image_id":1,"category_id":5,"bbox":[1,2,3,4],"score":1e400}])", "dt.json"},
      {"[" + ok + "," + ok, "dt.json"},
      {"[" + ok + "] x", "dt.json"},
      {"[" + ok + "]\n" + std::string(1, '\0'), "dt.json"},
  };
  for (const auto& b : bad) {
    const outcome o = read_text(b.doc, gt);
    ASSERT_FALSE(o.ok) << b.doc;
    EXPECT_NE(o.error.find(b.needle), std::string::npos) << o.error;
    // (syntax errors name a column, which the inserted member moves)
    if (o.error.find("column") == std::string::npos) {
      EXPECT_EQ(o.error, read_text(general(b.doc), gt).error);
    }
  }
}

// Random byte mutations: the fast path never accepts what the general reader rejects, and never
// reads a value differently.
TEST(CocoResultsFastPath, MutationsAgreeWithTheGeneralReader) {
  const auto gt = ground_truth();
  std::mt19937 rng(13);
  const std::string alphabet = "0123456789-+.eE,:[]{}\" \n\tx";
  std::size_t accepted = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string doc = random_document(rng, 3, trial % 3 == 0);
    const int edits = 1 + trial % 3;
    for (int e = 0; e < edits; ++e) {
      std::uniform_int_distribution<std::size_t> at(0, doc.size() - 1);
      const std::size_t p = at(rng);
      const char c = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
      switch (trial % 3) {
        case 0: doc[p] = c; break;
        case 1: doc.insert(p, 1, c); break;
        default: doc.erase(p, 1); break;
      }
    }
    // the fast path alone (a reference that always takes the general reader would need the
    // unknown member in a record; after mutations that may not be one): compare with the same
    // document read in two ways that both end in the general reader when the fast one gives up
    const outcome fast = read_text(doc, gt);
    const std::size_t brace = doc.find("{\"");
    if (brace == std::string::npos || doc.find('{') != brace) continue;
    const std::string slow_doc = doc.substr(0, brace + 1) + "\"x\": 0, " + doc.substr(brace + 1);
    const outcome slow = read_text(slow_doc, gt);
    ASSERT_EQ(fast.ok, slow.ok) << "fast: " << fast.error << "\nslow: " << slow.error << "\n" << doc;
    if (fast.ok) {
      ++accepted;
      expect_same(fast.dt, slow.dt, doc);
    }
  }
  EXPECT_GT(accepted, 100u);  // the mutations leave many documents valid
}

// A file larger than the reader's window (1 MiB): records straddle the windows. Files of 8 MiB
// and more are read by two threads that meet at a record boundary near the middle.
TEST(CocoResultsFastPath, LargeFileInWindows) {
  const auto gt = ground_truth();
  std::mt19937 rng(7);
  const std::string doc = random_document(rng, 80000, true);
  ASSERT_GT(doc.size(), std::size_t{8} << 20);
  const std::string path = ::testing::TempDir() + "coco_results_large.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << doc;
  }
  const auto from_file = em::read_coco_results(path, gt);
  const auto from_text = em::parse_coco_results(doc, "dt.json", gt);
  const auto from_general = em::parse_coco_results(general(doc), "dt.json", gt);
  std::remove(path.c_str());
  ASSERT_EQ(from_file.detections.size(), 80000u);
  expect_same(from_file, from_general, "file");
  expect_same(from_text, from_general, "text");
}

// Split files whose halves are not both the fast shape: the general reader, same values or the
// same error (it names the record).
TEST(CocoResultsFastPath, LargeFileWithAnotherShapeOrAnErrorInOneHalf) {
  const auto gt = ground_truth();
  std::mt19937 rng(8);
  const std::string doc = random_document(rng, 80000, false);
  const std::string path = ::testing::TempDir() + "coco_results_split.json";
  const auto write = [&](const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
  };
  // an extra member in the very last record (second half): read by the general reader
  std::string extra = doc;
  extra.insert(extra.rfind('{') + 1, "\"area\": 5, ");
  write(extra);
  expect_same(em::read_coco_results(path, gt), em::parse_coco_results(general(doc), "dt.json", gt), "extra member");
  // an extra member in a record of the first half
  extra = doc;
  extra.insert(extra.find('{', 1000) + 1, "\"area\": 5, ");
  write(extra);
  expect_same(em::read_coco_results(path, gt), em::parse_coco_results(general(doc), "dt.json", gt), "extra member");
  // an unknown image in the last record
  std::string bad = doc;
  const std::size_t at = bad.rfind("\"image_id\":");
  bad.replace(at, bad.find_first_of(",}", at) - at, "\"image_id\":99");
  write(bad);
  try {
    (void)em::read_coco_results(path, gt);
    ADD_FAILURE() << "no error";
  } catch (const em::parse_error& e) {
    EXPECT_NE(std::string(e.what()).find("[79999].image_id: image 99 is not in the ground truth"), std::string::npos)
        << e.what();
  }
  // a byte-order mark before a split file
  write("\xEF\xBB\xBF" + doc);
  expect_same(em::read_coco_results(path, gt), em::parse_coco_results(general(doc), "dt.json", gt), "BOM");
  std::remove(path.c_str());
}
