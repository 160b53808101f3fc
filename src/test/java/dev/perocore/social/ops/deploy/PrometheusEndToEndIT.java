package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The real jar, scraped every second by a real Prometheus (Debian's package) that loads our alert
 * rules: blocking the event loop through the debug endpoint must fire EventLoopBlocked and resolve
 * it, and every dashboard query must run against the live data.
 *
 * <p>The one deviation from production: the rules copy loaded here shortens EventLoopBlocked's
 * {@code increase(...[1m])} window to {@code [10s]}, so the alert resolves within the test's time
 * budget. Its {@code for: 0s} and its threshold are unchanged; with the 1m window it fires exactly
 * as fast but resolves only a minute after the block.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusEndToEndIT {

  private static final String ADMIN_TOKEN = "e2e-admin-token";
  private static final String JOB = "social-adapter";
  private static final String SHORT_WINDOW = "[10s]";
  private static final int BLOCK_MS = 3000;
  private static final String NO_BOT = "NoBotConnected";

  @TempDir static Path dir;

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private static Process service;
  private static Process prometheus;
  private static Path serviceLog;
  private static Path prometheusLog;
  private static int httpPort;
  private static int managementPort;
  private static int prometheusPort;
  private static String instance;

  @BeforeAll
  static void startServiceAndPrometheus() throws Exception {
    Path prometheusBinary = Tools.prometheus();
    Path jar = Path.of(System.getProperty("social.jar", "target/social-adapter.jar"));
    assertTrue(Files.isRegularFile(jar), "no jar at " + jar + " (mvn package first)");

    httpPort = freePort();
    managementPort = freePort();
    prometheusPort = freePort();
    instance = "127.0.0.1:" + managementPort;

    service = startService(jar);
    awaitServiceReady();

    Path rules = dir.resolve("rules.yml");
    Files.writeString(rules, testRules());
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s",
        "rule_files:",
        "  - " + rules,
        "scrape_configs:",
        "  - job_name: " + JOB,
        "    metrics_path: /metrics",
        "    static_configs:",
        "      - targets: ['" + instance + "']",
        ""));
    prometheusLog = dir.resolve("prometheus.log");
    Path data = Files.createDirectories(dir.resolve("prometheus-data"));
    prometheus = new ProcessBuilder(
        prometheusBinary.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + data,
        "--web.listen-address=127.0.0.1:" + prometheusPort,
        "--log.level=warn")
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(prometheusLog.toFile())
        .start();

    await("Prometheus ready", Duration.ofSeconds(30), prometheus, prometheusLog,
        () -> get(prometheusUri("/-/ready")).filter(r -> r.statusCode() == 200));
    await("the service scraped as up", Duration.ofSeconds(30), prometheus, prometheusLog,
        () -> query("up{job=\"" + JOB + "\"} == 1").filter(result -> !result.isEmpty()));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    stop(prometheus);
    stop(service);
  }

  private static void stop(Process process) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Started exactly as the StatefulSet starts it (its args), with the config file at a local path. */
  private static Process startService(Path jar) throws IOException {
    Map<String, Object> statefulSet = RepoFiles.yamlMap(RepoFiles.K8S.resolve("statefulset.yaml"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    for (Object arg : Cast.list(Cast.at(Cast.maps(Cast.at(statefulSet, "spec.template.spec.containers")).get(0),
        "args"))) {
      command.add(String.valueOf(arg).replace("/app/conf/application.yaml", RepoFiles.K8S_APP_CONFIG.toString()));
    }
    Path workDir = Files.createDirectories(dir.resolve("app"));
    serviceLog = dir.resolve("service.log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(serviceLog.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("SOCIAL_"));
    env.put("SOCIAL_HTTP_PORT", String.valueOf(httpPort));
    env.put("SOCIAL_MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("SOCIAL_DEBUG_CHAOS", "true");
    env.put("SOCIAL_ADMIN_TOKEN", ADMIN_TOKEN);
    return builder.start();
  }

  private static void awaitServiceReady() {
    URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
    await("the service ready", Duration.ofSeconds(60), service, serviceLog,
        () -> get(ready).filter(r -> r.statusCode() == 200));
  }

  /** Our rules file, with EventLoopBlocked's window shortened (see the class comment). */
  private static String testRules() {
    Map<String, Object> rules = RepoFiles.yamlMap(RepoFiles.RULES);
    Map<String, Object> blocked = AlertRules.alerts(rules).get("EventLoopBlocked");
    String expr = String.valueOf(blocked.get("expr"));
    assertTrue(expr.contains("[1m]"), "EventLoopBlocked changed shape; adapt the test's shortening: " + expr);
    blocked.put("expr", expr.replace("[1m]", SHORT_WINDOW));
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(1000);
    return new Yaml(options).dump(rules);
  }

  @Test
  @Order(1)
  void everyRuleEvaluatesWithoutErrorAndNothingFiresWhileHealthy() {
    // Each rule must have been evaluated at least once against the live scrape.
    JsonArray rules = await("every rule evaluated", Duration.ofSeconds(20), prometheus, prometheusLog, () -> {
      JsonArray all = alertingRules();
      boolean evaluated = !all.isEmpty() && all.stream().map(JsonObject.class::cast)
          // Prometheus reports the zero time for a rule it has not evaluated yet.
          .allMatch(r -> !r.getString("lastEvaluation", "0001").startsWith("0001"));
      // A rule evaluated before the first scrape landed is inactive once; wait for NoBotConnected to see it.
      boolean sawNoBot = all.stream().map(JsonObject.class::cast)
          .anyMatch(r -> NO_BOT.equals(r.getString("name")) && "pending".equals(r.getString("state")));
      return evaluated && sawNoBot ? Optional.of(all) : Optional.empty();
    });
    assertEquals(AlertRules.alertNames(RepoFiles.yamlMap(RepoFiles.RULES)).size(), rules.size());
    List<String> problems = new ArrayList<>();
    for (Object o : rules) {
      JsonObject rule = (JsonObject) o;
      if (!"ok".equals(rule.getString("health"))) {
        problems.add(rule.getString("name") + ": " + rule.getString("health") + " " + rule.getString("lastError"));
      }
      // No bot connects in this test: NoBotConnected must see that at once (pending; it fires after its for).
      String expected = NO_BOT.equals(rule.getString("name")) ? "pending" : "inactive";
      if (!expected.equals(rule.getString("state"))) {
        problems.add(rule.getString("name") + " is " + rule.getString("state") + ", expected " + expected
            + " on an idle service no bot connects to");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nservice log:\n" + tail(serviceLog));
  }

  @Test
  @Order(2)
  void blockingTheEventLoopFiresEventLoopBlockedAndItResolves() throws Exception {
    long start = System.nanoTime();
    HttpRequest block = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/api/v1/debug/block?ms=" + BLOCK_MS))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    CompletableFuture<HttpResponse<String>> blocked = HTTP.sendAsync(block, HttpResponse.BodyHandlers.ofString());

    JsonObject firing = await("EventLoopBlocked firing", Duration.ofSeconds(30), prometheus, prometheusLog,
        () -> eventLoopBlocked().filter(r -> "firing".equals(r.getString("state"))));
    long firedAfterMs = (System.nanoTime() - start) / 1_000_000;

    HttpResponse<String> response = blocked.get(30, TimeUnit.SECONDS);
    // The endpoint may answer before (202) or after (200) the block; either way it must accept it.
    assertTrue(response.statusCode() / 100 == 2,
        "debug block answered " + response.statusCode() + ": " + response.body());

    JsonArray alerts = firing.getJsonArray("alerts");
    assertFalse(alerts.isEmpty());
    JsonObject labels = alerts.getJsonObject(0).getJsonObject("labels");
    assertEquals("event_loop", labels.getString("thread_kind"));
    assertEquals(instance, labels.getString("instance"));
    assertEquals("critical", labels.getString("severity"));
    // The same alert through the alerts endpoint Alertmanager-style consumers read.
    Optional<JsonObject> body = getJson(prometheusUri("/api/v1/alerts"));
    assertTrue(body.isPresent());
    assertTrue(body.get().getJsonObject("data").getJsonArray("alerts").stream().map(JsonObject.class::cast)
        .anyMatch(a -> "EventLoopBlocked".equals(a.getJsonObject("labels").getString("alertname"))
            && "firing".equals(a.getString("state"))), body.get().encode());

    await("EventLoopBlocked resolved", Duration.ofSeconds(45), prometheus, prometheusLog,
        () -> eventLoopBlocked().filter(r -> "inactive".equals(r.getString("state"))));
    long resolvedAfterMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("EventLoopBlocked: firing %d ms after POST /api/v1/debug/block?ms=%d, resolved after %d ms"
        + " (rule window %s in this test)%n", firedAfterMs, BLOCK_MS, resolvedAfterMs, SHORT_WINDOW);
  }

  @Test
  @Order(3)
  void everyDashboardQueryRunsAndPanelsWithLiveMetricsShowData() {
    Dashboard dashboard = Dashboard.load();

    // $instance: the variable's own query must offer our target.
    String variableQuery = dashboard.variable("instance").getJsonObject("query").getString("query");
    String metric = variableQuery.substring("label_values(".length(), variableQuery.indexOf(','));
    Optional<JsonObject> values = getJson(prometheusUri("/api/v1/label/instance/values?match[]="
        + URLEncoder.encode(metric, StandardCharsets.UTF_8)));
    assertTrue(values.isPresent() && values.get().getJsonArray("data").contains(instance),
        variableQuery + " does not offer " + instance + ": " + values.map(JsonObject::encode).orElse("no answer"));

    List<String> problems = new ArrayList<>();
    Map<String, Integer> withData = new LinkedHashMap<>();
    int skipped = 0;
    for (Dashboard.Query q : dashboard.queries()) {
      String expr = q.resolved(instance, "10s");
      String where = q.panel() + "/" + q.refId();
      JsonObject answer = rawQuery(expr);
      if (!"success".equals(answer.getString("status"))) {
        problems.add(where + ": " + answer.getString("errorType") + " " + answer.getString("error") + " in " + expr);
        continue;
      }
      int series = answer.getJsonObject("data").getJsonArray("result").size();
      boolean metricsLive = Dashboard.selectors(expr).stream()
          .allMatch(s -> !query("count(" + s.text() + ")").orElse(new JsonArray()).isEmpty());
      if (metricsLive) {
        withData.put(where, series);
        if (series == 0) {
          problems.add(where + ": its metrics are scraped but the query returns no data: " + expr);
        }
      } else {
        skipped++;
      }
    }
    System.out.printf("dashboard: %d queries, %d with live metrics (all returned data), %d whose metrics"
        + " this run does not export yet%n", dashboard.queries().size(), withData.size(), skipped);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    // The foundation's families are always exported: their panels must be among those checked.
    for (String panel : List.of("Blocked-thread events by kind", "Event loop lag percentiles")) {
      assertTrue(withData.keySet().stream().anyMatch(k -> k.startsWith(panel + "/")),
          panel + " had no live metrics: " + withData.keySet());
    }
  }

  // ------------------------------------------------------------------ Prometheus HTTP API

  private static Optional<JsonObject> eventLoopBlocked() {
    return alertingRules().stream().map(JsonObject.class::cast)
        .filter(r -> "EventLoopBlocked".equals(r.getString("name"))).findFirst();
  }

  private static JsonArray alertingRules() {
    JsonArray out = new JsonArray();
    getJson(prometheusUri("/api/v1/rules?type=alert")).ifPresent(body -> {
      for (Object g : body.getJsonObject("data").getJsonArray("groups")) {
        ((JsonObject) g).getJsonArray("rules").forEach(out::add);
      }
    });
    return out;
  }

  /** The result vector of a successful instant query, empty when the query failed. */
  private static Optional<JsonArray> query(String promql) {
    JsonObject answer = rawQuery(promql);
    if (!"success".equals(answer.getString("status"))) {
      return Optional.empty();
    }
    return Optional.of(answer.getJsonObject("data").getJsonArray("result"));
  }

  private static JsonObject rawQuery(String promql) {
    URI uri = prometheusUri("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    return get(uri).map(r -> new JsonObject(r.body()))
        .orElseGet(() -> new JsonObject().put("status", "error").put("error", "no answer from Prometheus"));
  }

  private static URI prometheusUri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + prometheusPort + pathAndQuery);
  }

  private static Optional<JsonObject> getJson(URI uri) {
    return get(uri).filter(r -> r.statusCode() == 200).map(r -> new JsonObject(r.body()));
  }

  private static Optional<HttpResponse<String>> get(URI uri) {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
      return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Polls until the probe yields a value; fails at the deadline, or at once if the process died. */
  private static <T> T await(String what, Duration deadline, Process process, Path log, Supplier<Optional<T>> probe) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (!process.isAlive()) {
        fail("waiting for " + what + ": the process exited with " + process.exitValue() + ":\n" + tail(log));
      }
      if (System.nanoTime() > end) {
        fail("no " + what + " within " + deadline + "; log:\n" + tail(log) + "\nservice log:\n" + tail(serviceLog));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String tail(Path log) {
    try {
      if (log == null || !Files.exists(log)) {
        return "(no log)";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
