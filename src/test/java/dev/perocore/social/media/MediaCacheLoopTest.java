package dev.perocore.social.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache built at a verticle's start takes no event loop of its own: four verticles deployed in
 * turn, each building one (as the four session shards do), land on four different loops of a
 * four-loop Vert.x. Before the client was made lazily they landed on two, and the other two loops
 * served only sockets.
 */
class MediaCacheLoopTest {

  @TempDir
  Path dir;
  private final GuardedVertx gv = GuardedVertx.fast();

  @AfterEach
  void stop() {
    gv.close();
  }

  /** Builds a cache on its own context at start, and notes which thread that is. */
  private final class Owner extends VerticleBase {
    volatile String thread;
    private MediaCache cache;

    @Override
    public Future<?> start() {
      thread = Thread.currentThread().getName();
      cache = new MediaCache(vertx, gv.guard.timeouts(), gv.registry, new MediaConfig(true,
          dir.resolve("media"), 64 * 1024, Duration.ofSeconds(5), 1L << 20, Duration.ofDays(7),
          2));
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      return cache.close();
    }
  }

  @Test
  void fourOwnersDeployedInTurnUseFourEventLoops() {
    List<Owner> owners = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Owner owner = new Owner();
      OnContext.await(gv.vertx.deployVerticle(owner));
      owners.add(owner);
    }
    List<String> threads = owners.stream().map(o -> o.thread).toList();
    assertEquals(4, new HashSet<>(threads).size(), "one loop each: " + threads);
  }
}
