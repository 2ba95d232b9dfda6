// Writes the full sample benchmark report (html_sample.hpp) as an HTML page: the page the
// browser test renders (render_html.py) and the source of docs/images/report.png.
//   edgemetrics_report_html_render OUT.html
#include <edgemetrics/io/file.hpp>
#include <edgemetrics/report/html.hpp>

#include <exception>
#include <iostream>

#include "html_sample.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " OUT.html\n";
    return 2;
  }
  try {
    edgemetrics::html_options options;
    options.title = "edgemetrics benchmark report (sample)";
    edgemetrics::write_text_file(argv[1], edgemetrics::to_html(edgemetrics::test::sample_report(), options));
  } catch (const std::exception& e) {
    std::cerr << argv[0] << ": " << e.what() << '\n';
    return 1;
  }
  return 0;
}
