// edgemetrics-classification-report: per-class metrics from a CSV of (truth, prediction).
//
//   edgemetrics-classification-report labels.csv [--json report.json] [--matrix]
//
// Exit status: 0 on success, 1 on bad input (message on stderr), 2 on bad usage,
// 3 with --strict when the report has a warning (e.g. accuracy hiding poor recall).
#include <edgemetrics/io.hpp>
#include <edgemetrics/edgemetrics.hpp>
#include <edgemetrics/fmt.hpp>
#include <edgemetrics/json.hpp>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
  CLI::App app{
      "Classification report from a CSV of (truth, prediction) labels: per-class precision, recall\n"
      "(with Wilson confidence intervals), F1, support; micro/macro/weighted averages; accuracy,\n"
      "balanced accuracy, MCC, Cohen's kappa; and warnings when accuracy hides a poorly recalled class.\n"
      "Labels may be class names or integers. Part of edgemetrics.",
      "edgemetrics-classification-report"};
  std::string input;
  std::string json_out;
  std::string classes_file;
  std::string delimiter = ",";
  edgemetrics::label_csv_options csv;
  edgemetrics::report_options options;
  std::string zero_div = "zero";
  bool show_matrix = false;
  bool strict = false;

  app.add_option("csv", input, "CSV file with truth and prediction columns ('-' for standard input)")->required();
  app.add_option("--json", json_out, "Also write the report (and the confusion matrix) as JSON to this file");
  app.add_option("--classes", classes_file,
                 "File with one class name per line (fixes the class order; unknown labels are errors)");
  app.add_option("--truth-column", csv.truth_column, "Header name of the truth column")->capture_default_str();
  app.add_option("--prediction-column", csv.prediction_column, "Header name of the prediction column")
      ->capture_default_str();
  app.add_option("--delimiter", delimiter, "Field delimiter (one character)")->capture_default_str();
  app.add_option("--beta", options.beta, "Beta of the F-beta column in the JSON output")->capture_default_str();
  app.add_option("--zero-division", zero_div, "Value of undefined precision/recall/F: zero, one or nan")
      ->check(CLI::IsMember({"zero", "one", "nan"}))
      ->capture_default_str();
  app.add_option("--confidence", options.confidence, "Confidence level of the Wilson intervals")
      ->check(CLI::Range(0.5, 0.9999))
      ->capture_default_str();
  app.add_option("--accuracy-looks-good", options.accuracy_looks_good,
                 "Accuracy at or above which a poorly recalled class is flagged")
      ->capture_default_str();
  app.add_option("--poor-recall", options.poor_recall, "Recall below which a class counts as poorly recalled")
      ->capture_default_str();
  app.add_flag("--matrix", show_matrix, "Also print the confusion matrix (rows = truth)");
  app.add_flag("--strict", strict, "Exit with status 3 if the report has any warning");
  CLI11_PARSE(app, argc, argv);

  try {
    if (delimiter.size() != 1) throw std::invalid_argument("--delimiter must be a single character");
    csv.delimiter = delimiter.front();
    options.zero_div = zero_div == "one"   ? edgemetrics::zero_division::one
                       : zero_div == "nan" ? edgemetrics::zero_division::nan
                                           : edgemetrics::zero_division::zero;
    if (!classes_file.empty()) csv.classes = edgemetrics::read_class_list(classes_file);

    edgemetrics::label_pairs pairs;
    if (input == "-") {
      const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
      pairs = edgemetrics::parse_label_csv(text, "<stdin>", csv);
    } else {
      pairs = edgemetrics::read_label_csv(input, csv);
    }

    edgemetrics::confusion_matrix cm(pairs.class_names);
    cm.record(pairs.truth, pairs.prediction);
    const auto report = edgemetrics::make_report(cm, options);

    fmt::print("{} samples, {} classes ({})\n\n", cm.total(), cm.num_classes(), input == "-" ? "<stdin>" : input);
    if (show_matrix) fmt::print("{}\n\n", cm);
    fmt::print("{}", report);

    if (!json_out.empty()) {
      nlohmann::json j = report;
      j["confusion_matrix"] = cm;
      j["input"] = input;
      std::ofstream out(json_out);
      if (!out) throw std::runtime_error(json_out + ": cannot write file");
      out << j.dump(2) << '\n';
      if (!out) throw std::runtime_error(json_out + ": write error");
    }
    if (strict && !report.warnings.empty()) return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edgemetrics-classification-report: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
