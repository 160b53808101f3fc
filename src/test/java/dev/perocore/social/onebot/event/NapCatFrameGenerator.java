package dev.perocore.social.onebot.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Generates NapCat-shaped message frames for the reader's differential tests: group and private, ids as
 * numbers or strings, every segment kind NapCat sends (text, at, face, image, reply, record, file,
 * json/xml, forward, mface, unknown kinds, data with nested values), sender objects with fields
 * missing, extra or of odd types, unicode, emoji and escapes, fields in shuffled order. Seeded: the same
 * seed gives the same frames.
 */
final class NapCatFrameGenerator {

  private static final String[] TEXTS = {
      "hello", "你好，世界", "emoji \uD83D\uDE00\uD83C\uDF89 here", "quote \\\" and backslash \\\\",
      "tab\\tnew\\nline", "\\u4e2d\\u6587 escaped", "[CQ:face,id=1] looks like CQ", "", " ", "&amp;[],",
      "long " + "x".repeat(300)};

  private final Random random;

  NapCatFrameGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** One frame's text. */
  String frame() {
    boolean group = random.nextInt(3) != 0;
    long self = 10_000 + random.nextInt(4);
    long user = 100_000 + random.nextInt(5_000);
    List<String> fields = new ArrayList<>();
    fields.add("\"self_id\":" + id(self));
    fields.add("\"user_id\":" + id(user));
    fields.add("\"time\":" + (1_732_435_300L + random.nextInt(1000)));
    long messageId = random.nextBoolean() ? random.nextInt(Integer.MAX_VALUE) : -1 - random.nextInt(1000);
    fields.add("\"message_id\":" + (random.nextInt(4) == 0 ? "\"" + messageId + "\"" : messageId));
    fields.add("\"message_seq\":" + random.nextInt(100_000));
    fields.add("\"real_id\":" + random.nextInt(100_000));
    fields.add("\"real_seq\":\"" + random.nextInt(100_000) + "\"");
    fields.add("\"message_type\":\"" + (group ? "group" : "private") + "\"");
    fields.add("\"post_type\":\"" + (random.nextInt(8) == 0 ? "message_sent" : "message") + "\"");
    if (random.nextInt(6) != 0) {
      fields.add("\"sub_type\":\"" + (group ? "normal" : pick("friend", "group", "other")) + "\"");
    }
    if (random.nextInt(8) != 0) {
      fields.add("\"sender\":" + sender(user, group));
    }
    boolean cq = random.nextInt(6) == 0;
    List<String> segments = segments();
    if (cq) {
      fields.add("\"message\":\"" + pick(TEXTS) + "[CQ:at,qq=" + self + "]\"");
      fields.add("\"message_format\":\"string\"");
    } else {
      fields.add("\"message\":[" + String.join(",", segments) + "]");
      fields.add("\"message_format\":\"array\"");
    }
    if (random.nextInt(5) != 0) {
      fields.add("\"raw_message\":\"" + pick(TEXTS) + "\"");
    } else if (random.nextBoolean()) {
      fields.add("\"raw_message\":null");
    }
    fields.add("\"font\":14");
    if (group) {
      fields.add("\"group_id\":" + id(500_000 + random.nextInt(1000)));
      if (random.nextBoolean()) {
        fields.add("\"group_name\":\"群" + random.nextInt(100) + "\"");
      }
      if (random.nextInt(4) == 0) {
        fields.add("\"anonymous\":null");
      }
    } else if (random.nextInt(3) == 0) {
      fields.add("\"target_id\":" + pick(id(self), "null", "\"x\"", "1.5", "{\"a\":1}"));
    }
    if (random.nextInt(4) == 0) {
      fields.add("\"extra\":{\"nested\":[1,2.5,true,null,{\"k\":\"v\"}],\"big\":123456789012345678901234}");
    }
    if (random.nextInt(3) != 0) {
      Collections.shuffle(fields, random);
    }
    return "{" + String.join(",", fields) + "}";
  }

