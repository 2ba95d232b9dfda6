// Agreement with scikit-learn on seeded random label sets. The reference values were
// computed by scikit-learn and stored in tests/data/classification/sklearn_reference.json
// (see make_sklearn_reference.py there for how).
#include <edgemetrics/classification.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace edgemetrics;

namespace {

nlohmann::json load() {
  std::ifstream in(std::string(EDGEMETRICS_TEST_DATA) + "/classification/sklearn_reference.json");
  return nlohmann::json::parse(in);
}

void expect_close(double actual, const nlohmann::json& expected, const std::string& what) {
  if (expected.is_null()) {
    EXPECT_TRUE(std::isnan(actual)) << what;
  } else {
    EXPECT_NEAR(actual, expected.get<double>(), 1e-12) << what;
  }
}

}  // namespace

TEST(SklearnAgreement, AllMetricsOnRandomMatrices) {
  const auto doc = load();
  ASSERT_GE(doc.at("cases").size(), 10u);
  for (const auto& c : doc.at("cases")) {
    const std::string name = c.at("name");
    const auto k = c.at("k").get<std::size_t>();
    const auto y_true = c.at("y_true").get<std::vector<int>>();
    const auto y_pred = c.at("y_pred").get<std::vector<int>>();
    confusion_matrix cm(k);
    cm.record(y_true, y_pred);
    for (std::size_t t = 0; t < k; ++t) {
      for (std::size_t p = 0; p < k; ++p) ASSERT_EQ(cm(t, p), c.at("confusion_matrix").at(t).at(p)) << name;
    }
    for (const auto& [zd_name, zd] : {std::pair{"zero", zero_division::zero}, std::pair{"one", zero_division::one}}) {
      const auto& prf = c.at("prf").at(zd_name);
      const double zdv = zero_division_value(zd);
      for (std::size_t cls = 0; cls < k; ++cls) {
        const std::string where = name + " zd=" + zd_name + " class " + std::to_string(cls);
        expect_close(precision(cm, cls).value_or(zdv), prf.at("per_class").at("precision").at(cls), where + " P");
        expect_close(recall(cm, cls).value_or(zdv), prf.at("per_class").at("recall").at(cls), where + " R");
        expect_close(f1(cm, cls, zd), prf.at("per_class").at("f1").at(cls), where + " F1");
        expect_close(fbeta(cm, cls, 2.0, zd), prf.at("per_class").at("f2").at(cls), where + " F2");
      }
      for (const auto& [avg_name, avg] : {std::pair{"micro", average::micro}, std::pair{"macro", average::macro},
                                          std::pair{"weighted", average::weighted}}) {
        const auto& e = prf.at(avg_name);
        const std::string where = name + " zd=" + zd_name + " " + avg_name;
        expect_close(precision(cm, avg, zd), e.at("precision").at(0), where + " P");
        expect_close(recall(cm, avg, zd), e.at("recall").at(0), where + " R");
        expect_close(f1(cm, avg, zd), e.at("f1").at(0), where + " F1");
        expect_close(fbeta(cm, 2.0, avg, zd), e.at("f2").at(0), where + " F2");
      }
    }
    expect_close(accuracy(cm).value(), c.at("accuracy"), name + " accuracy");
    expect_close(balanced_accuracy(cm), c.at("balanced_accuracy"), name + " balanced accuracy");
    expect_close(matthews_corrcoef(cm), c.at("matthews_corrcoef"), name + " MCC");
    expect_close(cohen_kappa(cm), c.at("cohen_kappa"), name + " kappa");
    if (c.contains("top_k")) {
      const auto scores = c.at("scores").get<std::vector<std::vector<double>>>();
      for (const auto& [kk, value] : c.at("top_k").items()) {
        const auto hits = top_k_accuracy(scores, y_true, std::stoul(kk), top_k_ties::higher_index_first);
        expect_close(hits.value(), value, name + " top-" + kk);
      }
    }
  }
}
