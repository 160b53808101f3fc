package dev.perocore.social.onebot.message;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OneBot v11 string format: text with {@code [CQ:type,key=value,...]} codes.
 *
 * <p>Escaping as the spec has it: in text {@code &} is {@code &amp;}, {@code [} is {@code &#91;},
 * {@code ]} is {@code &#93;}; inside a code's values {@code ,} is additionally {@code &#44;}. Decoding
 * undoes all four everywhere (implementations do send {@code &#44;} in plain text), in one pass, so
 * {@code &amp;#91;} is the literal text {@code &#91;}.
 *
 * <p>Parsing never throws. Anything that is not a well-formed code is text: an unclosed {@code [CQ:}, a
 * code whose body holds a {@code [}, an empty or odd type name, a parameter with an empty key. A bare
 * {@code &} or {@code [} that should have been escaped is tolerated as itself.
 *
 * <p>Exactness: {@code parse(encode(segments))} gives the segments back when their data values are
 * strings, adjacent text segments are merged and empty ones dropped (the string format cannot tell them
 * apart), and type names and keys are plain words. Non-string values are written in their text form
 * (numbers as digits, objects and arrays as JSON) and come back as strings.
 */
public final class CqCode {

  private static final String OPEN = "[CQ:";

  private CqCode() {}

  /** Parses CQ-code text into segments (text runs become {@link Segment.Text}). */
  public static List<Segment> parse(String s) {
    List<Segment> out = new ArrayList<>();
    if (s == null || s.isEmpty()) {
      return out;
    }
    int textStart = 0;
    int from = 0;
    while (true) {
      int open = s.indexOf(OPEN, from);
      if (open < 0) {
        break;
      }
      int close = s.indexOf(']', open + OPEN.length());
      if (close < 0) {
        break; // unclosed: the rest is text
      }
      Segment code = parseBody(s, open + OPEN.length(), close);
      if (code == null) {
        from = open + 1; // not a code; its "[" is text, keep looking after it
        continue;
      }
      if (open > textStart) {
        out.add(Segment.text(unescape(s, textStart, open)));
      }
      out.add(code);
      textStart = close + 1;
      from = textStart;
    }
    if (textStart < s.length()) {
      out.add(Segment.text(unescape(s, textStart, s.length())));
    }
    return out;
  }

  /** The code between {@code [CQ:} and {@code ]}, or null when it is not well-formed. */
  private static Segment parseBody(String s, int start, int end) {
    int typeEnd = start;
    while (typeEnd < end && s.charAt(typeEnd) != ',') {
      if (!isNameChar(s.charAt(typeEnd))) {
        return null;
      }
      typeEnd++;
    }
    if (typeEnd == start) {
      return null;
    }
    String type = s.substring(start, typeEnd);
    JsonObject data = new JsonObject();
    int p = typeEnd;
    while (p < end) {
      int partStart = p + 1; // skip the comma
      int partEnd = partStart;
      while (partEnd < end && s.charAt(partEnd) != ',') {
        char c = s.charAt(partEnd);
        if (c == '[') {
          return null; // a "[" inside a code means this was never a code
        }
        partEnd++;
      }
      if (partEnd > partStart) {
        int eq = s.indexOf('=', partStart);
        if (eq < 0 || eq >= partEnd) {
          // A bare flag ("[CQ:shake,force]"): a key with an empty value; a blank part is skipped.
          String key = unescape(s, partStart, partEnd).trim();
          if (!key.isEmpty()) {
            data.put(key, "");
          }
        } else {
          String key = unescape(s, partStart, eq).trim();
          if (key.isEmpty()) {
            return null; // "=value" names nothing: not a code
          }
          data.put(key, unescape(s, eq + 1, partEnd));
        }
      }
      p = partEnd;
    }
    return Segment.of(type, data);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-' || c == '.';
  }

  /** Encodes segments as CQ-code text: text escaped, every other segment as a code. */
  public static String encode(List<? extends Segment> segments) {
    if (segments.size() == 1 && segments.get(0) instanceof Segment.Text t) {
      // Most messages are one text with nothing to escape: that text is its own CQ form, and a
      // builder and a copy per stored message were a measurable share of the inbound bytes.
      String text = t.text();
      return firstEscape(text, false) == text.length() ? text : escapeText(text);
    }
    StringBuilder sb = new StringBuilder(64);
    for (Segment seg : segments) {
      if (seg instanceof Segment.Text t) {
        escapeInto(sb, t.text(), false);
      } else {
        sb.append(OPEN).append(seg.type());
        for (Map.Entry<String, Object> e : seg.dataView()) {
          sb.append(',');
          escapeInto(sb, e.getKey(), true);
          sb.append('=');
          escapeInto(sb, valueText(e.getValue()), true);
        }
        sb.append(']');
      }
    }
    return sb.toString();
  }

  /** Escapes text for the string format ({@code & [ ]}). */
  public static String escapeText(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    escapeInto(sb, s, false);
    return sb.toString();
  }

  /** Escapes a CQ parameter value ({@code & [ ] ,}). */
  public static String escapeParam(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    escapeInto(sb, s, true);
    return sb.toString();
  }

  /** Undoes every escape, in one pass (unknown {@code &...;} sequences stay as they are). */
  public static String unescape(String s) {
    return unescape(s, 0, s.length());
  }

  private static String valueText(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof JsonObject o) {
      return o.encode();
    }
    if (v instanceof JsonArray a) {
      return a.encode();
    }
    return SegmentValues.scalarToString(v);
  }

  private static void escapeInto(StringBuilder sb, String s, boolean param) {
    int first = firstEscape(s, param);
    sb.append(s, 0, first); // most text has nothing to escape: one bulk copy
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '[' -> sb.append("&#91;");
        case ']' -> sb.append("&#93;");
        case ',' -> {
          if (param) {
            sb.append("&#44;");
          } else {
            sb.append(',');
          }
        }
        default -> sb.append(c);
      }
    }
  }

  /** The index of the first character to escape, or the length when there is none. */
  private static int firstEscape(String s, boolean param) {
    int first = 0;
    while (first < s.length() && !needsEscape(s.charAt(first), param)) {
      first++;
    }
    return first;
  }

  private static boolean needsEscape(char c, boolean param) {
    return c == '&' || c == '[' || c == ']' || (param && c == ',');
  }

  private static String unescape(String s, int start, int end) {
    int amp = s.indexOf('&', start);
    if (amp < 0 || amp >= end) {
      return s.substring(start, end);
    }
    StringBuilder sb = new StringBuilder(end - start);
    int i = start;
    while (i < end) {
      char c = s.charAt(i);
      if (c == '&') {
        if (s.startsWith("&amp;", i) && i + 5 <= end) {
          sb.append('&');
          i += 5;
          continue;
        }
        if (i + 5 <= end && s.startsWith("&#", i) && s.charAt(i + 4) == ';') {
          String num = s.substring(i + 2, i + 4);
          char decoded = switch (num) {
            case "91" -> '[';
            case "93" -> ']';
            case "44" -> ',';
            default -> 0;
          };
          if (decoded != 0) {
            sb.append(decoded);
            i += 5;
            continue;
          }
        }
      }
      sb.append(c);
      i++;
    }
    return sb.toString();
  }
}
