// edgemetrics: all public headers of the report area (benchmark runs and the report over them).
#ifndef EDGEMETRICS_REPORT_HPP
#define EDGEMETRICS_REPORT_HPP

#include <edgemetrics/report/benchmark_report.hpp>
#include <edgemetrics/report/html.hpp>
#include <edgemetrics/report/run.hpp>

#endif  // EDGEMETRICS_REPORT_HPP
