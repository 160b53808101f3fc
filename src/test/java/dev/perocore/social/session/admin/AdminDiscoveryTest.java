package dev.perocore.social.session.admin;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.EdgeFixture;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.store.Claim;
import dev.perocore.social.store.MediaLink;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's side of the admin API over real HTTP on loopback: bots, stored conversations,
 * paging, deleting a user's history, tasks, alert inputs, the index and the console's files.
 */
class AdminDiscoveryTest {

  private static final long BOT = EdgeFixture.BOT;

  @TempDir Path dir;
  private EdgeFixture edge;

  @BeforeEach
  void setUp() {
    edge = new EdgeFixture(dir, TestConfig.requests(Map.of("requests.friend", "hold")), null);
  }

  @AfterEach
  void tearDown() {
    edge.close();
  }

  private HttpResponse<Buffer> anonymous(HttpMethod method, String path) {
    return await(edge.http.request(method, edge.port, "127.0.0.1", path).send());
  }

  private void received(ChatKey chat, long messageId, long sender, String name, String text,
      long second) {
    Instant at = Instant.ofEpochSecond(1_700_000_000L + second);
    await(edge.store.store().append(MessageRow.received(chat, messageId, sender, name, text, "[]",
        at, at, null)));
  }

  @Test
  void botsShowTheConnectedSimulatorWithoutABackfillClaim() {
    HttpResponse<Buffer> response = edge.get("/api/v1/bots");
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject bot = response.bodyAsJsonObject().getJsonArray("bots").getJsonObject(0);
    assertEquals(BOT, bot.getLong("self_id"));
    assertTrue(bot.getBoolean("connected"));
    assertFalse(bot.getBoolean("degraded"));
    assertTrue(bot.containsKey("heartbeat_age_ms"), "present, null until a heartbeat arrives");
    assertTrue(bot.containsKey("backfill") && bot.getValue("backfill") == null);
    assertEquals(401, anonymous(HttpMethod.GET, "/api/v1/bots").statusCode());
  }

  @Test
  void conversationsComeFromTheStoreAndAreSearchable() {
    await(edge.store.store().upsertUser(20001, "橘猫团子", Instant.now()));
    await(edge.store.store().upsertGroup(40001, "Cat lovers", Instant.now()));
    received(ChatKey.privateChat(BOT, 20001), 1, 20001, "橘猫团子", "hi", 1);
    received(ChatKey.group(BOT, 40001), 2, 20002, "bob", "hello all", 2);
    received(ChatKey.group(BOT, 47777), 3, 20003, "eve", "100% sure_", 3);

    JsonObject all = edge.get("/api/v1/conversations").bodyAsJsonObject();
    assertEquals(3, all.getInteger("count"), all.encode());
    assertEquals(BOT + ":group:47777", all.getJsonArray("conversations").getJsonObject(0)
        .getString("key"), "most recently active first");

    assertEquals(List.of(BOT + ":private:20001"), keys("/api/v1/conversations?query=%E5%9B%A2%E5%AD%90"));
    assertEquals(List.of(BOT + ":group:40001"), keys("/api/v1/conversations?query=lovers"));
    assertEquals(List.of(BOT + ":group:47777"), keys("/api/v1/conversations?query=477"));
    assertEquals(List.of(), keys("/api/v1/conversations?query=%25"), "a % is a character");
    JsonObject named = edge.get("/api/v1/conversations?query=20001").bodyAsJsonObject()
        .getJsonArray("conversations").getJsonObject(0);
    assertEquals("橘猫团子", named.getString("name"));
    assertEquals("private", named.getString("type"));

    assertEquals(400, edge.get("/api/v1/conversations?limit=0").statusCode());
    assertEquals("query", edge.get("/api/v1/conversations?query=" + "x".repeat(101))
        .bodyAsJsonObject().getString("field"));
  }

  private List<String> keys(String path) {
    HttpResponse<Buffer> response = edge.get(path);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonArray items = response.bodyAsJsonObject().getJsonArray("conversations");
    return items.stream().map(o -> ((JsonObject) o).getString("key")).toList();
  }

