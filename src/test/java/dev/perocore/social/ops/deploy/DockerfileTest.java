package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine here to build the image, so this checks what the pod depends on: the image's
 * user, entrypoint and default command agree with the StatefulSet.
 */
class DockerfileTest {

  private final List<String> instructions = instructions(RepoFiles.read(RepoFiles.DOCKERFILE));

  /** Dockerfile lines with continuations joined and comments dropped. */
  private static List<String> instructions(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      if (current.length() > 0) {
        out.add(current.toString().strip());
      }
      current.setLength(0);
    }
    return out;
  }

  private List<String> all(String keyword) {
    return instructions.stream()
        .filter(i -> i.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1))
        .map(i -> i.substring(keyword.length() + 1).strip())
        .toList();
  }

  private String last(String keyword) {
    List<String> found = all(keyword);
    assertTrue(!found.isEmpty(), "no " + keyword + " in the Dockerfile");
    return found.get(found.size() - 1);
  }

  @Test
  void buildsWithMavenOnJdk17AndRunsOnAJre17() {
    List<String> from = all("FROM");
    assertEquals(2, from.size(), "multi-stage: build, then runtime: " + from);
    assertTrue(from.get(0).matches("(?i)maven:\\S*(temurin|jdk)-?17\\S* AS build"), from.get(0));
    assertTrue(from.get(1).matches("\\S*17-jre\\S*"), from.get(1));
    assertTrue(all("RUN").stream().anyMatch(r -> r.contains("mvn") && r.contains("package")));
    assertTrue(all("COPY").stream().anyMatch(c -> c.startsWith("--from=build") && c.contains("social-adapter.jar")));
  }

  @Test
  void runsAsTheSameNonRootUserAsThePod() {
    String user = last("USER").split(":")[0];
    assertNotEquals("0", user);
    assertNotEquals("root", user);
    Map<String, Object> statefulSet = RepoFiles.yamlMap(RepoFiles.read(RepoFiles.K8S.resolve("statefulset.yaml")));
    Object podUser = Cast.at(statefulSet, "spec.template.spec.securityContext.runAsUser");
    // Numeric, so runAsNonRoot can verify it without reading /etc/passwd.
    assertEquals(String.valueOf(podUser), user);
    assertEquals("/app", last("WORKDIR"), "the store writes data/social.db relative to /app");
  }

  @Test
  void entrypointSizesTheHeapFromTheContainerAndCmdMatchesThePodArgs() {
    JsonArray entrypoint = new JsonArray(last("ENTRYPOINT"));
    assertEquals("java", entrypoint.getString(0));
    assertTrue(entrypoint.stream().anyMatch(a -> String.valueOf(a).startsWith("-XX:MaxRAMPercentage=")));
    assertTrue(entrypoint.contains("-XX:+ExitOnOutOfMemoryError"));
    assertEquals("/app/social-adapter.jar", entrypoint.getString(entrypoint.size() - 1));

    JsonArray cmd = new JsonArray(last("CMD"));
    Map<String, Object> statefulSet = RepoFiles.yamlMap(RepoFiles.read(RepoFiles.K8S.resolve("statefulset.yaml")));
    Map<String, Object> container =
        Cast.maps(Cast.at(statefulSet, "spec.template.spec.containers")).get(0);
    assertEquals(Cast.list(container.get("args")), cmd.getList());
  }

  @Test
  void exposesTheAppAndManagementPorts() {
    Matcher m = Pattern.compile("\\d+").matcher(last("EXPOSE"));
    List<Integer> ports = new ArrayList<>();
    while (m.find()) {
      ports.add(Integer.parseInt(m.group()));
    }
    Map<String, Object> config = RepoFiles.yamlMap(RepoFiles.APP_CONFIG);
    assertEquals(List.of(((Number) Cast.at(config, "http.port")).intValue(),
        ((Number) Cast.at(config, "management.port")).intValue()), ports);
  }
}
