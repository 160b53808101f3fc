package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-chat context is opt-in per direction (issue 15): by default a group prompt never carries
 * a participant's private chat (PeroCore pasted the last 10 private lines of 3 speakers into every
 * group prompt), and {@code context.group_in_private: false} keeps the user's group out of a
 * private prompt.
 */
class PrivacyDefaultsTest {

  @TempDir
  Path dir;

  @Test
  void byDefaultNoPrivateChatIsReadForAGroupPrompt() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fast().session(),
        Duration.ofSeconds(5))) {
      h.send(h.sim.privateMessage(81, "my secret is the blue door"));
      h.waitFor("private reply", () -> h.replies("sent") == 1);
      h.send(h.sim.groupMessage(800, 81, "hello group"));
      h.send(h.sim.groupMention(800, 82, "bot?"));
      h.waitFor("group reply", () -> h.replies("sent") == 2);
      BrainRequest group = h.testBrain.requests.stream().filter(BrainRequest::isGroup)
          .findFirst().orElseThrow();
      assertTrue(group.context().relatedUsers().isEmpty(), group.context().toString());
      assertTrue(h.store.privateHistoryAsked.isEmpty(), "no private history is even read");
      assertTrue(group.context().history().stream()
          .noneMatch(line -> line.text().contains("blue door")));
    }
  }

  @Test
  void groupInPrivateOffKeepsTheLatestGroupOutAndOnNamesIt() throws Exception {
    for (boolean allowed : new boolean[] {true, false}) {
      SessionConfig config = SessionHarness.fast().with("context.group_in_private", allowed)
          .session();
      Path own = Files.createDirectories(dir.resolve("allowed-" + allowed));
      try (SessionHarness h = SessionHarness.withTestBrain(own, config,
          Duration.ofSeconds(5))) {
        h.send(h.sim.groupMessage(801, 83, "hi all"));
        h.send(h.sim.privateMessage(83, "hello"));
        h.waitFor("private reply", () -> h.replies("sent") == 1);
        BrainRequest request = h.testBrain.requests.stream().filter(r -> !r.isGroup())
            .findFirst().orElseThrow();
        assertEquals(allowed ? Optional.of("测试群 801 (group 801)") : Optional.empty(),
            request.context().latestGroup(), "group_in_private " + allowed);
      }
    }
  }
}
