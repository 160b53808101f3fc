package dev.perocore.social.app;

import dev.perocore.social.guard.ClassWarmup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the expensive one-time class work on the main thread before any verticle starts (see
 * {@link ClassWarmup}), plus JSON, routing and the first scrape, so that no cold-start work blocks
 * an event loop and trips the very alert that must only fire for real stalls.
 *
 * <p>From the shaded jar it also loads (without initialising) the classes that the verticles'
 * start-up would otherwise load on their event loops — ours, the SQL pool, vertx-web, the metrics
 * binding — and initialises the JDBC pool, whose static set-up is heavy. On a loaded machine each
 * of those took 200-400 ms on an event loop (measured at load average 8-12 on 2 cores).
 */
final class Warmup {

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  /** Class-name prefixes (as jar paths) loaded ahead; each is used by a verticle's start. */
  private static final List<String> PRELOAD = List.of(
      "dev/perocore/social/", "io/vertx/sqlclient/", "io/vertx/jdbcclient/", "io/vertx/ext/web/",
      "io/vertx/micrometer/", "io/micrometer/prometheusmetrics/", "org/sqlite/",
      "io/vertx/core/http/", "io/vertx/core/net/", "io/netty/handler/codec/http/");

  /** Classes whose static initialisation is heavy, initialised here rather than on a loop. */
  private static final List<String> INITIALISE = List.of(
      "io.vertx.jdbcclient.JDBCPool", "org.sqlite.JDBC");

  /** The throwaway server's start and stop; past it the start-up just goes on. */
  private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(10);

  private Warmup() {}

  static void run(Vertx vertx, PrometheusMeterRegistry registry) {
    ClassWarmup.run();
    preloadFromJar();
    Buffer.buffer("warm-up").appendString(new JsonObject().put("warm", 1).encode());
    new JsonObject("{\"warm\":[1,\"up\"]}").encodePrettily();
    Router.router(vertx);
    registry.scrape();
    listenOnce(vertx);
  }

  /**
   * A server's first bind links Vert.x's and Netty's lambdas and method handles (hundreds of ms
   * on a loaded machine): done here, from the main thread, on a throwaway loopback server.
   */
  private static void listenOnce(Vertx vertx) {
    try {
      // Bound for an instant on an ephemeral port; a stray request gets an empty answer.
      vertx.createHttpServer()
          .requestHandler(request -> request.response().end().onFailure(ignored -> { }))
          .listen(0, "127.0.0.1")
          .compose(server -> server.close())
          .await(WARM_UP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.debug("warm-up: throwaway server did not start: {}", e.toString());
    }
  }

  private static void preloadFromJar() {
    long start = System.nanoTime();
    ClassLoader loader = Warmup.class.getClassLoader();
    int loaded = 0;
    Path jar = ownJar();
    if (jar != null) {
      try (JarFile file = new JarFile(jar.toFile())) {
        for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
          String name = entries.nextElement().getName();
          if (name.endsWith(".class") && !name.endsWith("module-info.class") && preloaded(name)) {
            loaded += load(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
          }
        }
      } catch (IOException e) {
        LOG.debug("warm-up: cannot read {}: {}", jar, e.toString());
      }
    }
    for (String name : INITIALISE) {
      load(name, true, loader);
    }
    LOG.debug("warm-up: {} classes loaded ahead in {} ms", loaded,
        (System.nanoTime() - start) / 1_000_000);
  }

  private static boolean preloaded(String entry) {
    for (String prefix : PRELOAD) {
      if (entry.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Loading is an optimisation: a class that cannot load here fails later where it is used. */
  private static int load(String name, boolean initialise, ClassLoader loader) {
    try {
      Class.forName(name, initialise, loader);
      return 1;
    } catch (ClassNotFoundException | LinkageError e) {
      return 0;
    }
  }

  /** The shaded jar this class came from; null when run from classes (tests, an IDE). */
  private static Path ownJar() {
    CodeSource source = Warmup.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return null;
    }
    try {
      Path path = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(path) && path.toString().endsWith(".jar") ? path : null;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
