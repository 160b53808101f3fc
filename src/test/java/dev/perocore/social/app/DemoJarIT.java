package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.JarProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar social-adapter.jar demo --for 8s}: chats, answers, prints its view, exits 0. */
class DemoJarIT {

  private static final Pattern TOKEN = Pattern.compile("Bearer ([0-9a-f]{32})");
  private static final Pattern REPLIES = Pattern.compile("replies ([1-9]\\d*) sent");

  @TempDir Path dir;

  @Test
  void theDemoRunsAnswersAndStopsByItself() throws Exception {
    try (JarProcess demo = JarProcess.start(dir, Map.of(), "demo", "--for", "8s")) {
      demo.awaitReady(Duration.ofSeconds(60));
      Matcher token = waitForOutput(demo, TOKEN);
      HttpResponse<String> sessions = demo.get(demo.httpPort, "/api/v1/sessions");
      assertEquals(401, sessions.statusCode(), "the admin API wants the printed token");
      HttpResponse<String> backup = demo.post(demo.httpPort, "/api/v1/backup", token.group(1));
      assertEquals(200, backup.statusCode(), backup.body());
      int status = demo.awaitExit(Duration.ofSeconds(60));
      String output = demo.output();
      assertEquals(0, status, output);
      assertTrue(output.contains("[demo "), output);
      assertTrue(REPLIES.matcher(output).find(), "a live line shows replies sent:\n" + output);
      assertTrue(output.contains("stopped cleanly"), output);
    }
  }

  private static Matcher waitForOutput(JarProcess process, Pattern pattern)
      throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < giveUp) {
      Matcher m = pattern.matcher(process.output());
      if (m.find()) {
        return m;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never printed " + pattern + ":\n" + process.output());
  }
}
