package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl kustomize deploy/k8s-cluster/} (the base plus the k8s/cluster component) renders
 * a full node on the cluster, two brain nodes with probes and a disruption budget, the headless
 * Service for Hazelcast's DNS discovery and NetworkPolicy rules for the cluster ports (issue 17).
 */
class K8sClusterTest {

  private static List<Map<String, Object>> docs;

  @BeforeAll
  static void render() {
    Tools.Result result = Tools.run(List.of(Tools.kubectl().toString(), "kustomize",
            RepoFiles.ROOT.resolve("deploy/k8s-cluster").toString()),
        RepoFiles.ROOT, Duration.ofSeconds(60));
    assertEquals(0, result.exitCode(), "kubectl kustomize failed:\n" + result.output());
    docs = RepoFiles.yamlDocuments(result.output());
  }

  private static Map<String, Object> named(String kind, String name) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))
            && name.equals(Cast.mapAt(d, "metadata").get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static Map<String, Object> container(Map<String, Object> workload) {
    return Cast.maps(Cast.mapAt(workload, "spec.template.spec").get("containers")).get(0);
  }

  private static Map<String, String> env(Map<String, Object> container) {
    return Cast.maps(container.get("env")).stream().filter(e -> e.get("value") != null)
        .collect(Collectors.toMap(e -> String.valueOf(e.get("name")),
            e -> String.valueOf(e.get("value"))));
  }

  private static Set<String> envNames(Map<String, Object> container) {
    return Cast.maps(container.get("env")).stream().map(e -> String.valueOf(e.get("name")))
        .collect(Collectors.toSet());
  }

  @Test
  void brainNodesAreADeploymentOfTwoWithProbesADisruptionBudgetAndNoQqSecrets() {
    Map<String, Object> brain = named("Deployment", "social-adapter-brain");
    assertEquals(2, ((Number) Cast.mapAt(brain, "spec").get("replicas")).intValue());
    Map<String, Object> c = container(brain);
    assertEquals("brain", Cast.list(c.get("args")).get(0));
    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
      assertTrue(c.containsKey(probe), probe);
    }
    Map<String, String> env = env(c);
    assertEquals("true", env.get("SOCIAL_CLUSTER_ENABLED"));
    assertEquals("kubernetes", env.get("SOCIAL_CLUSTER_JOIN"));
    assertEquals("social-adapter-cluster", env.get("SOCIAL_CLUSTER_KUBERNETES_SERVICE_DNS"));
    assertTrue(envNames(c).contains("SOCIAL_BRAIN_LLM_API_KEY"), "LLM keys live on brain nodes");
    assertFalse(envNames(c).contains("SOCIAL_ONEBOT_ACCESS_TOKEN"), "no QQ side on a brain node");
    Map<String, Object> pdb = named("PodDisruptionBudget", "social-adapter-brain");
    assertEquals(1, ((Number) Cast.mapAt(pdb, "spec").get("minAvailable")).intValue());
    assertEquals("brain",
        Cast.mapAt(pdb, "spec.selector.matchLabels").get("app.kubernetes.io/component"));
  }

  /** A blocked brain node pages like a blocked server (issue 6): its metrics are scraped. */
  @Test
  void theBrainNodesAreScrapedLikeTheServer() {
    Map<String, Object> monitor = named("ServiceMonitor", "social-adapter-brain");
    Map<String, Object> spec = Cast.mapAt(monitor, "spec");
    Map<String, Object> wanted = Cast.mapAt(Cast.mapAt(spec, "selector"), "matchLabels");
    Map<String, Object> service = named("Service", "social-adapter-brain");
    assertEquals(wanted, Cast.mapAt(service, "spec").get("selector"));
    Map<String, Object> endpoint = Cast.maps(spec.get("endpoints")).get(0);
    assertEquals("metrics", endpoint.get("port"));
    assertTrue(Cast.maps(Cast.mapAt(service, "spec").get("ports")).stream()
        .anyMatch(p -> "metrics".equals(p.get("name"))), service.toString());
    // Prometheus names the job after the Service: the up{job=~...} alert must match it.
    java.util.regex.Matcher job = java.util.regex.Pattern.compile("up\\{job=~\"([^\"]+)\"}")
        .matcher(readRules());
    assertTrue(job.find(), "no up{job=~...} rule");
    assertTrue("social-adapter-brain".matches(job.group(1)), job.group(1));
  }

  private static String readRules() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("k8s/prometheusrule.yaml"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theFullNodesJoinTheClusterAndSendTheirBrainRequestsThere() {
    Map<String, Object> fullNodes = named("StatefulSet", "social-adapter");
    // Bot ownership across full nodes lets the StatefulSet run more than one (each its own volume).
    assertEquals(2, ((Number) Cast.mapAt(fullNodes, "spec").get("replicas")).intValue());
    assertTrue(Cast.mapAt(fullNodes, "spec").containsKey("volumeClaimTemplates"));
    Map<String, Object> c = container(fullNodes);
    Map<String, String> env = env(c);
    assertEquals("4", env.get("SOCIAL_CLUSTER_EXPECTED_MEMBERS"), "2 full + 2 brain nodes");
    assertEquals("false", env.get("SOCIAL_BRAIN_LOCAL"));
    assertEquals("true", env.get("SOCIAL_CLUSTER_ENABLED"));
    assertEquals("$(POD_IP)", env.get("SOCIAL_CLUSTER_HOST"));
    assertTrue(envNames(c).contains("SOCIAL_ONEBOT_ACCESS_TOKEN"), "the base's env is kept");
    Set<Object> ports = Cast.maps(c.get("ports")).stream().map(p -> p.get("containerPort"))
        .collect(Collectors.toSet());
    assertTrue(ports.containsAll(Set.of(8080, 8081, 5701, 5702)), ports.toString());
  }

  @Test
  void discoveryIsAHeadlessServiceAndOnlyOurPodsReachTheClusterPorts() {
    Map<String, Object> headless = named("Service", "social-adapter-cluster");
    assertEquals("None", Cast.mapAt(headless, "spec").get("clusterIP"));
    assertEquals(Boolean.TRUE, Cast.mapAt(headless, "spec").get("publishNotReadyAddresses"));
    Map<String, Object> policy = named("NetworkPolicy", "social-adapter-cluster");
    Map<String, Object> rule = Cast.maps(Cast.mapAt(policy, "spec").get("ingress")).get(0);
    assertEquals(Set.of(5701, 5702), Cast.maps(rule.get("ports")).stream()
        .map(p -> ((Number) p.get("port")).intValue()).collect(Collectors.toSet()));
    assertEquals("social-adapter", Cast.mapAt(Cast.maps(rule.get("from")).get(0),
        "podSelector.matchLabels").get("app.kubernetes.io/name"));
  }
}
