package dev.perocore.social.onebot.message;

import java.util.List;

/**
 * The OneBot v11 string format: text with {@code [CQ:type,key=value,...]} codes.
 *
 * <p>Escaping as the spec has it: in text {@code &} is {@code &amp;}, {@code [} is {@code &#91;},
 * {@code ]} is {@code &#93;}; inside a code's values {@code ,} is additionally {@code &#44;}.
 */
public final class CqCode {

  private CqCode() {}

  /** Parses CQ-code text; never throws: a malformed or unclosed code is kept as text. */
  public static List<Segment> parse(String s) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Encodes segments as CQ-code text (text escaped, other segments as codes). */
  public static String encode(List<? extends Segment> segments) {
    throw new UnsupportedOperationException("TODO");
  }
}
