// edgemetrics-voc-eval: PASCAL VOC detection AP/mAP of comp4 result files (or one JSON file)
// against a VOCdevkit-style folder. Conventions: docs/conventions.md, "Detection (VOC)"; JSON:
// docs/json.md, "voc_eval". Argument parsing only: reading, evaluation and the report are
// library calls (evaluate_voc_files, make_voc_report, the report's formatter and to_json).
#include <edgemetrics/detection.hpp>
#include <edgemetrics/fmt/detection.hpp>
#include <edgemetrics/io.hpp>
#include <edgemetrics/json/detection.hpp>

#include "cli.hpp"

#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

namespace em = edgemetrics;

int main(int argc, char** argv) {
  em::cli::tool tool(
      "edgemetrics-voc-eval",
      "PASCAL VOC detection evaluation: per-class AP (VOC2007 11-point and VOC2010+ all-point) and mAP,\n"
      "reproducing the MATLAB devkit (default), voc_eval.py (py_faster_rcnn) or GluonCV exactly.");
  CLI::App& app = tool.app();
  em::voc_load_options load;
  std::string preset_name = "voc_devkit", metric_name = "both", convention_name = "pixel_inclusive", classes_file;
  double iou = 0.5;
  bool skip_unknown = false;
  app.add_option("--devkit", load.devkit, "VOCdevkit folder holding VOC<year>/Annotations and VOC<year>/ImageSets/Main")
      ->required();
  app.add_option("--year", load.year, "dataset year: the folder is VOC<year>")->capture_default_str();
  app.add_option("--set", load.image_set, "image set: ImageSets/Main/<set>.txt")->capture_default_str();
  app.add_option("--results", load.results,
                 "folder with comp4_det_<set>_<class>.txt files (lines '<id> <score> <x1> <y1> <x2> <y2>'), "
                 "or a .json file: a list of {image_id, category, score, bbox:[x1,y1,x2,y2]}")
      ->required();
  app.add_option("--preset", preset_name, "conventions to reproduce")
      ->check(em::cli::name_of<em::voc_preset>())
      ->capture_default_str();
  app.add_option("--metric", metric_name, "voc07 (11-point), voc10 (all-point) or both")
      ->check(em::cli::name_of<em::voc_metric>())
      ->capture_default_str();
  app.add_option("--iou", iou, "IoU threshold in (0, 1]; the preset decides >= or >")
      ->transform(em::cli::finite_range_open_low(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--box-convention", convention_name,
                 "how box extents are measured in matching: pixel_inclusive (width = x2 - x1 + 1, VOC XML pixel "
                 "boxes; every preset) or continuous (width = x2 - x1: normalised or model-output boxes)")
      ->check(em::cli::name_of<em::box_convention>())
      ->capture_default_str();
  app.add_option("--classes", classes_file, "class list, one name per line (default: the 20 VOC classes)");
  tool.add_json_option(
      "also write the report as JSON to this file ('-': standard output, instead of the table; "
      "NaN as null)");
  app.add_flag("--skip-unknown-images", skip_unknown,
               "skip (and count) detections on image ids that are not in the image set, instead of stopping "
               "with an error");

  return tool.run(argc, argv, [&] {
    em::voc_run run;
    run.year = load.year;
    run.image_set = load.image_set;
    run.preset = em::parse_voc_preset(preset_name);
    run.metric = em::parse_voc_metric(metric_name);
    em::voc_options options = em::voc_options::preset(run.preset);
    options.iou_threshold = iou;
    options.convention = em::parse_box_convention(convention_name);
    if (skip_unknown) options.unknown_images = em::unknown_image_policy::skip;
    load.unknown_images = options.unknown_images;
    if (!classes_file.empty()) load.class_names = em::read_class_list(classes_file);

    em::cli::progress progress;
    load.progress = [&progress](const char* stage, std::size_t done, std::size_t total) {
      progress.update(fmt::format("reading {}", stage), done, total);
    };
    // With comp4 files only one class's detections are in memory at a time.
    em::voc_evaluation evaluation = em::evaluate_voc_files(load, options, em::voc_curves::none);
    progress.finish();

    const em::voc_report report =
        em::make_voc_report(std::move(evaluation), run, tool.info({load.devkit, load.results}));
    tool.print(fmt::format("{}", report));
    if (!tool.console()) {  // the JSON takes standard output: the warnings go to standard error
      const em::voc_totals& t = report.totals;
      if (report.has(em::voc_notice::objects_of_other_classes)) {
        tool.warn(fmt::format("{} object(s) of classes not in the class list skipped (e.g. {})",
                              t.objects_of_other_classes, t.object_of_other_class_example));
      }
      if (report.has(em::voc_notice::inverted_boxes)) {
        tool.warn(fmt::format("{} detection(s) and {} ground-truth object(s) have inverted boxes",
                              t.inverted_detections, t.inverted_objects));
      }
      if (report.has(em::voc_notice::normalized_coordinates)) {
        tool.warn(
            fmt::format("every coordinate of the {} box(es) lies within [0, 1.5] but matching is "
                        "pixel_inclusive: use --box-convention continuous, or pixel coordinates",
                        report.result.boxes));
      }
    }
    tool.write_json(report);
    return em::cli::success;
  });
}
