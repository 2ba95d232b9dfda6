// Readers: errors name file, line and field; property/fuzz-style tests (random mutations of valid
// input must parse or throw parse_error, never crash; run under ASan+UBSan in CI).
#include <edgemetrics/detail/parse.hpp>
#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

const std::vector<std::string> classes = {"dog", "cat"};

const char* const good_xml = R"(<annotation>
	<filename>000001.jpg</filename>
	<object>
		<name>dog</name>
		<difficult>1</difficult>
		<bndbox><xmin>48</xmin><ymin>240</ymin><xmax>195</xmax><ymax>371</ymax></bndbox>
	</object>
	<object>
		<name>person</name>
		<bndbox><xmin>8</xmin><ymin>12</ymin><xmax>352</xmax><ymax>498</ymax></bndbox>
	</object>
	<object>
		<name> cat </name>
		<bndbox>
			<xmin>1.5</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax>
		</bndbox>
	</object>
</annotation>
)";

template <class F>
em::parse_error expect_parse_error(F&& f) {
  try {
    f();
  } catch (const em::parse_error& e) {
    return e;
  }
  ADD_FAILURE() << "expected parse_error";
  return em::parse_error("", 0, "", "");
}

TEST(VocXml, ReadsObjectsSkipsOtherClassesMissingDifficultIsZero) {
  std::vector<em::voc_object> out;
  EXPECT_EQ(em::parse_voc_annotation(good_xml, "a.xml", classes, out), 1u);  // person skipped
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].class_id, 0u);
  EXPECT_TRUE(out[0].difficult);
  EXPECT_EQ(out[0].box, (em::corner_box<double>{48, 240, 195, 371}));
  EXPECT_EQ(out[1].class_id, 1u);
  EXPECT_FALSE(out[1].difficult);  // no <difficult>
  EXPECT_EQ(out[1].box.x1, 1.5);
}

TEST(VocXml, CdataNameIsReadAsText) {
  std::vector<em::voc_object> out;
  const char* xml =
      "<annotation><object><name><![CDATA[dog]]></name><difficult><![CDATA[1]]></difficult>"
      "<bndbox><xmin>1</xmin><ymin>2</ymin><xmax><![CDATA[ 3 ]]></xmax><ymax>4</ymax></bndbox></object>"
      "</annotation>";
  EXPECT_EQ(em::parse_voc_annotation(xml, "a.xml", classes, out), 0u);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].class_id, 0u);
  EXPECT_TRUE(out[0].difficult);
  EXPECT_EQ(out[0].box, (em::corner_box<double>{1, 2, 3, 4}));
}

TEST(VocXml, DuplicateFieldsAndSecondRootAreErrors) {
  struct bad_case {
    const char* from;
    const char* to;
    std::size_t line;
    const char* field;
  };
  const bad_case cases[] = {
      {"<xmin>48</xmin>", "<xmin>48</xmin><xmin>50</xmin>", 6, "object/bndbox/xmin"},
      {"<ymax>371</ymax>", "<ymax>371</ymax>\n<ymax>1</ymax>", 7, "object/bndbox/ymax"},
      {"<name>dog</name>", "<name>dog</name><name>cat</name>", 4, "object/name"},
      {"<name>person</name>", "<name>person</name><name>dog</name>", 9, "object/name"},  // skipped class too
      {"<difficult>1</difficult>", "<difficult>1</difficult><difficult>0</difficult>", 5, "object/difficult"},
      {"</bndbox>\n\t</object>\n\t<object>\n\t\t<name>person",
       "</bndbox><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox>\n\t</object>\n\t<object>"
       "\n\t\t<name>person",
       6, "object/bndbox"},
      {"</annotation>\n", "</annotation>\n<annotation></annotation>\n", 19, "annotation"},
  };
  for (const auto& c : cases) {
    std::string bad = good_xml;
    const auto at = bad.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    bad.replace(at, std::string(c.from).size(), c.to);
    std::vector<em::voc_object> out;
    const auto e = expect_parse_error([&] { (void)em::parse_voc_annotation(bad, "a.xml", classes, out); });
    EXPECT_EQ(e.file(), "a.xml") << c.to;
    EXPECT_EQ(e.line(), c.line) << c.to << ": " << e.what();
    EXPECT_EQ(e.field(), c.field) << c.to;
    EXPECT_TRUE(out.empty());
  }
}

