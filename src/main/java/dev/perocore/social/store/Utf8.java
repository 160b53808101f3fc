package dev.perocore.social.store;

/**
 * Whether bytes are well-formed UTF-8 as Java's decoder takes them (RFC 3629: no overlong forms,
 * no encoded surrogates, nothing above U+10FFFF): exactly the bytes that decode to a String and
 * encode back unchanged. One pass, ASCII first.
 */
final class Utf8 {

  private Utf8() {}

  static boolean wellFormed(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      int lead = bytes[i];
      if (lead >= 0) {
        i++;
        continue;
      }
      lead &= 0xFF;
      int trailing;
      if (lead >= 0xC2 && lead <= 0xDF) {
        trailing = 1;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        trailing = 2;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        trailing = 3;
      } else {
        return false; // a continuation byte, C0/C1 (always overlong) or F5 and above
      }
      if (i + trailing >= n) {
        return false;
      }
      int second = bytes[i + 1] & 0xFF;
      if ((second & 0xC0) != 0x80
          || lead == 0xE0 && second < 0xA0 // overlong three-byte form
          || lead == 0xED && second > 0x9F // a UTF-16 surrogate
          || lead == 0xF0 && second < 0x90 // overlong four-byte form
          || lead == 0xF4 && second > 0x8F) { // above U+10FFFF
        return false;
      }
      for (int k = 2; k <= trailing; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += trailing + 1;
    }
    return true;
  }
}
