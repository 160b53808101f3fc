package dev.perocore.social.brain.impl;

import java.util.HashMap;
import java.util.Map;

/** Names of QQ's classic faces ({@code [CQ:face,id=N]}), so the model reads [表情:微笑], not an id. */
final class FaceNames {

  private static final String TABLE = "0 惊讶,1 撇嘴,2 色,3 发呆,4 得意,5 流泪,6 害羞,7 闭嘴,8 睡,"
      + "9 大哭,10 尴尬,11 发怒,12 调皮,13 呲牙,14 微笑,15 难过,16 酷,18 抓狂,19 吐,20 偷笑,21 可爱,"
      + "22 白眼,23 傲慢,24 饥饿,25 困,26 惊恐,27 流汗,28 憨笑,29 悠闲,30 奋斗,31 咒骂,32 疑问,33 嘘,"
      + "34 晕,35 折磨,36 衰,37 骷髅,38 敲打,39 再见,41 发抖,42 爱情,43 跳跳,46 猪头,49 拥抱,53 蛋糕,"
      + "54 闪电,55 炸弹,56 刀,57 足球,59 便便,60 咖啡,61 饭,63 玫瑰,64 凋谢,66 爱心,67 心碎,69 礼物,"
      + "74 太阳,75 月亮,76 赞,77 踩,78 握手,79 胜利,85 飞吻,86 怄火,89 西瓜,96 冷汗,97 擦汗,98 抠鼻,"
      + "99 鼓掌,100 糗大了,101 坏笑,102 左哼哼,103 右哼哼,104 哈欠,105 鄙视,106 委屈,107 快哭了,"
      + "108 阴险,109 亲亲,110 吓,111 可怜,112 菜刀,113 啤酒,114 篮球,115 乒乓,116 示爱,117 瓢虫,"
      + "118 抱拳,119 勾引,120 拳头,121 差劲,122 爱你,123 NO,124 OK,125 转圈,126 磕头,127 回头,"
      + "128 跳绳,129 挥手,130 激动,131 街舞,132 献吻,133 左太极,134 右太极,171 茶,176 小纠结,"
      + "177 喷血,178 斜眼笑,179 doge,180 惊喜,181 骚扰,182 笑哭,183 我最美,212 托腮,264 捂脸,"
      + "265 辣眼睛,266 哦哟,267 头秃,268 问号脸,269 暗中观察,270 emm,271 吃瓜,272 呵呵哒,273 我酸了,"
      + "277 汪汪,281 无眼笑,282 敬礼,284 面无表情,285 摸鱼,287 哦,289 睁眼,293 摸锦鲤,294 期待,"
      + "297 拜谢,298 元宝,299 牛啊,305 右亲亲,306 牛气冲天,307 喵喵,314 仔细分析,315 加油,318 崇拜,"
      + "319 比心,320 庆祝,322 拒绝,324 吃糖,326 生气";
  private static final Map<String, String> NAMES = new HashMap<>();

  static {
    for (String entry : TABLE.split(",")) {
      int space = entry.indexOf(' ');
      NAMES.put(entry.substring(0, space), entry.substring(space + 1));
    }
  }

  private FaceNames() {}

  /** The face's name, or its id when the table does not know it. */
  static String of(String id) {
    return NAMES.getOrDefault(id, id);
  }
}
