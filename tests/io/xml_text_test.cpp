// Annotation XML text as ElementTree reads it (issue #10, defect 8): an element's text is all
// character data (text and CDATA) before its first child element, comments and processing
// instructions dropped and the pieces joined; content outside the root element and characters XML
// does not allow (NUL, other C0 controls) are errors naming the file and line. Every expected value
// below was checked with python3's xml.etree.ElementTree (ET.fromstring(...)[...].text, then
// float() as voc_eval.py does).
#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

const std::vector<std::string> classes = {"dog", "cat"};

// An annotation with one dog whose xmax element is `xmax` (the whole element, tags included).
std::string with_xmax(const std::string& xmax, const std::string& name = "<name>dog</name>") {
  return "<annotation>\n<object>" + name + "<bndbox><xmin>1</xmin><ymin>2</ymin>" + xmax +
         "<ymax>40</ymax></bndbox></object>\n</annotation>\n";
}

double xmax_of(const std::string& xml) {
  std::vector<em::voc_object> out;
  (void)em::parse_voc_annotation(xml, "a.xml", classes, out);
  EXPECT_EQ(out.size(), 1u) << xml;
  return out.empty() ? -1 : out[0].box.x2;
}

template <class F>
em::parse_error error_of(F&& f) {
  try {
    f();
  } catch (const em::parse_error& e) {
    return e;
  }
  ADD_FAILURE() << "expected parse_error";
  return em::parse_error("", 0, "", "");
}

em::parse_error xml_error(const std::string& xml) {
  return error_of([&] {
    std::vector<em::voc_object> out;
    (void)em::parse_voc_annotation(xml, "a.xml", classes, out);
  });
}

}  // namespace

TEST(VocXmlText, CommentsAndProcessingInstructionsAreDroppedAndTheTextJoined) {
  // ET: '20' for each
  EXPECT_EQ(xmax_of(with_xmax("<xmax>2<!-- c -->0</xmax>")), 20.0);
  EXPECT_EQ(xmax_of(with_xmax("<xmax>2<?pi x?>0</xmax>")), 20.0);
  EXPECT_EQ(xmax_of(with_xmax("<xmax><!--c-->20</xmax>")), 20.0);
  EXPECT_EQ(xmax_of(with_xmax("<xmax>20<!--c--></xmax>")), 20.0);
  EXPECT_EQ(xmax_of(with_xmax("<xmax>2<!--a--><!--b-->0</xmax>")), 20.0);
  // ET: ' 20 '
  EXPECT_EQ(xmax_of(with_xmax("<xmax> 2<!--c-->0 </xmax>")), 20.0);
}

TEST(VocXmlText, CdataJoinsTheTextAroundIt) {
  EXPECT_EQ(xmax_of(with_xmax("<xmax>2<![CDATA[0]]></xmax>")), 20.0);                             // ET: '20'
  EXPECT_EQ(xmax_of(with_xmax("<xmax>1<![CDATA[2]]>3</xmax>")), 123.0);                           // ET: '123'
  EXPECT_EQ(xmax_of(with_xmax("<xmax><![CDATA[1]]><!--c--><?p?>2<![CDATA[.5]]></xmax>")), 12.5);  // ET: '12.5'
  EXPECT_EQ(xmax_of(with_xmax("<xmax>2&#48;</xmax>")), 20.0);  // ET: '20' (a character reference)
}

TEST(VocXmlText, NamesAndDifficultFollowTheSameRule) {
  std::vector<em::voc_object> out;
  // ET: 'dog' and '1'
  (void)em::parse_voc_annotation(
      with_xmax("<xmax>30</xmax>", "<name>do<!--x-->g</name><difficult><!--d-->1</difficult>"), "a.xml", classes, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].class_id, 0u);
  EXPECT_TRUE(out[0].difficult);
  out.clear();
  (void)em::parse_voc_annotation(with_xmax("<xmax>30</xmax>", "<name>c<![CDATA[a]]>t</name>"), "a.xml", classes, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].class_id, 1u);
}

TEST(VocXmlText, WhitespaceBetweenPiecesIsKeptAsElementTreeKeepsIt) {
  // ET: '2 0' -> float() fails (voc_eval.py stops); here an error naming the field.
  auto e = xml_error(with_xmax("<xmax>2<!--c--> <!--d-->0</xmax>"));
  EXPECT_EQ(e.field(), "object/bndbox/xmax");
  EXPECT_NE(std::string(e.what()).find("'2 0'"), std::string::npos) << e.what();
  // ET: '2\n0' (CRLF normalised) -> float() fails too
  e = xml_error(with_xmax("<xmax>2\r\n<!--c-->0</xmax>"));
  EXPECT_EQ(e.field(), "object/bndbox/xmax");
}

TEST(VocXmlText, TextAfterAChildElementIsNotTheElementsText) {
  // ET: .text is '2' ('0' is the tail of <b/>), so voc_eval.py reads 2.
  EXPECT_EQ(xmax_of(with_xmax("<xmax>2<b/>0</xmax>")), 2.0);
  // ET: None (float(None) fails): an error
  EXPECT_EQ(xml_error(with_xmax("<xmax><!--c--></xmax>")).field(), "object/bndbox/xmax");
  EXPECT_EQ(xml_error(with_xmax("<xmax><b>20</b></xmax>")).field(), "object/bndbox/xmax");
}

TEST(VocXmlText, ContentAfterOrBeforeTheRootIsAnError) {
  const std::string good = with_xmax("<xmax>30</xmax>");
  // ET: 'junk after document element'
  auto e = xml_error(good + "x\n");
  EXPECT_EQ(e.line(), 4u) << e.what();
  EXPECT_NE(std::string(e.what()).find("content after the root element"), std::string::npos) << e.what();
  e = xml_error(good + "<![CDATA[x]]>");
  EXPECT_NE(std::string(e.what()).find("content after the root element"), std::string::npos) << e.what();
  e = xml_error(good + "<other/>");
  EXPECT_NE(std::string(e.what()).find("second root element"), std::string::npos) << e.what();
  // ET: 'not well-formed (invalid token)'
  e = xml_error("x" + good);
  EXPECT_NE(std::string(e.what()).find("content before the root element"), std::string::npos) << e.what();
  // ET accepts comments, processing instructions and whitespace around the root
  EXPECT_EQ(xmax_of("<?xml version=\"1.0\"?>\n<!-- c -->\n" + good + "<!-- c --><?p?>\n \n"), 30.0);
}

TEST(VocXmlText, NulAndControlBytesAreErrorsNamingTheLine) {
  // ET: 'not well-formed (invalid token)' for each; pugixml alone would stop at the NUL silently.
  auto e = xml_error(with_xmax(std::string("<xmax>3\0</xmax>", 15)));
  EXPECT_EQ(e.file(), "a.xml");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_NE(std::string(e.what()).find("NUL byte"), std::string::npos) << e.what();
  e = xml_error(with_xmax("<xmax>3</xmax>") + std::string("\0", 1));
  EXPECT_EQ(e.line(), 4u);
  e = xml_error(with_xmax("<xmax>3\x01</xmax>"));
  EXPECT_EQ(e.line(), 2u);
  EXPECT_NE(std::string(e.what()).find("control character \\x01"), std::string::npos) << e.what();
  e = xml_error(with_xmax("<xmax>30</xmax>", "<name>d\x1fg</name>"));
  EXPECT_NE(std::string(e.what()).find("\\x1f"), std::string::npos) << e.what();
  // tab, LF, CR are XML whitespace
  EXPECT_EQ(xmax_of(with_xmax("<xmax>\t30\r\n</xmax>")), 30.0);
}
