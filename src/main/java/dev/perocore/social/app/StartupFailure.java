package dev.perocore.social.app;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.cluster.ClusterJoinException;
import dev.perocore.social.ops.ServerAddress;
import dev.perocore.social.store.StoreOpenException;
import java.net.BindException;

/**
 * Why the service did not start, as the one line an operator reads and the exit status a script
 * reads: the cause, the key to change and the fix, like a configuration error. Everything else
 * about the failure (its stack) is for {@code log.level: DEBUG}.
 *
 * @param exit the exit status class
 * @param line one line: cause, key, fix
 */
record StartupFailure(ExitCode exit, String line) {

  /** Explains a failed deployment of the service's components. */
  static StartupFailure ofDeployment(Throwable failure, AppConfig config) {
    String component = failure instanceof ComponentStartException c ? c.component() : "";
    Throwable cause = failure instanceof ComponentStartException c ? c.getCause() : failure;
    if (find(cause, StoreOpenException.class) instanceof StoreOpenException store) {
      ExitCode exit = switch (store.reason()) {
        case UNWRITABLE -> ExitCode.DATABASE_UNWRITABLE;
        case CORRUPT -> ExitCode.DATABASE_CORRUPT;
        case NEWER_SCHEMA -> ExitCode.DATABASE_NEWER;
        case OTHER -> ExitCode.UNEXPECTED;
      };
      return new StartupFailure(exit, store.getMessage());
    }
    if (component.equals("service-server") || component.equals("management-server")) {
      boolean service = component.equals("service-server");
      String section = service ? "http" : "management";
      ServerAddress address = service ? config.http() : config.management();
      String problem = text(cause);
      if (find(cause, BindException.class) != null || problem.contains("already in use")
          || problem.contains("assign requested address") || problem.contains("ermission denied")) {
        return new StartupFailure(ExitCode.PORT, portLine(section, address, problem));
      }
      if (find(cause, java.net.UnknownHostException.class) != null) {
        String env = "SOCIAL_" + section.toUpperCase(java.util.Locale.ROOT) + "_HOST";
        return new StartupFailure(ExitCode.PORT, section + ".host " + address.host()
            + " does not resolve (" + problem + "); fix: set " + section + ".host (" + env
            + ") to one of this machine's addresses or names, or 0.0.0.0");
      }
    }
    if (component.equals("tcp-bridge")) {
      String problem = text(cause);
      if (find(cause, java.net.UnknownHostException.class) != null) {
        return new StartupFailure(ExitCode.PORT, "bridge.host " + config.bridge().host()
            + " does not resolve (" + problem + "); fix: set bridge.host (SOCIAL_BRIDGE_HOST) to"
            + " one of this machine's addresses or names");
      }
      if (find(cause, BindException.class) != null || problem.contains("already in use")
          || problem.contains("assign requested address")) {
        return new StartupFailure(ExitCode.PORT, "bridge.port " + config.bridge().port() + " on "
            + config.bridge().host() + " cannot be bound (" + problem + "); fix: free the port"
            + " or set bridge.port (SOCIAL_BRIDGE_PORT) / bridge.host (SOCIAL_BRIDGE_HOST)");
      }
    }
    if (component.equals("brain")) {
      return new StartupFailure(ExitCode.BRAIN, "the brain could not start (" + text(cause)
          + "); fix: check brain.kind and brain.llm.base_url / brain.llm.model"
          + " (SOCIAL_BRAIN_KIND, SOCIAL_BRAIN_LLM_BASE_URL), or set brain.kind: none");
    }
    String who = component.isEmpty() ? "" : component + ": ";
    return new StartupFailure(ExitCode.UNEXPECTED, who + text(cause)
        + " (unexpected; log.level: DEBUG prints the stack trace)");
  }

  /** Explains a failure to create Vert.x itself (in practice: joining the cluster). */
  static StartupFailure ofVertx(Throwable failure) {
    if (failure instanceof ClusterJoinException) {
      // Already one line naming the seeds and this node's address (cluster.JoinDeadline).
      return new StartupFailure(ExitCode.CLUSTER, failure.getMessage() + "; fix: check that"
          + " cluster.members lists running nodes and that cluster.host/cluster.port are this"
          + " node's reachable address (docs/runbook.md, ClusterPartitioned)");
    }
    return new StartupFailure(ExitCode.CLUSTER, "Vert.x could not start (" + text(failure)
        + "); fix: check the cluster settings (cluster.*) and that this host's cluster port is free");
  }

  /** The line as logged: the exit status first, so a reader knows which row of the table it is. */
  String logLine() {
    return "start-up failed (exit " + exit.status() + "): " + line;
  }

  private static String portLine(String section, ServerAddress address, String problem) {
    String env = "SOCIAL_" + section.toUpperCase(java.util.Locale.ROOT);
    if (problem.contains("assign requested address")) {
      return section + ".host " + address.host() + " is not an address of this machine (" + problem
          + "); fix: set " + section + ".host (" + env + "_HOST) to one of its addresses, or 0.0.0.0";
    }
    if (problem.contains("ermission denied")) {
      return section + ".port " + address.port() + " needs privileges this user lacks (" + problem
          + "); fix: set " + section + ".port (" + env + "_PORT) to 1024 or above";
    }
    return section + ".port " + address.port() + " on " + address.host()
        + " is already in use by another process; fix: stop that process (ss -ltnp 'sport = :"
        + address.port() + "' shows it) or set " + section + ".port (" + env + "_PORT) to a free port";
  }

  private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static String text(Throwable t) {
    if (t == null) {
      return "no reason given";
    }
    String message = t.getMessage() == null ? t.toString() : t.getMessage();
    return message.replace('\n', ' ').replace('\r', ' ');
  }
}
