package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code kubectl kustomize k8s/} renders, parses, and keeps the invariants the service depends on. */
class K8sManifestsTest {

  private static List<Map<String, Object>> docs;
  private static Map<String, Object> config;

  @BeforeAll
  static void render() {
    Tools.Result result = Tools.run(
        List.of(Tools.kubectl().toString(), "kustomize", RepoFiles.K8S.toString()),
        RepoFiles.ROOT, Duration.ofSeconds(60));
    assertEquals(0, result.exitCode(), "kubectl kustomize k8s/ failed:\n" + result.output());
    docs = RepoFiles.yamlDocuments(result.output());
    config = RepoFiles.yamlMap(RepoFiles.K8S_APP_CONFIG);
  }

  private static Map<String, Object> one(String kind) {
    List<Map<String, Object>> found = all(kind);
    assertEquals(1, found.size(), "expected exactly one " + kind);
    return found.get(0);
  }

  private static List<Map<String, Object>> all(String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static Map<String, Object> podSpec() {
    return Cast.mapAt(one("StatefulSet"), "spec.template.spec");
  }

  private static Map<String, Object> container() {
    List<Map<String, Object>> containers = Cast.maps(podSpec().get("containers"));
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  private static Map<String, Integer> containerPorts() {
    return Cast.maps(container().get("ports")).stream().collect(Collectors.toMap(
        p -> String.valueOf(p.get("name")), p -> ((Number) p.get("containerPort")).intValue()));
  }

  private static int configInt(String path) {
    return ((Number) Cast.at(config, path)).intValue();
  }

  @Test
  void everyDocumentParsesWithKindAndName() {
    Set<String> kinds = new HashSet<>();
    for (Map<String, Object> doc : docs) {
      assertNotNull(doc.get("apiVersion"), doc.toString());
      assertNotNull(Cast.at(doc, "metadata.name"), doc.toString());
      kinds.add(String.valueOf(doc.get("kind")));
    }
    assertEquals(Set.of("StatefulSet", "Service", "ConfigMap", "NetworkPolicy", "ServiceMonitor", "PrometheusRule"),
        kinds);
    // The example Secret must never be applied with placeholder values.
    assertTrue(all("Secret").isEmpty(), "the base must not contain a Secret");
  }

  @Test
  void exactlyOneReplicaBecauseSqliteWalNeedsOneHost() {
    assertEquals(1, ((Number) Cast.at(one("StatefulSet"), "spec.replicas")).intValue());
  }

  @Test
  void gracePeriodOutlastsPreStopPlusDrain() {
    Map<String, Object> spec = podSpec();
    long grace = ((Number) spec.get("terminationGracePeriodSeconds")).longValue();
    List<Object> preStop = Cast.list(Cast.at(container(), "lifecycle.preStop.exec.command"));
    assertEquals("sleep", preStop.get(0));
    long pause = Long.parseLong(String.valueOf(preStop.get(1)));
    Duration drain = Durations.parse(String.valueOf(Cast.at(config, "shutdown.drain_timeout")));
    assertTrue(grace > pause + drain.toSeconds(),
        "terminationGracePeriodSeconds " + grace + " must exceed preStop " + pause + "s + drain " + drain);
  }

  @Test
  void probesUseTheManagementPortAndTheHealthEndpoints() {
    Map<String, Integer> ports = containerPorts();
    assertEquals(configInt("management.port"), ports.get("metrics"), "port 'metrics' is management.port");
    assertEquals(configInt("http.port"), ports.get("http"), "port 'http' is http.port");
    Map<String, String> expectedPath = Map.of(
        "startupProbe", "/health/ready", "readinessProbe", "/health/ready", "livenessProbe", "/health/live");
    expectedPath.forEach((probe, path) -> {
      Map<String, Object> get = Cast.mapAt(container(), probe + ".httpGet");
      assertEquals(path, get.get("path"), probe);
      Object port = get.get("port");
      assertTrue("metrics".equals(port) || Integer.valueOf(configInt("management.port")).equals(port),
          probe + " must probe the management port, probes " + port);
    });
  }

  @Test
  void runsAsNonRootWithALockedDownContainer() {
    Map<String, Object> pod = Cast.map(podSpec().get("securityContext"));
    Map<String, Object> ctr = Cast.map(container().get("securityContext"));
    assertEquals(Boolean.TRUE, pod.get("runAsNonRoot"));
    assertNotEquals(0, ((Number) pod.get("runAsUser")).intValue());
    assertEquals("RuntimeDefault", Cast.stringAt(pod, "seccompProfile.type"));
    assertEquals(Boolean.TRUE, ctr.get("readOnlyRootFilesystem"));
    assertEquals(Boolean.FALSE, ctr.get("allowPrivilegeEscalation"));
    assertEquals(List.of("ALL"), Cast.list(Cast.at(ctr, "capabilities.drop")));
    assertEquals(Boolean.FALSE, podSpec().get("enableServiceLinks"),
        "service links would inject SOCIAL_* env vars into our config");
  }

  @Test
  void writableMountsAreTheStoreFolderAndTmp() {
    Map<String, String> mounts = Cast.maps(container().get("volumeMounts")).stream().collect(Collectors.toMap(
        m -> String.valueOf(m.get("mountPath")), m -> String.valueOf(m.get("name"))));
    // The service runs in /app and writes data/social.db relative to it.
    assertEquals("data", mounts.get("/app/data"));
    Map<String, Object> claim = Cast.maps(Cast.at(one("StatefulSet"), "spec.volumeClaimTemplates")).get(0);
    assertEquals("data", Cast.at(claim, "metadata.name"));
    assertEquals(List.of("ReadWriteOncePod"), Cast.list(Cast.at(claim, "spec.accessModes")));

    String tmpVolume = mounts.get("/tmp");
    assertNotNull(tmpVolume, "the JVM needs a writable /tmp on a read-only root");
    Map<String, Object> tmp = volume(tmpVolume);
    assertTrue(tmp.containsKey("emptyDir"), "/tmp must be an emptyDir");
  }

  private static Map<String, Object> volume(String name) {
    return Cast.maps(podSpec().get("volumes")).stream()
        .filter(v -> name.equals(v.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  @Test
  void configMapIsTheRepoConfigAndIsMountedWhereArgsPointTo() {
    Map<String, Object> configMap = all("ConfigMap").stream()
        .filter(c -> Cast.map(c.get("data")).containsKey("application.yaml")).findFirst()
        .orElseThrow(() -> new AssertionError("no ConfigMap with application.yaml"));
    assertEquals(RepoFiles.read(RepoFiles.APP_CONFIG), Cast.map(configMap.get("data")).get("application.yaml"));

    Map<String, String> mounts = Cast.maps(container().get("volumeMounts")).stream().collect(Collectors.toMap(
        m -> String.valueOf(m.get("name")), m -> String.valueOf(m.get("mountPath"))));
    String configVolume = Cast.maps(podSpec().get("volumes")).stream()
        .filter(v -> v.containsKey("configMap")).map(v -> String.valueOf(v.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no configMap volume"));
    // kustomize appends a content hash to the generated name and must rewrite the reference too.
    assertEquals(Cast.at(configMap, "metadata.name"), Cast.at(volume(configVolume), "configMap.name"));
    List<Object> args = Cast.list(container().get("args"));
    int flag = args.indexOf("--config");
    assertTrue(flag >= 0, "args must pass --config: " + args);
    assertEquals(mounts.get(configVolume) + "/application.yaml", args.get(flag + 1));
  }

  @Test
  void containerListensBeyondLoopbackAndReadsTokensFromTheSecret() {
    Map<String, Map<String, Object>> env = Cast.maps(container().get("env")).stream()
        .collect(Collectors.toMap(e -> String.valueOf(e.get("name")), e -> e));
    // The embedded defaults bind 127.0.0.1, unreachable for kubelet probes and Prometheus.
    assertEquals("0.0.0.0", env.get("SOCIAL_HTTP_HOST").get("value"));
    assertEquals("0.0.0.0", env.get("SOCIAL_MANAGEMENT_HOST").get("value"));
    assertTrue(Cast.at(config, "http.host") != null && Cast.at(config, "management.host") != null,
        "the env vars above must override real keys");

    Map<String, Object> example = RepoFiles.yamlMap(RepoFiles.SECRET_EXAMPLE);
    assertEquals("Secret", example.get("kind"));
    String secretName = Cast.stringAt(example, "metadata.name");
    Set<String> exampleKeys = Cast.map(example.get("stringData")).keySet();
    assertEquals(Set.of("SOCIAL_ONEBOT_ACCESS_TOKEN", "SOCIAL_ADMIN_TOKEN", "SOCIAL_BRAIN_LLM_API_KEY"), exampleKeys);
    Set<String> referenced = new HashSet<>();
    for (Map<String, Object> e : env.values()) {
      if (e.containsKey("valueFrom")) {
        Map<String, Object> ref = Cast.mapAt(e, "valueFrom.secretKeyRef");
        assertEquals(secretName, ref.get("name"), "env " + e.get("name"));
        referenced.add(String.valueOf(ref.get("key")));
        assertEquals(e.get("name"), ref.get("key"), "the Secret's keys are the env var names");
      }
    }
    assertEquals(exampleKeys, referenced);
    Cast.map(example.get("stringData")).values().forEach(
        v -> assertTrue(String.valueOf(v).startsWith("change-me"), "no real values in the example: " + v));
  }

  @Test
  void resourcesAreSet() {
    Map<String, Object> resources = Cast.map(container().get("resources"));
    assertNotNull(Cast.at(resources, "requests.cpu"));
    assertNotNull(Cast.at(resources, "requests.memory"));
    assertNotNull(Cast.at(resources, "limits.memory"), "a memory limit is what MaxRAMPercentage sizes the heap from");
  }

  @Test
  void serviceExposesBothPortsToThePod() {
    Map<String, Object> service = one("Service");
    Map<String, Object> podLabels = Cast.mapAt(one("StatefulSet"), "spec.template.metadata.labels");
    assertTrue(podLabels.entrySet().containsAll(Cast.mapAt(service, "spec.selector").entrySet()),
        "Service selector must match the pod labels");
    assertEquals(Cast.at(service, "metadata.name"), Cast.at(one("StatefulSet"), "spec.serviceName"));
    Map<String, Integer> ports = containerPorts();
    for (Map<String, Object> port : Cast.maps(Cast.at(service, "spec.ports"))) {
      Object target = port.get("targetPort");
      assertTrue(ports.containsKey(String.valueOf(target)) || ports.containsValue(target),
          "Service port " + port.get("name") + " targets no container port: " + target);
    }
    Set<String> names = Cast.maps(Cast.at(service, "spec.ports")).stream()
        .map(p -> String.valueOf(p.get("name"))).collect(Collectors.toSet());
    assertEquals(Set.of("http", "metrics"), names);
  }

  @Test
  void serviceMonitorScrapesTheServicesMetricsPort() {
    Map<String, Object> monitor = one("ServiceMonitor");
    Map<String, Object> service = one("Service");
    assertTrue(Cast.mapAt(service, "metadata.labels").entrySet()
            .containsAll(Cast.mapAt(monitor, "spec.selector.matchLabels").entrySet()),
        "ServiceMonitor selector must match the Service's labels");
    Set<String> servicePorts = Cast.maps(Cast.at(service, "spec.ports")).stream()
        .map(p -> String.valueOf(p.get("name"))).collect(Collectors.toSet());
    List<Map<String, Object>> endpoints = Cast.maps(Cast.at(monitor, "spec.endpoints"));
    assertEquals(1, endpoints.size());
    Map<String, Object> endpoint = endpoints.get(0);
    assertEquals("metrics", endpoint.get("port"));
    assertTrue(servicePorts.contains(String.valueOf(endpoint.get("port"))),
        "ServiceMonitor port " + endpoint.get("port") + " is not a Service port name: " + servicePorts);
    assertEquals("/metrics", endpoint.get("path"));
    Duration interval = Durations.parse(String.valueOf(endpoint.get("interval")));
    // EventLoopBlocked looks at a 1m window: it needs several samples inside it.
    assertTrue(interval.compareTo(Duration.ofSeconds(20)) <= 0, "scrape interval too long: " + interval);
  }

  @Test
  void networkPolicyAdmitsOnlyTheAppAndMetricsPorts() {
    Map<String, Object> policy = one("NetworkPolicy");
    Map<String, Object> podLabels = Cast.mapAt(one("StatefulSet"), "spec.template.metadata.labels");
    assertTrue(podLabels.entrySet().containsAll(Cast.mapAt(policy, "spec.podSelector.matchLabels").entrySet()));
    assertTrue(Cast.list(Cast.at(policy, "spec.policyTypes")).contains("Ingress"));
    List<String> ports = new ArrayList<>();
    for (Map<String, Object> rule : Cast.maps(Cast.at(policy, "spec.ingress"))) {
      assertFalse(Cast.list(rule.get("from")).isEmpty(), "an ingress rule without 'from' admits everyone");
      for (Map<String, Object> port : Cast.maps(rule.get("ports"))) {
        ports.add(String.valueOf(port.get("port")));
      }
    }
    assertEquals(List.of("http", "metrics"), ports);
    assertTrue(containerPorts().keySet().containsAll(ports));
  }

  @Test
  void dashboardConfigMapIsLabelledForTheGrafanaSidecar() {
    Map<String, Object> configMap = all("ConfigMap").stream()
        .filter(c -> Cast.map(c.get("data")).keySet().stream().anyMatch(k -> k.endsWith(".json"))).findFirst()
        .orElseThrow(() -> new AssertionError("no dashboard ConfigMap"));
    assertEquals("1", Cast.mapAt(configMap, "metadata.labels").get("grafana_dashboard"));
    String json = String.valueOf(Cast.map(configMap.get("data")).values().iterator().next());
    assertEquals(new JsonObject(RepoFiles.read(RepoFiles.DASHBOARD)), new JsonObject(json),
        "k8s/grafana-dashboard-configmap.yaml is stale: run deploy/sync-generated.sh");
  }
}
