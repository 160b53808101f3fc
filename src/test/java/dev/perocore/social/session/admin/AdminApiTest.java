package dev.perocore.social.session.admin;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.EdgeFixture;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.sim.ActionBehaviour;
import dev.perocore.social.store.MessageOrigin;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.SentText;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every admin endpoint over real HTTP on loopback, with its 400/401/404/409 cases. */
class AdminApiTest {

  private static final long BOT = EdgeFixture.BOT;

  @TempDir Path dir;
  private EdgeFixture edge;

  @BeforeEach
  void setUp() {
    edge = new EdgeFixture(dir, TestConfig.requests(Map.of("requests.friend", "hold",
        "requests.group_invite", "hold", "requests.group_add", "hold",
        "requests.action_timeout", "2s", "requests.brain_timeout", "2s")), null);
  }

  @AfterEach
  void tearDown() {
    edge.close();
  }

  private static void assertBadField(HttpResponse<Buffer> response, String field) {
    assertEquals(400, response.statusCode(), response.bodyAsString());
    assertEquals(field, response.bodyAsJsonObject().getString("field"), response.bodyAsString());
  }

  @Test
  void everyEndpointWantsTheBearerToken() {
    List<String[]> endpoints = List.of(new String[] {"GET", "/api/v1/sessions"},
        new String[] {"GET", "/api/v1/sessions/" + BOT + ":private:1/messages"},
        new String[] {"GET", "/api/v1/requests"}, new String[] {"POST", "/api/v1/requests/1"},
        new String[] {"POST", "/api/v1/send"}, new String[] {"POST", "/api/v1/backup"});
    for (String[] e : endpoints) {
      HttpResponse<Buffer> anonymous = await(edge.http.request(HttpMethod.valueOf(e[0]), edge.port,
          "127.0.0.1", e[1]).send());
      assertEquals(401, anonymous.statusCode(), e[0] + " " + e[1]);
      HttpResponse<Buffer> wrong = await(edge.http.request(HttpMethod.valueOf(e[0]), edge.port,
          "127.0.0.1", e[1]).bearerTokenAuthentication("nope").send());
      assertEquals(401, wrong.statusCode(), e[0] + " " + e[1]);
    }
    assertTrue(Files.notExists(dir.resolve("data/backups")), "no backup without the token");
  }

  @Test
  void sessionsListWhatTheOwnersPublished() {
    long now = System.currentTimeMillis();
    edge.publish(new SessionDirectory.Entry(ChatKey.group(BOT, 40001), now - 5000, 3,
        "buffering", 1));
    edge.publish(new SessionDirectory.Entry(ChatKey.privateChat(BOT, 20001), now, 0,
        "idle", 0));
    HttpResponse<Buffer> response = edge.get("/api/v1/sessions");
    assertEquals(200, response.statusCode());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(2, body.getInteger("count"));
    JsonObject first = body.getJsonArray("sessions").getJsonObject(0);
    assertEquals(BOT + ":private:20001", first.getString("key"));
    assertEquals("private", first.getString("type"));
    assertEquals("idle", first.getString("state"));
    JsonObject second = body.getJsonArray("sessions").getJsonObject(1);
    assertEquals(3, second.getInteger("buffered"));
    assertEquals("buffering", second.getString("state"));
    assertEquals(Instant.ofEpochMilli(now - 5000).toString(), second.getString("last_activity"));
    assertBadField(edge.get("/api/v1/sessions?limit=0"), "limit");
    // One node, no cluster: either scope is this node, in the single-node shape; others are a 400.
    assertEquals(body, edge.get("/api/v1/sessions?scope=local").bodyAsJsonObject());
    assertEquals(body, edge.get("/api/v1/sessions?scope=cluster").bodyAsJsonObject());
    assertBadField(edge.get("/api/v1/sessions?scope=everywhere"), "scope");
    assertBadField(edge.get("/api/v1/requests?scope=everywhere"), "scope");
  }

