// edgemetrics: a benchmark run read from a run directory (what edgemetrics-report takes).
//
//   edgemetrics::benchmark_run run = edgemetrics::read_run_directory("runs/ssd-fp16");
//
// A run directory holds any of (docs/conventions.md "Benchmark report" has every rule):
//   VOC2007/ + results/      VOCdevkit layout, as edgemetrics-voc-eval reads it, or
//   detections.json          detections in edgemetrics-voc-eval's JSON form (with VOC2007/)
//   labels.csv               classification (truth,prediction)
//   latency.csv | latency.json | times.json   latencies (times.json: trtexec --exportTimes)
//   tegrastats.log           hardware samples
//   run.json                 name, attributes, model facts
//   benchmark_run.json       a ready run (kind "benchmark_run"): used as it is
// A missing part leaves a blank and a note in benchmark_run::notes, never an error; a malformed
// part throws parse_error naming the file, line and field.
#ifndef EDGEMETRICS_IO_RUN_DIRECTORY_HPP
#define EDGEMETRICS_IO_RUN_DIRECTORY_HPP

#include <edgemetrics/detection/voc_report.hpp>
#include <edgemetrics/hardware/report.hpp>
#include <edgemetrics/report/run.hpp>
#include <edgemetrics/timing/report.hpp>

#include <string>

namespace edgemetrics {

struct run_directory_options {
  voc_run voc;                           ///< preset and metric (year/set as in the directory)
  latency_report_options latency;        ///< percentiles (p99 always added), warm-up, batch size
  tegrastats_report_options tegrastats;  ///< interval, window
};

[[nodiscard]] benchmark_run read_run_directory(const std::string& directory, const run_directory_options& options = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_RUN_DIRECTORY_HPP
