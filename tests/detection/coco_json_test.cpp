// <edgemetrics/json/coco.hpp>: the coco_eval report as edgemetrics-coco-eval writes it. The
// library's to_json gives the driver's golden report (tests/tools/golden/coco_eval.small.json,
// the version normalised) bit for bit, and from_json reads it back.
#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>
#include <edgemetrics/json/coco.hpp>
#include <edgemetrics/version.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace em = edgemetrics;
using nlohmann::json;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

em::coco_report small_report(const em::coco_params& params = {}) {
  const std::string dir = "tests/data/coco/small/";
  const std::string root = std::string(EDGEMETRICS_TEST_DATA) + "/coco/small/";
  const em::coco_dataset gt = em::read_coco_instances(root + "instances.json");
  const em::coco_detections dt = em::read_coco_results(root + "detections.json", gt);
  em::coco_report r;
  r.info = {"edgemetrics-coco-eval", {dir + "instances.json", dir + "detections.json"}};
  r.result = em::evaluate(gt, dt, params);
  r.category_names = gt.category_names;
  return r;
}

}  // namespace

TEST(CocoJson, EqualsTheDriversGoldenReport) {
  const json j = small_report();
  std::string golden = slurp(std::string(EDGEMETRICS_TEST_DATA) + "/../tools/golden/coco_eval.small.json");
  ASSERT_FALSE(golden.empty());
  const std::string marker = "@VERSION@";
  golden.replace(golden.find(marker), marker.size(), std::string(em::version_string));
  EXPECT_EQ(j.dump(2) + "\n", golden);
  EXPECT_EQ(j, json::parse(golden));
}

TEST(CocoJson, RoundTrip) {
  for (const bool use_cats : {true, false}) {
    em::coco_params p;
    p.use_cats = use_cats;
    p.max_dets = {1, 10, 300};
    const em::coco_report r = small_report(p);
    const json j = r;
    EXPECT_EQ(j.at("kind"), "coco_eval");
    const auto back = j.get<em::coco_report>();
    EXPECT_EQ(back.info, r.info);
    EXPECT_EQ(back.result.params.max_dets, r.result.params.max_dets);
    EXPECT_EQ(back.result.params.iou_thresholds, r.result.params.iou_thresholds);
    EXPECT_EQ(back.result.params.use_cats, use_cats);
    EXPECT_EQ(back.result.stats, r.result.stats);
    EXPECT_EQ(back.result.images, r.result.images);
    EXPECT_EQ(back.result.category_ids, r.result.category_ids);
    ASSERT_EQ(back.result.per_category.size(), r.result.per_category.size());
    for (std::size_t k = 0; k < r.result.per_category.size(); ++k) {
      const auto& a = back.result.per_category[k];
      const auto& b = r.result.per_category[k];
      EXPECT_EQ(a.id, b.id);
      EXPECT_EQ(a.ap, b.ap);
      EXPECT_EQ(a.ap50, b.ap50);
      EXPECT_EQ(a.ap75, b.ap75);
      EXPECT_EQ(a.ar, b.ar);
      EXPECT_EQ(a.num_gt, b.num_gt);
      EXPECT_EQ(a.num_crowd, b.num_crowd);
      EXPECT_EQ(a.num_detections, b.num_detections);
    }
    if (use_cats) {
      EXPECT_EQ(back.category_names, r.category_names);
    } else {
      EXPECT_TRUE(back.category_names.empty());
    }
    EXPECT_EQ(json(back), j);
  }
}

TEST(CocoJson, WrongKindIsRefused) {
  json j = small_report();
  j["kind"] = "voc_eval";
  EXPECT_THROW((void)j.get<em::coco_report>(), std::invalid_argument);
}