TEST(VocXml, NoObjectsIsValid) {
  std::vector<em::voc_object> out;
  EXPECT_EQ(em::parse_voc_annotation("<annotation><filename>x</filename></annotation>", "a.xml", classes, out), 0u);
  EXPECT_TRUE(out.empty());
}

TEST(VocXml, ErrorsNameFileLineAndField) {
  std::vector<em::voc_object> out;
  std::string bad = good_xml;
  bad.replace(bad.find("<difficult>1<"), 13, "<difficult>2<");
  auto e = expect_parse_error([&] { em::parse_voc_annotation(bad, "a.xml", classes, out); });
  EXPECT_EQ(e.file(), "a.xml");
  EXPECT_EQ(e.line(), 5u);
  EXPECT_EQ(e.field(), "object/difficult");
  EXPECT_TRUE(out.empty()) << "nothing appended on error";

  bad = good_xml;
  bad.replace(bad.find("<ymax>4<"), 8, "<ymax>4x<");
  e = expect_parse_error([&] { em::parse_voc_annotation(bad, "a.xml", classes, out); });
  EXPECT_EQ(e.field(), "object/bndbox/ymax");
  EXPECT_EQ(e.line(), 15u);
  EXPECT_NE(std::string(e.what()).find("'4x'"), std::string::npos) << e.what();

  bad = good_xml;
  bad.replace(bad.find("<xmin>48</xmin>"), 15, "");
  e = expect_parse_error([&] { em::parse_voc_annotation(bad, "a.xml", classes, out); });
  EXPECT_EQ(e.field(), "object/bndbox/xmin");

  bad = good_xml;
  bad.replace(bad.find("<ymin>240</ymin>"), 16, "<ymin>nan</ymin>");
  e = expect_parse_error([&] { em::parse_voc_annotation(bad, "a.xml", classes, out); });
  EXPECT_EQ(e.field(), "object/bndbox/ymin");

  e = expect_parse_error(
      [&] { em::parse_voc_annotation("<annotation>\n<object>\n</annotation>", "b.xml", classes, out); });
  EXPECT_EQ(e.line(), 3u);
  EXPECT_NE(std::string(e.what()).find("malformed XML"), std::string::npos);

  e = expect_parse_error([&] { em::parse_voc_annotation("<root/>", "c.xml", classes, out); });
  EXPECT_EQ(e.field(), "annotation");
  e = expect_parse_error([&] { em::parse_voc_annotation("", "d.xml", classes, out); });
  e = expect_parse_error([&] {
    em::parse_voc_annotation("<annotation><object><difficult>0</difficult></object></annotation>", "e.xml", classes,
                             out);
  });
  EXPECT_EQ(e.field(), "object/name");
  e = expect_parse_error([&] {
    em::parse_voc_annotation("<annotation><object><name>dog</name></object></annotation>", "e.xml", classes, out);
  });
  EXPECT_EQ(e.field(), "object/bndbox");
}

TEST(VocXml, MissingFileNamesIt) {
  std::vector<em::voc_object> out;
  const auto e = expect_parse_error([&] { em::read_voc_annotation("/nonexistent/x.xml", classes, out); });
  EXPECT_EQ(e.file(), "/nonexistent/x.xml");
  EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos);
}

em::voc_dataset make_data(std::vector<std::string> ids = {"000001", "000002"}) {
  em::voc_dataset d;
  d.class_names = classes;
  d.detections.resize(classes.size());
  for (auto& id : ids) d.add_image(id, nullptr, 0);
  return d;
}