  @Test
  void sessionMessagesComeFromTheStoreNewestNOldestFirst() {
    ChatKey ref = ChatKey.group(BOT, 40001);
    for (int i = 1; i <= 5; i++) {
      Instant at = Instant.ofEpochSecond(1_700_000_000L + i);
      MessageRow row = MessageRow.received(ref, 500 + i, 20000 + i, "user" + i,
          "line " + i, "[]", at, at, null);
      // The last one as if fetched from history after a reconnect.
      await(edge.store.store().append(i == 5 ? row.withOrigin(MessageOrigin.BACKFILL) : row));
    }
    HttpResponse<Buffer> response = edge.get("/api/v1/sessions/" + BOT + ":group:40001/messages?limit=2");
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonArray messages = response.bodyAsJsonObject().getJsonArray("messages");
    assertEquals(2, messages.size());
    assertEquals("line 4", messages.getJsonObject(0).getString("content"));
    assertEquals("line 5", messages.getJsonObject(1).getString("content"));
    assertEquals("received", messages.getJsonObject(1).getString("status"));
    assertEquals("live", messages.getJsonObject(0).getString("origin"));
    assertEquals("backfill", messages.getJsonObject(1).getString("origin"));

    assertBadField(edge.get("/api/v1/sessions/nonsense/messages"), "key");
    assertBadField(edge.get("/api/v1/sessions/" + BOT + ":channel:1/messages"), "key");
    assertBadField(edge.get("/api/v1/sessions/" + BOT + ":group:40001/messages?limit=0"), "limit");
    assertBadField(edge.get("/api/v1/sessions/" + BOT + ":group:40001/messages?limit=1001"), "limit");
    assertBadField(edge.get("/api/v1/sessions/" + BOT + ":group:40001/messages?limit=ten"), "limit");
    HttpResponse<Buffer> empty = edge.get("/api/v1/sessions/" + BOT + ":private:1/messages");
    assertEquals(0, empty.bodyAsJsonObject().getInteger("count"));
  }

  private long heldRequest(long userId) {
    await(edge.sim.send(edge.sim.friendRequest(userId, "let me in")));
    await(Poll.until(edge.vertx, Duration.ofMillis(20), Duration.ofSeconds(20), "held request",
        () -> edge.store.store().pendingRequests(100).map(open -> open.stream()
            .anyMatch(p -> p.row().userId() == userId))));
    JsonArray listed = edge.get("/api/v1/requests").bodyAsJsonObject().getJsonArray("requests");
    for (int i = 0; i < listed.size(); i++) {
      if (listed.getJsonObject(i).getLong("user_id") == userId) {
        return listed.getJsonObject(i).getLong("id");
      }
    }
    throw new AssertionError("request of " + userId + " not listed: " + listed);
  }

  @Test
  void heldRequestsAreListedAndResolvedOnce() {
    long id = heldRequest(20001);
    JsonObject listed = edge.get("/api/v1/requests").bodyAsJsonObject();
    assertEquals(1, listed.getInteger("count"));
    JsonObject item = listed.getJsonArray("requests").getJsonObject(0);
    assertEquals("friend", item.getString("kind"));
    assertEquals("let me in", item.getString("comment"));

    HttpResponse<Buffer> approved = edge.post("/api/v1/requests/" + id,
        new JsonObject().put("decision", "approve").put("remark", "Bob"));
    assertEquals(200, approved.statusCode(), approved.bodyAsString());
    assertEquals("approved", approved.bodyAsJsonObject().getString("resolution"));
    JsonObject params = edge.sim.actionsReceived("set_friend_add_request").get(0)
        .getJsonObject("params");
    assertEquals(item.getString("flag"), params.getString("flag"));
    assertEquals(true, params.getBoolean("approve"));
    assertEquals("Bob", params.getString("remark"));
    assertEquals(0, edge.get("/api/v1/requests").bodyAsJsonObject().getInteger("count"));

    HttpResponse<Buffer> again = edge.post("/api/v1/requests/" + id,
        new JsonObject().put("decision", "reject"));
    assertEquals(409, again.statusCode(), again.bodyAsString());
    assertEquals("approved", again.bodyAsJsonObject().getString("resolution"));
    assertEquals(1, edge.sim.actionsReceived("set_friend_add_request").size());
  }

  @Test
  void aDecisionThatCannotBeSentIs502WithTheRetcodeAndTheRequestStaysOpen() {
    long id = heldRequest(20002);
    edge.sim.answer("set_friend_add_request", ActionBehaviour.failed(100, "expired"));
    HttpResponse<Buffer> refused = edge.post("/api/v1/requests/" + id,
        new JsonObject().put("decision", "reject"));
    assertEquals(502, refused.statusCode(), refused.bodyAsString());
    assertEquals(100, refused.bodyAsJsonObject().getInteger("retcode"));
    assertEquals(1, edge.get("/api/v1/requests").bodyAsJsonObject().getInteger("count"));

    edge.sim.answer("set_friend_add_request", ActionBehaviour.ok());
    assertEquals(200, edge.post("/api/v1/requests/" + id,
        new JsonObject().put("decision", "reject")).statusCode());
  }

