// Test helper: loads the reference JSON files of tests/data/timing.
#ifndef EDGEMETRICS_TESTS_TIMING_REFERENCE_HPP
#define EDGEMETRICS_TESTS_TIMING_REFERENCE_HPP

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <string>

inline nlohmann::json load_reference(const std::string& name) {
  const std::string path = std::string(EDGEMETRICS_TEST_DATA) + "/timing/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return nlohmann::json::parse(in);
}

#endif
