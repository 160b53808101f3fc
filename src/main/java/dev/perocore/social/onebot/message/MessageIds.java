package dev.perocore.social.onebot.message;

import java.math.BigInteger;

/**
 * One canonical text form for message ids. Implementations disagree on numbers versus strings (NapCat
 * sends either, go-cqhttp's ids are negative int32s, some send non-numeric ids), yet a redelivered
 * message, a recall notice and a reply segment must all name the same message the same way: numeric
 * ids become their plain decimal string ({@code 777}, {@code "777"}, {@code " 0777"} are one id),
 * anything else is kept as given (trimmed).
 */
public final class MessageIds {

  private MessageIds() {}

  public static String normalize(long id) {
    return Long.toString(id);
  }

  public static String normalize(String id) {
    String t = id.trim();
    // 40 digits is far beyond any real id; longer numeric text is kept verbatim rather than parsed.
    if (t.isEmpty() || t.length() > 40) {
      return t;
    }
    int start = (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
    if (start == t.length()) {
      return t;
    }
    for (int i = start; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return t;
      }
    }
    if (t.length() <= 18) {
      return Long.toString(Long.parseLong(t));
    }
    return new BigInteger(t).toString();
  }
}
