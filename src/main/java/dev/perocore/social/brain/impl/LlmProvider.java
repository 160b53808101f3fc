package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.LlmConfig;
import dev.perocore.social.brain.LlmEndpoint;
import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.Timeouts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat-completions endpoint behind its own circuit breaker: {@code circuit_failures} failed
 * attempts in a row open it for {@code circuit_reset}, and while it is open an attempt fails fast
 * with {@link io.vertx.circuitbreaker.OpenCircuitException} without touching the network. A 4xx
 * other than 429 does not count against the circuit (a bad key fails the same way every time).
 *
 * <p>A 429 or 503 with {@code Retry-After} also makes the endpoint unavailable until then, so it
 * is not asked sooner; {@link LlmProviders} asks the next one meanwhile. Its circuit state is the
 * gauge {@code social_brain_llm_circuit_open{model}}. Runs on the brain verticle's event loop.
 */
final class LlmProvider {

  private static final Logger LOG = LoggerFactory.getLogger(LlmBrain.class);

  private final Timeouts timeouts;
  private final LlmConfig settings;
  private final LlmEndpoint endpoint;
  private final String configKey;
  private final String url;
  private final WebClient client;
  private final LongSupplier clock;
  private final CircuitBreaker breaker;
  private final RateLimitedLog problems = new RateLimitedLog(LOG, Duration.ofSeconds(10));
  /** Epoch millis before which Retry-After says not to ask; 0 = no such wait. */
  private long blockedUntil;

  /**
   * @param configKey where the endpoint is configured ({@code brain.llm} or {@code
   *     brain.llm.fallbacks[i]}), for the log lines that tell the operator what to check
   * @param clock epoch millis, for Retry-After
   */
  LlmProvider(Vertx vertx, WebClient client, Timeouts timeouts, MeterRegistry registry,
      LlmConfig settings, LlmEndpoint endpoint, String configKey, LongSupplier clock) {
    this.timeouts = timeouts;
    this.settings = settings;
    this.endpoint = endpoint;
    this.configKey = configKey;
    this.url = endpoint.baseUrl().replaceAll("/+$", "") + "/chat/completions";
    this.client = client;
    this.clock = clock;
    this.breaker = CircuitBreaker.create("brain-llm:" + endpoint.model(), vertx,
            new CircuitBreakerOptions()
                .setMaxFailures(settings.circuitFailures())
                .setResetTimeout(settings.circuitReset().toMillis())
                // Each attempt has its own named timeout; the breaker must not add a second one.
                .setTimeout(-1)
                .setMaxRetries(0)
                .setFailuresRollingWindow(Math.max(60_000, settings.circuitReset().toMillis()))
                // No periodic state broadcast on the event bus: the gauge below says it.
                .setNotificationAddress(null))
        .failurePolicy(LlmProvider::countsForCircuit)
        .openHandler(v -> LOG.warn("LLM circuit open after {} failed attempt(s) against {}"
                + " (model {}): it is skipped for {} ms", settings.circuitFailures(), url,
            endpoint.model(), settings.circuitReset().toMillis()))
        .halfOpenHandler(v -> LOG.info("LLM circuit half-open (model {}): trying one request",
            endpoint.model()))
        .closeHandler(v -> LOG.info("LLM circuit closed: {} (model {}) answers again", url,
            endpoint.model()));
    Gauge.builder("social.brain.llm.circuit.open", breaker,
            b -> b.state() == CircuitBreakerState.CLOSED ? 0 : 1)
        .description("1 while the circuit breaker of this configured model is open or half-open")
        .tag("model", endpoint.model())
        .register(registry);
  }

  /** The configured model name: the {@code model} label. */
  String model() {
    return endpoint.model();
  }

  CircuitBreakerState state() {
    return breaker.state();
  }

  /** Whether an attempt at {@code millis} would reach the network (circuit as it is now). */
  boolean availableAt(long millis) {
    return breaker.state() != CircuitBreakerState.OPEN && millis >= blockedUntil;
  }

  /** Whether only a Retry-After (not the circuit) keeps it from answering at {@code millis}. */
  boolean waitingOutRetryAfter(long millis) {
    return breaker.state() != CircuitBreakerState.OPEN && millis < blockedUntil;
  }

  /** Epoch millis when its Retry-After ends (0 if none). */
  long blockedUntil() {
    return blockedUntil;
  }

  /** One attempt through the circuit with {@code model}: the answer text, or why not. */
  Future<String> attempt(JsonObject body, String model) {
    return breaker.execute(() -> post(body.copy().put("model", model)));
  }

  void close() {
    breaker.close();
  }

  private Future<String> post(JsonObject body) {
    var request = client.postAbs(url)
        .putHeader("Accept", "application/json")
        // No data for this long ends the request itself, not only our wait for it (below).
        .timeout(Math.max(1, settings.timeout().toMillis()));
    endpoint.apiKey().ifPresent(request::bearerTokenAuthentication);
    Future<HttpResponse<Buffer>> sent = request.sendJsonObject(body);
    return timeouts.within(LlmBrain.TIMEOUT_OP, settings.timeout(), sent)
        .recover(cause -> Future.failedFuture(new LlmFailure(LlmFailure.Kind.TRANSIENT, 0,
            cause instanceof OperationTimeoutException
                ? cause.getMessage() : "LLM request failed: " + cause, cause)))
        .compose(this::answerOf);
  }

  private Future<String> answerOf(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      if (status == 429 || status == 503) {
        honour(status, response.getHeader("Retry-After"));
      }
      return Future.failedFuture(new LlmFailure(LlmFailure.Kind.TRANSIENT, status,
          "LLM answered HTTP " + status + " (model " + endpoint.model() + ")", null));
    }
    if (status < 200 || status >= 300) {
      String body = LlmAnswers.excerpt(response.bodyAsString());
      problems.warn("rejected:" + status, "LLM rejected the request with HTTP {} ({}); check"
          + " {}.base_url, api_key and model: {}", status, url, configKey, body);
      return Future.failedFuture(new LlmFailure(LlmFailure.Kind.REJECTED, status,
          "LLM rejected the request: HTTP " + status + " " + body, null));
    }
    try {
      return Future.succeededFuture(Completions.contentOf(response.bodyAsJsonObject()));
    } catch (DecodeException | ClassCastException | IllegalArgumentException malformed) {
      String body = LlmAnswers.excerpt(String.valueOf(response.bodyAsString()));
      problems.warn("malformed", "LLM answered HTTP {} with no chat completion: {}", status, body);
      return Future.failedFuture(new LlmFailure(LlmFailure.Kind.MALFORMED, status,
          "LLM answer is not a chat completion: " + body, malformed));
    }
  }

  private void honour(int status, String header) {
    long now = clock.getAsLong();
    Optional<Duration> wait = RetryAfter.parse(header, Instant.ofEpochMilli(now));
    wait.ifPresent(w -> {
      blockedUntil = Math.max(blockedUntil, now + w.toMillis());
      problems.warn("retry-after:" + status, "LLM {} (model {}) answered HTTP {} with"
          + " Retry-After {}: not asked for {} ms", url, endpoint.model(), status, header.trim(),
          w.toMillis());
    });
  }

  private static boolean countsForCircuit(Future<?> attempt) {
    return attempt.failed()
        && !(attempt.cause() instanceof LlmFailure failure && !failure.countsForCircuit());
  }
}
