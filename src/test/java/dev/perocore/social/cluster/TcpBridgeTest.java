package dev.perocore.social.cluster;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.GuardedVertx;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP event bus bridge with a real TCP client speaking its framing (4-byte big-endian length,
 * then JSON): it subscribes to social.events.*, asks social.brain, and is refused without the
 * token or outside the permitted addresses. vertx-tcp-eventbus-bridge 5.0.8 on core 5.0.10.
 */
class TcpBridgeTest {

  private static final String TOKEN = "bridge-secret";

  private GuardedVertx gv;
  private int port;

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    port = ClusterNode.freePort();
    await(gv.vertx.deployVerticle(new TcpBridgeVerticle(gv.guard, Duration.ofSeconds(1),
        new BridgeConfig(true, "127.0.0.1", port, Optional.of(TOKEN)))));
  }

  @AfterEach
  void tearDown() {
    gv.close();
  }

  private static void write(DataOutputStream out, JsonObject frame) throws IOException {
    byte[] bytes = frame.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
  }

  /** The next frame, or null when none came within the socket's read timeout. */
  private static JsonObject read(DataInputStream in) throws IOException {
    try {
      int length = in.readInt();
      byte[] bytes = in.readNBytes(length);
      return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    } catch (SocketTimeoutException none) {
      return null;
    }
  }

  private static JsonObject frame(String type, String address, String token) {
    JsonObject frame = new JsonObject().put("type", type).put("address", address);
    return token == null ? frame : frame.put("headers", new JsonObject().put("token", token));
  }

  @Test
  void theBridgeRunsOnTheCoreOfThisBuild() throws IOException {
    try (InputStream in = io.vertx.core.Vertx.class.getResourceAsStream(
        "/META-INF/vertx/vertx-version.txt")) {
      assertEquals("5.0.10", new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    }
    // setUp deployed the 5.0.8 bridge on this core; the other tests speak to it.
  }

  @Test
  void aClientWithTheTokenReceivesSocialEvents() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(100);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      write(out, frame("register", "social.events.message", TOKEN));
      JsonObject event = new JsonObject().put("v", 1).put("kind", "message").put("self_id", 10001)
          .put("event", new JsonObject().put("raw_message", "你好"));
      // The registration is asynchronous: publish until the client has it.
      JsonObject received = null;
      long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (received == null && System.nanoTime() < giveUp) {
        gv.vertx.eventBus().publish("social.events.message", event);
        received = read(in);
      }
      assertEquals("message", received.getString("type"));
      assertEquals("social.events.message", received.getString("address"));
      assertEquals(event, received.getJsonObject("body"));
    }
  }

  @Test
  void aClientCanAskSocialBrainAndGetsTheAnswer() throws Exception {
    gv.vertx.eventBus().<JsonObject>consumer("social.brain",
        m -> m.reply(new JsonObject().put("decision", "pass").put("asked", m.body())));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      write(out, frame("send", "social.brain", TOKEN).put("replyAddress", "r-1")
          .put("body", new JsonObject().put("text", "hi")));
      JsonObject answer = read(in);
      assertEquals("r-1", answer.getString("address"), answer.encode());
      assertEquals("pass", answer.getJsonObject("body").getString("decision"));
      assertEquals("hi", answer.getJsonObject("body").getJsonObject("asked").getString("text"));
    }
  }

  @Test
  void aWrongOrMissingTokenAndAnUnpermittedAddressAreRefused() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      write(out, frame("register", "social.events.message", "wrong"));
      assertEquals("blocked by bridgeEvent handler", read(in).getString("message"));
      write(out, frame("register", "social.events.message", null));
      assertEquals("blocked by bridgeEvent handler", read(in).getString("message"));
      write(out, frame("register", "social.inbound.message", TOKEN));
      assertEquals("access_denied", read(in).getString("message"));
      write(out, frame("send", "social.onebot.action", TOKEN).put("body", new JsonObject()));
      assertEquals("access_denied", read(in).getString("message"));
    }
    assertEquals(2.0, gv.counter("social.bridge.frames.refused", "reason", "token"));
    assertTrue(gv.registry.scrape().contains("social_bridge_frames_refused_total"));
  }
}
