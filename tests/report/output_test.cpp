// JSON round trips of benchmark_run and benchmark_report; the console table and Markdown.
#include "report_fixtures.hpp"

#include <edgemetrics/json.hpp>

#include <gtest/gtest.h>
