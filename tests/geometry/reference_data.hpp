// Readers for the reference files in tests/data/geometry (see make_reference.py there).
#ifndef EDGEMETRICS_TESTS_GEOMETRY_REFERENCE_DATA_HPP
#define EDGEMETRICS_TESTS_GEOMETRY_REFERENCE_DATA_HPP

#include <edgemetrics/geometry/box.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace geometry_test {

inline std::string data_path(const std::string& name) {
  return std::string(EDGEMETRICS_TEST_DATA) + "/geometry/" + name;
}

// Parses a number written by repr() ("nan" included) exactly.
inline double number(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

/// Lines of a file without comments and blank lines, split into tokens.
inline std::vector<std::vector<std::string>> read_tokens(const std::string& name) {
  std::ifstream in(data_path(name));
  if (!in) throw std::runtime_error("cannot open " + data_path(name));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::vector<std::string> t;
    std::string w;
    while (ls >> w) t.push_back(w);
    rows.push_back(std::move(t));
  }
  return rows;
}

template <class T>
struct nms_case {
  double iou_threshold = 0;
  std::vector<edgemetrics::corner_box<T>> boxes;
  std::vector<T> scores;
  std::vector<std::int64_t> classes;
  std::vector<std::size_t> keep, batched_keep;
  std::string dtype;
};

inline std::vector<std::size_t> index_list(const std::vector<std::string>& row) {
  std::vector<std::size_t> v;
  for (std::size_t k = 2; k < row.size(); ++k) v.push_back(static_cast<std::size_t>(std::stoull(row[k])));
  if (v.size() != std::stoull(row[1])) throw std::runtime_error("bad count in " + row[0]);
  return v;
}

template <class T>
nms_case<T> read_nms_case(const std::string& name) {
  nms_case<T> c;
  for (const auto& r : read_tokens(name)) {
    if (r[0] == "dtype")
      c.dtype = r[1];
    else if (r[0] == "iou_threshold")
      c.iou_threshold = number(r[1]);
    else if (r[0] == "n")
      continue;
    else if (r[0] == "keep")
      c.keep = index_list(r);
    else if (r[0] == "batched_keep")
      c.batched_keep = index_list(r);
    else {
      c.boxes.push_back({static_cast<T>(number(r[0])), static_cast<T>(number(r[1])), static_cast<T>(number(r[2])),
                         static_cast<T>(number(r[3]))});
      c.scores.push_back(static_cast<T>(number(r[4])));
      c.classes.push_back(std::stoll(r[5]));
    }
  }
  return c;
}

}  // namespace geometry_test

#endif
