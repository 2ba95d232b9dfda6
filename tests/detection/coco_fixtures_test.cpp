// Agreement with pycocotools on tests/data/coco/*/expected.json (see its README.md and NOTE.md):
// every number within 1e-12, read through the io readers.
#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace em = edgemetrics;
using nlohmann::json;

namespace {

const std::string data_dir = std::string(EDGEMETRICS_TEST_DATA) + "/coco/";
constexpr double tol = 1e-12;

json load_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

struct loaded {
  em::coco_dataset gt;
  em::coco_detections dt;
  json expected;
};

const loaded& load(const std::string& set) {
  static std::map<std::string, loaded> cache;
  auto it = cache.find(set);
  if (it == cache.end()) {
    loaded l;
    l.gt = em::read_coco_instances(data_dir + set + "/instances.json");
    l.dt = em::read_coco_results(data_dir + set + "/detections.json", l.gt);
    l.expected = load_json(data_dir + set + "/expected.json");
    it = cache.emplace(set, std::move(l)).first;
  }
  return it->second;
}

em::coco_params params_of(const json& p) {
  em::coco_params o;
  o.use_cats = p.at("useCats").get<int>() != 0;
  o.max_dets = p.at("maxDets").get<std::vector<std::size_t>>();
  o.area_ranges.clear();
  const auto& rng = p.at("areaRng");
  const auto& lbl = p.at("areaRngLbl");
  for (std::size_t a = 0; a < rng.size(); ++a) {
    o.area_ranges.push_back({lbl[a].get<std::string>(), rng[a][0].get<double>(), rng[a][1].get<double>()});
  }
  return o;
}

void expect_near(double got, const json& want, const std::string& what) {
  EXPECT_NEAR(got, want.get<double>(), tol) << what;
}

void check_category(const em::coco_result& r, std::size_t k, const json& e, const std::string& what) {
  const std::size_t M = r.num_max_dets();
  expect_near(r.per_category[k].ap, e.at("AP"), what + " AP");
  expect_near(r.per_category[k].ap50, e.at("AP50"), what + " AP50");
  expect_near(r.per_category[k].ap75, e.at("AP75"), what + " AP75");
  expect_near(r.per_category[k].ar, e.at("AR"), what + " AR");
  for (std::size_t t = 0; t < r.num_iou(); ++t) {
    expect_near(r.mean(true, t, 0, M - 1, k), e.at("AP_per_iou")[t], what + " AP_per_iou " + std::to_string(t));
    expect_near(r.recall_at(t, k, 0, M - 1), e.at("recall_per_iou")[t], what + " recall_per_iou " + std::to_string(t));
  }
  for (std::size_t a = 0; a < r.num_areas(); ++a) {
    const auto& label = r.params.area_ranges[a].label;
    for (std::size_t m = 0; m < M; ++m) {
      const std::string w = what + " " + label + " maxDets[" + std::to_string(m) + "]";
      expect_near(r.mean(true, std::nullopt, a, m, k), e.at("AP_area_maxdets").at(label)[m], w + " AP");
      expect_near(r.mean(false, std::nullopt, a, m, k), e.at("AR_area_maxdets").at(label)[m], w + " AR");
    }
  }
  if (e.contains("num_gt")) {
    EXPECT_EQ(r.per_category[k].num_gt, e.at("num_gt").get<std::size_t>()) << what;
  }
  if (e.contains("num_gt_crowd")) {
    EXPECT_EQ(r.per_category[k].num_crowd, e.at("num_gt_crowd").get<std::size_t>()) << what;
  }
  if (e.contains("num_detections")) {
    EXPECT_EQ(r.per_category[k].num_detections, e.at("num_detections").get<std::size_t>()) << what;
  }
}

void check_run(const std::string& set, const std::string& run) {
  const auto& l = load(set);
  const auto& e = l.expected.at("results").at(run);
  const auto r = em::evaluate(l.gt, l.dt, params_of(e.at("params")));
  const auto& stats = e.at("stats");
  ASSERT_EQ(stats.size(), 12u);
  for (std::size_t i = 0; i < 12; ++i) {
    expect_near(r.stats[i], stats[i], set + "/" + run + " stats[" + std::to_string(i) + "]");
  }
  if (e.contains("per_category")) {
    ASSERT_EQ(r.num_categories(), e.at("per_category").size());
    for (std::size_t k = 0; k < r.num_categories(); ++k) {
      const std::string id = std::to_string(r.category_ids[k]);
      check_category(r, k, e.at("per_category").at(id), set + "/" + run + " category " + id);
    }
  } else {
    ASSERT_EQ(r.num_categories(), 1u);
    check_category(r, 0, e.at("class_agnostic"), set + "/" + run + " class-agnostic");
  }
}

}  // namespace

