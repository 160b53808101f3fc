package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bot ids are longs in code; their text forms (header, bus JSON, messages) stay as they were. */
class BotIdsTest {

  @Test
  void theSelfIdHeaderNamesAPositiveAccountOrNoBot() {
    assertEquals(10001L, BotIds.parse("10001"));
    assertEquals(10001L, BotIds.parse(" 10001 "));
    assertEquals(BotIds.UNKNOWN, BotIds.parse(null));
    assertEquals(BotIds.UNKNOWN, BotIds.parse(""));
    assertEquals(BotIds.UNKNOWN, BotIds.parse("bot"));
    assertEquals(BotIds.UNKNOWN, BotIds.parse("0"));
    assertEquals(BotIds.UNKNOWN, BotIds.parse("-10001"));
    assertEquals(BotIds.UNKNOWN, BotIds.parse("99999999999999999999"));
    assertFalse(BotIds.isKnown(BotIds.UNKNOWN));
    assertTrue(BotIds.isKnown(10001));
    assertEquals("10001", BotIds.label(10001));
    assertEquals("?", BotIds.label(BotIds.UNKNOWN));
  }

  @Test
  void anActionRequestWritesSelfIdAsTextAndReadsTextOrNumber() {
    ActionRequest request = ActionRequest.of(10001, "get_status", new JsonObject())
        .withTimeout(Duration.ofSeconds(3));
    JsonObject json = request.toJson();
    assertEquals("10001", json.getValue("self_id"));
    assertEquals(request, ActionRequest.fromJson(json));
    assertEquals(10001L, ActionRequest.fromJson(json.copy().put("self_id", 10001)).selfId());
    assertEquals(10001L, ActionRequest.fromJson(json.copy().put("self_id", 10001L)).selfId());
  }

  @Test
  void aSelfIdThatIsNoAccountNumberNamesNoBot() {
    JsonObject json = new JsonObject().put("action", "get_status");
    for (Object self : new Object[] {"bot", " 10001", "010001", 10001.0, new JsonObject()}) {
      ActionRequest read = ActionRequest.fromJson(json.copy().put("self_id", self));
      assertEquals(BotIds.UNKNOWN, read.selfId(), String.valueOf(self));
    }
  }

  @Test
  void failuresNameTheBotAsBefore() {
    assertEquals("bot 10001: get_status not delivered: gone",
        new BotUnavailableException(10001, "get_status", "gone").getMessage());
    assertEquals("bot ?: get_login_info not delivered: gone",
        new BotUnavailableException(BotIds.UNKNOWN, "get_login_info", "gone").getMessage());
  }
}
