package dev.perocore.social.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real shaded jar, started as a separate process in a scratch folder with free loopback ports.
 * Used by the integration tests ({@code *IT}), which Maven runs after {@code package}.
 */
public final class JarProcess implements AutoCloseable {

  public final Path workDir;
  public final Path log;
  public final int httpPort;
  public final int managementPort;
  private final Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private JarProcess(Path workDir, Map<String, String> env, List<String> jvmArgs, List<String> args)
      throws IOException {
    this(workDir, env, jvmArgs, List.of("-jar", jar().toString()), args);
  }

  private JarProcess(Path workDir, Map<String, String> env, List<String> jvmArgs,
      List<String> launch, List<String> args) throws IOException {
    this.workDir = workDir;
    this.log = workDir.resolve("service.log");
    this.httpPort = freePort();
    // The kernel may hand out the port just released again: two equal ports fail the start (exit 2).
    int management = freePort();
    while (management == httpPort) {
      management = freePort();
    }
    this.managementPort = management;
    List<String> command = new ArrayList<>(List.of(javaBinary()));
    command.addAll(jvmArgs);
    command.addAll(launch);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("SOCIAL_"));
    environment.put("SOCIAL_HTTP_PORT", Integer.toString(httpPort));
    environment.put("SOCIAL_MANAGEMENT_PORT", Integer.toString(managementPort));
    environment.putAll(env);
    process = builder.start();
  }

  public static JarProcess start(Path workDir, Map<String, String> env, String... args) {
    return start(workDir, env, List.of(), args);
  }

  /** As {@link #start(Path, Map, String...)}, with JVM options (heap flags) before {@code -jar}. */
  public static JarProcess start(Path workDir, Map<String, String> env, List<String> jvmArgs,
      String... args) {
    try {
      return new JarProcess(workDir, new HashMap<>(env), jvmArgs, List.of(args));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * As {@link #start(Path, Map, String...)}, under BlockHound ({@link BlockHoundJarMain}): each
   * blocking call on an event loop prints a {@link BlockHoundJarMain#MARK} line.
   */
  public static JarProcess startUnderBlockHound(Path workDir, Map<String, String> env) {
    try {
      return new JarProcess(workDir, new HashMap<>(env), List.of(),
          BlockHoundJarMain.launch(workDir, jar()), List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("social.jar", "target/social-adapter.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: integration tests run after `mvn package`");
    }
    return jar.toAbsolutePath(); // the process runs in its own work folder
  }

  /** Polls {@code /health/ready} until 200; returns how long that took. */
  public Duration awaitReady(Duration deadline) throws InterruptedException {
    long start = System.nanoTime();
    long giveUp = start + deadline.toNanos();
    while (System.nanoTime() < giveUp) {
      if (!process.isAlive()) {
        throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        if (get(managementPort, "/health/ready").statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not ready within " + deadline + ":\n" + output());
  }

  public HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(int port, String path, String bearer)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + bearer)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends SIGTERM and waits for the exit status. */
  public int terminate(Duration deadline) throws InterruptedException {
    process.destroy();
    return awaitExit(deadline);
  }

  /** Sends the named signal ({@code INT}, {@code TERM}) to this process only, by its pid. */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .redirectErrorStream(true).start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + name + " failed: " + new String(kill.getInputStream()
          .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  public int awaitExit(Duration deadline) throws InterruptedException {
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not exit within " + deadline + ":\n" + output());
    }
    return process.exitValue();
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