TEST(VocComp4, ParsesAnyWhitespaceBlankLinesAndExactNumbers) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  em::parse_comp4_results(
      "000001 0.9 1 2 3 4\n\n000002\t1.7976931348623157e+308  1.5 2.25\t3 4\r\n  000001 4.9e-324 -1e+2 0 -0.5 7.\n"
      "000002 -1e+308 .5 +2 3 4",
      "r.txt", 1, idx, em::unknown_image_policy::error, d);
  const auto& cd = d.detections[1];
  ASSERT_EQ(cd.score.size(), 4u);
  EXPECT_EQ(cd.image[1], 1u);
  EXPECT_EQ(cd.score[1], 1.7976931348623157e+308);
  EXPECT_EQ(cd.score[2], 4.9e-324);
  EXPECT_EQ(cd.score[3], -1e+308);
  EXPECT_EQ(cd.box[1].y1, 2.25);
  EXPECT_EQ(cd.box[2].x1, -100.0);
  EXPECT_EQ(cd.box[3].x1, 0.5);
  EXPECT_TRUE(d.detections[0].score.empty());
}

TEST(VocComp4, OutOfRangeNumbersAreWhatPythonFloatGives) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  // Overflow is +-inf and underflow +-0, as Python's float(): a score of 1e309 is an inf score.
  em::parse_comp4_results(
      "000001 1e309 1 2 3 4\n000001 -1e309 1 2 3 4\n000002 +1E+400000000000000000000 1 2 3 4\n"
      "000002 1e-400 1e-400 -2.5e-99999 3 4\n000001 179769313486231580793728971405303415079934132710037826936173778"
      "9804e245 1 2 3 4\n",
      "r.txt", 0, idx, em::unknown_image_policy::error, d);
  const auto& cd = d.detections[0];
  ASSERT_EQ(cd.score.size(), 5u);
  EXPECT_EQ(cd.score[0], std::numeric_limits<double>::infinity());
  EXPECT_EQ(cd.score[1], -std::numeric_limits<double>::infinity());
  EXPECT_EQ(cd.score[2], std::numeric_limits<double>::infinity());
  EXPECT_EQ(cd.score[3], 0.0);
  EXPECT_EQ(cd.box[3].x1, 0.0);
  EXPECT_EQ(cd.box[3].y1, 0.0);
  EXPECT_TRUE(std::signbit(cd.box[3].y1));
  EXPECT_EQ(cd.score[4], std::numeric_limits<double>::infinity());  // rounds above DBL_MAX
  // An overflowing coordinate is a non-finite coordinate; malformed numbers stay errors.
  auto e = expect_parse_error([&] {
    em::parse_comp4_results("000001 0.5 1 1e309 3 4\n", "r.txt", 0, idx, em::unknown_image_policy::error, d);
  });
  EXPECT_EQ(e.field(), "y1");
  EXPECT_NE(std::string(e.what()).find("not a finite number: '1e309'"), std::string::npos) << e.what();
  for (const char* bad : {"+-1e309", "1e309x", "1e", "--1e309", "1e+-400", "+-0.9", "++2", "+-inf", "+-nan"}) {
    e = expect_parse_error([&] {
      em::parse_comp4_results(std::string("000001 ") + bad + " 1 2 3 4\n", "r.txt", 0, idx,
                              em::unknown_image_policy::error, d);
    });
    EXPECT_EQ(e.field(), "score") << bad;
  }
  std::vector<em::voc_object> out;
  e = expect_parse_error([&] {
    em::parse_voc_annotation(
        "<annotation><object><name>dog</name><bndbox><xmin>1e309</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax>"
        "</bndbox></object></annotation>",
        "a.xml", classes, out);
  });
  EXPECT_EQ(e.field(), "object/bndbox/xmin");
}

TEST(VocComp4, EmptyFileIsValid) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  em::parse_comp4_results("", "r.txt", 0, idx, em::unknown_image_policy::error, d);
  em::parse_comp4_results("\n  \n", "r.txt", 0, idx, em::unknown_image_policy::error, d);
  EXPECT_TRUE(d.detections[0].score.empty());
}

