package dev.perocore.social.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test (JUnit extension autodetection): fails a test during which an event
 * loop made a blocking call, even if Vert.x caught and logged the BlockHound error.
 */
public final class FailOnBlockingCalls
    implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

  @Override
  public void beforeEach(ExtensionContext context) {
    List<String> earlier = BlockingViolations.takeAll();
    if (!earlier.isEmpty()) {
      throw new AssertionError("blocking calls on an event loop before this test:\n"
          + String.join("\n", earlier));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    check("during " + context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    check("in " + context.getDisplayName() + " (set-up or tear-down)");
  }

  private static void check(String where) {
    List<String> seen = BlockingViolations.takeAll();
    if (!seen.isEmpty()) {
      throw new AssertionError("blocking call(s) on an event loop " + where + ":\n"
          + String.join("\n", seen));
    }
  }
}