  @Test
  void badRequestDecisionsAreRefusedNamingTheField() {
    long id = heldRequest(20003);
    assertEquals(404, edge.post("/api/v1/requests/99999",
        new JsonObject().put("decision", "approve")).statusCode());
    assertBadField(edge.post("/api/v1/requests/abc", new JsonObject().put("decision", "approve")),
        "id");
    assertBadField(edge.post("/api/v1/requests/" + id, new JsonObject()), "decision");
    assertBadField(edge.post("/api/v1/requests/" + id,
        new JsonObject().put("decision", "maybe")), "decision");
    assertBadField(edge.post("/api/v1/requests/" + id,
        new JsonObject().put("decision", "approve").put("remark", 5)), "remark");
    assertBadField(edge.postRaw("/api/v1/requests/" + id, "{not json"), "body");
    assertEquals(1, edge.get("/api/v1/requests").bodyAsJsonObject().getInteger("count"));
    assertBadField(edge.get("/api/v1/requests?limit=5000"), "limit");
  }

  @Test
  void sendTakesAnExplicitSegmentArray() {
    JsonArray segments = new JsonArray()
        .add(new JsonObject().put("type", "face").put("data", new JsonObject().put("id", "1")))
        .add(new JsonObject().put("type", "text").put("data", new JsonObject().put("text", " hi")));
    HttpResponse<Buffer> sent = edge.post("/api/v1/send", new JsonObject().put("self_id", BOT)
        .put("type", "group").put("id", 40006).put("message", segments));
    assertEquals(200, sent.statusCode(), sent.bodyAsString());
    JsonObject action = edge.sim.actionsReceived("send_group_msg").get(0).getJsonObject("params");
    assertEquals(segments, action.getJsonArray("message"));

    assertBadField(edge.post("/api/v1/send", new JsonObject().put("self_id", BOT)
        .put("type", "group").put("id", 40006).put("message", new JsonArray())), "message");
    assertBadField(edge.post("/api/v1/send", new JsonObject().put("self_id", BOT)
        .put("type", "group").put("id", 40006).put("message", new JsonArray().add(5))), "message");
    // OneBot's segment values are strings: a number goes out as one, anything else is refused.
    assertBadField(edge.post("/api/v1/send", new JsonObject().put("self_id", BOT)
        .put("type", "group").put("id", 40006).put("message", new JsonArray().add(new JsonObject()
            .put("type", "text").put("data", new JsonObject().put("text", true))))), "message");
    assertEquals(1, edge.sim.actionsReceived("send_group_msg").size());
    HttpResponse<Buffer> numeric = edge.post("/api/v1/send", new JsonObject().put("self_id", BOT)
        .put("type", "group").put("id", 40006).put("message", new JsonArray()
            .add(new JsonObject().put("type", "at").put("data", new JsonObject().put("qq", 20001)))
            .add(new JsonObject().put("type", "text")
                .put("data", new JsonObject().put("text", 1e10)))));
    assertEquals(200, numeric.statusCode(), numeric.bodyAsString());
    assertEquals(new JsonArray()
            .add(new JsonObject().put("type", "at")
                .put("data", new JsonObject().put("qq", "20001")))
            .add(new JsonObject().put("type", "text").put("data", new JsonObject()
                .put("text", "10000000000"))),
        edge.sim.actionsReceived("send_group_msg").get(1).getJsonObject("params")
            .getJsonArray("message"));
  }

  @Test
  void sendReachesTheSimulatorAndIsStored() {
    HttpResponse<Buffer> sent = edge.post("/api/v1/send", new JsonObject().put("self_id", BOT)
        .put("type", "group").put("id", 40005).put("message", "hello [CQ:face,id=1]"));
    assertEquals(200, sent.statusCode(), sent.bodyAsString());
    JsonObject body = sent.bodyAsJsonObject();
    assertEquals("sent", body.getString("result"));
    assertTrue(body.getBoolean("stored"));
    JsonObject action = edge.sim.actionsReceived("send_group_msg").get(0).getJsonObject("params");
    assertEquals(40005, action.getLong("group_id"));
    // A string is plain text: the CQ-looking part is characters, not a face.
    assertEquals("hello [CQ:face,id=1]", SentText.of(action));

    JsonArray messages = edge.get("/api/v1/sessions/" + BOT + ":group:40005/messages")
        .bodyAsJsonObject().getJsonArray("messages");
    assertEquals(1, messages.size());
    assertEquals("sent", messages.getJsonObject(0).getString("status"));
    assertEquals(body.getString("message_id"),
        String.valueOf(messages.getJsonObject(0).getLong("message_id")));
  }