TEST(CocoFixtures, Conventions) {
  const auto& c = load("small").expected.at("conventions");
  const auto iou = em::coco_iou_thresholds();
  ASSERT_EQ(iou.size(), c.at("iouThrs").size());
  for (std::size_t i = 0; i < iou.size(); ++i) EXPECT_EQ(iou[i], c.at("iouThrs")[i].get<double>()) << i;
  const auto rec = em::coco_params{}.recall_thresholds;
  ASSERT_EQ(rec.size(), c.at("recThrs").size());
  for (std::size_t i = 0; i < rec.size(); ++i) EXPECT_EQ(rec[i], c.at("recThrs")[i].get<double>()) << i;
  const auto& lib = em::coco_recall_thresholds();
  for (std::size_t i = 0; i < rec.size(); ++i) EXPECT_EQ(rec[i], lib[i]) << i;
}

TEST(CocoFixtures, Small) {
  for (const char* run : {"default", "useCats0", "maxDets_1_10_300"}) check_run("small", run);
}
TEST(CocoFixtures, Medium) {
  for (const char* run : {"default", "useCats0", "maxDets_1_10_300"}) check_run("medium", run);
}
TEST(CocoFixtures, EdgeCases) {
  for (const char* run : {"default", "useCats0", "maxDets_1_10_300"}) check_run("edge_cases", run);
}

// Every non-zero IoU pycocotools computed on edge_cases, bit for bit.
TEST(CocoFixtures, EdgeCaseIouPairs) {
  const auto& l = load("edge_cases");
  const json gt = load_json(data_dir + "edge_cases/instances.json");
  const json dt = load_json(data_dir + "edge_cases/detections.json");
  std::map<std::int64_t, json> by_id;
  for (const auto& a : gt.at("annotations")) by_id[a.at("id").get<std::int64_t>()] = a;
  const auto box = [](const json& b) {
    return em::xywh_box<double>{b[0].get<double>(), b[1].get<double>(), b[2].get<double>(), b[3].get<double>()};
  };
  const auto& pairs = l.expected.at("results").at("default").at("iou_pairs");
  ASSERT_FALSE(pairs.empty());
  for (const auto& p : pairs) {
    const auto& d = dt.at(p.at("det_index").get<std::size_t>());
    const auto& g = by_id.at(p.at("gt_id").get<std::int64_t>());
    const double got = em::coco_iou(box(d.at("bbox")), box(g.at("bbox")), p.at("crowd").get<int>() != 0);
    EXPECT_EQ(got, p.at("iou").get<double>()) << p.dump();
  }
}

// Streaming: images in any order, shards merged, reset.
TEST(CocoStreaming, ShardsAndOrderEqualOnePass) {
  const auto& l = load("medium");
  const auto one = em::evaluate(l.gt, l.dt);
  const std::size_t n = l.gt.image_ids.size();
  const auto add = [&](em::coco_evaluator& e, std::size_t i) {
    const em::span<const em::coco_object> o(l.gt.objects.data() + l.gt.object_begin[i],
                                            l.gt.object_begin[i + 1] - l.gt.object_begin[i]);
    const em::span<const em::coco_detection> d(l.dt.detections.data() + l.dt.begin[i],
                                               l.dt.begin[i + 1] - l.dt.begin[i]);
    e.update(l.gt.image_ids[i], d, o);
  };
  em::coco_evaluator a(l.gt.category_ids), b(l.gt.category_ids), c(l.gt.category_ids);
  for (std::size_t i = n; i-- > 0;) {
    if (i % 3 == 0) {
      add(a, i);
    } else if (i % 3 == 1) {
      add(b, i);
    } else {
      add(c, i);
    }
  }
  c.merge(a);
  c.merge(b);
  const auto merged = c.compute();
  for (std::size_t i = 0; i < 12; ++i) EXPECT_EQ(merged.stats[i], one.stats[i]) << i;
  EXPECT_EQ(merged.precision, one.precision);
  EXPECT_EQ(merged.recall, one.recall);
  EXPECT_EQ(merged.scores, one.scores);
  EXPECT_THROW(c.merge(a), std::invalid_argument);  // same images twice
  EXPECT_THROW(add(c, 0), std::invalid_argument);
  c.reset();
  EXPECT_EQ(c.images(), 0u);
  for (std::size_t i = 0; i < n; ++i) add(c, i);
  const auto again = c.compute();
  EXPECT_EQ(again.precision, one.precision);
}

