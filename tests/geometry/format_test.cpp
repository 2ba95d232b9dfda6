#include <edgemetrics/fmt/geometry.hpp>
#include <edgemetrics/json/geometry.hpp>

#include <gtest/gtest.h>

using namespace edgemetrics;

TEST(GeometryFormat, FmtBoxesAndEnums) {
  EXPECT_EQ(fmt::format("{}", corner_box<double>{1, 2.5, 3, 4}), "[1, 2.5, 3, 4]");
  EXPECT_EQ(fmt::format("{:.1f}", corner_box<float>{1, 2, 3, 4}), "[1.0, 2.0, 3.0, 4.0]");
  EXPECT_EQ(fmt::format("{}", xywh_box<int>{1, 2, 3, 4}), "[1, 2, 3, 4]");
  EXPECT_EQ(fmt::format("{}", cxcywh_box<double>{0.5, 0.5, 0.25, 0.125}), "[0.5, 0.5, 0.25, 0.125]");
  EXPECT_EQ(fmt::format("{} {} {}", box_convention::pixel_inclusive, iou_kind::giou, box_status::zero_area),
            "pixel_inclusive giou zero_area");
}

TEST(GeometryFormat, JsonRoundTrip) {
  const corner_box<double> b{1, 2.5, 3, 4};
  const nlohmann::json j = b;
  EXPECT_EQ(j.dump(), "[1.0,2.5,3.0,4.0]");
  EXPECT_EQ(j.get<corner_box<double>>(), b);
  EXPECT_EQ(nlohmann::json(xywh_box<float>{1, 2, 3, 4}).get<xywh_box<float>>(), (xywh_box<float>{1, 2, 3, 4}));
  EXPECT_EQ(nlohmann::json(box_convention::pixel_inclusive).dump(), "\"pixel_inclusive\"");
  EXPECT_EQ(nlohmann::json("giou").get<iou_kind>(), iou_kind::giou);
  EXPECT_THROW((void)nlohmann::json("voc").get<box_convention>(), std::invalid_argument);
  EXPECT_THROW((void)nlohmann::json::array({1, 2, 3}).get<corner_box<double>>(), std::invalid_argument);
  soft_nms_result<float> r;
  r.indices = {2, 0};
  r.scores = {0.5f, 0.25f};
  EXPECT_EQ(nlohmann::json(r).dump(), "{\"indices\":[2,0],\"schema\":1,\"scores\":[0.5,0.25]}");
}
