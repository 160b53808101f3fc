package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NapCat delivers what QQ queued while it was offline as a burst of old events: a message older
 * than {@code session.stale_after} when it arrives is stored and enters context, but is never
 * answered — the next fresh message is.
 */
class StaleMessageTest {

  static final long SELF = SessionHarness.SELF;

  @TempDir
  Path dir;

  @Test
  void aStaleMessageIsStoredButNotAnsweredAndAFreshOneIs() {
    SessionConfig config = SessionHarness.fast().with("session.stale_after", "2m").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      long now = System.currentTimeMillis() / 1000;
      JsonObject old = h.sim.privateMessage(81, "are you there? (an hour ago)")
          .put("time", now - 3600);
      h.send(old);
      h.waitForRows("the stale message stored", ChatKey.privateChat(SELF, 81),
          rows -> rows.size() == 1);
      h.waitFor("counted as stale", () -> h.counter("social.session.stale.messages") == 1);
      h.waitFor("its age measured", () -> h.gv.registry.find("social.onebot.event.age").timer()
          != null && h.gv.registry.find("social.onebot.event.age").timer().max(
              java.util.concurrent.TimeUnit.SECONDS) >= 3500);

      h.send(h.sim.privateMessage(81, "hello now"));
      h.waitFor("the fresh message answered", () -> h.replies("sent") == 1);
      assertEquals(1, h.testBrain.requests.size(), "one flush, for the fresh message only");
      assertEquals(1, h.testBrain.requests.get(0).messages().size());
      assertEquals("hello now", h.testBrain.requests.get(0).messages().get(0).text());
      assertEquals(1, h.sends("send_private_msg").size());
      assertTrue(h.flushes("summon") == 1, "the stale message summoned nothing");
    }
  }
}
