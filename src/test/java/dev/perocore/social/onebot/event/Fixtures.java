package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The OneBot v11 example frames, from the test classpath copy of ../shared/fixtures/onebot-v11. */
public final class Fixtures {

  /** Every fixture file name; FixtureCopiesTest keeps this list and the shared folder in step. */
  public static final List<String> ALL = List.of(
      "action-send-private.json",
      "message-group-reply-array.json",
      "message-group-string.json",
      "message-private-array.json",
      "meta-heartbeat.json",
      "meta-lifecycle-connect.json",
      "notice-group-ban.json",
      "notice-group-recall.json",
      "notice-poke.json",
      "request-friend.json",
      "request-group-invite.json",
      "response-failed.json",
      "response-ok.json");

  /** The fixtures that are events (the rest are an action and its responses). */
  public static final List<String> EVENTS = ALL.stream()
      .filter(n -> !n.startsWith("action-") && !n.startsWith("response-"))
      .toList();

  private Fixtures() {}

  public static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/onebot-v11/" + name)) {
      if (in == null) {
        throw new IllegalStateException("fixture /onebot-v11/" + name + " is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject json(String name) {
    return new JsonObject(text(name));
  }
}
