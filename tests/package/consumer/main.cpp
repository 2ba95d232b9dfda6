// A downstream program that links every compiled area of the installed package: the core
// algorithms (classification, geometry, detection, timing), the io readers (CSV, JSON through
// the private nlohmann-json, XML through the private pugixml) and the opt-in json and fmt
// integrations. Built with a consumer's strict warnings (CMakeLists.txt). Exit 0 = all good.
#include <edgemetrics/edgemetrics.hpp>
#include <edgemetrics/fmt.hpp>
#include <edgemetrics/io.hpp>
#include <edgemetrics/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {
int failures = 0;
void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "consumer: FAILED: %s\n", what);
    ++failures;
  }
}
}  // namespace

int main() {
  check(em::library_version() == em::version, "header/library version");

  // classification (compiled: metrics.cpp, parallel.cpp)
  em::confusion_matrix cm(std::vector<std::string>{"cat", "dog"});
  const std::vector<int> truth{0, 0, 1, 1}, pred{0, 1, 1, 1};
  cm.record(truth, pred);
  cm.record_parallel(truth, pred, 2);
  const em::classification_report rep = em::make_report(cm);
  check(std::fabs(rep.accuracy.value() - 0.75) < 1e-12, "classification accuracy");

  // geometry (compiled: nms.cpp, iou_matrix.cpp)
  const std::vector<em::corner_box<float>> boxes{{0, 0, 10, 10}, {1, 1, 10, 10}, {20, 20, 30, 30}};
  const std::vector<float> scores{0.9f, 0.8f, 0.7f};
  const auto keep = em::nms(boxes, scores, em::nms_options(em::box_convention::continuous, 0.5));
  check(keep.size() == 2 && keep[0] == 0 && keep[1] == 2, "nms");
  const auto m = em::pairwise_iou(boxes, boxes, em::iou_kind::iou, em::box_convention::continuous);
  check(m.rows() == 3 && m(0, 0) == 1.0f, "pairwise_iou");

  // detection (compiled: voc_eval.cpp)
  em::voc_evaluator ev({"dog"});
  const std::vector<em::voc_detection> dets{{0, 0.9, {1, 1, 10, 10}}};
  const std::vector<em::voc_object> objs{{0, {1, 1, 10, 10}, false}};
  ev.update(dets, objs);
  const em::voc_result vr = ev.compute();
  check(vr.map_voc10 == 1.0, "voc evaluator");

  // timing (compiled: summary, percentile, verdict, compare, histogram)
  const std::vector<double> a{10, 11, 12, 13, 14}, b{5, 6, 7, 8, 9};
  const em::latency_summary s = em::summarize(a);
  check(s.median_ms == 12.0, "summarize");
  em::budget_options bo;
  bo.budget_ms = 100;
  check(em::check_budget(a, bo).met, "check_budget");
  check(em::compare_runs(a, b).median_speedup > 1.0, "compare_runs");
  em::latency_recorder rec;
  rec.record(std::chrono::milliseconds(3));
  check(rec.count() == 1, "recorder");

  // io: CSV, JSON (nlohmann inside the library), XML (pugixml inside the library)
  const em::label_pairs lp = em::parse_label_csv("truth,prediction\ncat,dog\n", "<consumer>");
  check(lp.class_names.size() == 2, "parse_label_csv");
  check(em::parse_latency_json("[1.5, 2.5]", "<consumer>").size() == 2, "parse_latency_json");
  std::vector<em::voc_object> xml_objects;
  (void)em::parse_voc_annotation(
      "<annotation><object><name>dog</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax>"
      "</bndbox></object></annotation>",
      "<consumer>", {"dog"}, xml_objects);
  check(xml_objects.size() == 1, "parse_voc_annotation");
  try {
    (void)em::parse_class_list("", "<consumer>");
    check(false, "parse_class_list on empty text throws");
  } catch (const em::parse_error&) {
  }

  // opt-in json and fmt
  const nlohmann::json j = s;
  check(j.at("count") == 5, "json");
  check(fmt::format("{}", em::box_convention::continuous) == "continuous", "fmt");

  if (failures == 0) std::puts("edgemetrics consumer OK");
  return failures == 0 ? 0 : 1;
}
