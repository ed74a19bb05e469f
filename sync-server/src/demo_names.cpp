#include "demo_names.hpp"

#include <algorithm>
#include <vector>

namespace xueji::server {
namespace {

// Most frequent first (Henan's order is close to the national one: 王 李 张 刘 陈 …).
const std::vector<std::string> kSurnames{
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐",   "孙",   "胡",  "朱", "高",
    "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐",   "冯",   "于",  "董", "萧",
    "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏",   "卢",   "蒋",  "蔡", "贾",
    "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟",   "汪",   "田",  "任", "姜",
    "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝",   "孔",   "白",  "崔", "康",
    "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟", "龙", "万",   "段",   "雷",  "钱", "汤",
    "尹", "黎", "易", "常", "武", "乔", "贺", "赖", "龚", "文", "司马", "欧阳", "诸葛"};

const std::vector<std::string> kBoyCharacters{
    "浩", "宇", "轩", "子", "博", "文", "俊", "杰", "泽", "明", "辰", "睿", "鹏", "磊", "晨",
    "昊", "然", "航", "嘉", "豪", "鑫", "凯", "伟", "强", "诚", "志", "天", "翔", "阳", "峰",
    "毅", "帅", "旭", "恒", "煜", "铭", "哲", "瑞", "宸", "逸", "皓", "锦", "家", "乐", "安"};

const std::vector<std::string> kGirlCharacters{
    "欣", "怡", "雨", "萱", "梓", "涵", "思", "佳", "琪", "诗", "雅", "婷", "静", "悦", "馨",
    "可", "心", "妍", "梦", "瑶", "淑", "慧", "颖", "雪", "晴", "璐", "婧", "蕾", "薇", "娜",
    "倩", "芳", "丽", "月", "彤", "若", "语", "汐", "晓", "欢", "宁", "安", "一", "子", "嘉"};

// Real name characters that many systems cannot store or show (生僻字): outside GB 2312
// (堃 喆 玥 …), in CJK Extension A (䶮) and beyond the BMP (𠈌, Extension B). A few demo
// students carry one so every screen is exercised with them from day one.
const std::vector<std::string> kRareCharacters{"䶮", "𠈌", "堃", "喆", "玥", "昇", "珺",
                                               "翀", "赟", "淼", "犇", "垚", "燚", "禛"};

// The minimum of two uniform draws favours the front of the list, as real frequencies do.
const std::string& frequent(DemoRandom& random, const std::vector<std::string>& items) {
  int last = static_cast<int>(items.size()) - 1;
  return items[static_cast<size_t>(std::min(random.between(0, last), random.between(0, last)))];
}

}  // namespace

std::string demo_name(DemoRandom& random, Gender gender) {
  const auto& characters = gender == Gender::Male ? kBoyCharacters : kGirlCharacters;
  std::string name = frequent(random, kSurnames);
  bool rare = random.chance(2);
  int given = random.chance(30) ? 1 : 2;
  for (int i = 0; i < given; ++i)
    name += (rare && i == given - 1) ? random.pick(kRareCharacters) : random.pick(characters);
  return name;
}

}  // namespace xueji::server
