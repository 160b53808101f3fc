package dev.perocore.social.app;

import dev.perocore.social.ops.Readiness;
import io.vertx.core.Future;
import java.util.List;

/** What the supervisor runs: a full node ({@link ServiceAssembly}) or a brain node. */
interface NodeAssembly {

  /** Deployment order; shutdown runs it backwards. */
  List<Component> components();

  Readiness readiness();

  /** Shutdown's first step, before the components stop in reverse. */
  Future<Void> stopReading();
}
