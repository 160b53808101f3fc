package dev.perocore.social.testing;

import dev.perocore.social.app.SocialApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import reactor.blockhound.BlockHound;

/**
 * Runs the shaded jar's main under BlockHound, as the suite runs its tests: a blocking call on an
 * event loop is printed as one {@link #MARK} line. This, not the blocked-thread checker's wall
 * clock, is what "a cold start must not block an event loop" means: on a loaded machine a loop
 * that only computes can still be descheduled past any limit.
 */
public final class BlockHoundJarMain {

  /** The start of the line printed for each blocking call on an event loop. */
  public static final String MARK = "blockhound: blocking call on an event loop: ";

  /** Printed once BlockHound is installed, so a test can tell the check was on. */
  public static final String INSTALLED = "blockhound: installed, event loops checked";

  private static final List<Class<?>> SHIPPED =
      List.of(BlockHoundJarMain.class, EventLoopBlockHound.class, BlockingViolations.class);

  private BlockHoundJarMain() {}

  public static void main(String[] args) {
    // Our integration (found through the copied service file) records each call; a plain thread
    // prints them, since printing on the loop would be a blocking call itself.
    BlockHound.install();
    System.out.println(INSTALLED);
    Thread reporter = new Thread(BlockHoundJarMain::report, "blockhound-report");
    reporter.setDaemon(true);
    reporter.start();
    Runtime.getRuntime().addShutdownHook(new Thread(BlockHoundJarMain::print, "blockhound-flush"));
    SocialApplication.main(args);
  }

  /**
   * The JVM arguments that start the jar through this class: BlockHound's flag, then a class path
   * of the jar, BlockHound and this class's few test classes copied into {@code workDir} (not all
   * test classes: their logback-test.xml would change the service's log).
   */
  public static List<String> launch(Path workDir, Path jar) {
    Path hooks = workDir.resolve("blockhound-classes");
    try {
      for (Class<?> type : SHIPPED) {
        String file = type.getName().replace('.', '/') + ".class";
        copy(type, "/" + file, hooks.resolve(file));
      }
      Path services = hooks.resolve(
          "META-INF/services/reactor.blockhound.integration.BlockHoundIntegration");
      Files.createDirectories(services.getParent());
      Files.writeString(services, EventLoopBlockHound.class.getName() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String blockHound = Stream.of(System.getProperty("java.class.path").split(
            java.io.File.pathSeparator))
        .filter(entry -> entry.contains("blockhound-1."))
        .findFirst().orElseThrow(() -> new AssertionError("blockhound is not on the class path"));
    return List.of("-XX:+AllowRedefinitionToAddDeleteMethods", "-cp",
        String.join(java.io.File.pathSeparator, jar.toString(), hooks.toString(), blockHound),
        BlockHoundJarMain.class.getName());
  }

  private static void copy(Class<?> type, String resource, Path to) throws IOException {
    try (InputStream in = type.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " not found");
      }
      Files.createDirectories(to.getParent());
      Files.copy(in, to);
    }
  }

  private static void report() {
    while (true) {
      print();
      try {
        Thread.sleep(100); // a plain thread polling a queue; nothing waits on it
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static synchronized void print() {
    for (String seen : BlockingViolations.takeAll()) {
      System.out.println(MARK + seen);
    }
  }
}
