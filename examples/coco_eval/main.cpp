// edgemetrics-coco-eval: COCO bbox evaluation (pycocotools' COCOeval, exactly) of a results JSON
// against a COCO instances JSON, or of a VOC set converted to COCO form (--voc). Prints the 12 summary lines as
// pycocotools' summarize() prints them. Conventions: docs/conventions.md, "COCO evaluation".
#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>
#include <edgemetrics/json/coco.hpp>

#include "cli.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace em = edgemetrics;

namespace {

double parse_number(std::string_view s, const char* what) {
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
    throw em::cli::usage_error(fmt::format("{}: '{}' is not a number", what, s));
  }
  return v;
}

// "1,10,100"
std::vector<std::size_t> parse_max_dets(const std::string& s) {
  std::vector<std::size_t> out;
  std::size_t at = 0;
  while (true) {
    const std::size_t comma = s.find(',', at);
    const std::string_view part = std::string_view(s).substr(at, comma == std::string::npos ? s.npos : comma - at);
    std::size_t v = 0;
    const auto r = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || r.ec != std::errc() || r.ptr != part.data() + part.size() || v == 0) {
      throw em::cli::usage_error(fmt::format("--max-dets: '{}' is not a positive integer", part));
    }
    out.push_back(v);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

// "lo:step:hi" (pycocotools' .50:.05:.95) or one threshold "lo"
std::vector<double> parse_iou_thrs(const std::string& s) {
  const std::size_t a = s.find(':');
  if (a == std::string::npos) {
    const double v = parse_number(s, "--iou-thrs");
    if (!(v >= 0 && v <= 1)) throw em::cli::usage_error("--iou-thrs: the threshold must be in [0, 1]");
    return {v};
  }
  const std::size_t b = s.find(':', a + 1);
  if (b == std::string::npos) throw em::cli::usage_error("--iou-thrs: expected LO:STEP:HI, e.g. .5:.05:.95");
  const double lo = parse_number(std::string_view(s).substr(0, a), "--iou-thrs");
  const double step = parse_number(std::string_view(s).substr(a + 1, b - a - 1), "--iou-thrs");
  const double hi = parse_number(std::string_view(s).substr(b + 1), "--iou-thrs");
  try {
    return em::coco_iou_thresholds(lo, hi, step);
  } catch (const std::invalid_argument&) {
    throw em::cli::usage_error("--iou-thrs: need 0 <= LO <= HI <= 1 and STEP > 0");
  }
}

std::string per_class_table(const em::coco_result& r, const std::vector<std::string>& names) {
  std::string out = fmt::format("\n{:>12}  {:<20} {:>7} {:>7} {:>7} {:>7} {:>7} {:>9}\n", "category", "name", "AP",
                                "AP50", "AP75", "AR", "gt", "dets");
  for (std::size_t k = 0; k < r.per_category.size(); ++k) {
    const auto& c = r.per_category[k];
    const std::string name = r.params.use_cats && k < names.size() ? names[k] : std::string("(all)");
    const auto f = [](double v) { return v < 0 ? std::string("-") : fmt::format("{:.3f}", v); };
    out += fmt::format("{:>12}  {:<20} {:>7} {:>7} {:>7} {:>7} {:>7} {:>9}\n", c.id, name, f(c.ap), f(c.ap50),
                       f(c.ap75), f(c.ar), c.num_gt, c.num_detections);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  em::cli::tool tool("edgemetrics-coco-eval",
                     "COCO bbox evaluation exactly as pycocotools' COCOeval: AP@[.50:.05:.95], AP50, AP75, "
                     "AP small/medium/large,\nAR@1/10/100 and AR small/medium/large, per category on request.");
  CLI::App& app = tool.app();
  std::string gt_path, dt_path, max_dets = "1,10,100", iou_thrs = ".5:.05:.95";
  int use_cats = 1;
  bool per_class = false;
  em::voc_load_options voc;
  CLI::Option* gt_opt = app.add_option("--gt", gt_path, "COCO instances JSON (images, categories, annotations)");
  CLI::Option* dt_opt = app.add_option(
      "--dt", dt_path, "COCO results JSON: a list of {image_id, category_id, bbox: [x, y, w, h], score}");
  CLI::Option* voc_opt = app.add_option("--voc", voc.devkit,
                                        "instead of --gt/--dt: a VOCdevkit folder holding VOC<year>/Annotations and "
                                        "VOC<year>/ImageSets/Main, converted to COCO form (docs/conventions.md)");
  voc_opt->excludes(gt_opt)->excludes(dt_opt);
  app.add_option("--year", voc.year, "with --voc: dataset year, the folder is VOC<year>")->capture_default_str();
  app.add_option("--set", voc.image_set, "with --voc: image set, ImageSets/Main/<set>.txt")->capture_default_str();
  CLI::Option* results_opt =
      app.add_option("--results", voc.results,
                     "with --voc: folder with comp4_det_<set>_<class>.txt files, or a .json file of VOC detections");
  results_opt->needs(voc_opt);
  std::string classes_file;
  app.add_option("--classes", classes_file, "with --voc: class list, one name per line (default: the 20 VOC classes)")
      ->needs(voc_opt);
  app.add_option("--max-dets", max_dets, "maxDets list (sorted; the largest is the per-image cut)")
      ->capture_default_str();
  app.add_option("--use-cats", use_cats, "1: per category; 0: every category as one (useCats = 0)")
      ->check(CLI::IsMember({0, 1}))
      ->capture_default_str();
  app.add_option("--iou-thrs", iou_thrs, "IoU thresholds LO:STEP:HI as np.linspace builds them, or one value")
      ->capture_default_str();
  app.add_flag("--per-class", per_class, "also print a per-category table (AP, AP50, AP75, AR at the last maxDets)");
  tool.add_json_option();

  return tool.run(argc, argv, [&] {
    em::coco_params params;
    params.max_dets = parse_max_dets(max_dets);
    params.iou_thresholds = parse_iou_thrs(iou_thrs);
    params.use_cats = use_cats != 0;
    em::coco_voc_data data;
    std::vector<std::string> inputs;
    if (!voc.devkit.empty()) {
      if (voc.results.empty()) throw em::cli::usage_error("--voc needs --results");
      if (!classes_file.empty()) voc.class_names = em::read_class_list(classes_file);
      em::cli::progress progress;
      voc.progress = [&progress](const char* stage, std::size_t done, std::size_t total) {
        progress.update(fmt::format("reading {}", stage), done, total);
      };
      data = em::coco_from_voc(em::load_voc_dataset(voc));
      progress.finish();
      inputs = {voc.devkit, voc.results};
    } else {
      if (gt_path.empty() || dt_path.empty()) throw em::cli::usage_error("give --gt and --dt, or --voc and --results");
      data.ground_truth = em::read_coco_instances(gt_path);
      data.detections = em::read_coco_results(dt_path, data.ground_truth);
      inputs = {gt_path, dt_path};
    }
    const em::coco_dataset& gt = data.ground_truth;
    const em::coco_result r = em::evaluate(gt, data.detections, params);
    std::string text = em::coco_summary_text(r);
    if (per_class) text += per_class_table(r, gt.category_names);
    tool.print(text);
    if (!tool.json_path().empty()) {
      em::coco_report report{tool.info(inputs), r, gt.category_names};
      tool.write_json(report);
    }
    return em::cli::success;
  });
}
