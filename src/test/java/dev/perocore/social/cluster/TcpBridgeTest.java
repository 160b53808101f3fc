package dev.perocore.social.cluster;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.Poll;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP event bus bridge with a real TCP client speaking its framing (4-byte big-endian length,
 * then JSON): it subscribes to social.events.*, asks social.brain, serves it when brain requests
 * leave the process, and is refused without the token or outside the permitted addresses
 * (counted by reason). vertx-tcp-eventbus-bridge 5.0.8 on core 5.0.10.
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
    assertEquals(2.0, gv.counter("social.bridge.frames.refused", "reason", "address"));
    assertTrue(gv.registry.scrape().contains("social_bridge_frames_refused_total"));
  }

  @Test
  void theBrainsAddressesAreOpenToClientsOnlyWhenBrainRequestsLeaveTheProcess() throws Exception {
    // setUp's bridge: brain.local true, whose requests are records a client could not read.
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      for (String address : List.of("social.brain", "social.brain.summarize",
          "social.brain.request")) {
        write(out, frame("register", address, TOKEN));
        assertEquals("access_denied", read(in).getString("message"), address);
      }
    }
    assertEquals(3.0, gv.counter("social.bridge.frames.refused", "reason", "address"));

    int serving = ClusterNode.freePort();
    await(gv.vertx.deployVerticle(new TcpBridgeVerticle(gv.guard, Duration.ofSeconds(1),
        new BridgeConfig(true, "127.0.0.1", serving, Optional.of(TOKEN)), true)));
    try (Socket socket = new Socket("127.0.0.1", serving)) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      write(out, frame("register", "social.brain", TOKEN));
      write(out, frame("register", "social.brain.other", TOKEN));
      assertEquals("access_denied", read(in).getString("message"), "only the three");
      write(out, frame("ping", "-", null));
      assertEquals("pong", read(in).getString("type"), "social.brain was accepted");
      assertEquals(1.0, gv.gauge("social.bridge.brain.clients"));
      // The client serves: a request arrives with a reply address; the answer goes back there.
      var asked = gv.vertx.eventBus().<JsonObject>request("social.brain",
          new JsonObject().put("v", 1).put("body", new JsonObject().put("sessionKey", "k")));
      JsonObject request = read(in);
      assertEquals("social.brain", request.getString("address"), request.encode());
      assertEquals("k", request.getJsonObject("body").getJsonObject("body")
          .getString("sessionKey"));
      write(out, frame("send", request.getString("replyAddress"), TOKEN)
          .put("body", new JsonObject().put("v", 1).put("body", "HOLD")));
      assertEquals("HOLD", await(asked).body().getString("body"));
    }
    assertEquals(4.0, gv.counter("social.bridge.frames.refused", "reason", "address"));
    await(Poll.untilTrue(gv.vertx, "the closed connection no longer serves the brain",
        () -> gv.gauge("social.bridge.brain.clients") == 0.0));
  }
}
