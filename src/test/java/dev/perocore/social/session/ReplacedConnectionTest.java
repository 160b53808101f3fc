package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.RawWebSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot's new connection replaces its old one (NapCat reconnecting before the old socket died):
 * what still arrives on the old connection until it is closed is a real event, stored like any
 * other — over real WebSockets, into a real SQLite file.
 */
class ReplacedConnectionTest {

  private static final String STORED = "SELECT count(*) FROM messages WHERE status = 'received'";

  @Test
  void messagesSentOnTheOldConnectionAfterTheReplacementAreStored(@TempDir Path dir)
      throws Exception {
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fastConfig(),
        Duration.ofSeconds(5))) {
      try (RawWebSocket old = RawWebSocket.connect(h.port(), OneBotGatewayVerticle.PATH_UNIVERSAL,
          SessionHarness.SELF)) {
        OneBotSimulator fresh = new OneBotSimulator(h.gv.vertx, SessionHarness.SELF)
            .heartbeat(Duration.ZERO);
        OnContext.await(fresh.connectUniversal(h.port(), OneBotGatewayVerticle.PATH_UNIVERSAL));
        assertEquals(1008, old.awaitCloseFrame(), "the old connection is told it was replaced");

        // The old peer has not answered the close yet: what it writes now is still read.
        int count = 300;
        for (int i = 0; i < count; i++) {
          old.sendText(h.sim.groupMessage(30001 + i % 3, 20001 + i % 7, "late " + i).encode());
        }
        old.sendClose(1000);
        h.waitFor(count + " messages from the replaced connection stored", () -> {
          try {
            return h.sqlCount(STORED) == count;
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
        assertEquals(count, h.sqlCount(STORED));
        OnContext.await(fresh.close());
      }
    }
  }
}
