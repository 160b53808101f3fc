package dev.perocore.social.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Blocking calls BlockHound caught on event loops, waiting to fail the test that made them. */
public final class BlockingViolations {

  private static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();

  private BlockingViolations() {}

  static void record(Thread thread, Throwable error) {
    StringBuilder text = new StringBuilder(thread.getName()).append(": ").append(error.getMessage());
    StackTraceElement[] stack = error.getStackTrace();
    for (int i = 0; i < Math.min(stack.length, 25); i++) {
      text.append("\n    at ").append(stack[i]);
    }
    SEEN.add(text.toString());
  }

  /** Returns and forgets what was recorded so far. */
  public static List<String> takeAll() {
    List<String> taken = new ArrayList<>();
    for (String item; (item = SEEN.poll()) != null; ) {
      taken.add(item);
    }
    return taken;
  }
}
