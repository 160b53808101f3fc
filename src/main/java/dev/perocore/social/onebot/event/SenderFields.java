package dev.perocore.social.onebot.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.perocore.social.onebot.event.FrameTokens.GiveUp;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * A message frame's {@code sender} object as {@link MessageFrameReader} reads it from tokens: every
 * field as EventDecoder's lenient reading gives it. The sender's {@code user_id} falls back to the
 * message's, which may come later in the frame, so the Sender is built at the end.
 */
final class SenderFields {

  private int seen;
  private OptionalLong userId = FrameTokens.NONE;
  private String nickname = "";
  private String card = "";
  private String sex = "";
  private OptionalLong age = FrameTokens.NONE;
  private String area = "";
  private String level = "";
  private String role = "";
  private String title = "";

  /** A constant: a varargs array per sender read was allocated each time. */
  private static final String[] ROLES = {"member", "admin", "owner"};

  private SenderFields() {}

  /** Reads the object whose START_OBJECT is the parser's current token, up to its END_OBJECT. */
  static SenderFields read(JsonParser p) throws IOException {
    SenderFields s = new SenderFields();
    String key;
    while ((key = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (key) {
        case "user_id" -> {
          s.once(1);
          s.userId = FrameTokens.lenientLong(p, t);
        }
        case "nickname" -> {
          s.once(1 << 1);
          s.nickname = FrameTokens.lenientString(p, t);
        }
        case "card" -> {
          s.once(1 << 2);
          s.card = FrameTokens.lenientString(p, t);
        }
        case "sex" -> {
          s.once(1 << 3);
          s.sex = FrameTokens.lenientString(p, t);
        }
        case "age" -> {
          s.once(1 << 4);
          s.age = FrameTokens.lenientLong(p, t);
        }
        case "area" -> {
          s.once(1 << 5);
          s.area = FrameTokens.lenientString(p, t);
        }
        case "level" -> {
          s.once(1 << 6);
          s.level = FrameTokens.lenientString(p, t);
        }
        case "role" -> {
          s.once(1 << 7);
          String common = t == JsonToken.VALUE_STRING ? FrameTokens.known(p, ROLES) : null;
          s.role = common != null ? common : FrameTokens.lenientString(p, t);
        }
        case "title" -> {
          s.once(1 << 8);
          s.title = FrameTokens.lenientString(p, t);
        }
        default -> FrameTokens.skip(p, t);
      }
    }
    return s;
  }

  /** Marks a field seen; a repeated one gives up (the old path keeps the last value, and decides). */
  private void once(int bit) {
    if ((seen & bit) != 0) {
      throw GiveUp.INSTANCE;
    }
    seen |= bit;
  }

  /** The Sender EventDecoder builds: user_id falls back to the message's, age clamped to an int. */
  Sender sender(long messageUserId) {
    return new Sender(userId.orElse(messageUserId), nickname, card, sex,
        age.isPresent() ? (int) Math.max(0, Math.min(age.getAsLong(), Integer.MAX_VALUE)) : 0,
        area, level, role, title);
  }
}
