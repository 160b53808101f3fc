package dev.perocore.social.app;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.brain.BrainAddresses;
import dev.perocore.social.brain.BrainRoute;
import dev.perocore.social.cluster.ClusterGauges;
import dev.perocore.social.cluster.HazelcastSetup;
import dev.perocore.social.cluster.JoinDeadline;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.onebot.InsecureExposureException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point. Parses the command line and the configuration before anything starts (a bad
 * value exits 2 with one line naming the key), then runs the service through Vert.x's application
 * launcher with our hooks: Vert.x options from {@code guard.*}, one Prometheus registry, the loop
 * guard installed as soon as Vert.x exists, and the supervisor as the main verticle.
 */
public final class SocialApplication extends VertxApplication implements VertxApplicationHooks {

  /** Exit status for a bad command line or configuration. */
  public static final int EXIT_CONFIG = ExitCode.CONFIG.status();

  /**
   * Test hook (a JVM property, not configuration): the component after which start-up waits for
   * a stop, so that a test can signal the real jar at a known point of its start-up ({@code
   * signals}: before the config is read).
   */
  static final String HOLD_STARTUP_AFTER = "social.test.hold_startup_after";

  private static final Logger LOG = LoggerFactory.getLogger(SocialApplication.class);

  private final AppConfig config;
  private final PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
  private volatile ServiceAssembly assembly;
  /** The node this process runs: {@link #assembly}, or a brain node ({@code brain}). */
  private volatile NodeAssembly node;
  private final boolean brainNode;
  private volatile long joinStarted;
  /** Restores the loggers quieted during the cluster join (LogSetup.quietDuringJoin). */
  private volatile Runnable joinQuiet = () -> { };
  private volatile HazelcastClusterManager clusterManager;
  private volatile Guard guard;
  /** Null until Vert.x deploys it: which component a stop that overran was still stopping. */
  private volatile ServiceSupervisor supervisor;
  private volatile StartupFailure failure;
  /** A stop (signal, demo --for) or a failed start: whichever came first decides the exit. */
  private final StopSwitch stop = new StopSwitch();
  /** Set once Vert.x has started; a stop before that has nothing to close. */
  private volatile Vertx vertx;
  private volatile Vertx failedVertx;
  /** {@code demo}: its admin token (set: run the demo) and how long to run (empty: until Ctrl-C). */
  private final Optional<String> demoToken;
  private final Optional<Duration> demoFor;

  private SocialApplication(AppConfig config, Optional<String> demoToken,
      Optional<Duration> demoFor, boolean brainNode) {
    // The launcher's own options stay unused: everything comes from our configuration (its
    // -cluster only switches to the clustered build, which our builder then configures). It does
    // not exit on a failure either: main does, with the status of the failure's class (ExitCode).
    super(config.cluster().enabled() ? new String[] {"-cluster"} : new String[0], null, false,
        false);
    this.config = config;
    this.brainNode = brainNode;
    this.demoToken = demoToken;
    this.demoFor = demoFor;
  }

