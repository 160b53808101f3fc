package dev.perocore.social.testing;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * The test log's rendering of a logged exception: its class and message and those of its causes,
 * on the log line itself. Many tests provoke failures on purpose (a dead LLM, a corrupt frame, a
 * full disk); their stack traces would bury the build output (issue 16 counted 599 stack lines).
 * A test that fails says why through its assertion, which surefire prints in full. For the old
 * behaviour run with {@code -Dsocial.test.stacks=full}.
 */
public final class OneLineThrowable extends ThrowableHandlingConverter {

  private final ThrowableProxyConverter full = new ThrowableProxyConverter();
  private final boolean wantFull = "full".equals(System.getProperty("social.test.stacks"));

  @Override
  public void start() {
    full.setContext(getContext());
    full.start();
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown == null) {
      return "";
    }
    if (wantFull) {
      return System.lineSeparator() + full.convert(event).stripTrailing();
    }
    StringBuilder line = new StringBuilder(" | ");
    int depth = 0;
    for (IThrowableProxy t = thrown; t != null && depth < 5; t = t.getCause(), depth++) {
      if (depth > 0) {
        line.append(" <- caused by ");
      }
      line.append(t.getClassName());
      if (t.getMessage() != null) {
        line.append(": ").append(t.getMessage().replace('\n', ' ').replace('\r', ' '));
      }
    }
    return line.toString();
  }
}
