package dev.perocore.social.ops;

import dev.perocore.social.guard.TaskSet;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the registry's Prometheus text, written on a worker thread.
 *
 * <p>Why not on the management server's event loop (Vert.x's {@code PrometheusScrapingHandler}
 * does that): a scrape walks every series and builds the whole text at once. On a busy 2-core
 * machine that took longer than {@code guard.max_event_loop_execute}, so the scrape that was to
 * report a stall was itself reported as a blocked loop (PrometheusEndToEndIT saw EventLoopBlocked
 * fire with the scrape on the blocked thread's stack). A worker keeps the loop free for the
 * probes, which share its port. Each scrape is a task of the server's set ({@value #KIND}).
 */
final class MetricsScrape implements Handler<RoutingContext> {

  /** The task kind of one scrape. */
  static final String KIND = "ops.metrics.scrape";

  /** Prometheus's text exposition format, as the Vert.x handler sends it. */
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final Supplier<TaskSet> tasks;
  private final PrometheusMeterRegistry registry;

  MetricsScrape(Vertx vertx, Supplier<TaskSet> tasks, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // Unordered: two scrapes at once need not wait for each other.
    tasks.get().run(KIND, "", () -> vertx.executeBlocking(registry::scrape, false))
        .onSuccess(text -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
            .end(text)
            .onFailure(ignored -> { })) // the scraper went away; the next scrape says the same
        .onFailure(ctx::fail);
  }
}
