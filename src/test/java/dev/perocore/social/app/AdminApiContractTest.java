package dev.perocore.social.app;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.ApiIndex;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.testing.GuardedVertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/openapi.json} against the service as the app assembles it (debug routes on, so
 * every route is mounted): vertx-openapi loads it as a valid OpenAPI 3.1 contract, every admin
 * route the service port mounts is described, and every described operation is mounted.
 */
class AdminApiContractTest {

  @TempDir Path dir;

  @Test
  void theDescriptionIsValidOpenApi31AndMatchesTheMountedRoutesBothWays() throws Exception {
    JsonObject merged = ConfigLoader.defaults();
    ConfigLoader.overlay(merged, Map.of("http.port", 0, "management.port", 0,
        "store.path", dir.resolve("social.db"), "admin.token", "contract-test-token",
        "debug.chaos", true));
    AppConfig config = AppConfig.from(merged);
    GuardedVertx gv = GuardedVertx.fast();
    try {
      ServiceAssembly assembly = new ServiceAssembly(config, gv.guard, gv.registry);
      Router router = Router.router(gv.vertx);
      for (RouteMount mount : assembly.serviceRoutes()) {
        mount.mount(gv.vertx, router);
      }
      Set<String> mounted = new TreeSet<>();
      for (Route route : router.getRoutes()) {
        String path = route.getPath();
        if (path == null || !path.startsWith(AdminAuth.PREFIX) || route.methods() == null
            || route.methods().isEmpty()) {
          continue; // the OneBot endpoints, the console, and AdminAuth's guard (no method)
        }
        String described = path.replaceAll(":([A-Za-z_]+)", "{$1}").replaceAll("(.)/$", "$1");
        route.methods().forEach(m -> mounted.add(m.name() + " " + described));
      }

      JsonObject document = new JsonObject(Files.readString(
          Path.of("src/main/resources").resolve(ApiIndex.RESOURCE)));
      assertEquals("3.1.0", document.getString("openapi"));
      OpenAPIContract contract = await(OpenAPIContract.from(gv.vertx, document));
      Set<String> described = new TreeSet<>();
      contract.getPaths().forEach(p -> p.getOperations().forEach((Operation op) ->
          described.add(op.getHttpMethod().name() + " " + op.getOpenAPIPath())));

      assertTrue(mounted.size() >= 14, "found the admin routes: " + mounted);
      assertEquals(mounted, described, "mounted routes (left) vs openapi.json (right)");
      assertTrue(described.contains(HttpMethod.DELETE.name() + " /api/v1/users/{id}/history"));
      List<String> withoutId = contract.getPaths().stream().flatMap(p -> p.getOperations().stream())
          .filter(op -> op.getOperationId() == null).map(Operation::getOpenAPIPath).toList();
      assertTrue(withoutId.isEmpty(), "every operation has an operationId: " + withoutId);
    } finally {
      gv.close();
    }
  }
}
