package dev.perocore.social.onebot.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalLong;

/** Integer reading shared by the decoder and GenericNotice: integral numbers or numeric strings. */
final class Ids {

  private Ids() {}

  /** The value as a long if it is an integral number or a numeric string in range; empty otherwise. */
  static OptionalLong optionalLong(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return OptionalLong.of(((Number) v).longValue());
    }
    if (v instanceof String s) {
      return parse(s.trim());
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      // 2^53: beyond it a double no longer holds every integer, so the id could be silently wrong.
      if (d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15) {
        return OptionalLong.of((long) d);
      }
      return OptionalLong.empty();
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? OptionalLong.of(b.longValue()) : OptionalLong.empty();
    }
    if (v instanceof BigDecimal b) {
      try {
        return OptionalLong.of(b.longValueExact());
      } catch (ArithmeticException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }

  private static OptionalLong parse(String s) {
    if (s.isEmpty() || s.length() > 20) {
      return OptionalLong.empty();
    }
    int start = (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
    if (start == s.length()) {
      return OptionalLong.empty();
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
    }
    try {
      return OptionalLong.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // out of range
    }
  }
}
