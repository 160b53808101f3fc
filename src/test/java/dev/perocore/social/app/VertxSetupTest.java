package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VertxSetupTest {

  /** The jar carries epoll's native library for Linux on x86-64 only (see pom.xml). */
  private static boolean epollShipped() {
    return System.getProperty("os.name").equals("Linux")
        && System.getProperty("os.arch").equals("amd64");
  }

  private static String transportOf(AppConfig config) throws Exception {
    Vertx vertx = VertxSetup.builder(config, MetricsSetup.newRegistry(), new VertxOptions()).build();
    try {
      return vertx.isNativeTransportEnabled() + " " + VertxSetup.transport(vertx, config);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theEventLoopsRunOnEpollAsShipped() throws Exception {
    assumeTrue(epollShipped(), "epoll is shipped for Linux x86-64 only");
    AppConfig shipped = TestConfig.defaults().app();
    assertTrue(shipped.nativeTransport());

    assertEquals("true vertx: event loops on epoll (vertx.native_transport)",
        transportOf(shipped));
  }

  @Test
  void nativeTransportFalseMeansJavaNio() throws Exception {
    AppConfig nio = TestConfig.defaults().with("vertx.native_transport", false).app();

    assertEquals("false vertx: event loops on Java NIO (vertx.native_transport: false)",
        transportOf(nio));
    assertFalse(nio.nativeTransport());
  }
}
