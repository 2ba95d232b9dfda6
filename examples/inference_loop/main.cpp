// inference_loop: the measuring loop of a detector app on a Jetson, runnable anywhere.
//
//   camera -> engine (raw N x 6 output per image, batch first) -> batched NMS on the raw rows
//          -> streaming VOC evaluator                 (accuracy)
//   latency recorder per batch                        (speed)
//   hardware sampler on its own thread, inference windows   (power, energy, temperature, memory)
//   at the end: one benchmark_run -> JSON (kind "benchmark_run"), for edgemetrics-report
//
// The camera and the engine are stand-ins (stand_in.hpp): ground truth perturbed with seeded
// noise, with a lognormal latency that really spins the CPU. On a Jetson, replace them with your
// frames and your TensorRT engine; everything else stays. The detections are the same on every
// platform, so ctest checks the counts and the mAP; latency and hardware figures vary.
//
//   inference_loop [--images N] [--batch-size B] [--latency-ms MS] [--jitter-ms MS] [--sleep]
//                  [--voc DEVKIT] [--json OUT.json] ...        (--help lists them all)
#include "stand_in.hpp"

#include <edgemetrics/detection/voc_report.hpp>
#include <edgemetrics/geometry/nms.hpp>
#include <edgemetrics/hardware/report.hpp>
#include <edgemetrics/io/sysfs_sampler.hpp>
#include <edgemetrics/report/run.hpp>
#include <edgemetrics/timing/recorder.hpp>
#include <edgemetrics/timing/report.hpp>

#include <edgemetrics/io/file.hpp>
#include <edgemetrics/json/report.hpp>  // to_json / from_json of benchmark_run (kind "benchmark_run")

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

std::int64_t now_ns() {  // the clock of the recorder, the windows and the sampler (steady_clock)
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The recorder's samples (ns) as a latency trace (ms), the input of make_latency_report.
em::latency_trace to_trace(const em::stage_recorder& stages) {
  em::latency_trace trace;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    trace.stages.push_back({stages.names()[i], {}});
    for (const std::uint64_t ns : stages[i].samples_ns()) trace.stages.back().ms.push_back(double(ns) / 1e6);
  }
  trace.wall_ms = double(stages[0].wall_ns()) / 1e6;  // first timed start to last end: throughput
  trace.warmup_excluded = stages[0].warmup_excluded();
  return trace;
}

}  // namespace

