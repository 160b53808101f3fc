package dev.perocore.social.session.admin;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.EdgeFixture;
import dev.perocore.social.store.Claim;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/sessions/{key}/summaries} over real HTTP: a session's memory, oldest first;
 * and {@code .../notices}: its notices with the line the model reads (the console's system lines).
 */
class SummariesApiTest {

  private static final long BOT = EdgeFixture.BOT;

  @TempDir Path dir;
  private EdgeFixture edge;

  @BeforeEach
  void setUp() {
    edge = new EdgeFixture(dir, TestConfig.requests(Map.of()), null);
  }

  @AfterEach
  void tearDown() {
    edge.close();
  }

  @Test
  void summariesOfASessionNewestNOldestFirstWithTheirRange() {
    ChatKey ref = ChatKey.group(BOT, 40002);
    for (int i = 1; i <= 3; i++) {
      Instant at = Instant.ofEpochSecond(1_700_000_000L + i);
      await(edge.store.store().append(MessageRow.received(ref, 600 + i, 20000 + i, "user" + i,
          "line " + i, "[]", at, at, null)));
      Claim claim = await(edge.store.store().claim(ref, 1));
      await(edge.store.store().storeSummary(claim, "summary " + i, List.of("k" + i, "团子")));
    }
    HttpResponse<Buffer> response =
        edge.get("/api/v1/sessions/" + BOT + ":group:40002/summaries?limit=2");
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(2, body.getInteger("count"));
    JsonArray summaries = body.getJsonArray("summaries");
    assertEquals("summary 2", summaries.getJsonObject(0).getString("summary"));
    JsonObject last = summaries.getJsonObject(1);
    assertEquals("summary 3", last.getString("summary"));
    assertEquals(new JsonArray().add("k3").add("团子"), last.getJsonArray("keywords"));
    assertEquals(1, last.getInteger("message_count"));
    assertEquals(last.getLong("first_row_id"), last.getLong("last_row_id"));

    assertEquals(400, edge.get("/api/v1/sessions/nonsense/summaries").statusCode());
    assertEquals(400, edge.get("/api/v1/sessions/" + BOT + ":group:1/summaries?limit=0")
        .statusCode());
    assertEquals(401, await(edge.http.get(edge.port, "127.0.0.1",
        "/api/v1/sessions/" + BOT + ":group:40002/summaries").send()).statusCode());
    assertEquals(0, edge.get("/api/v1/sessions/" + BOT + ":private:1/summaries")
        .bodyAsJsonObject().getInteger("count"));
  }

  @Test
  void noticesOfAChatOldestFirstWithTheirSystemLine() {
    Instant at = Instant.ofEpochSecond(1_700_000_100L);
    await(edge.store.store().append(new NoticeRow(BOT, "group_recall", null, 40003L, 21L, 21L,
        "{\"message_id\":77}", at, at)));
    await(edge.store.store().append(new NoticeRow(BOT, "group_ban", "ban", 40003L, 22L, 5L,
        "{\"duration\":600}", at.plusSeconds(1), at.plusSeconds(1))));
    await(edge.store.store().append(new NoticeRow(BOT, "group_recall", null, 40004L, 23L, 23L,
        "{\"message_id\":78}", at, at)));

    HttpResponse<Buffer> response = edge.get("/api/v1/sessions/" + BOT + ":group:40003/notices");
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonArray notices = response.bodyAsJsonObject().getJsonArray("notices");
    assertEquals(2, notices.size(), "only this group's: " + notices.encode());
    assertEquals("21 撤回了一条消息", notices.getJsonObject(0).getString("line"));
    assertEquals(77, notices.getJsonObject(0).getJsonObject("detail").getInteger("message_id"));
    assertEquals("22 被 5 禁言 600 秒", notices.getJsonObject(1).getString("line"));
    assertEquals(at.plusSeconds(1).toString(), notices.getJsonObject(1).getString("time"));
    assertEquals(400, edge.get("/api/v1/sessions/nonsense/notices").statusCode());
    assertEquals(401, await(edge.http.get(edge.port, "127.0.0.1",
        "/api/v1/sessions/" + BOT + ":group:40003/notices").send()).statusCode());
  }
}