  public static void main(String[] args) {
    Cli cli;
    AppConfig config;
    Optional<String> demoToken = Optional.empty();
    Optional<Duration> demoFor = Optional.empty();
    try {
      cli = Cli.parse(args);
      if (cli.command().equals("help")) {
        System.out.println(Cli.USAGE);
        return;
      }
      if (cli.command().equals("version")) {
        System.out.println(Version.describe());
        return;
      }
      if (!cli.command().equals("bench")) { // an interrupted benchmark must not look like a pass
        ShutdownSignals.installEarly();
        if ("signals".equals(System.getProperty(HOLD_STARTUP_AFTER))) {
          holdForASignal();
        }
      }
      JsonObject merged = ConfigLoader.load(cli.configFile(), System.getenv());
      if (cli.command().equals("demo")) {
        demoToken = Optional.of(DemoMode.adjust(merged));
        demoFor = DemoMode.runFor(cli.arguments());
      }
      config = AppConfig.from(merged);
      LogSetup.apply(config.logLevel(), config.logFormat());
      if (cli.command().equals("brain") && !config.cluster().enabled()) {
        throw new ConfigException("cluster.enabled", false,
            "true for a brain node: it serves the cluster (SOCIAL_CLUSTER_ENABLED=true)");
      }
      if (!cli.command().equals("brain")) { // a brain node has no OneBot port
        config.onebot().checkExposure(config.http().host()).ifPresent(LOG::warn);
      }
    } catch (ConfigException | InsecureExposureException | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      if (!(e instanceof ConfigException) && !(e instanceof InsecureExposureException)) {
        System.err.println(Cli.USAGE);
      }
      System.exit(EXIT_CONFIG);
      return;
    }
    if (!cli.command().equals("bench")) {
      LOG.info(StartupLine.of(config));
    }
    switch (cli.command()) {
      case "run" -> new SocialApplication(config, Optional.empty(), Optional.empty(), false)
          .launchOrExit();
      case "demo" -> new SocialApplication(config, demoToken, demoFor, false).launchOrExit();
      case "brain" -> new SocialApplication(config, Optional.empty(), Optional.empty(), true)
          .launchOrExit();
      case "bench" -> Benchmarks.run(cli.arguments());
      default -> {
        System.err.println(cli.command() + " is not available yet; " + Cli.USAGE);
        System.exit(EXIT_CONFIG);
      }
    }
  }

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    if (!config.cluster().enabled()) {
      return VertxSetup.builder(config, registry, options);
    }
    clusterManager = HazelcastSetup.manager(config.cluster());
    LOG.info("cluster: joining ({}) as {}:{}, within cluster.join_timeout {} ms",
        config.cluster().seeds(), config.cluster().host(), config.cluster().port(),
        config.cluster().joinTimeout().toMillis());
    joinStarted = System.nanoTime();
    joinQuiet = LogSetup.quietDuringJoin();
    return new JoinDeadline(VertxSetup.builder(config, registry,
        HazelcastSetup.eventBus(options, config.cluster())).withClusterManager(clusterManager),
        config.cluster());
  }

  /** Where a full node's brain requests go: its own brain, or off the process (brain.local). */
  static BrainRoute fullNodeRoute(AppConfig config) {
    return config.cluster().brainLocal() ? BrainRoute.LOCAL : BrainRoute.CLUSTER;
  }

  @Override
  public void afterVertxStarted(HookContext context) {
    Vertx vertx = context.vertx();
    this.vertx = vertx;
    LOG.info(VertxSetup.transport(vertx, config));
    Warmup.run(vertx, registry);
    guard = Guard.install(vertx, registry, config.guard());
    if (!config.cluster().enabled()) {
      // brain.local: false in one process: a TCP bridge client serves social.brain.
      BrainRoute.set(vertx, fullNodeRoute(config));
    }
    if (config.cluster().enabled()) {
      joinQuiet.run();
      boolean remoteBrain = brainNode || !config.cluster().brainLocal();
      BrainRoute.set(vertx, remoteBrain ? BrainRoute.CLUSTER : BrainRoute.LOCAL);
      ClusterGauges.install(vertx, clusterManager, registry, config.cluster(),
          remoteBrain && !brainNode ? BrainAddresses.DECIDE : null);
      LOG.info("cluster: joined as {} ({}) in {} ms; {} member(s); node name {}",
          clusterManager.getNodeId(), brainNode ? "brain node" : "full node",
          Duration.ofNanos(System.nanoTime() - joinStarted).toMillis(),
          clusterManager.getNodes().size(), config.cluster().nodeName());
    }
    if (brainNode) {
      node = new BrainNodeAssembly(config, guard, registry,
          () -> clusterManager.getNodes().size());
    } else {
      assembly = new ServiceAssembly(config, guard, registry, clusterManager);
      node = assembly;
    }
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> {
      ServiceSupervisor made = new ServiceSupervisor(node.components(), guard, node.readiness(),
          config.drainTimeout(), node::stopReading).whenStopRequested(stop::stopRequested)
          .holdAfter(Optional.ofNullable(System.getProperty(HOLD_STARTUP_AFTER)));
      supervisor = made;
      return made;
    };
  }

  @Override
  public void afterVerticleDeployed(HookContext context) {
    if (demoToken.isEmpty() || stop.stopRequested()) {
      return;
    }
    Vertx vertx = context.vertx();
    DemoMode.banner(System.out, assembly.servicePort(), assembly.managementPort(),
        demoToken.get());
    DemoMode.start(vertx, guard, registry, assembly.sessions(), assembly.servicePort(),
            config.onebot().accessToken(), System.out)
        .onFailure(cause -> LOG.error("demo: the simulator could not connect: {}", cause.toString()));
    demoFor.ifPresent(d -> vertx.setTimer(Math.max(1, d.toMillis()),
        id -> ShutdownSignals.request(stop, () -> vertx, "demo --for " + d, stopLimit())));
  }

  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable t) {
    failed(StartupFailure.ofVertx(t), t, null);
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    failed(StartupFailure.ofDeployment(t, config), t, context.vertx());
  }

  /** One line (cause, key, fix); the stack only at DEBUG, where it helps and does not alarm. */
  private void failed(StartupFailure failure, Throwable t, Vertx vertx) {
    if (!stop.markFailed()) {
      // The stop closed Vert.x under the start-up: its doing, not a failure; it exits 0.
      LOG.debug("start-up ended by the stop: {}", failure.line(), t);
      return;
    }
    this.failure = failure;
    this.failedVertx = vertx;
    LOG.error(failure.logLine());
    if (t != null) {
      LOG.debug("start-up failure, full stack trace", t);
    }
  }

  /** The test hook's hold before the config is read: only a signal ends it. */
  private static void holdForASignal() {
    LOG.info("start-up held after signals");
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Leaves room past the drain budget for closing servers and Vert.x itself. */
  private Duration stopLimit() {
    return config.drainTimeout().plus(Duration.ofSeconds(5));
  }

  /**
   * Launches; when start-up fails, closes what did start, flushes the log and exits with the
   * status of the failure's class. Runs on the main thread, so waiting here blocks no event loop.
   */
  private void launchOrExit() {
    ShutdownSignals.install(stop, () -> vertx, stopLimit(), () -> {
      ServiceSupervisor s = supervisor;
      return s == null ? "" : s.undeploying();
    });
    int status = launch();
    if (status == 0 || stop.stopRequested()) {
      return; // running, or stopping: Vert.x's threads (the stopper's) keep the JVM alive
    }
    StartupFailure known = failure;
    Vertx vertx = failedVertx;
    if (vertx != null) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture()
            .get(config.drainTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.debug("closing Vert.x after the failed start: {}", e.toString());
      }
    }
    LogSetup.flush();
    System.exit(known == null ? status : known.exit().status());
  }
}