  @Test
  void messagesPageBackWithBefore() {
    ChatKey chat = ChatKey.group(BOT, 40001);
    for (int i = 1; i <= 5; i++) {
      received(chat, 100 + i, 20000 + i, "u" + i, "line " + i, i);
    }
    String base = "/api/v1/sessions/" + chat + "/messages?limit=2";
    JsonArray newest = edge.get(base).bodyAsJsonObject().getJsonArray("messages");
    assertEquals(List.of("line 4", "line 5"), contents(newest));
    long oldest = newest.getJsonObject(0).getLong("row_id");
    JsonArray older = edge.get(base + "&before=" + oldest).bodyAsJsonObject()
        .getJsonArray("messages");
    assertEquals(List.of("line 2", "line 3"), contents(older));
    JsonArray first = edge.get(base + "&before=" + older.getJsonObject(0).getLong("row_id"))
        .bodyAsJsonObject().getJsonArray("messages");
    assertEquals(List.of("line 1"), contents(first));
    assertEquals("before", edge.get(base + "&before=x").bodyAsJsonObject().getString("field"));
    assertEquals("before", edge.get(base + "&before=0").bodyAsJsonObject().getString("field"));
  }

  private static List<String> contents(JsonArray messages) {
    return messages.stream().map(o -> ((JsonObject) o).getString("content")).toList();
  }

  @Test
  void deletingAUsersHistoryTakesTheirMessagesSummariesAndNoticesAndNothingElse()
      throws Exception {
    ChatKey privateChat = ChatKey.privateChat(BOT, 20001);
    ChatKey group = ChatKey.group(BOT, 40001);
    ChatKey otherGroup = ChatKey.group(BOT, 40002);
    await(edge.store.store().upsertUser(20001, "alice", Instant.now()));
    received(privateChat, 1, 20001, "alice", "my secret", 1);
    Instant at = Instant.ofEpochSecond(1_700_000_002L);
    await(edge.store.store().append(MessageRow.sent(privateChat, 2, "bot", "noted", "[]", at)));
    received(group, 3, 20001, "alice", "alice in group", 3);
    received(group, 4, 20002, "bob", "bob in group", 4);
    received(otherGroup, 5, 20002, "bob", "bob elsewhere", 5);
    summarize(privateChat);
    summarize(group);
    summarize(otherGroup);
    Instant now = Instant.now();
    await(edge.store.store().append(new NoticeRow(BOT, "group_increase", "approve", 40001L,
        20001L, 1L, "{}", now, now)));

    HttpResponse<Buffer> response = await(edge.request(HttpMethod.DELETE,
        "/api/v1/users/20001/history").send());
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject deleted = response.bodyAsJsonObject().getJsonObject("deleted");
    assertEquals(3, deleted.getLong("messages"), deleted.encode());
    assertEquals(2, deleted.getLong("summaries"), "the private one and the group one covering her");
    assertEquals(1, deleted.getLong("notices"));
    assertEquals(1.0, edge.guarded.guard.registry().find("social.admin.history.deletions")
        .counter().count());

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/social.db"))) {
      assertEquals(List.of("bob elsewhere", "bob in group"),
          column(c, "SELECT content_cq FROM messages ORDER BY content_cq"));
      assertEquals(List.of(String.valueOf(otherGroup.peerId())),
          column(c, "SELECT peer_id FROM summaries"));
      assertEquals(List.of(), column(c, "SELECT nickname FROM users WHERE user_id = 20001"));
      assertEquals(List.of(), column(c, "SELECT id FROM notices"));
    }
    assertEquals(0, edge.get("/api/v1/conversations?query=20001").bodyAsJsonObject()
        .getInteger("count"));