  @Test
  void aRefusedSendIs502WithTheRetcodeAndStoredAsFailed() {
    edge.sim.answer("send_private_msg", ActionBehaviour.failed(120, "muted"));
    HttpResponse<Buffer> refused = edge.post("/api/v1/send", new JsonObject()
        .put("self_id", String.valueOf(BOT)).put("type", "private").put("id", "20009")
        .put("message", "are you there"));
    assertEquals(502, refused.statusCode(), refused.bodyAsString());
    assertEquals(120, refused.bodyAsJsonObject().getInteger("retcode"));
    JsonObject row = edge.get("/api/v1/sessions/" + BOT + ":private:20009/messages")
        .bodyAsJsonObject().getJsonArray("messages").getJsonObject(0);
    assertEquals("failed", row.getString("status"));
    assertEquals(120, row.getInteger("retcode"));

    HttpResponse<Buffer> offline = edge.post("/api/v1/send", new JsonObject().put("self_id", 55555)
        .put("type", "private").put("id", 1).put("message", "anyone"));
    assertEquals(503, offline.statusCode(), offline.bodyAsString());
    // A bot that never connected: nothing stored (no session invented for a mistyped self_id),
    // and the answer says so.
    assertEquals(false, offline.bodyAsJsonObject().getBoolean("stored"));
    assertTrue(offline.bodyAsJsonObject().getString("error").contains("never connected"),
        offline.bodyAsString());
    assertEquals(1, offline.bodyAsJsonObject().getString("error").split("not delivered").length - 1,
        "the reason is said once, not wrapped again on its way over the bus");
    assertEquals(0, edge.get("/api/v1/sessions/55555:private:1/messages").bodyAsJsonObject()
        .getJsonArray("messages").size());
  }

  @Test
  void badSendBodiesAreRefusedNamingTheField() {
    JsonObject good = new JsonObject().put("self_id", BOT).put("type", "private").put("id", 1)
        .put("message", "hi");
    assertBadField(edge.post("/api/v1/send", good.copy().put("self_id", null)), "self_id");
    assertBadField(edge.post("/api/v1/send", good.copy().put("self_id", "bot")), "self_id");
    assertBadField(edge.post("/api/v1/send", good.copy().put("type", "channel")), "type");
    assertBadField(edge.post("/api/v1/send", good.copy().put("id", -3)), "id");
    assertBadField(edge.post("/api/v1/send", good.copy().put("message", " ")), "message");
    assertBadField(edge.post("/api/v1/send", good.copy().put("message", 12)), "message");
    assertBadField(edge.postRaw("/api/v1/send", "[1,2]"), "body");
    assertTrue(edge.sim.actionsReceived("send_private_msg").isEmpty());
  }

  @Test
  void backupWritesAReadableCopyAndNeverOverwrites() throws Exception {
    ChatKey ref = ChatKey.privateChat(BOT, 20001);
    Instant at = Instant.now();
    await(edge.store.store().append(MessageRow.received(ref, 1, 20001, "u", "kept", "[]", at, at,
        null)));
    HttpResponse<Buffer> first = edge.post("/api/v1/backup", new JsonObject());
    assertEquals(200, first.statusCode(), first.bodyAsString());
    Path copy = Path.of(first.bodyAsJsonObject().getString("path"));
    assertTrue(copy.startsWith(dir.resolve("data/backups").toAbsolutePath()), copy.toString());
    assertEquals(Files.size(copy), first.bodyAsJsonObject().getLong("bytes"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        ResultSet rs = c.createStatement().executeQuery("SELECT content_cq FROM messages")) {
      assertTrue(rs.next());
      assertEquals("kept", rs.getString(1));
    }

    if (Files.getFileStore(copy).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(copy)), "only the owner reads a copy of every chat");
      assertEquals("rwx------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(copy.getParent())));
    }

    HttpResponse<Buffer> named = edge.post("/api/v1/backup",
        new JsonObject().put("name", "before-upgrade.db"));
    assertEquals(200, named.statusCode(), named.bodyAsString());
    Path chosen = dir.resolve("data/backups/before-upgrade.db").toAbsolutePath();
    assertEquals(chosen.toString(), named.bodyAsJsonObject().getString("path"));
    assertTrue(Files.size(chosen) > 0);
    HttpResponse<Buffer> again = edge.post("/api/v1/backup",
        new JsonObject().put("name", "before-upgrade.db"));
    assertEquals(409, again.statusCode(), again.bodyAsString());

    // Only names, only into the backups folder: no path, no way out of it.
    Path outside = dir.resolve("elsewhere/copy.db");
    assertBadField(edge.post("/api/v1/backup", new JsonObject().put("path", outside.toString())),
        "path");
    for (String name : List.of("../escape.db", "/tmp/x.db", "sub/x.db", ".hidden", "a\\b.db", "")) {
      assertBadField(edge.post("/api/v1/backup", new JsonObject().put("name", name)), "name");
    }
    assertTrue(Files.notExists(outside) && Files.notExists(dir.resolve("data/escape.db")));
    assertBadField(edge.post("/api/v1/backup", new JsonObject().put("name", 7)), "name");
    assertBadField(edge.postRaw("/api/v1/backup", "nope"), "body");
  }
}
