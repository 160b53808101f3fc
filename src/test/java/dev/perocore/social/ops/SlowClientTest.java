package dev.perocore.social.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: neither port lets a client hold a connection open for free. A slowloris client (part
 * of its headers, then nothing) is closed by the header timeout even though the idle timeout is
 * far away; a client idle after its response is closed by the idle timeout. Raw TCP on loopback.
 */
class SlowClientTest {

  @Test
  void slowHeadersAreClosedOnBothPorts() throws IOException {
    AppConfig config = TestConfig.defaults()
        .with("http.header_timeout", "300ms").with("management.header_timeout", "300ms")
        .with("http.idle_timeout", "10m").with("management.idle_timeout", "10m").app();
    try (Servers servers = new Servers(config)) {
      for (String server : List.of("service", "management")) {
        try (Socket socket = new Socket("127.0.0.1", servers.port(server))) {
          socket.setSoTimeout(15_000); // a failed bound fails the read, not the wait
          socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: "
              .getBytes(StandardCharsets.US_ASCII));
          assertEquals(-1, socket.getInputStream().read(), server + ": closed, no response");
        }
        servers.waitFor(server + " counted", () -> servers.gv.counter(
            "social.http.header.timeouts", "server", server) == 1);
      }
    }
  }

  @Test
  void anIdleConnectionIsClosedOnBothPortsAfterItsResponse() throws IOException {
    AppConfig config = TestConfig.defaults().with("onebot.ping_interval", "100ms")
        .with("http.idle_timeout", "300ms").with("management.idle_timeout", "300ms")
        .with("http.header_timeout", "10m").with("management.header_timeout", "10m").app();
    try (Servers servers = new Servers(config)) {
      for (String server : List.of("service", "management")) {
        try (Socket socket = new Socket("127.0.0.1", servers.port(server))) {
          socket.setSoTimeout(15_000);
          OutputStream out = socket.getOutputStream();
          out.write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          InputStream in = socket.getInputStream();
          String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
          assertTrue(head.startsWith("HTTP/1.1 "), server + " answered: " + head);
          // Keep-alive: the connection stays until the idle timeout closes it.
          while (in.read() != -1) {
            // drain the rest of the response
          }
        }
      }
    }
  }

  /** Both servers as the app deploys them, with the limits of {@code config}. */
  private static final class Servers implements AutoCloseable {
    final GuardedVertx gv = GuardedVertx.with(TestConfig.defaults().guard());
    final ManagementServer management;
    final ServiceServer service;

    Servers(AppConfig config) {
      management = new ManagementServer(gv.guard, Duration.ofSeconds(1),
          new ServerAddress("127.0.0.1", 0), (PrometheusMeterRegistry) gv.registry,
          new Readiness(), config.managementLimits());
      OnContext.await(gv.vertx.deployVerticle(management));
      service = new ServiceServer(gv.guard, Duration.ofSeconds(1),
          new ServerAddress("127.0.0.1", 0), List.of(new TasksApi(gv.guard)),
          config.httpLimits());
      OnContext.await(gv.vertx.deployVerticle(service));
    }

    int port(String server) {
      return server.equals("service") ? service.actualPort() : management.actualPort();
    }

    void waitFor(String what, java.util.function.Supplier<Boolean> condition) {
      OnContext.await(dev.perocore.social.testing.Poll.untilTrue(gv.vertx, what, condition));
    }

    @Override
    public void close() {
      gv.close();
    }
  }
}
