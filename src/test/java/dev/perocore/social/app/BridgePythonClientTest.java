package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Python bridge client, extracted from the README as it is and run with python3 (CI
 * installs it: .ci/run) against the whole service: it hears the simulator's message on {@code
 * social.events.message} and its answer on {@code social.brain} is what QQ receives.
 */
class BridgePythonClientTest {

  private static final String MARKER = "<!-- bridge-client.py:";

  @TempDir Path dir;

  /** The README's python block after the marker. */
  static String readmeClient() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int marker = readme.indexOf(MARKER);
    assertTrue(marker >= 0, "README has the bridge client block");
    int start = readme.indexOf("```python\n", marker) + "```python\n".length();
    return readme.substring(start, readme.indexOf("\n```", start) + 1);
  }

  @Test
  void theReadmesPythonClientHearsMessagesAndAnswersTheBrain() throws Exception {
    Path script = dir.resolve("bridge_client.py");
    Files.writeString(script, readmeClient(), StandardCharsets.UTF_8);
    try (BridgeService service = new BridgeService(dir)) {
      ProcessBuilder builder = new ProcessBuilder("python3", script.toString())
          .redirectErrorStream(true);
      builder.environment().put("BRIDGE_PORT", String.valueOf(service.bridgePort));
      builder.environment().put("BRIDGE_TOKEN", BridgeService.TOKEN);
      Process python = builder.start();
      Lines lines = new Lines(python);
      try {
        lines.next("the client registered", l -> l.contains("\"registered\""));
        service.connectBot();

        service.send(service.sim.privateMessage(20002, "hello from QQ, 你好"));
        service.waitForPrivateText("bridge heard: hello from QQ, 你好");
        JsonObject event = new JsonObject(lines.next("the message event",
            l -> l.contains("\"kind\": \"message\"")));
        assertEquals(1, event.getInteger("v"));
        assertEquals(BridgeService.SELF, event.getLong("self_id"));
        assertEquals("hello from QQ, 你好", event.getJsonObject("event").getString("raw_message"));
        assertTrue(lines.all.stream().noneMatch(l -> l.contains("\"error\"")), lines.all.toString());
      } finally {
        python.destroy();
        python.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The client's stdout, line by line, read on a thread of its own. */
  private static final class Lines {
    final List<String> all = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    Lines(Process process) {
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            all.add(line);
            queue.add(line);
          }
        } catch (IOException closed) {
          // The process ended.
        }
      }, "python-client-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    String next(String what, Predicate<String> wanted) throws InterruptedException {
      long giveUpAt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        long left = giveUpAt - System.nanoTime();
        String line = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("python client: no line for " + what + "; printed " + all);
        }
        if (wanted.test(line)) {
          return line;
        }
      }
    }
  }
}