  private String id(long value) {
    return random.nextInt(5) == 0 ? "\"" + value + "\"" : Long.toString(value);
  }

  private String sender(long user, boolean group) {
    List<String> s = new ArrayList<>();
    switch (random.nextInt(6)) {
      case 0 -> { }
      case 1 -> s.add("\"user_id\":\"" + user + "\"");
      case 2 -> s.add("\"user_id\":" + pick("null", "\"abc\"", "2.0", "true"));
      default -> s.add("\"user_id\":" + user);
    }
    s.add("\"nickname\":" + pick("\"昵称\uD83D\uDE00\"", "\"user\"", "123", "null", "true", "{\"x\":1}", "[1]", "1.25",
        "\" padded \"", "1e2", "1.50", "-0", "12345678901234567890123"));
    if (group) {
      s.add("\"card\":\"" + pick("", "card \\\"q\\\"", "名片") + "\"");
      s.add("\"role\":\"" + pick("member", "admin", "owner") + "\"");
      if (random.nextBoolean()) {
        s.add("\"title\":\"" + pick("", "头衔") + "\"");
        s.add("\"level\":" + pick("\"12\"", "12", "null", "false", "1E1"));
      }
    }
    if (random.nextBoolean()) {
      s.add("\"age\":" + pick("0", "18", "\"20\"", "-3", "99999999999", "null", "\"x\"", "2.0", "2.5", "\" 7 \"", "1e1", "-0"));
      s.add("\"sex\":\"" + pick("unknown", "male", "female") + "\"");
    }
    if (random.nextInt(4) == 0) {
      s.add("\"area\":\"" + pick("", "北京") + "\"");
    }
    if (random.nextInt(4) == 0) {
      s.add("\"qid\":\"\",\"extra\":{\"a\":[]}");
    }
    Collections.shuffle(s, random);
    return "{" + String.join(",", s) + "}";
  }

  private List<String> segments() {
    int n = random.nextInt(5);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(segment());
    }
    return out;
  }

  private String segment() {
    return switch (random.nextInt(14)) {
      case 0, 1, 2 -> seg("text", "\"text\":\"" + pick(TEXTS) + "\"");
      case 3 -> seg("at", "\"qq\":" + pick("\"10001\"", "10001", "\"all\"") + ",\"name\":\"某人\"");
      case 4 -> seg("face", "\"id\":" + pick("\"178\"", "178", "178.0") + ",\"raw\":{\"faceIndex\":178}");
      case 5 -> seg("image", "\"file\":\"abc.image\",\"url\":\"https://x/y?a=1&b=2\",\"summary\":\"[动画表情]\","
          + "\"sub_type\":1,\"file_size\":\"12345\"");
      case 6 -> seg("reply", "\"id\":" + pick("\"-12345\"", "777", "\"777\""));
      case 7 -> seg("record", "\"file\":\"a.amr\",\"path\":\"/tmp/a\",\"file_size\":\"9\"");
      case 8 -> seg("file", "\"file\":\"a.zip\",\"file_id\":\"/abc\",\"file_size\":\"1024\"");
      case 9 -> seg(pick("json", "xml"), "\"data\":\"{\\\"app\\\":\\\"com.tencent\\\",\\\"v\\\":[1]}\"");
      case 10 -> seg("forward", "\"id\":\"7412\",\"content\":[{\"type\":\"text\",\"data\":{\"text\":\"in\"}}]");
      case 11 -> seg("mface", "\"emoji_id\":\"x\",\"emoji_package_id\":1,\"key\":\"k\",\"summary\":\"[x]\"");
      case 12 -> "{\"type\":\"" + pick("markdown", "newkind") + "\"" + (random.nextBoolean() ? "" : ",\"data\":null") + "}";
      default -> "{\"data\":{\"text\":\"data first\"},\"type\":\"text\",\"extra\":1}";
    };
  }

  private static String seg(String type, String data) {
    return "{\"type\":\"" + type + "\",\"data\":{" + data + "}}";
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }
}
