package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.FakeLlm;
import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.media.ImageServer;
import dev.perocore.social.store.HistoryDeletion;
import dev.perocore.social.store.MediaLink;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images seen (issue 15, item 4), end to end: the simulator sends NapCat-shaped image segments
 * over a real WebSocket, a local HTTP server serves the images, the real brain asks a real fake
 * chat-completions server. With {@code brain.llm.vision} the image arrives as an {@code image_url}
 * data URL; without, as {@code [图片]}; an expired URL costs the image, never the reply; a
 * summons re-buffered at start-up still shows the model its image, from the cache.
 */
class ImagesSeenTest {

  static final long GROUP = 960;
  static final String PNG_DATA_URL = "data:image/png;base64,"
      + Base64.getEncoder().encodeToString(ImageServer.PNG.getBytes());

  @TempDir
  Path dir;
  @RegisterExtension
  final FakeLlm fakeLlm = new FakeLlm();

  private SessionHarness harness(boolean vision) {
    return harness(vision, SessionHarness.fast());
  }

  private SessionHarness harness(boolean vision, TestConfig base) {
    TestConfig all = TestConfig.defaults()
        .with("brain.llm.base_url", fakeLlm.server().baseUrl())
        .with("brain.llm.max_retries", 0).with("brain.timeout", "10s");
    SessionConfig session = base
        .with("media.dir", dir.resolve("media").toString())
        .with("brain.llm.vision", vision)
        .with("brain.llm.max_images", 2).session();
    return new SessionHarness(dir, session, all.brain(), Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }

  private static JsonObject image(String url) {
    return new JsonObject().put("type", "image").put("data", new JsonObject()
        .put("file", "abc.png").put("url", url).put("summary", ""));
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("type", "text").put("data", new JsonObject().put("text", text));
  }

  /** A group message mentioning the bot, with these segments after the mention. */
  private static JsonObject summons(SessionHarness h, long user, JsonObject... segments) {
    JsonArray message = new JsonArray().add(new JsonObject().put("type", "at")
        .put("data", new JsonObject().put("qq", Long.toString(SessionHarness.SELF))));
    for (JsonObject segment : segments) {
      message.add(segment);
    }
    return h.sim.groupMessage(GROUP, user, "").put("message", message)
        .put("message_format", "array").put("raw_message", "");
  }

  /** The last user turn of the model's last request. */
  private JsonObject lastUserTurn() {
    List<JsonObject> bodies = fakeLlm.server().bodies();
    JsonArray messages = bodies.get(bodies.size() - 1).getJsonArray("messages");
    return messages.getJsonObject(messages.size() - 1);
  }

  private static List<String> imageUrls(JsonObject turn) {
    if (!(turn.getValue("content") instanceof JsonArray parts)) {
      return List.of();
    }
    return parts.stream().map(p -> (JsonObject) p)
        .filter(p -> "image_url".equals(p.getString("type")))
        .map(p -> p.getJsonObject("image_url").getString("url")).toList();
  }

  @Test
  void withVisionTheImageArrivesAsADataUrlOfItsSniffedType() {
    try (SessionHarness h = harness(true); ImageServer images = new ImageServer(h.gv.vertx)) {
      fakeLlm.server().then(Answer.text("好可爱的猫"));
      h.send(summons(h, 7, text(" 看我的猫"), image(images.url("/cat.png"))));
      h.waitFor("the reply", () -> h.replies("sent") == 1);

      JsonObject turn = lastUserTurn();
      assertEquals("user", turn.getString("role"));
      assertEquals(List.of(PNG_DATA_URL), imageUrls(turn), turn.encodePrettily());
      assertEquals(1, h.counter("social.media.downloads", "outcome", "ok"));
    }
  }

  @Test
  void withoutVisionThePromptSaysImageAndNoBytesAreSent() {
    try (SessionHarness h = harness(false); ImageServer images = new ImageServer(h.gv.vertx)) {
      fakeLlm.server().then(Answer.text("嗯"));
      h.send(summons(h, 7, text(" 看"), image(images.url("/cat.png"))));
      h.waitFor("the reply", () -> h.replies("sent") == 1);

      String all = fakeLlm.server().bodies().get(0).encode();
      assertTrue(all.contains("[图片]"), all);
      assertFalse(all.contains("image_url") || all.contains("data:image"), all);
      // Still fetched on arrival: the bytes outlive the URL for a later switch to vision.
      h.waitFor("the download", () -> h.counter("social.media.downloads", "outcome", "ok") == 1);
    }
  }

  @Test
  void anExpiredUrlCostsOnlyTheImage() {
    try (SessionHarness h = harness(true); ImageServer images = new ImageServer(h.gv.vertx)) {
      fakeLlm.server().then(Answer.text("图片打不开呢"));
      h.send(summons(h, 7, text(" 这张呢"), image(images.url("/gone.png"))));
      h.waitFor("the reply", () -> h.replies("sent") == 1);

      assertEquals(List.of(), imageUrls(lastUserTurn()));
      assertTrue(lastUserTurn().encode().contains("[图片]"));
      assertEquals(1, h.counter("social.media.downloads", "outcome", "http_error"));
    }
  }

  @Test
  void theNewestImagesOfTheFlushGoUpToMaxImages() {
    try (SessionHarness h = harness(true); ImageServer images = new ImageServer(h.gv.vertx)) {
      fakeLlm.server().then(Answer.text("三张"));
      // Three images, two of them the same bytes: max_images 2 sends the newest two.
      h.send(summons(h, 7, image(images.url("/gone.png")), image(images.url("/cat.png")),
          image(images.url("/same.png"))));
      h.waitFor("the reply", () -> h.replies("sent") == 1);

      assertEquals(List.of(PNG_DATA_URL, PNG_DATA_URL), imageUrls(lastUserTurn()));
      // Fetched at once, the same bytes may both be written (ok, ok) or one found (ok, cached).
      assertEquals(2, h.counter("social.media.downloads", "outcome", "ok")
          + h.counter("social.media.downloads", "outcome", "cached"), "two fetched");
      assertEquals(1, h.counter("social.media.downloads", "outcome", "http_error"));
    }
  }

  @Test
  void aMessageRebufferedAtStartUpStillCarriesItsImageToTheModel() throws Exception {
    ChatKey group = ChatKey.group(SessionHarness.SELF, GROUP);
    // The first run stores the summons and its image, then stops before the summon is due.
    TestConfig late = SessionHarness.fast().with("session.summon_group", "1h")
        .with("session.idle_flush", "1h");
    try (SessionHarness before = harness(true, late);
        ImageServer images = new ImageServer(before.gv.vertx)) {
      before.send(summons(before, 7, text(" 重启后还看得到吗"), image(images.url("/cat.png"))));
      before.waitFor("the download", () ->
          before.counter("social.media.downloads", "outcome", "ok") == 1);
      before.waitForOnTestThread("the image linked to its message", () ->
          before.sqlCount("SELECT count(*) FROM message_media") == 1);
      assertEquals(0, fakeLlm.server().requests(), "not answered before the stop");
    }
    // The image server is gone with the first run: the bytes can only come from the cache.
    fakeLlm.server().then(Answer.text("看得到，是只猫"));
    try (SessionHarness after = harness(true)) {
      after.waitFor("the re-buffered summons answered", () -> after.replies("sent") == 1);
      assertEquals(1.0, after.counter("social.session.rebuffered.messages", "source", "startup"));
      JsonObject turn = lastUserTurn();
      assertTrue(turn.encode().contains("重启后还看得到吗"), turn.encode());
      assertEquals(List.of(PNG_DATA_URL), imageUrls(turn), turn.encodePrettily());
      assertEquals(0, after.counter("social.media.downloads", "outcome", "ok"), "not fetched");
      assertEquals(1, after.sqlCount("SELECT count(*) FROM message_media WHERE peer_id = "
          + group.peerId()), "the link of the first run");
    }
  }

  @Test
  void deletingAUsersHistoryDeletesTheirLinksAndNamesTheFilesNoOneElseSent() {
    try (SessionHarness h = harness(true)) {
      ChatKey group = new ChatKey(SessionHarness.SELF, ChatType.GROUP, GROUP);
      List<MediaLink> links = List.of(
          new MediaLink(1, 7, 0, "a".repeat(64), "image/png", 10),
          new MediaLink(1, 7, 1, "b".repeat(64), "image/png", 10),
          new MediaLink(2, 8, 0, "b".repeat(64), "image/png", 10));
      OnContext.await(h.realStore().linkMedia(group, links));
      assertEquals(3, OnContext.await(h.realStore().media(group, List.of(1L, 2L))).size());

      HistoryDeletion done = OnContext.await(h.realStore().deleteUserHistory(7));

      assertEquals(List.of("a".repeat(64)), done.mediaFiles(), "b is still user 8's");
      assertEquals(List.of(links.get(2)), OnContext.await(h.realStore().media(group,
          List.of(1L, 2L))));
    }
  }
}
