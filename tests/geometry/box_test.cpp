#include <edgemetrics/geometry/box.hpp>

#include <gtest/gtest.h>

#include <limits>

using namespace edgemetrics;

namespace {
constexpr auto C = box_convention::continuous;
constexpr auto P = box_convention::pixel_inclusive;
}  // namespace

TEST(GeometryBox, WidthHeightAreaPerConvention) {
  const corner_box<double> b{10, 20, 19, 24};
  EXPECT_EQ(width(b, C), 9);
  EXPECT_EQ(height(b, C), 4);
  EXPECT_EQ(area(b, C), 36);
  EXPECT_EQ(width(b, P), 10);
  EXPECT_EQ(height(b, P), 5);
  EXPECT_EQ(area(b, P), 50);
}

TEST(GeometryBox, XywhRoundTripBothConventions) {
  const corner_box<float> b{10, 20, 19, 24};
  EXPECT_EQ(to_xywh(b, C), (xywh_box<float>{10, 20, 9, 4}));
  EXPECT_EQ(to_xywh(b, P), (xywh_box<float>{10, 20, 10, 5}));
  EXPECT_EQ(to_corner(to_xywh(b, C), C), b);
  EXPECT_EQ(to_corner(to_xywh(b, P), P), b);
  // COCO [x, y, w, h] = [10, 20, 10, 5] is the VOC box 10..19 x 20..24 inclusive.
  EXPECT_EQ(to_corner(xywh_box<float>{10, 20, 10, 5}, P), b);
}

TEST(GeometryBox, CentreRoundTripBothConventions) {
  const corner_box<double> b{10, 20, 19, 24};
  EXPECT_EQ(to_cxcywh(b, C), (cxcywh_box<double>{14.5, 22, 9, 4}));
  EXPECT_EQ(to_cxcywh(b, P), (cxcywh_box<double>{14.5, 22, 10, 5}));
  EXPECT_EQ(to_corner(to_cxcywh(b, C), C), b);
  EXPECT_EQ(to_corner(to_cxcywh(b, P), P), b);
  EXPECT_EQ(to_xywh(to_cxcywh(b, C), C), to_xywh(b, C));
  EXPECT_EQ(to_cxcywh(to_xywh(b, P), P), to_cxcywh(b, P));
}

TEST(GeometryBox, NormaliseAndBack) {
  const image_size<double> img{640, 480};
  const corner_box<double> b{64, 48, 320, 240};
  EXPECT_EQ(normalize(b, img), (corner_box<double>{0.1, 0.1, 0.5, 0.5}));
  EXPECT_EQ(denormalize(normalize(b, img), img), b);
  const cxcywh_box<double> y{0.5, 0.25, 0.125, 0.5};
  EXPECT_EQ(denormalize(y, img), (cxcywh_box<double>{320, 120, 80, 240}));
  EXPECT_EQ(normalize(denormalize(y, img), img), y);
  const xywh_box<double> x{64, 48, 64, 96};
  EXPECT_EQ(normalize(x, img), (xywh_box<double>{0.1, 0.1, 0.1, 0.2}));
}

TEST(GeometryBox, ClipPerConvention) {
  const image_size<float> img{100, 50};
  const corner_box<float> b{-5, 10, 120, 60};
  EXPECT_EQ(clip(b, img, C), (corner_box<float>{0, 10, 100, 50}));
  EXPECT_EQ(clip(b, img, P), (corner_box<float>{0, 10, 99, 49}));
  const corner_box<float> inside{1, 2, 3, 4};
  EXPECT_EQ(clip(inside, img, C), inside);
}

TEST(GeometryBox, CheckBox) {
  EXPECT_EQ(check_box(corner_box<double>{0, 0, 1, 1}, C), box_status::valid);
  EXPECT_EQ(check_box(corner_box<double>{0, 0, 0, 1}, C), box_status::zero_area);
  // The same box covers one pixel column under pixel_inclusive.
  EXPECT_EQ(check_box(corner_box<double>{0, 0, 0, 1}, P), box_status::valid);
  EXPECT_EQ(check_box(corner_box<double>{0, 0, -1, 1}, P), box_status::zero_area);
  EXPECT_EQ(check_box(corner_box<double>{0, 0, -1, 1}, C), box_status::inverted);
  EXPECT_EQ(check_box(corner_box<double>{0, 0, -2, 1}, P), box_status::inverted);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(check_box(corner_box<double>{nan, 0, 1, 1}, C), box_status::non_finite);
  EXPECT_EQ(check_box(corner_box<double>{0, 0, inf, 1}, C), box_status::non_finite);
  EXPECT_TRUE(is_valid(corner_box<float>{0, 0, 2, 2}, C));
  EXPECT_FALSE(is_valid(corner_box<float>{0, 0, 2, 0}, C));
  EXPECT_EQ(to_string(box_status::inverted), "inverted");
  EXPECT_EQ(to_string(P), "pixel_inclusive");
}

TEST(GeometryBox, CastFloatDouble) {
  const corner_box<double> d{0.5, 1.5, 2.25, 3.75};
  const corner_box<float> f = box_cast<float>(d);
  EXPECT_EQ(f, (corner_box<float>{0.5f, 1.5f, 2.25f, 3.75f}));
  EXPECT_EQ(box_cast<double>(f), d);
}

TEST(GeometryBox, ConstexprUsable) {
  constexpr corner_box<int> b{0, 0, 3, 4};
  static_assert(area(b, box_convention::continuous) == 12);
  static_assert(area(b, box_convention::pixel_inclusive) == 20);
  static_assert(to_corner(to_xywh(b, box_convention::pixel_inclusive), box_convention::pixel_inclusive) == b);
  SUCCEED();
}