    assertEquals("id", await(edge.request(HttpMethod.DELETE, "/api/v1/users/abc/history").send())
        .bodyAsJsonObject().getString("field"));
    assertEquals(401, anonymous(HttpMethod.DELETE, "/api/v1/users/20002/history").statusCode());
    assertEquals(1.0, edge.guarded.guard.registry().find("social.admin.history.deletions")
        .counter().count(), "refused requests delete nothing and count nothing");
  }

  @Test
  void deletingAUsersHistoryDeletesTheCachedImagesOnlyTheySent() throws Exception {
    ChatKey group = new ChatKey(BOT, ChatType.GROUP, 30001);
    String hers = "a".repeat(64);
    String shared = "b".repeat(64);
    await(edge.store.store().linkMedia(group, List.of(
        new MediaLink(1, 20001, 0, hers, "image/png", 3),
        new MediaLink(1, 20001, 1, shared, "image/png", 3),
        new MediaLink(2, 20002, 0, shared, "image/png", 3))));
    Path media = java.nio.file.Files.createDirectories(dir.resolve("data/media"));
    java.nio.file.Files.write(media.resolve(hers), new byte[] {1, 2, 3});
    java.nio.file.Files.write(media.resolve(shared), new byte[] {4, 5, 6});

    HttpResponse<Buffer> response = await(edge.request(HttpMethod.DELETE,
        "/api/v1/users/20001/history").send());

    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals(1, response.bodyAsJsonObject().getJsonObject("deleted").getInteger("media_files"));
    assertFalse(java.nio.file.Files.exists(media.resolve(hers)), "her image is gone");
    assertTrue(java.nio.file.Files.exists(media.resolve(shared)), "the same bytes user 20002 sent stay");
  }

  private void summarize(ChatKey chat) {
    Claim claim = await(edge.store.store().claim(chat, 100));
    await(edge.store.store().storeSummary(claim, "summary of " + chat, List.of("k")));
  }

  private static List<String> column(Connection c, String sql) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void tasksSayWhichAreStalledAndAlertsShowTheRulesInputs() {
    JsonObject tasks = edge.get("/api/v1/tasks").bodyAsJsonObject();
    assertEquals(400, edge.get("/api/v1/tasks?scope=everywhere").statusCode(), "scope is checked");
    assertNotNull(tasks.getInteger("stalled"));
    assertEquals(TestConfig.defaults().guard().stallAfter().toMillis(),
        tasks.getLong("stall_after_ms"));

    edge.guarded.guard.timeouts().declare("test.op");
    JsonObject alerts = edge.get("/api/v1/alerts").bodyAsJsonObject();
    JsonObject inputs = alerts.getJsonObject("inputs");
    for (String group : List.of("blocked_loops", "timeouts", "stalled_tasks", "brain_failures",
        "store", "backpressure")) {
      assertNotNull(inputs.getJsonArray(group), group + " in " + inputs.encode());
    }
    // The sockets' pauses for the store, under the names OneBotSocketsPaused reads.
    assertEquals(List.of("social_onebot_paused_seconds_total",
            "social_onebot_backpressure_pauses_total"),
        inputs.getJsonArray("backpressure").stream()
            .map(o -> ((JsonObject) o).getString("metric")).toList());
    assertEquals(0.0, inputs.getJsonArray("backpressure").getJsonObject(0).getDouble("value"));
    JsonObject declared = inputs.getJsonArray("timeouts").stream().map(o -> (JsonObject) o)
        .filter(o -> "test.op".equals(o.getJsonObject("labels").getString("op")))
        .findFirst().orElseThrow(() -> new AssertionError(inputs.encode()));
    assertEquals("social_timeouts_total", declared.getString("metric"));
    assertEquals(0.0, declared.getDouble("value"));
    assertNull(alerts.getString("error"));
  }

  @Test
  void theIndexAndTheDescriptionAreOpenEverythingElseWantsTheToken() {
    HttpResponse<Buffer> index = anonymous(HttpMethod.GET, "/api/v1");
    assertEquals(200, index.statusCode(), index.bodyAsString());
    JsonArray endpoints = index.bodyAsJsonObject().getJsonArray("endpoints");
    assertTrue(endpoints.stream().map(o -> (JsonObject) o).anyMatch(e ->
        e.getString("method").equals("DELETE") && e.getString("path")
            .equals("/api/v1/users/{id}/history") && e.getBoolean("token")), endpoints.encode());
    HttpResponse<Buffer> openapi = anonymous(HttpMethod.GET, "/api/v1/openapi.json");
    assertEquals(200, openapi.statusCode());
    assertEquals("3.1.0", openapi.bodyAsJsonObject().getString("openapi"));
    assertEquals(401, anonymous(HttpMethod.GET, "/api/v1/openapi.json/../sessions").statusCode());
  }

  @Test
  void theConsoleIsServedFromTheJarWithAStrictPolicy() {
    HttpResponse<Buffer> bare = await(edge.http.request(HttpMethod.GET, edge.port, "127.0.0.1",
        "/console").followRedirects(false).send());
    assertEquals(302, bare.statusCode());
    assertEquals("/console/", bare.getHeader("Location"));
    HttpResponse<Buffer> page = anonymous(HttpMethod.GET, "/console/");
    assertEquals(200, page.statusCode());
    assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(page.getHeader("Content-Security-Policy").contains("default-src 'none'"));
    assertTrue(page.bodyAsString().contains("console.js"));
    for (String file : List.of("console.js", "console.css")) {
      HttpResponse<Buffer> asset = anonymous(HttpMethod.GET, "/console/" + file);
      assertEquals(200, asset.statusCode(), file);
      assertFalse(asset.bodyAsString().contains("http://") || asset.bodyAsString()
          .contains("https://"), file + " loads nothing from elsewhere (operators run offline)");
    }
    assertEquals(404, anonymous(HttpMethod.GET, "/console/../conf/application.yaml")
        .statusCode());
    assertEquals(404, anonymous(HttpMethod.GET, "/console/nope.js").statusCode());
  }
}