TEST(VocComp4, ErrorsNameFileLineAndField) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  auto err = [&](const std::string& text) {
    return expect_parse_error(
        [&] { em::parse_comp4_results(text, "r.txt", 0, idx, em::unknown_image_policy::error, d); });
  };
  auto e = err("000001 0.9 1 2 3 4\n000001 0.9 1 2 3\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_NE(std::string(e.what()).find("found 5"), std::string::npos) << e.what();
  e = err("000001 0.9 1 2 3 4 5\n");
  EXPECT_EQ(e.line(), 1u);
  e = err("000001 nan 1 2 3 4\n");
  EXPECT_EQ(e.field(), "score");
  e = err("000001 abc 1 2 3 4\n");
  EXPECT_EQ(e.field(), "score");
  e = err("000001 0.5 1 2 inf 4\n");
  EXPECT_EQ(e.field(), "x2");
  e = err("000001 0.5 1 2 3 0x10\n");
  EXPECT_EQ(e.field(), "y2");
  e = err("\n\n999999 0.5 1 2 3 4\n");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.field(), "image id");
  EXPECT_EQ(std::string(e.what()), "r.txt:3: image id: image '999999' is not in the image set");
  EXPECT_TRUE(d.detections[0].score.empty()) << "nothing appended on error";
}

TEST(VocComp4, UnknownImagesSkippedAndCounted) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  em::parse_comp4_results("999999 0.5 1 2 3 4\n000001 0.5 1 2 3 4\n999998 0.5 1 2 3 4\n", "r.txt", 0, idx,
                          em::unknown_image_policy::skip, d);
  EXPECT_EQ(d.skipped_unknown_image_detections, 2u);
  EXPECT_EQ(d.detections[0].score.size(), 1u);
}

TEST(VocComp4, FastDecimalPathEqualsFromChars) {
  // Property: every decimal the fast path accepts gives the same double as from_chars.
  std::mt19937_64 rng(42);
  auto d = make_data({"a"});
  const em::voc_image_index idx(d.image_ids);
  std::string text;
  std::vector<std::string> scores;
  for (int i = 0; i < 20000; ++i) {
    const int digits = static_cast<int>(rng() % 19) + 1;
    std::string s = (rng() % 4 == 0) ? "-" : "";
    std::string m;
    for (int k = 0; k < digits; ++k) m += static_cast<char>('0' + rng() % 10);
    const std::size_t dot = rng() % (m.size() + 1);
    s += m.substr(0, dot) + (rng() % 5 ? "." : "") + m.substr(dot);
    if (s == "." || s == "-." || s == "-") s = "0";
    scores.push_back(s);
    text += "a " + s + " 1 2 3 4\n";
  }
  em::parse_comp4_results(text, "r.txt", 0, idx, em::unknown_image_policy::error, d);
  ASSERT_EQ(d.detections[0].score.size(), scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    double want = 0;
    ASSERT_TRUE(em::detail::parse_number(scores[i], want)) << scores[i];
    ASSERT_EQ(d.detections[0].score[i], want) << scores[i];
  }
}

TEST(VocImageSet, DuplicatesAndExtraFieldsAreErrors) {
  EXPECT_EQ(em::parse_voc_image_set("a\n\nb\n", "s.txt").size(), 2u);
  auto e = expect_parse_error([&] { (void)em::parse_voc_image_set("a\nb\n\na\n", "s.txt"); });
  EXPECT_EQ(e.line(), 4u);
  e = expect_parse_error([&] { (void)em::parse_voc_image_set("a 1\n", "s.txt"); });
  EXPECT_EQ(e.line(), 1u);
  e = expect_parse_error([&] { (void)em::parse_class_list("dog\ndog\n", "c.txt"); });
  e = expect_parse_error([&] { (void)em::parse_class_list("\n", "c.txt"); });
}

