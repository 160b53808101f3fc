package dev.perocore.social.onebot.message;

import java.math.BigDecimal;

/** How scalar data values and ids become the spec's strings (shared by the segment records and the codec). */
final class SegmentValues {

  private SegmentValues() {}

  /** Numbers without a spurious ".0" (a peer may send 178 or 178.0 for a face id), booleans as true/false. */
  static String scalarToString(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    if (v instanceof Float f && f == Math.rint(f) && !Float.isInfinite(f) && Math.abs(f) < 1e7) {
      return Long.toString(f.longValue());
    }
    if (v instanceof BigDecimal b) {
      return b.stripTrailingZeros().toPlainString();
    }
    return String.valueOf(v);
  }
}
