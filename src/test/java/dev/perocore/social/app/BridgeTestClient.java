package dev.perocore.social.app;

import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A TCP event bus bridge client as a non-JVM process would write it: a plain socket, frames of a
 * 4-byte big-endian length and UTF-8 JSON, the token in every frame's headers. A reader thread
 * queues what arrives; the test takes frames in the order it expects them.
 */
final class BridgeTestClient implements AutoCloseable {

  private final Socket socket;
  private final DataOutputStream out;
  private final String token;
  private final BlockingQueue<JsonObject> arrived = new LinkedBlockingQueue<>();
  /** Every frame received, in order (what a test did not wait for is still here to assert on). */
  final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private BridgeTestClient(int port, String token) throws IOException {
    this.socket = new Socket("127.0.0.1", port);
    this.out = new DataOutputStream(socket.getOutputStream());
    this.token = token;
    DataInputStream in = new DataInputStream(socket.getInputStream());
    this.reader = new Thread(() -> read(in), "bridge-test-client");
    reader.setDaemon(true);
    reader.start();
  }

  static BridgeTestClient connect(int port, String token) throws IOException {
    return new BridgeTestClient(port, token);
  }

  private void read(DataInputStream in) {
    try {
      while (true) {
        byte[] bytes = in.readNBytes(in.readInt());
        JsonObject frame = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        received.add(frame);
        arrived.add(frame);
      }
    } catch (IOException closed) {
      // The socket closed: the test is over.
    }
  }

  /** Sends {@code frame} with the token in its headers. */
  synchronized void send(JsonObject frame) {
    JsonObject headers = frame.getJsonObject("headers", new JsonObject());
    frame.put("headers", headers.put("token", token));
    byte[] bytes = frame.encode().getBytes(StandardCharsets.UTF_8);
    try {
      out.writeInt(bytes.length);
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Registers for each address, then pings: the bridge handles one connection's frames in order,
   * so the pong says every registration is in place.
   */
  void register(String... addresses) {
    for (String address : addresses) {
      send(new JsonObject().put("type", "register").put("address", address));
    }
    send(new JsonObject().put("type", "ping"));
    next("the pong after the registrations", f -> "pong".equals(f.getString("type")));
  }

  /** Answers a message received with a reply address (a brain request). */
  void reply(JsonObject request, JsonObject body) {
    send(new JsonObject().put("type", "send").put("address", request.getString("replyAddress"))
        .put("body", body));
  }

  /** The next frame matching {@code wanted}; frames before it are skipped (still in received). */
  JsonObject next(String what, Predicate<JsonObject> wanted) {
    long giveUpAt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    try {
      while (true) {
        long left = giveUpAt - System.nanoTime();
        JsonObject frame = left <= 0 ? null : arrived.poll(left, TimeUnit.NANOSECONDS);
        if (frame == null) {
          throw new AssertionError("no frame for: " + what + "; received " + received);
        }
        if (wanted.test(frame)) {
          return frame;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  /** The next message frame on {@code address}. */
  JsonObject next(String address) {
    return next("a message on " + address, f -> "message".equals(f.getString("type"))
        && address.equals(f.getString("address")));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
