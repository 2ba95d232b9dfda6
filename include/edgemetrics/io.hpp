// edgemetrics: every reader and writer of files (target edgemetrics::io; pugixml and
// nlohmann-json are private to its compiled part). Not included by the core umbrella
// <edgemetrics/edgemetrics.hpp>.
#ifndef EDGEMETRICS_IO_HPP
#define EDGEMETRICS_IO_HPP

#include <edgemetrics/error.hpp>
#include <edgemetrics/io/class_list.hpp>
#include <edgemetrics/io/coco.hpp>
#include <edgemetrics/io/file.hpp>
#include <edgemetrics/io/jtop.hpp>
#include <edgemetrics/io/label_csv.hpp>
#include <edgemetrics/io/latency.hpp>
#include <edgemetrics/io/run_directory.hpp>
#include <edgemetrics/io/tegrastats.hpp>
#include <edgemetrics/io/sysfs_sampler.hpp>
#include <edgemetrics/io/tegrastats_process.hpp>
#include <edgemetrics/io/voc.hpp>

#endif  // EDGEMETRICS_IO_HPP