TEST(CocoSummary, TextAsPycocotoolsPrintsIt) {
  const auto& l = load("small");
  const auto r = em::evaluate(l.gt, l.dt);
  const std::string s = em::coco_summary_text(r);
  const std::string first = s.substr(0, s.find('\n'));
  EXPECT_EQ(first, " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.330");
  EXPECT_NE(s.find(" Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.447\n"),
            std::string::npos);
  EXPECT_NE(s.find(" Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = "), std::string::npos);
}

TEST(CocoReaders, Errors) {
  em::coco_dataset gt = em::parse_coco_instances(
      R"({"images":[{"id":1}],"categories":[{"id":3,"name":"a"}],"annotations":[]})", "gt.json");
  const auto bad = [&](const char* text, const char* needle) {
    try {
      (void)em::parse_coco_results(text, "dt.json", gt);
      ADD_FAILURE() << "no error for " << text;
    } catch (const em::parse_error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("dt.json"), std::string::npos) << e.what();
    }
  };
  bad(R"([{"image_id":2,"category_id":3,"bbox":[0,0,1,1],"score":1}])", "[0].image_id: image 2 is not in");
  bad(R"([{"image_id":1,"category_id":4,"bbox":[0,0,1,1],"score":1}])", "[0].category_id: category 4");
  bad(R"([{"image_id":1,"category_id":3,"bbox":[0,0,-1,1],"score":1}])", "[0].bbox: negative width");
  bad(R"([{"image_id":1,"category_id":3,"bbox":[0,0,1,1]}])", "[0].score: missing");
  bad(R"([{"image_id":1,"category_id":3,"bbox":[0,0,1],"score":1}])", "[0].bbox");
  EXPECT_THROW(
      (void)em::parse_coco_instances(
          R"({"images":[{"id":1}],"categories":[{"id":3,"name":"a"}],"annotations":[{"id":1,"image_id":5,"category_id":3,"bbox":[0,0,1,1]}]})",
          "gt.json"),
      em::parse_error);
  EXPECT_THROW((void)em::parse_coco_instances(R"({"images":[{"id":1}],"categories":[{"name":"a"}]})", "gt.json"),
               em::parse_error);
}

// From NMS output (corner boxes, float scores, integer labels, kept indices) = detection records.
TEST(CocoStreaming, FromNmsOutput) {
  const std::vector<em::corner_box<float>> boxes{{10, 10, 50, 60}, {12, 11, 49, 58}, {100, 100, 140, 150}};
  const std::vector<float> scores{0.9f, 0.8f, 0.7f};
  const std::vector<int> labels{0, 0, 1};
  const std::vector<std::size_t> keep{0, 2};
  const std::vector<em::ground_truth_object> objects{{0, {10, 10, 50, 60}, false}, {1, {100, 100, 141, 150}, false}};
  em::coco_evaluator a(std::vector<std::int64_t>{1, 2}), b(std::vector<std::int64_t>{1, 2});
  a.update(7, boxes, scores, labels, keep, objects);
  std::vector<em::detection> d;
  for (const auto k : keep) {
    const auto& x = boxes[k];
    d.push_back({static_cast<std::uint32_t>(labels[k]), static_cast<double>(scores[k]), {x.x1, x.y1, x.x2, x.y2}});
  }
  b.update(7, d, objects);
  const auto ra = a.compute(), rb = b.compute();
  EXPECT_EQ(ra.precision, rb.precision);
  EXPECT_EQ(ra.stats, rb.stats);
  EXPECT_GT(ra.stats[0], 0.5);
  const std::vector<int> bad_labels{0, -1, 1};
  EXPECT_THROW(a.update(8, boxes, scores, bad_labels, std::vector<std::size_t>{1}, objects), std::invalid_argument);
  EXPECT_THROW(a.update(8, boxes, scores, labels, std::vector<std::size_t>{3}, objects), std::invalid_argument);
  EXPECT_EQ(a.images(), 1u);
}
