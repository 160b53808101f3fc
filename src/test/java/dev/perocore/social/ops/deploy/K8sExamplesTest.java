package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.ConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator examples render and keep their promises: the overlay creates its namespace, sets
 * the LLM through env vars that name real keys (never the key itself), and NapCat keeps the same
 * machine across restarts (hostname, machine id and QQ's data on volumes).
 */
class K8sExamplesTest {

  private static List<Map<String, Object>> docs;

  @BeforeAll
  static void render() {
    Tools.Result result = Tools.run(List.of(Tools.kubectl().toString(), "kustomize",
        RepoFiles.ROOT.resolve("deploy/k8s-overlay").toString()), RepoFiles.ROOT, Duration.ofSeconds(60));
    assertEquals(0, result.exitCode(), "kubectl kustomize deploy/k8s-overlay failed:\n" + result.output());
    docs = RepoFiles.yamlDocuments(result.output());
  }

  private static Map<String, Object> named(String kind, String name) {
    return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(Cast.at(d, "metadata.name")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static Map<String, Map<String, Object>> env(Map<String, Object> statefulSet) {
    Map<String, Object> container = Cast.maps(Cast.at(statefulSet, "spec.template.spec.containers")).get(0);
    return Cast.maps(container.get("env")).stream()
        .collect(Collectors.toMap(e -> String.valueOf(e.get("name")), e -> e));
  }

  @Test
  void theOverlayCreatesItsNamespaceAndPutsEverythingInIt() {
    named("Namespace", "social");
    for (Map<String, Object> doc : docs) {
      if (!"Namespace".equals(doc.get("kind"))) {
        assertEquals("social", Cast.at(doc, "metadata.namespace"), doc.get("kind") + " "
            + Cast.at(doc, "metadata.name"));
      }
    }
  }

  @Test
  void theLlmPatchSetsRealKeysAndTheKeyStaysInTheSecret() {
    Map<String, Map<String, Object>> env = env(named("StatefulSet", "social-adapter"));
    assertTrue(env.containsKey("SOCIAL_BRAIN_LLM_BASE_URL") && env.containsKey("SOCIAL_BRAIN_LLM_MODEL"));
    assertEquals("Asia/Shanghai", env.get("TZ").get("value"));
    assertTrue(env.get("SOCIAL_BRAIN_LLM_API_KEY").containsKey("valueFrom"), "the key only from the Secret");
    // Every SOCIAL_* name must be a key: the service refuses to start on an unknown one.
    Set<String> known = ConfigLoader.leafKeys(ConfigLoader.defaults()).stream()
        .map(ConfigLoader::envName).collect(Collectors.toSet());
    env.keySet().stream().filter(n -> n.startsWith("SOCIAL_"))
        .forEach(n -> assertTrue(known.contains(n), n + " names no configuration key"));
  }

  @Test
  void napcatKeepsTheSameMachineAcrossRestarts() {
    Map<String, Object> napcat = named("StatefulSet", "napcat");
    assertEquals(1, ((Number) Cast.at(napcat, "spec.replicas")).intValue());
    assertEquals("napcat", Cast.at(napcat, "spec.template.spec.hostname"));
    Set<String> claims = Cast.maps(Cast.at(napcat, "spec.volumeClaimTemplates")).stream()
        .map(c -> String.valueOf(Cast.at(c, "metadata.name"))).collect(Collectors.toSet());
    assertEquals(Set.of("qq-data", "napcat-config", "identity"), claims);
    Map<String, Object> container = Cast.maps(Cast.at(napcat, "spec.template.spec.containers")).get(0);
    Map<String, String> mounts = Cast.maps(container.get("volumeMounts")).stream().collect(
        Collectors.toMap(m -> String.valueOf(m.get("mountPath")), m -> String.valueOf(m.get("name"))));
    assertEquals("qq-data", mounts.get("/app/.config/QQ"));
    assertEquals("identity", mounts.get("/etc/machine-id"));
    assertEquals("Asia/Shanghai", env(napcat).get("TZ").get("value"));
    // The pods carry the label social-adapter's NetworkPolicy admits on the app port.
    assertEquals("napcat", Cast.mapAt(napcat, "spec.template.metadata.labels").get("app.kubernetes.io/name"));
  }

  @Test
  void napcatsReverseWebSocketIsTheServicesWithTheArrayFormat() {
    Map<String, Object> template = docs.stream().filter(d -> "ConfigMap".equals(d.get("kind"))
        && String.valueOf(Cast.at(d, "metadata.name")).startsWith("napcat-onebot-template"))
        .findFirst().orElseThrow();
    String json = String.valueOf(Cast.map(template.get("data")).get("onebot11.json"));
    io.vertx.core.json.JsonObject client = new io.vertx.core.json.JsonObject(json)
        .getJsonObject("network").getJsonArray("websocketClients").getJsonObject(0);
    assertEquals("ws://social-adapter:8080/onebot/v11/ws", client.getString("url"));
    assertEquals("array", client.getString("messagePostFormat"));
    assertFalse(client.getString("token").isEmpty());
  }
}
