package dev.perocore.social.ops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The deployment files of this repository, read the way the tools that consume them read them. */
final class RepoFiles {

  static final Path ROOT = findRoot();
  static final Path RULES = ROOT.resolve("deploy/prometheus/social-adapter.rules.yml");
  static final Path RULE_TESTS = ROOT.resolve("deploy/prometheus/tests/social-adapter.rules.test.yml");
  static final Path PROMETHEUS_RULE = ROOT.resolve("k8s/prometheusrule.yaml");
  static final Path DASHBOARD = ROOT.resolve("k8s/grafana/social-adapter-dashboard.json");
  static final Path APP_CONFIG = ROOT.resolve("conf/application.yaml");
  static final Path K8S_APP_CONFIG = ROOT.resolve("k8s/config/application.yaml");
  static final Path K8S = ROOT.resolve("k8s");
  static final Path SECRET_EXAMPLE = ROOT.resolve("k8s/secret.example.yaml");
  static final Path DOCKERFILE = ROOT.resolve("Dockerfile");

  private RepoFiles() {}

  private static Path findRoot() {
    // Surefire and failsafe run in the module's basedir; an IDE may not.
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("k8s"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (pom.xml next to k8s/) above " + dir);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    // The dashboard ConfigMap carries the whole JSON as one string.
    options.setCodePointLimit(16 * 1024 * 1024);
    return new Yaml(options);
  }

  static Map<String, Object> yamlMap(Path file) {
    return yamlMap(read(file));
  }

  static Map<String, Object> yamlMap(String text) {
    return Cast.map(yaml().load(text));
  }

  static List<Map<String, Object>> yamlDocuments(String text) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : yaml().loadAll(text)) {
      if (doc != null) {
        docs.add(Cast.map(doc));
      }
    }
    return docs;
  }
}
