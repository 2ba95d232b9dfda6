// edgemetrics-classification-report: per-class metrics from a CSV of (truth, prediction).
//
//   edgemetrics-classification-report labels.csv [--json report.json] [--matrix] [--strict]
//
// Exit status (examples/common/cli.hpp): 0 success, 1 bad input or output that could not be
// written, 2 usage error, 3 with --strict when the report has a warning (e.g. accuracy hiding
// poor recall). The report is a library value (make_classification_report); this file only
// parses the command line and calls the library.
#include "cli.hpp"

#include <edgemetrics/edgemetrics.hpp>
#include <edgemetrics/fmt.hpp>
#include <edgemetrics/io.hpp>
#include <edgemetrics/json.hpp>

#include <fmt/format.h>

#include <string>
#include <utility>

namespace em = edgemetrics;
namespace cli = edgemetrics::cli;

int main(int argc, char** argv) {
  cli::tool tool("edgemetrics-classification-report",
                 "Classification report from a CSV of (truth, prediction) labels: per-class precision, recall\n"
                 "(with Wilson confidence intervals), F1, support; micro/macro/weighted averages; accuracy,\n"
                 "balanced accuracy, MCC, Cohen's kappa; and warnings when accuracy hides a poorly recalled class.\n"
                 "Labels may be class names or integers.");
  CLI::App& app = tool.app();
  std::string input;
  std::string classes_file;
  std::string delimiter = ",";
  std::string zero_div = "zero";
  em::label_csv_options csv;
  em::report_options options;
  bool show_matrix = false;
  bool strict = false;

  app.add_option("csv", input, "CSV file with truth and prediction columns ('-' for standard input)")->required();
  tool.add_json_option(
      "Also write the report (with the confusion matrix) as JSON to this file ('-': standard output, instead of "
      "the console report)");
  app.add_option("--classes", classes_file,
                 "File with one class name per line (fixes the class order; unknown labels are errors)");
  app.add_option("--truth-column", csv.truth_column, "Header name of the truth column")->capture_default_str();
  app.add_option("--prediction-column", csv.prediction_column, "Header name of the prediction column")
      ->capture_default_str();
  app.add_option("--delimiter", delimiter, "Field delimiter (one character)")
      ->check(cli::one_character())
      ->capture_default_str();
  app.add_option("--beta", options.beta, "Beta of the F-beta column in the JSON output")
      ->transform(cli::finite_non_negative())
      ->capture_default_str();
  app.add_option("--zero-division", zero_div, "Value of undefined precision/recall/F: zero, one or nan")
      ->check(cli::name_of<em::zero_division>())
      ->capture_default_str();
  app.add_option("--confidence", options.confidence, "Confidence level of the Wilson intervals")
      ->transform(cli::finite_range(0.5, 0.9999))
      ->capture_default_str();
  app.add_option("--accuracy-looks-good", options.accuracy_looks_good,
                 "Accuracy at or above which a poorly recalled class is flagged")
      ->transform(cli::finite_range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--poor-recall", options.poor_recall, "Recall below which a class counts as poorly recalled")
      ->transform(cli::finite_range(0.0, 1.0))
      ->capture_default_str();
  app.add_flag("--matrix", show_matrix, "Also print the confusion matrix (rows = truth)");
  app.add_flag("--strict", strict, "Exit with status 3 if the report has any warning");

  return tool.run(argc, argv, [&] {
    csv.delimiter = delimiter.front();
    options.zero_div = em::parse_zero_division(zero_div);
    if (!classes_file.empty()) csv.classes = em::read_class_list(classes_file);

    const std::string source = cli::source_name(input);
    // Streamed into the matrix: memory independent of the number of rows.
    em::label_matrix labels = em::read_label_csv_matrix(input, csv);
    const em::classification_report report =
        em::make_classification_report(std::move(labels.matrix), options, tool.info({source}));

    tool.print(show_matrix ? fmt::format("{:m}", report) : fmt::format("{}", report));
    tool.write_json(report);
    if (strict && !report.warnings.empty()) {
      tool.warn(fmt::format("--strict: the report has {} warning{}", report.warnings.size(),
                            report.warnings.size() == 1 ? "" : "s"));
      return static_cast<int>(cli::check_failed);
    }
    return static_cast<int>(cli::success);
  });
}
