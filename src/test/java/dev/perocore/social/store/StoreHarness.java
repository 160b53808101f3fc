package dev.perocore.social.store;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A store deployed as its verticle on a guarded Vert.x, over a file in a temp folder. */
final class StoreHarness implements AutoCloseable {

  final GuardedVertx gv;
  final StoreConfig config;
  private StoreVerticle verticle;
  private String deploymentId;
  private static final AtomicLong IDS = new AtomicLong(1000);

  /** @param overlay dotted {@code store.*} keys over the harness's own (see {@link TestConfig}) */
  StoreHarness(Path dir, Map<String, ?> overlay) {
    this.gv = GuardedVertx.fast();
    this.config = TestConfig.defaults()
        .with("store.path", dir.resolve("data/social.db"))
        .with("store.busy_timeout", "100ms")
        .with(overlay)
        .store();
  }

  static StoreHarness open(Path dir) {
    return open(dir, Map.of());
  }

  static StoreHarness open(Path dir, Map<String, ?> overlay) {
    StoreHarness h = new StoreHarness(dir, overlay);
    h.deploy();
    return h;
  }

  void deploy() {
    verticle = new StoreVerticle(gv.guard, config, Duration.ofSeconds(5));
    deploymentId = OnContext.await(gv.vertx.deployVerticle(verticle));
  }

  void undeploy() {
    OnContext.await(gv.vertx.undeploy(deploymentId));
  }

  Store store() {
    return verticle.store();
  }

  StoreVerticle verticle() {
    return verticle;
  }

  /** A plain JDBC connection of the test thread (never an event loop). */
  Connection jdbc() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + config.path());
  }

  long count(String sql) throws SQLException {
    try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static MessageRow inbound(ChatKey session, long senderId, String text) {
    return inbound(session, IDS.incrementAndGet(), senderId, text);
  }

  static MessageRow inbound(ChatKey session, long messageId, long senderId, String text) {
    Instant now = Instant.now();
    return MessageRow.received(session, messageId, senderId, "user" + senderId, text,
        "[{\"type\":\"text\",\"data\":{\"text\":\"" + text + "\"}}]", now, now,
        "{\"post_type\":\"message\",\"message_id\":" + messageId + "}");
  }

  @Override
  public void close() {
    gv.close();
  }
}
