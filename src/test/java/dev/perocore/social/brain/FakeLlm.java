package dev.perocore.social.brain;

import dev.perocore.social.testing.OnContext;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link FakeLlmServer} on a Vert.x of its own for each test ({@code @RegisterExtension}), for
 * tests whose service runs on another Vert.x: the provider must not share the loops it is
 * measured against.
 */
public final class FakeLlm implements BeforeEachCallback, AfterEachCallback {

  private Vertx vertx;
  private FakeLlmServer server;

  @Override
  public void beforeEach(ExtensionContext context) {
    vertx = Vertx.vertx();
    server = FakeLlmServer.start(vertx);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    OnContext.await(vertx.close());
  }

  /** This test's server. */
  public FakeLlmServer server() {
    return server;
  }
}
