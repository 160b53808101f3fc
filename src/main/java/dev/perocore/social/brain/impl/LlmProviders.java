package dev.perocore.social.brain.impl;

import dev.perocore.social.guard.Backoff;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary endpoint and its fallbacks, asked in order: a transient failure (429, 5xx, timeout,
 * connection failure) of one, or its open circuit, or its Retry-After, passes the question to the
 * next one at once. When every endpoint failed that way, the whole round is retried after a
 * backoff, up to {@code max_retries} rounds, from the first endpoint that may be asked again; it
 * stops early when none may (circuits open, Retry-After further than the longest backoff). A 4xx
 * or a malformed answer ends the call: another endpoint would not make the request valid.
 *
 * <p>With one endpoint this is the retry policy the brain always had. Runs on the brain verticle's
 * event loop.
 */
final class LlmProviders {

  /** An answer and the configured model that wrote it. */
  record Answered(String text, String model) {}

  private static final Logger LOG = LoggerFactory.getLogger(LlmBrain.class);

  private final Vertx vertx;
  private final List<LlmProvider> providers;
  private final int maxRetries;
  private final Backoff backoff;
  private final Duration maxBackoff;
  private final LongSupplier clock;

  LlmProviders(Vertx vertx, List<LlmProvider> providers, int maxRetries, Backoff backoff,
      Duration maxBackoff, LongSupplier clock) {
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("no LLM endpoint");
    }
    this.vertx = vertx;
    this.providers = List.copyOf(providers);
    this.maxRetries = maxRetries;
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
    this.clock = clock;
  }

  List<LlmProvider> all() {
    return providers;
  }

  /** The answer to {@code body} (without its {@code model}: each endpoint sets its own). */
  Future<Answered> complete(JsonObject body) {
    return complete(body, providers.get(0).model());
  }

  /**
   * As {@link #complete(JsonObject)}, asking the primary endpoint for {@code primaryModel} (the
   * secretary's or the summary's cheaper model); fallbacks keep their own model.
   */
  Future<Answered> complete(JsonObject body, String primaryModel) {
    return round(body, primaryModel, 0);
  }

  private Future<Answered> round(JsonObject body, String primaryModel, int retry) {
    return from(body, primaryModel, 0, null).recover(cause -> {
      if (!retryable(cause) || retry >= maxRetries) {
        return Future.failedFuture(cause);
      }
      long delay = delayBeforeRetry(retry);
      if (delay < 0) {
        return Future.failedFuture(cause);
      }
      LOG.debug("LLM round {} failed ({}); retrying in {} ms", retry + 1, cause.getMessage(),
          delay);
      return vertx.timer(delay, TimeUnit.MILLISECONDS).compose(v -> round(body, primaryModel, retry + 1));
    });
  }

  /** Asks the first endpoint from {@code index} that may be asked now; the next on failure. */
  private Future<Answered> from(JsonObject body, String primaryModel, int index, Throwable last) {
    long now = clock.getAsLong();
    for (int i = index; i < providers.size(); i++) {
      LlmProvider provider = providers.get(i);
      if (!provider.availableAt(now)) {
        continue;
      }
      int next = i + 1;
      String model = i == 0 ? primaryModel : provider.model();
      return provider.attempt(body, model)
          .map(text -> new Answered(text, model))
          .recover(cause -> retryable(cause) || cause instanceof OpenCircuitException
              ? from(body, primaryModel, next, cause) : Future.failedFuture(cause));
    }
    if (last != null) {
      return Future.failedFuture(last);
    }
    return Future.failedFuture(nobodyAvailable(now));
  }

  /** Why nothing was asked: every circuit open (the brain passes), or someone's Retry-After. */
  private Throwable nobodyAvailable(long now) {
    boolean rateLimited = providers.stream().anyMatch(p -> p.waitingOutRetryAfter(now));
    return rateLimited
        ? new LlmFailure(LlmFailure.Kind.TRANSIENT, 429,
            "every LLM endpoint is waiting out a Retry-After or has its circuit open", null)
        : OpenCircuitException.INSTANCE;
  }

  /**
   * The pause before round {@code retry + 1}: the backoff, or longer when the earliest endpoint
   * whose circuit is not open is still waiting out its Retry-After; -1 when no endpoint could be
   * asked within the longest backoff.
   */
  private long delayBeforeRetry(int retry) {
    long now = clock.getAsLong();
    long delay = backoff.delayMillis(retry);
    long earliest = Long.MAX_VALUE;
    for (LlmProvider provider : providers) {
      if (provider.availableAt(now + delay)) {
        return delay;
      }
      if (provider.waitingOutRetryAfter(now)) {
        earliest = Math.min(earliest, provider.blockedUntil() - now);
      }
    }
    return earliest <= maxBackoff.toMillis() ? earliest : -1;
  }

  private static boolean retryable(Throwable cause) {
    return cause instanceof LlmFailure f && f.retryable();
  }
}
