package dev.perocore.social.onebot;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A send budget such as {@code 5/60s}: up to {@code permits} sends at once (the burst), refilled
 * evenly so that {@code permits} more become available over each {@code per}.
 */
public record SendRate(int permits, Duration per) {

  private static final Pattern FORM = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+\\s*(?:ms|s|m|h))\\s*");

  public SendRate {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1");
    }
    if (per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException("the period must be positive");
    }
  }

  /** Parses {@code 5/60s}, {@code 20/1m}; throws IllegalArgumentException on any other form. */
  public static SendRate parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("a rate such as 5/60s (sends / period)");
    }
    String period = m.group(2).replace(" ", "");
    long amount = Long.parseLong(period.replaceAll("[a-z]", ""));
    Duration per;
    if (period.endsWith("ms")) {
      per = Duration.ofMillis(amount);
    } else if (period.endsWith("s")) {
      per = Duration.ofSeconds(amount);
    } else if (period.endsWith("m")) {
      per = Duration.ofMinutes(amount);
    } else {
      per = Duration.ofHours(amount);
    }
    return new SendRate(Integer.parseInt(m.group(1)), per);
  }

  /** Nanoseconds for one permit to come back. */
  public long nanosPerPermit() {
    return Math.max(1, per.toNanos() / permits);
  }

  @Override
  public String toString() {
    return permits + "/" + per.toMillis() + "ms";
  }
}
