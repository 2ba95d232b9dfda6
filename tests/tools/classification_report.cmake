# Golden tests of edgemetrics-classification-report (whole stdout, stderr, JSON, exit status).
# Inputs: examples/classification_report/sample/ and tests/data/classification/tool/ (README there).
set(_cr_sample examples/classification_report/sample)
set(_cr_data tests/data/classification/tool)

# The seed example: 98 % accuracy hides a 12 % recall; the report warns, exit 0 without --strict.
edgemetrics_golden_test(NAME classification_report.intruder TOOL edgemetrics_classification_report JSON
  ARGS ${_cr_sample}/intruder.csv --json @JSON@)
# --strict turns any warning into exit status 3.
edgemetrics_golden_test(NAME classification_report.strict_fails_on_warning TOOL edgemetrics_classification_report
  EXIT 3 ARGS ${_cr_sample}/intruder.csv --strict)
# Five classes, the matrix printed, F2 in the JSON.
edgemetrics_golden_test(NAME classification_report.multiclass TOOL edgemetrics_classification_report JSON
  ARGS ${_cr_sample}/vehicles.csv --matrix --beta 2 --json @JSON@)
# A fixed class order from --classes, other thresholds and a 99 % confidence level.
edgemetrics_golden_test(NAME classification_report.class_list TOOL edgemetrics_classification_report
  ARGS ${_cr_sample}/vehicles.csv --classes ${_cr_data}/vehicles_classes.txt --matrix --confidence 0.99
    --accuracy-looks-good 0.8 --poor-recall 0.9)
# Standard input ("-"), integer labels, ':' delimiter, zero_division nan, --strict with a warning;
# the JSON goes to standard output (no console report).
edgemetrics_golden_test(NAME classification_report.stdin_json_stdout TOOL edgemetrics_classification_report
  EXIT 3 STDIN ${_cr_data}/integers_colon.csv ARGS - --delimiter : --zero-division nan --strict --json -)
edgemetrics_golden_test(NAME classification_report.stdin TOOL edgemetrics_classification_report
  STDIN ${_cr_data}/integers_colon.csv ARGS - --delimiter : --matrix)
edgemetrics_golden_test(NAME classification_report.version TOOL edgemetrics_classification_report ARGS --version)

# Bad input: exit status 1, one error line naming file, line and field.
edgemetrics_golden_test(NAME classification_report.bad_file TOOL edgemetrics_classification_report
  EXIT 1 ARGS ${_cr_data}/bad_labels.csv)
edgemetrics_golden_test(NAME classification_report.missing_file TOOL edgemetrics_classification_report
  EXIT 1 ARGS ${_cr_sample}/no_such_file.csv)
edgemetrics_golden_test(NAME classification_report.unknown_class TOOL edgemetrics_classification_report
  EXIT 1 ARGS ${_cr_sample}/vehicles.csv --classes ${_cr_data}/vehicles_classes_no_bus.txt)
# Output that cannot be written: exit status 1.
edgemetrics_golden_test(NAME classification_report.unwritable_json TOOL edgemetrics_classification_report
  EXIT 1 ARGS ${_cr_sample}/intruder.csv --json no_such_dir/report.json)

# Usage errors: exit status 2.
edgemetrics_golden_test(NAME classification_report.bad_zero_division TOOL edgemetrics_classification_report
  EXIT 2 ARGS ${_cr_sample}/intruder.csv --zero-division maybe)
edgemetrics_golden_test(NAME classification_report.long_delimiter TOOL edgemetrics_classification_report
  EXIT 2 ARGS ${_cr_sample}/intruder.csv --delimiter ::)
edgemetrics_golden_test(NAME classification_report.confidence_out_of_range TOOL edgemetrics_classification_report
  EXIT 2 ARGS ${_cr_sample}/intruder.csv --confidence 1.5)
edgemetrics_golden_test(NAME classification_report.negative_beta TOOL edgemetrics_classification_report
  EXIT 2 ARGS ${_cr_sample}/intruder.csv --beta -1)
edgemetrics_golden_test(NAME classification_report.no_input TOOL edgemetrics_classification_report EXIT 2 ARGS --matrix)

# CSV input (issue #10): a header with other names above string labels, BOM + CRLF + quotes.
edgemetrics_golden_test(NAME classification_report.y_true_header TOOL edgemetrics_classification_report
  EXIT 1 ARGS tests/data/io/labels_y_true.csv)
edgemetrics_golden_test(NAME classification_report.named_columns TOOL edgemetrics_classification_report
  ARGS tests/data/io/labels_y_true.csv --truth-column y_true --prediction-column y_pred)
edgemetrics_golden_test(NAME classification_report.bom_quoted_crlf TOOL edgemetrics_classification_report
  ARGS tests/data/io/labels_bom_quoted.csv --matrix)
edgemetrics_golden_test(NAME classification_report.bom_stdin TOOL edgemetrics_classification_report
  STDIN tests/data/io/labels_bom_quoted.csv ARGS -)

# Issue #10, defect 10: NaN, infinities, junk and values outside the documented ranges are usage
# errors (exit 2); a NaN threshold used to switch the accuracy warning (and --strict) off silently.
edgemetrics_golden_test(NAME classification_report.help TOOL edgemetrics_classification_report ARGS --help)
edgemetrics_golden_test(NAME classification_report.accuracy_looks_good_nan TOOL edgemetrics_classification_report
  EXIT 2 ARGS ${_cr_sample}/intruder.csv --accuracy-looks-good nan --strict)
edgemetrics_golden_test(NAME classification_report.poor_recall_nan TOOL edgemetrics_classification_report
  EXIT 2 ARGS ${_cr_sample}/intruder.csv --poor-recall nan --strict)
edgemetrics_golden_test(NAME classification_report.poor_recall_2 TOOL edgemetrics_classification_report
  EXIT 2 ARGS ${_cr_sample}/intruder.csv --poor-recall 2)
edgemetrics_golden_test(NAME classification_report.poor_recall_negative TOOL edgemetrics_classification_report
  EXIT 2 ARGS ${_cr_sample}/intruder.csv --poor-recall -1)
edgemetrics_golden_test(NAME classification_report.beta_inf TOOL edgemetrics_classification_report
  EXIT 2 ARGS ${_cr_sample}/intruder.csv --beta inf)
edgemetrics_golden_test(NAME classification_report.confidence_junk TOOL edgemetrics_classification_report
  EXIT 2 ARGS ${_cr_sample}/intruder.csv --confidence 0.95x)
# At the ends of their ranges the thresholds are accepted and --strict still fails on the warning.
edgemetrics_golden_test(NAME classification_report.strict_thresholds_at_range_ends
  TOOL edgemetrics_classification_report EXIT 3 ARGS ${_cr_sample}/intruder.csv --accuracy-looks-good 0
    --poor-recall 1 --strict)