TEST(VocJson, ReadsListAndReportsErrorsByElement) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  em::parse_detections_json(
      R"([{"image_id": "000002", "category": "cat", "score": 0.5, "bbox": [1, 2.5, 3, 4]},
          {"image_id": "000001", "category": "dog", "score": 1e-3, "bbox": [1, 2, 3, 4]}])",
      "d.json", idx, em::unknown_image_policy::error, d);
  ASSERT_EQ(d.detections[1].score.size(), 1u);
  EXPECT_EQ(d.detections[1].image[0], 1u);
  EXPECT_EQ(d.detections[1].box[0].y1, 2.5);
  EXPECT_EQ(d.detections[0].score[0], 1e-3);
  auto err = [&](const std::string& text) {
    return expect_parse_error(
        [&] { em::parse_detections_json(text, "d.json", idx, em::unknown_image_policy::error, d); });
  };
  auto e = err("[{\"image_id\": \"000001\",\n \"category\": ");
  EXPECT_EQ(e.line(), 2u);
  e = err(R"({"image_id": "000001"})");
  e = err(R"([{"image_id": 1, "category": "dog", "score": 0.5, "bbox": [1, 2, 3, 4]}])");
  EXPECT_EQ(e.field(), "[0].image_id");
  e = err(R"([{"image_id": "000001", "category": "cow", "score": 0.5, "bbox": [1, 2, 3, 4]}])");
  EXPECT_EQ(e.field(), "[0].category");
  e = err(R"([{"image_id": "000001", "category": "dog", "score": "high", "bbox": [1, 2, 3, 4]}])");
  EXPECT_EQ(e.field(), "[0].score");
  e = err(R"([{"image_id": "000001", "category": "dog", "score": 0.5, "bbox": [1, 2, 3]}])");
  EXPECT_EQ(e.field(), "[0].bbox");
  e = err(R"([{"image_id": "000001", "category": "dog", "score": 0.5}])");
  EXPECT_EQ(e.field(), "[0].bbox");
  e = err(R"([{"image_id": "000009", "category": "dog", "score": 0.5, "bbox": [1, 2, 3, 4]}])");
  EXPECT_EQ(e.field(), "[0].image_id");
  EXPECT_EQ(d.detections[0].score.size(), 1u) << "nothing appended on error";
}

// ----------------------------------------------------------------------------------------------
// fuzz-style: random byte mutations of valid inputs

std::string mutate(std::string s, std::mt19937_64& rng) {
  static const char alphabet[] = "<>/=\"' \t\n\r0123456789.-+eEnaifx&;!?[]{},:abcdefghijklmnopqrstuvwxyz\x01\xff";
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < edits; ++k) {
    const std::size_t pos = s.empty() ? 0 : rng() % s.size();
    const char c = alphabet[rng() % (sizeof alphabet - 1)];
    switch (rng() % 4) {
      case 0:
        if (!s.empty()) s[pos] = c;
        break;
      case 1:
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), c);
        break;
      case 2:
        if (!s.empty()) s.erase(pos, 1 + rng() % 8);
        break;
      default:
        s = s.substr(0, pos);  // truncation
        break;
    }
  }
  return s;
}

template <class F>
void fuzz(const std::string& seed, F&& parse, int rounds) {
  std::mt19937_64 rng(7);
  int ok = 0, errors = 0;
  for (int i = 0; i < rounds; ++i) {
    const std::string input = mutate(seed, rng);
    try {
      parse(input);
      ++ok;
    } catch (const em::parse_error&) {
      ++errors;
    }
    // anything else (another exception type, a crash, a sanitizer report) fails the test
  }
  EXPECT_EQ(ok + errors, rounds);
  EXPECT_GT(errors, 0);
}

TEST(VocFuzz, AnnotationXml) {
  fuzz(
      good_xml,
      [](const std::string& s) {
        std::vector<em::voc_object> out;
        (void)em::parse_voc_annotation(s, "f.xml", classes, out);
      },
      5000);
}

TEST(VocFuzz, Comp4Lines) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  fuzz(
      "000001 0.9 1 2 3 4\n000002 1e-3 1.5 2.25 30 40\n000001 0.12345678 10 20 30 40\n",
      [&](const std::string& s) { em::parse_comp4_results(s, "r.txt", 0, idx, em::unknown_image_policy::error, d); },
      5000);
}

TEST(VocFuzz, DetectionsJson) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  fuzz(R"([{"image_id": "000001", "category": "dog", "score": 0.5, "bbox": [1, 2, 3, 4]},
           {"image_id": "000002", "category": "cat", "score": 1e-3, "bbox": [1.5, 2, 3, 4]}])",
       [&](const std::string& s) { em::parse_detections_json(s, "d.json", idx, em::unknown_image_policy::error, d); },
       3000);
}

TEST(VocFuzz, ImageSetAndClassList) {
  fuzz(
      "000001\n000002\n000003\n", [](const std::string& s) { (void)em::parse_voc_image_set(s, "s.txt"); }, 2000);
}

}  // namespace
