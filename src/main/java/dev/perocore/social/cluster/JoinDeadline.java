package dev.perocore.social.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.transport.Transport;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link VertxBuilder} whose clustered build ends within {@code cluster.join_timeout} (the named
 * timeout {@code cluster.join}): with the clustered Vert.x, or with a {@link ClusterJoinException}
 * whose message is one line naming the key, the seeds and the cause — a taken port, no seed host
 * that resolves ({@link SeedCheck}), a join too slow. There is no Vert.x yet to count it on;
 * start-up stops instead.
 */
public final class JoinDeadline implements VertxBuilder {

  /** The operation name of the join deadline. */
  public static final String OP = "cluster.join";
  /** How long one look-up may outlast the seed check's budget (the resolver's own timeouts). */
  private static final Duration SEED_LOOKUP_SLACK = Duration.ofSeconds(15);

  private final VertxBuilder delegate;
  private final ClusterConfig config;
  private final SeedCheck seeds;

  public JoinDeadline(VertxBuilder delegate, ClusterConfig config) {
    this(delegate, config, SeedCheck.dns());
  }

  JoinDeadline(VertxBuilder delegate, ClusterConfig config, SeedCheck seeds) {
    this.delegate = delegate;
    this.config = config;
    this.seeds = seeds;
  }

  /**
   * The seeds are resolved first, on a thread of their own (DNS blocks), within {@code
   * cluster.join_timeout} (at least {@link SeedCheck#leastBudget}); the join then has its own
   * {@code cluster.join_timeout}, so a name that appears late costs no Hazelcast time. In the
   * usual case the names resolve at once and this adds nothing.
   */
  @Override
  public Future<Vertx> buildClustered() {
    Duration budget = Duration.ofMillis(Math.max(seeds.leastBudget().toMillis(),
        config.joinTimeout().toMillis()));
    String key = config.join() == ClusterConfig.Join.KUBERNETES
        ? "cluster.kubernetes.service_dns" : "cluster.members";
    CompletableFuture<Vertx> joined = CompletableFuture
        .supplyAsync(() -> {
          try {
            return seeds.problem(SeedCheck.hosts(config), key, budget);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while resolving the seeds");
          }
        }, JoinDeadline::onSeedThread)
        // A look-up can outlast the budget by the resolver's own timeouts: bounded here too.
        .completeOnTimeout(Optional.of("the seed names were still being resolved after "
            + (budget.toMillis() + SEED_LOOKUP_SLACK.toMillis()) + " ms; check " + key + " and"
            + " this host's DNS"), budget.plus(SEED_LOOKUP_SLACK).toMillis(), TimeUnit.MILLISECONDS)
        .thenCompose(problem -> problem.isPresent()
            ? CompletableFuture.<Vertx>failedFuture(new IllegalStateException(problem.get()))
            : delegate.buildClustered().toCompletionStage().toCompletableFuture()
                .orTimeout(config.joinTimeout().toMillis(), TimeUnit.MILLISECONDS));
    long millis = config.joinTimeout().toMillis();
    Promise<Vertx> result = Promise.promise();
    joined.whenComplete((vertx, cause) -> {
      if (cause == null) {
        result.complete(vertx);
        return;
      }
      Throwable root = cause instanceof CompletionException && cause.getCause() != null
          ? cause.getCause() : cause;
      String why = root instanceof TimeoutException
          ? OP + " timed out after cluster.join_timeout (" + millis + " ms)"
          : String.valueOf(root.getMessage() == null ? root : root.getMessage());
      result.fail(new ClusterJoinException("cluster: could not join (" + config.seeds()
          + ", this node " + config.host() + ":" + config.port() + "): " + why));
    });
    return result.future();
  }

  private static void onSeedThread(Runnable check) {
    Thread thread = new Thread(check, "cluster-seed-check");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public VertxBuilder with(VertxOptions options) {
    delegate.with(options);
    return this;
  }

  @Override
  public VertxBuilder withMetrics(VertxMetricsFactory factory) {
    delegate.withMetrics(factory);
    return this;
  }

  @Override
  public VertxBuilder withTracer(VertxTracerFactory factory) {
    delegate.withTracer(factory);
    return this;
  }

  @Override
  public VertxBuilder withTransport(Transport transport) {
    delegate.withTransport(transport);
    return this;
  }

  @Override
  public VertxBuilder withClusterManager(ClusterManager manager) {
    delegate.withClusterManager(manager);
    return this;
  }

  @Override
  public Vertx build() {
    return delegate.build();
  }
}
