package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's docker-compose.yml (no Docker engine or compose plugin here, so its YAML is read):
 * NapCat and the service are wired to each other — the reverse WebSocket URL names the service and
 * its OneBot path, the same token variable reaches both sides, and the service listens beyond
 * loopback on env names that are real keys.
 */
class DockerComposeTest {

  private static final Map<String, Object> COMPOSE =
      RepoFiles.yamlMap(RepoFiles.ROOT.resolve("docker-compose.yml"));

  private static Map<String, Object> service(String name) {
    return Cast.mapAt(COMPOSE, "services." + name);
  }

  @Test
  void napcatAndTheServiceAreBothThereWithPersistentQqData() {
    assertTrue(String.valueOf(service("napcat").get("image")).startsWith("mlikiowa/napcat-docker"));
    assertEquals(".", service("social-adapter").get("build"));
    List<Object> volumes = Cast.list(service("napcat").get("volumes"));
    assertTrue(volumes.contains("./napcat/qq:/app/.config/QQ"), "QQ's login and device data persist");
    assertTrue(service("napcat").containsKey("mac_address") && service("napcat").containsKey("hostname"),
        "a stable machine, or QQ sees a new device on every start");
  }

  @Test
  void theServiceListensBeyondLoopbackOnRealKeys() {
    Map<String, Object> env = Cast.map(service("social-adapter").get("environment"));
    assertEquals("0.0.0.0", env.get("SOCIAL_HTTP_HOST"));
    Set<String> known = ConfigLoader.leafKeys(ConfigLoader.defaults()).stream()
        .map(ConfigLoader::envName).collect(Collectors.toSet());
    env.keySet().stream().filter(n -> n.startsWith("SOCIAL_"))
        .forEach(n -> assertTrue(known.contains(n), n + " names no configuration key"));
  }

  @Test
  void theSameTokenReachesBothSidesAndNapCatDialsTheServicesOneBotPath() {
    Object adapterToken = Cast.map(service("social-adapter").get("environment"))
        .get("SOCIAL_ONEBOT_ACCESS_TOKEN");
    Object napcatToken = Cast.map(service("napcat-init").get("environment")).get("TOKEN");
    assertEquals(adapterToken, napcatToken);
    assertTrue(String.valueOf(adapterToken).startsWith("${SOCIAL_ONEBOT_ACCESS_TOKEN:?"),
        "a missing token stops compose with a message: " + adapterToken);
    JsonObject client = new JsonObject(RepoFiles.read(RepoFiles.ROOT.resolve("deploy/napcat/onebot11.json")))
        .getJsonObject("network").getJsonArray("websocketClients").getJsonObject(0);
    URI url = URI.create(client.getString("url"));
    assertEquals("social-adapter", url.getHost());
    assertEquals(8080, url.getPort());
    assertEquals("/onebot/v11/ws", url.getPath());
    assertEquals("array", client.getString("messagePostFormat"));
    assertEquals("__SOCIAL_ONEBOT_ACCESS_TOKEN__", client.getString("token"));
    assertTrue(String.valueOf(service("napcat-init").get("command")).contains("__SOCIAL_ONEBOT_ACCESS_TOKEN__"));
    // The k8s example ships the same template.
    assertEquals(RepoFiles.read(RepoFiles.ROOT.resolve("deploy/napcat/onebot11.json")),
        RepoFiles.read(RepoFiles.ROOT.resolve("k8s/examples/napcat/onebot11.json")));
  }
}
