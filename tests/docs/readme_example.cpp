#include <edgemetrics/edgemetrics.hpp>
#include <edgemetrics/fmt.hpp>

int main() {
  using namespace edgemetrics;
  // 80 TP, 20 FN, 10 FP, 90 TN; rows are the truth, columns the prediction
  auto cm = confusion_matrix::from_counts(2, {90, 10, 20, 80}, {"ok", "defect"});
  fmt::print("precision {:.4f}\n", precision(cm, 1));  // value [95 % Wilson interval]
  fmt::print("recall    {:.4f}\n", recall(cm, 1));
  fmt::print("accuracy  {:.4f}\n", accuracy(cm));
  fmt::print("F1        {:.4f}   MCC {:.4f}\n", f1(cm, 1), matthews_corrcoef(cm));
}
