package dev.perocore.social.app;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import java.util.function.Supplier;

/**
 * One verticle of the service, deployed in list order and undeployed in reverse.
 *
 * @param name for logs and the readiness body
 * @param factory makes each instance
 * @param options deployment options (instances, ...)
 */
record Component(String name, Supplier<? extends Deployable> factory, DeploymentOptions options) {

  static Component single(String name, Supplier<? extends Deployable> factory) {
    return new Component(name, factory, new DeploymentOptions());
  }
}
