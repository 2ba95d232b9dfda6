// coco_from_voc: a VOC set in the COCO evaluator's input form (docs/conventions.md, "COCO
// evaluation", "VOC data"). Checked by hand on a small set, and on tests/data/voc/small_unique
// against tests/data/coco/voc_small_unique (the same set written as COCO JSON by an independent
// Python script, voc_to_coco.py there): the same dataset and the same stats, bit for bit.
#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

const std::string data_dir = std::string(EDGEMETRICS_TEST_DATA);

em::voc_dataset small_set() {
  em::voc_dataset d;
  d.class_names = {"cat", "dog"};
  d.detections.resize(2);
  const em::voc_object a[] = {{1, {10, 20, 19, 39}, false}, {0, {1, 1, 1, 1}, true}};
  d.add_image("img_a", a, 2);
  d.add_image("img_b", nullptr, 0);
  // dog first in the file, then cat: the converted order is class by class (cat, then dog)
  d.detections[1].image = {0, 1};
  d.detections[1].score = {0.9, 0.8};
  d.detections[1].box = {{10.5, 20, 20, 40}, {3, 4, 5, 6}};
  d.detections[0].image = {0};
  d.detections[0].score = {0.7};
  d.detections[0].box = {{1, 1, 2, 2}};
  return d;
}

}  // namespace

TEST(CocoFromVoc, IdsBoxesAreasAndOrder) {
  const em::coco_voc_data c = em::coco_from_voc(small_set());
  const auto& gt = c.ground_truth;
  EXPECT_EQ(gt.image_ids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(gt.category_ids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(gt.category_names, (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(gt.object_begin, (std::vector<std::size_t>{0, 2, 2}));
  ASSERT_EQ(gt.objects.size(), 2u);
  EXPECT_EQ(gt.objects[0].category, 1u);
  EXPECT_EQ(gt.objects[0].box, (em::xywh_box<double>{9, 19, 10, 20}));
  EXPECT_EQ(gt.objects[0].area, 200.0);
  EXPECT_FALSE(gt.objects[0].iscrowd);
  // a one-pixel difficult box: an ordinary object of area 1 (pycocotools reads "ignore" over)
  EXPECT_EQ(gt.objects[1].category, 0u);
  EXPECT_EQ(gt.objects[1].box, (em::xywh_box<double>{0, 0, 1, 1}));
  EXPECT_EQ(gt.objects[1].area, 1.0);
  EXPECT_FALSE(gt.objects[1].iscrowd);

  const auto& dt = c.detections;
  EXPECT_EQ(dt.begin, (std::vector<std::size_t>{0, 2, 3}));
  ASSERT_EQ(dt.detections.size(), 3u);
  EXPECT_EQ(dt.detections[0].category, 0u);
  EXPECT_EQ(dt.detections[0].score, 0.7);
  EXPECT_EQ(dt.detections[0].box, (em::xywh_box<double>{0, 0, 2, 2}));
  EXPECT_EQ(dt.detections[1].category, 1u);
  EXPECT_EQ(dt.detections[1].box, (em::xywh_box<double>{9.5, 19, 10.5, 21}));
  EXPECT_EQ(dt.detections[2].category, 1u);
  EXPECT_EQ(dt.detections[2].score, 0.8);
  EXPECT_EQ(dt.detections[2].box, (em::xywh_box<double>{2, 3, 3, 3}));
}

TEST(CocoFromVoc, NegativeWidthIsAnError) {
  em::voc_dataset d = small_set();
  d.detections[0].box[0] = {5, 1, 3, 2};  // x2 = x1 - 2: width -1
  EXPECT_THROW((void)em::coco_from_voc(d), std::invalid_argument);
  d = small_set();
  d.detections[0].box[0] = {5, 1, 4, 2};  // x2 = x1 - 1: width 0, accepted (COCO allows w = 0)
  EXPECT_EQ(em::coco_from_voc(d).detections.detections[0].box.w, 0.0);
}

TEST(CocoFromVoc, SmallUniqueEqualsTheIndependentJson) {
  em::voc_load_options load;
  load.devkit = data_dir + "/voc/small_unique";
  load.results = data_dir + "/voc/small_unique/results";
  const em::coco_voc_data c = em::coco_from_voc(em::load_voc_dataset(load));
  const std::string json_dir = data_dir + "/coco/voc_small_unique/";
  const em::coco_dataset gt = em::read_coco_instances(json_dir + "instances.json");
  const em::coco_detections dt = em::read_coco_results(json_dir + "detections.json", gt);

  EXPECT_EQ(c.ground_truth.image_ids, gt.image_ids);
  EXPECT_EQ(c.ground_truth.category_ids, gt.category_ids);
  EXPECT_EQ(c.ground_truth.category_names, gt.category_names);
  EXPECT_EQ(c.ground_truth.object_begin, gt.object_begin);
  ASSERT_EQ(c.ground_truth.objects.size(), gt.objects.size());
  for (std::size_t i = 0; i < gt.objects.size(); ++i) {
    const auto& a = c.ground_truth.objects[i];
    const auto& b = gt.objects[i];
    EXPECT_EQ(a.category, b.category) << i;
    EXPECT_EQ(a.box, b.box) << i;
    EXPECT_EQ(a.area, b.area) << i;
    EXPECT_EQ(a.iscrowd, b.iscrowd) << i;
  }
  EXPECT_EQ(c.detections.begin, dt.begin);
  ASSERT_EQ(c.detections.detections.size(), dt.detections.size());
  for (std::size_t i = 0; i < dt.detections.size(); ++i) {
    const auto& a = c.detections.detections[i];
    const auto& b = dt.detections[i];
    EXPECT_EQ(a.category, b.category) << i;
    EXPECT_EQ(a.score, b.score) << i;
    EXPECT_EQ(a.box, b.box) << i;
  }
  const em::coco_result ra = em::evaluate(c.ground_truth, c.detections);
  const em::coco_result rb = em::evaluate(gt, dt);
  for (std::size_t s = 0; s < 12; ++s) EXPECT_EQ(ra.stats[s], rb.stats[s]) << em::coco_stat_names[s];
  EXPECT_EQ(ra.precision, rb.precision);
  EXPECT_EQ(ra.recall, rb.recall);
  // stats of bench/coco/coco_bench.py (numpy re-statement of COCOeval) on the JSON files
  EXPECT_EQ(ra.stats[0], 0.48803554415520156);
  EXPECT_EQ(ra.stats[1], 0.7762961023210525);
  EXPECT_EQ(ra.stats[9], 0.55);
}
