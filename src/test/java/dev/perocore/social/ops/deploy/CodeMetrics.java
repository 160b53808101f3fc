package dev.perocore.social.ops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code social_*} families the code registers, read from its meter registrations in
 * src/main ({@code Counter.builder("social.x")}, {@code Gauge.builder(...)}, ...), with the
 * Prometheus names Micrometer gives them.
 */
final class CodeMetrics {

  /** A builder (or TaskMetrics' gauge helper) whose first argument is a literal social.* name. */
  private static final Pattern REGISTRATION = Pattern.compile(
      "\\b(Counter|FunctionCounter|Gauge|Timer|DistributionSummary)\\.builder\\(\\s*\"(social\\.[a-z.]+)\"|"
          + "\\bgauge\\(\\s*\"(social\\.[a-z.]+)\"");

  /** One registered meter: its Micrometer type and dotted name. */
  record Family(String type, String dotted) {

    /** The Prometheus family name: the {@code # TYPE} line's name. */
    String prometheus() {
      String base = dotted.replace('.', '_');
      return switch (type) {
        case "Counter", "FunctionCounter" -> base + "_total";
        case "Timer" -> base + "_seconds";
        default -> base;
      };
    }

    /** Every series name the family exports (a timer's _bucket, _count, _sum, _max ...). */
    boolean exports(String seriesName) {
      String family = prometheus();
      return seriesName.equals(family) || seriesName.startsWith(family + "_")
          && Set.of("bucket", "count", "sum", "max").contains(seriesName.substring(family.length() + 1));
    }
  }

  private CodeMetrics() {}

  static Set<Family> families() {
    Set<Family> out = new TreeSet<>((a, b) -> a.dotted().compareTo(b.dotted()));
    try (Stream<Path> files = Files.walk(RepoFiles.ROOT.resolve("src/main/java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = REGISTRATION.matcher(RepoFiles.read(file));
        while (m.find()) {
          out.add(m.group(2) != null ? new Family(m.group(1), m.group(2)) : new Family("Gauge", m.group(3)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.size() < 30) {
      throw new AssertionError("found only " + out.size() + " registrations; has their shape changed? " + out);
    }
    return out;
  }

  /** True when some registered family exports {@code seriesName}. */
  static boolean registers(Set<Family> families, String seriesName) {
    return families.stream().anyMatch(f -> f.exports(seriesName));
  }
}
