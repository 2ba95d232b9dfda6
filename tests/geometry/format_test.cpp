#include <edgemetrics/fmt/geometry.hpp>
#include <edgemetrics/json/geometry.hpp>

#include <gtest/gtest.h>

#include <initializer_list>
#include <stdexcept>
#include <utility>

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

namespace {
// Every name of an enum reads back as its enumerator: through parse_<enum>, JSON and fmt.
template <class E, class Parse>
void expect_names(std::initializer_list<std::pair<E, const char*>> table, Parse parse) {
  for (const auto& [e, name] : table) {
    EXPECT_EQ(to_string(e), name);
    EXPECT_EQ(parse(name), e);
    EXPECT_EQ(nlohmann::json(e), name);
    EXPECT_EQ(nlohmann::json(name).template get<E>(), e);
    EXPECT_EQ(fmt::format("{}", e), name);
  }
  EXPECT_THROW((void)parse("no_such_name"), std::invalid_argument);
}
}  // namespace

// Issue #8: every geometry enum has to_string / parse_<enum> from one name table.
TEST(GeometryFormat, EnumNamesBothWays) {
  expect_names<box_convention>(
      {{box_convention::continuous, "continuous"}, {box_convention::pixel_inclusive, "pixel_inclusive"}},
      parse_box_convention);
  expect_names<box_status>({{box_status::valid, "valid"},
                            {box_status::non_finite, "non_finite"},
                            {box_status::inverted, "inverted"},
                            {box_status::zero_area, "zero_area"}},
                           parse_box_status);
  expect_names<iou_kind>(
      {{iou_kind::iou, "iou"}, {iou_kind::giou, "giou"}, {iou_kind::diou, "diou"}, {iou_kind::ciou, "ciou"}},
      parse_iou_kind);
  expect_names<suppression_rule>(
      {{suppression_rule::greater, "greater"}, {suppression_rule::greater_equal, "greater_equal"}},
      parse_suppression_rule);
  expect_names<nms_strategy>({{nms_strategy::automatic, "automatic"},
                              {nms_strategy::exhaustive, "exhaustive"},
                              {nms_strategy::spatial_grid, "spatial_grid"}},
                             parse_nms_strategy);
  expect_names<soft_nms_method>({{soft_nms_method::linear, "linear"}, {soft_nms_method::gaussian, "gaussian"}},
                                parse_soft_nms_method);
  expect_names<box_layout>(
      {{box_layout::corners, "corners"}, {box_layout::xywh, "xywh"}, {box_layout::cxcywh, "cxcywh"}}, parse_box_layout);
  static_assert(to_string(box_convention::pixel_inclusive) == "pixel_inclusive");
  EXPECT_EQ(fmt::format("{:>10}", iou_kind::giou), "      giou");
  try {
    (void)parse_box_convention("voc");
    FAIL() << "expected an exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "edgemetrics: unknown box_convention 'voc' (valid: continuous, pixel_inclusive)");
  }
}