int main(int argc, char** argv) try {
  // ---- Options -------------------------------------------------------------------------------
  std::size_t images = 800, batch = 4, warmup_batches = 5;
  stand_in::detector_options engine;  // rows 1000, latency 12 +- 3 ms per batch, spinning
  std::string voc_dir, json_path, root = "/", precision = "fp16", name;
  double budget_ms = 0;
  CLI::App app("inference_loop: a detector's measuring loop (stand-in engine) -> benchmark_run JSON");
  app.add_option("--images", images, "images of the synthetic set (default 800)")->check(CLI::Range(1, 10000000));
  app.add_option("--voc", voc_dir, "use the ground truth of DEVKIT/VOC2007 (test set) instead");
  app.add_option("--batch-size", batch, "images per engine call (default 4)")->check(CLI::Range(1, 1024));
  app.add_option("--warmup", warmup_batches, "batches left out of the latency and energy (default 5)");
  app.add_option("--latency-ms", engine.latency_ms, "mean engine latency per batch (default 12)")
      ->check(CLI::Range(0.001, 10000.0));
  app.add_option("--jitter-ms", engine.jitter_ms, "its standard deviation (lognormal; default 3)")
      ->check(CLI::Range(0.0, 10000.0));
  app.add_flag("!--sleep", engine.busy_wait, "sleep while the engine 'runs' instead of spinning");
  app.add_option("--budget-ms", budget_ms, "latency budget per batch at p99 (default: none)")
      ->check(CLI::PositiveNumber);
  app.add_option("--precision", precision, "the run's precision attribute (default fp16)");
  app.add_option("--name", name, "the run's name (default: stand-in detector <precision> batch <B>)");
  app.add_option("--root", root, "read sys/ and proc/ under ROOT (a fake Jetson tree in the tests)");
  app.add_option("--json", json_path, "write the benchmark_run here (default: summary only)");
  CLI11_PARSE(app, argc, argv);

  // ---- The data and the engine ---------------------------------------------------------------
  const stand_in::data_set set = voc_dir.empty() ? stand_in::synthetic_set(images, 2026) : stand_in::voc_set(voc_dir);
  stand_in::detector detector(engine, set);
  const std::size_t rows = engine.rows, batches = (set.images.size() + batch - 1) / batch;
  // The host copy of the engine's output binding: batch x rows x 6 floats. With TensorRT this is
  // the buffer cudaMemcpyAsync copies the output into (or pinned / unified memory on a Jetson).
  std::vector<float> output(batch * rows * stand_in::columns);

  // ---- What the loop measures with -----------------------------------------------------------
  // Everything is created before the first batch: once warm, NMS and the recorder allocate
  // nothing; the evaluator grows by one small record per kept detection (it ranks them at the end).
  em::nms_options nms(em::box_convention::pixel_inclusive, 0.45);  // VOC boxes are pixel-inclusive
  nms.score_threshold = 0.25;                                      // rows with score <= 0.25 never enter NMS
  nms.max_detections = 100;                                        // per image
  em::nms_workspace<float> workspace;
  std::vector<std::vector<std::size_t>> keep(batch);            // kept row indices per image of the batch
  em::voc_options voc_options;                                  // VOC devkit conventions, except that
  voc_options.no_positives = em::no_positives_policy::exclude;  // classes absent from a small set
  em::voc_evaluator evaluator(set.class_names, voc_options);    // are left out of the mAP

  // Three stages per batch: the whole deployed path, the engine alone, NMS alone. The first
  // batches (warm-up: caches, clocks, lazy allocations) are left out of every stage.
  em::latency_recorder prototype;
  prototype.set_warmup(em::warmup::by_count(warmup_batches));
  prototype.set_batch_size(batch);
  em::stage_recorder latency({"batch", "inference", "nms"}, prototype);
  latency.reserve(batches);
  std::vector<em::inference_window> windows;  // one per timed batch, on the sampler's clock

  // The hardware sampler reads sysfs on its own thread: power rails every 10 ms on a Jetson,
  // CPU, memory and temperatures every 100 ms anywhere.
  em::sysfs_sampler_options sampling;
  sampling.root = root;
  sampling.interval = std::chrono::milliseconds(10);
  sampling.capacity = 1 << 16;  // 10 minutes at 10 ms; a longer run calls drain() now and then
  em::sysfs_sampler sampler(sampling);
  sampler.start();

  // ---- The loop ------------------------------------------------------------------------------
  std::size_t kept_total = 0, objects_total = 0, timed_images = 0;
  for (std::size_t first = 0, b = 0; first < set.images.size(); first += batch, ++b) {
    // The last batch may be short (the recorder counts it as a full one in the throughput).
    const std::size_t n = std::min(batch, set.images.size() - first);
    const std::int64_t t0 = now_ns();
    // With TensorRT: copy the inputs, context->enqueueV3(stream), cudaMemcpyAsync(output...),
    // cudaStreamSynchronize(stream). Here the stand-in writes the rows and waits its latency.
    detector.infer(&set.images[first], n, output.data());
    const std::int64_t t1 = now_ns();
    for (std::size_t i = 0; i < n; ++i) {
      // Image i's rows, read in place: no decoding, no copy. Columns 0-3 the box, 4 the score,
      // 5 the class (a float holding a whole number), as detection_rows expects by default.
      const em::matrix_view<const float> rows_i(output.data() + i * rows * stand_in::columns, rows, stand_in::columns);
      em::batched_nms(em::detection_rows<float>(rows_i, em::box_layout::corners), nms, workspace, keep[i]);
    }
    const std::int64_t t2 = now_ns();
    latency.record_interval(0, t0, t2);
    latency.record_interval(1, t0, t1);
    latency.record_interval(2, t1, t2);
    if (b >= warmup_batches) {
      windows.push_back(em::inference_window::from_ns(t0, t2, n));
      timed_images += n;
    }
    // Accuracy is not part of the deployed path: evaluate after the timestamps. The evaluator
    // reads the kept rows of the same raw buffer.
    for (std::size_t i = 0; i < n; ++i) {
      const em::matrix_view<const float> rows_i(output.data() + i * rows * stand_in::columns, rows, stand_in::columns);
      evaluator.update(rows_i, keep[i], set.images[first + i]);
      kept_total += keep[i].size(), objects_total += set.images[first + i].size();
    }
  }
  sampler.stop();
  const std::vector<em::hardware_sample> samples = sampler.drain();
  if (windows.empty()) {
    std::fprintf(stderr, "inference_loop: %zu batches, all of them warm-up: nothing timed\n", batches);
    return 2;
  }

  // ---- The reports of each area, then the run --------------------------------------------------
  const em::report_info info{"inference_loop", {set.source}};
  em::benchmark_run run;
  // The name identifies the run in a report over several runs: it must be unique there.
  run.name = name.empty() ? "stand-in detector " + precision + " batch " + std::to_string(batch) : name;
  run.set_attribute("device", stand_in::device_name());
  run.set_attribute("precision", precision);
  run.set_attribute("batch_size", std::to_string(batch));
  run.set_attribute("framework", "stand-in engine (edgemetrics example)");
  run.model.parameters = 6.8e6;  // what the stand-in pretends to be: an SSD-MobileNet-sized model
  run.model.flops = 2.5e9;       // (illustrative figures, per image)

  // Accuracy: VOC AP per class, mAP, with the precision-recall curves (reduced for the plots).
  em::voc_run voc;
  voc.year = voc_dir.empty() ? "synthetic" : "2007";
  run.set_detection(em::make_voc_report(evaluator.compute(em::voc_curves::keep), voc, info));

  // Speed: per-batch latencies after the warm-up; batch_size makes FPS and throughput per image.
  em::latency_report_options lopt;
  lopt.batch_size = batch;
  if (budget_ms > 0) lopt.budget_ms = budget_ms;
  em::latency_trace trace = to_trace(latency);
  std::vector<double> batch_ms = trace.stages[0].ms;
  run.set_latency(em::make_latency_report(std::move(trace), lopt, info), std::move(batch_ms));

  // Hardware: a summary over the timed window, energy per image, and a reduced trace of the
  // samples with the inference windows (shaded on the report's plots).
  em::tegrastats_report_options hopt;
  hopt.interval_s = 0.01;
  hopt.summary.window = {windows.front().start_s, windows.back().end_s};
  hopt.energy.inferences = timed_images;
  hopt.energy.queries = windows.size();
  em::tegrastats_report hardware = em::make_tegrastats_report(samples, hopt, {"inference_loop", {"sysfs"}});
  if (!sampler.power_available()) run.notes.push_back("no power: " + sampler.power_unavailable_reason());
  run.set_hardware(std::move(hardware), samples, windows);

  // ---- A short summary -----------------------------------------------------------------------
  const em::voc_result& result = run.detection->report.result;
  std::printf("images: %zu in %zu batches of %zu, raw rows: %zu, kept after NMS: %zu, objects: %zu\n",
              set.images.size(), batches, batch, set.images.size() * rows, kept_total, objects_total);
  std::printf("mAP VOC07 11-point: %.4f, VOC10 all-point: %.4f\n", result.map_voc07, result.map_voc10);
  for (const em::voc_class_result& c : result.classes) {
    if (c.npos + c.detections > 0)
      std::printf("  %-12s AP07 %.4f, AP10 %.4f (%zu TP, %zu FP, %zu objects)\n", c.name.c_str(), c.ap_voc07,
                  c.ap_voc10, c.true_positives, c.false_positives, c.npos);
  }
  const em::latency_report& lr = run.latency->report;
  for (const em::latency_stage_report& s : lr.stages) {
    std::printf("%-9s ms per batch (%zu after %zu warm-up): median %.3f, p99 %.3f, mean %.3f\n", s.name.c_str(),
                s.summary.count, lr.warmup_excluded, s.summary.median_ms, s.summary.percentile_ms(99),
                s.summary.mean_ms);
  }
  std::printf("throughput: %.1f images/s\n", lr.stages[0].summary.throughput_per_s);
  if (lr.budget) std::printf("budget %.1f ms at p99: %s\n", lr.budget->budget_ms, lr.budget->met ? "met" : "MISSED");
  const em::hardware_summary& hw = run.hardware->report.summary;
  std::printf("hardware: samples in the timed window %zu, inference windows %zu", hw.samples, windows.size());
  if (hw.ram_mb.count > 0) std::printf(", peak RAM %.0f MB", hw.ram_mb.max);
  if (hw.cpu_load_percent.count > 0) std::printf(", mean CPU load %.0f %%", hw.cpu_load_percent.mean);
  std::printf("\n");
  if (hw.energy)
    std::printf("power: mean %.0f mW, energy %.2f mJ per image\n", hw.energy->total.mean_power_mw,
                hw.energy->total.energy_per_inference_mj);
  else if (!sampler.power_available())
    std::printf("power: unavailable (%s)\n", sampler.power_unavailable_reason().c_str());
  else
    std::printf("power: fewer than two power samples in the timed window (a longer run gives more)\n");

  // ---- The run as JSON -----------------------------------------------------------------------
  if (!json_path.empty()) {
    const nlohmann::json j = run;                      // the common envelope, kind "benchmark_run"
    em::write_text_file(json_path, j.dump(2) + "\n");  // atomic: a reader never sees half a file
    // Read it back as edgemetrics-report does, and check that nothing was lost on the way.
    const em::benchmark_run back = nlohmann::json::parse(em::read_text_file(json_path)).get<em::benchmark_run>();
    const bool same = nlohmann::json(back) == j;
    std::printf("json: %s (kind benchmark_run, read back: %s)\n", json_path.c_str(), same ? "identical" : "DIFFERENT");
    if (!same) return 1;
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "inference_loop: %s\n", e.what());
  return 1;
}
