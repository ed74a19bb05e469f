// The student list search (issue 6): name parts with 生僻字, pinyin initials from the generated
// table, 学籍号 / ID number prefixes, class; the same function on the device and the server.
#include <catch2/catch.hpp>

#include "xueji/pinyin.hpp"
#include "xueji/student_search.hpp"

using namespace xueji;

namespace {

Student student(std::string name, std::string class_name = "一(1)班") {
  Student s;
  s.name = std::move(name);
  s.class_name = std::move(class_name);
  s.id_number = "41162520200315137X";
  s.registry_number = "G41162520200315137X";
  return s;
}

std::uint32_t bit(char letter) {
  return 1u << (letter - 'a');
}

}  // namespace

TEST_CASE("pinyin initials come from the generated table, all readings of a 多音字") {
  CHECK(pinyin_initials(U'王') == bit('w'));
  CHECK(pinyin_initials(U'䶮') == bit('y'));  // Extension A
  CHECK(pinyin_initials(U'堃') == bit('k'));  // outside GB 2312
  CHECK((pinyin_initials(U'单') & (bit('d') | bit('s'))) == (bit('d') | bit('s')));
  CHECK((pinyin_initials(U'曾') & (bit('c') | bit('z'))) == (bit('c') | bit('z')));
  CHECK(pinyin_initials(U'，') == 0);
  CHECK(pinyin_initials(0x2020C) == 0);  // 𠈌: no reading in the data, found by itself only
  CHECK(pinyin_source().starts_with("pinyin-pro "));
}

TEST_CASE("initials match consecutive characters anywhere in the name, any case") {
  CHECK(matches_pinyin_initials("王小明", "wxm"));
  CHECK(matches_pinyin_initials("王小明", "XM"));
  CHECK(matches_pinyin_initials("王小明", "w"));
  CHECK_FALSE(matches_pinyin_initials("王小明", "wm"));  // not consecutive
  CHECK_FALSE(matches_pinyin_initials("王小明", "wxmx"));
  CHECK(matches_pinyin_initials("单堃", "sk"));  // 单 read shàn as a surname
  CHECK(matches_pinyin_initials("单堃", "dk"));
  CHECK_FALSE(matches_pinyin_initials("王小明", "w1"));  // not an initials query
  CHECK_FALSE(matches_pinyin_initials("王小明", ""));
}

TEST_CASE("the student search matches name, initials, registry and ID prefixes and class") {
  const Student s = student("李𠈌明");
  CHECK(student_matches(s, ""));
  CHECK(student_matches(s, "  "));
  CHECK(student_matches(s, "𠈌"));  // a 生僻字 typed by code point or pasted
  CHECK(student_matches(s, " 李𠈌 "));
  CHECK(student_matches(s, "g4116"));
  CHECK(student_matches(s, "411625"));
  CHECK(student_matches(s, "41162520200315137x"));
  CHECK(student_matches(s, "(1)"));
  CHECK(student_matches(s, "一(1)班"));
  CHECK(student_matches(student("王小明"), "wxm"));
  CHECK_FALSE(student_matches(s, "王"));
  CHECK_FALSE(student_matches(s, "1162"));  // an ID number matches by its start only
  CHECK_FALSE(student_matches(s, "二(1)班"));
  CHECK_FALSE(student_matches(student("王小明"), "zs"));
}
