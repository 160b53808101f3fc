package dev.perocore.social.brain;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where this Vert.x instance's brain requests go (issue 17). {@link #LOCAL}, the default: to the
 * brain verticle of this process only (its consumers are local, so a clustered full node never
 * answers another node's sessions). {@link #CLUSTER} ({@code brain.local: false}): to whoever
 * serves the address — the brain nodes of the cluster, or TCP bridge clients (with or without a
 * cluster) — round-robin, as JSON ({@link BrainJson}); with none registered a decision is the fast
 * pass {@link #NO_BRAIN_NODE} instead of a failure, and a summary or verdict fails at once.
 */
public enum BrainRoute {
  LOCAL, CLUSTER;

  /** The pass reason when no brain node serves {@code social.brain}. */
  public static final String NO_BRAIN_NODE = "no_brain_node";

  private static final Map<Vertx, BrainRoute> ROUTES = new WeakHashMap<>();

  /** Set once at assembly, before any session or brain verticle starts. */
  public static void set(Vertx vertx, BrainRoute route) {
    synchronized (ROUTES) {
      ROUTES.put(vertx, route);
    }
  }

  public static BrainRoute of(Vertx vertx) {
    synchronized (ROUTES) {
      return ROUTES.getOrDefault(vertx, LOCAL);
    }
  }
}
