// edgemetrics-voc-eval: PASCAL VOC detection AP/mAP of comp4 result files (or one JSON file)
// against a VOCdevkit-style folder. Conventions: docs/conventions.md, "Detection (VOC)".
#include <edgemetrics/io.hpp>
#include <edgemetrics/detection.hpp>
#include <edgemetrics/fmt/detection.hpp>
#include <edgemetrics/json/detection.hpp>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <string>

namespace em = edgemetrics;

int main(int argc, char** argv) {
  CLI::App app{
      "PASCAL VOC detection evaluation: per-class AP (VOC2007 11-point and VOC2010+ all-point) and mAP,\n"
      "reproducing the MATLAB devkit (default), voc_eval.py (py_faster_rcnn) or GluonCV exactly.",
      "edgemetrics-voc-eval"};
  std::string devkit, year = "2007", image_set = "test", results, preset_name = "voc_devkit", metric = "both",
                      classes_file, json_out;
  double iou = 0.5;
  app.add_option("--devkit", devkit, "VOCdevkit folder holding VOC<year>/Annotations and VOC<year>/ImageSets/Main")
      ->required();
  app.add_option("--year", year, "dataset year: the folder is VOC<year>")->capture_default_str();
  app.add_option("--set", image_set, "image set: ImageSets/Main/<set>.txt")->capture_default_str();
  app.add_option("--results", results,
                 "folder with comp4_det_<set>_<class>.txt files (lines '<id> <score> <x1> <y1> <x2> <y2>'), "
                 "or a .json file: a list of {image_id, category, score, bbox:[x1,y1,x2,y2]}")
      ->required();
  app.add_option("--preset", preset_name, "conventions to reproduce")
      ->check(CLI::IsMember({"voc_devkit", "py_faster_rcnn", "gluoncv"}))
      ->capture_default_str();
  app.add_option("--metric", metric, "voc07 (11-point), voc10 (all-point) or both")
      ->check(CLI::IsMember({"voc07", "voc10", "both"}))
      ->capture_default_str();
  app.add_option("--iou", iou, "IoU threshold in (0, 1]; the preset decides >= or >")->capture_default_str();
  app.add_option("--classes", classes_file, "class list, one name per line (default: the 20 VOC classes)");
  app.add_option("--json", json_out, "also write the results as JSON to this file (NaN as null)");
  bool skip_unknown = false;
  app.add_flag("--skip-unknown-images", skip_unknown,
               "skip (and count) detections on image ids that are not in the image set, instead of stopping "
               "with an error");
  CLI11_PARSE(app, argc, argv);

  try {
    const em::voc_preset preset = em::parse_voc_preset(preset_name);
    em::voc_options opts = em::voc_options::preset(preset);
    opts.iou_threshold = iou;
    if (skip_unknown) opts.unknown_images = em::unknown_image_policy::skip;
    if (!(iou > 0.0 && iou <= 1.0)) throw std::invalid_argument("--iou must be in (0, 1]");

    em::voc_load_options load;
    load.devkit = devkit;
    load.year = year;
    load.image_set = image_set;
    load.results = results;
    if (!classes_file.empty()) load.class_names = em::read_class_list(classes_file);
    load.unknown_images = opts.unknown_images;
    // Progress on stderr, only on a terminal and only once reading takes a while.
    const bool tty = isatty(fileno(stderr)) != 0;
    const auto start = std::chrono::steady_clock::now();
    bool shown = false;
    if (tty) {
      load.progress = [&](const char* stage, std::size_t done, std::size_t total) {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!shown && s < 0.5) return;
        shown = true;
        fmt::print(stderr, "\rreading {} {}/{}   ", stage, done, total);
        std::fflush(stderr);
      };
    }
    // One class's detections in memory at a time.
    std::size_t other_objects = 0;
    std::string other_example;
    const em::voc_result r = em::evaluate_voc_files(load, opts, em::voc_curves::none, &other_objects, &other_example);
    if (shown) fmt::print(stderr, "\r{:60}\r", "");

    std::size_t dets = 0, objects = 0, difficult = 0, inverted_dets = 0, inverted_objs = 0;
    for (const auto& c : r.classes) {
      dets += c.detections;
      inverted_dets += c.inverted_detections;
      inverted_objs += c.inverted_objects;
      objects += c.npos + c.difficult;
      difficult += c.difficult;
    }
    fmt::print("VOC{} {}: {} images, {} objects ({} difficult), {} detections; preset {}, IoU {} {}\n\n", year,
               image_set, r.images, objects, difficult, dets, preset_name,
               opts.comparison == em::iou_comparison::greater_equal ? ">=" : ">", iou);
    if (r.skipped_unknown_image_detections > 0) {
      fmt::print("skipped {} detection{} on image ids not in the image set (--skip-unknown-images)\n\n",
                 r.skipped_unknown_image_detections, r.skipped_unknown_image_detections == 1 ? "" : "s");
    }
    if (other_objects > 0) {
      fmt::print(
          "warning: {} object{} of classes not in the class list {} skipped (e.g. {}; not in npos: check for "
          "misspelled <name>s, or pass --classes)\n\n",
          other_objects, other_objects == 1 ? "" : "s", other_objects == 1 ? "was" : "were", other_example);
    }
    if (inverted_dets > 0 || inverted_objs > 0) {
      fmt::print(
          "warning: {} detection{} and {} ground-truth object{} have inverted boxes (x2 < x1 or y2 < y1); "
          "evaluated as given, as the devkit does (such a detection practically always counts as a false "
          "positive, such an object stays in npos unmatched); per class in the JSON\n\n",
          inverted_dets, inverted_dets == 1 ? "" : "s", inverted_objs, inverted_objs == 1 ? "" : "s");
    }
    if (metric == "voc07") {
      fmt::print("{:voc07}\n", r);
    } else if (metric == "voc10") {
      fmt::print("{:voc10}\n", r);
    } else {
      fmt::print("{}\n", r);
    }

    // Explain a NaN mAP: it is the reference's arithmetic, not a failure.
    const bool nan_map =
        (metric != "voc10" && std::isnan(r.map_voc07)) || (metric != "voc07" && std::isnan(r.map_voc10));
    if (nan_map) {
      std::string without;
      for (const auto& c : r.classes) {
        if (c.npos == 0 && c.in_mean) without += (without.empty() ? "" : ", ") + c.name;
      }
      if (!without.empty()) {
        fmt::print(
            "note: a mAP is nan because {} {} no ground truth (npos = 0), as the MATLAB devkit and voc_eval.py "
            "report it; --preset gluoncv leaves such classes out of the mean\n",
            without, without.find(',') == std::string::npos ? "has" : "have");
      }
    }

    if (!json_out.empty()) {
      nlohmann::json j = r;
      j["preset"] = preset_name;
      j["objects_of_other_classes"] = other_objects;
      if (other_objects > 0) j["object_of_other_class_example"] = other_example;
      j["inverted_detections"] = inverted_dets;
      j["inverted_objects"] = inverted_objs;
      if (metric == "voc07") j["results"].erase("voc10");
      if (metric == "voc10") j["results"].erase("voc07");
      std::ofstream out(json_out);
      out << j.dump(1) << '\n';
      if (!out) throw std::runtime_error("cannot write " + json_out);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "edgemetrics-voc-eval: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
