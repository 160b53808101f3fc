package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.Brain;
import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.FriendRequestQuestion;
import dev.perocore.social.brain.LlmConfig;
import dev.perocore.social.brain.LlmEndpoint;
import dev.perocore.social.brain.ModelDecision;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.brain.Summary;
import dev.perocore.social.brain.SummaryRequest;
import dev.perocore.social.guard.Backoff;
import dev.perocore.social.guard.Timeouts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The brain backed by an OpenAI-compatible chat-completions endpoint and its fallbacks ({@code
 * brain.llm.fallbacks}).
 *
 * <p>Each call is one or more HTTP attempts ({@code POST {base_url}/chat/completions}), each
 * bounded by the named timeout {@code brain.llm} ({@code brain.llm.timeout}). Every endpoint has
 * its own circuit breaker ({@link LlmProvider}); a 429, 5xx, timeout, connection failure, open
 * circuit or Retry-After of one passes the question to the next, and a round where all failed is
 * retried up to {@code max_retries} times with exponential backoff ({@link LlmProviders}). A 4xx
 * is not retried (a bad key or an unknown model fails the same way every time) and does not count
 * against the circuit. While every circuit is open a decision is a fast {@code Pass("llm circuit
 * open")} without touching the network.
 *
 * <p>The retries are ours, not the breaker's: its retry policy cannot tell a 4xx from a 5xx, and
 * ours stops at once when the circuits open mid-way. Runs on the brain verticle's event loop.
 */
public final class LlmBrain implements Brain {

  /** The Pass reason while the circuit is open. */
  public static final String CIRCUIT_OPEN = "llm circuit open";
  /** The named timeout of one HTTP attempt ({@code social_timeouts_total{op="brain.llm"}}). */
  public static final String TIMEOUT_OP = "brain.llm";

  /** The longest pause between retries, however large retry_delay and the retry count. */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** Summaries and verdicts want the model's most likely answer, not its creativity. */
  private static final double FACTUAL_TEMPERATURE = 0.2;

  private final LlmConfig config;
  private final Prompts prompts;
  private final WebClient client;
  private final LlmProviders providers;
  /** {@code social_brain_output_cleaned_total{what}}, one counter per kind, registered up front. */
  private final Map<OutputCleaning, Counter> cleaned = new EnumMap<>(OutputCleaning.class);

  /**
   * The HTTP client's options. Build them off the event loop (the brain verticle's constructor
   * does): the first {@link WebClientOptions} reads the Vert.x version from a file to make its
   * User-Agent, a blocking read an event loop must not do.
   */
  public static WebClientOptions clientOptions(LlmConfig config) {
    long timeoutMs = Math.max(1, config.timeout().toMillis());
    return new WebClientOptions()
        .setUserAgent("social-adapter")
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
  }

  /**
   * Call on the brain verticle's context: the client and the breakers' timers belong to it.
   *
   * @param clientOptions from {@link #clientOptions}, built off the event loop
   */
  public LlmBrain(Vertx vertx, Timeouts timeouts, MeterRegistry registry, BrainConfig config,
      WebClientOptions clientOptions) {
    this(vertx, timeouts, registry, config, clientOptions, System::currentTimeMillis);
  }

  /** @param clock epoch millis, for Retry-After: tests move it by hand */
  public LlmBrain(Vertx vertx, Timeouts timeouts, MeterRegistry registry, BrainConfig brain,
      WebClientOptions clientOptions, LongSupplier clock) {
    LlmConfig config = brain.llm();
    this.config = config;
    this.prompts = new Prompts(brain.persona(), brain.prompts(), brain.timezone(), clock);
    if (config.baseUrl().isEmpty()) {
      throw new IllegalArgumentException("brain.llm.base_url is not set");
    }
    this.client = WebClient.create(vertx, clientOptions, new PoolOptions().setHttp1MaxSize(16));
    List<LlmProvider> endpoints = new ArrayList<>();
    List<LlmEndpoint> configured = config.endpoints();
    for (int i = 0; i < configured.size(); i++) {
      String key = i == 0 ? "brain.llm" : "brain.llm.fallbacks[" + (i - 1) + "]";
      endpoints.add(new LlmProvider(vertx, client, timeouts, registry, config, configured.get(i),
          key, clock));
    }
    this.providers = new LlmProviders(vertx, endpoints, config.maxRetries(),
        Backoff.exponential(config.retryDelay(), MAX_BACKOFF), MAX_BACKOFF, clock);
    for (OutputCleaning what : OutputCleaning.values()) {
      cleaned.put(what, Counter.builder("social.brain.output.cleaned")
          .description("Replies that had something stripped before sending, by what (think,"
              + " name_prefix, quotes, context_echo)")
          .tag("what", what.label()).register(registry));
    }
  }

  @Override
  public Future<BrainDecision> decide(BrainRequest request) {
    return decideByModel(request).map(ModelDecision::decision);
  }

  @Override
  public Future<ModelDecision> decideByModel(BrainRequest request) {
    JsonArray messages = request.mode() == BrainRequest.Mode.OBSERVING
        ? prompts.secretary(request, request.images()) : prompts.reply(request, request.images());
    String model = request.mode() == BrainRequest.Mode.OBSERVING
        ? config.secretaryModel() : config.model();
    return complete(messages, config.temperature(), model)
        .map(answer -> new ModelDecision(LlmAnswers.decision(answer.text(), request,
            what -> cleaned.get(what).increment()), answer.model()))
        .recover(cause -> cause instanceof OpenCircuitException
            ? Future.succeededFuture(ModelDecision.unmodelled(new BrainDecision.Pass(CIRCUIT_OPEN)))
            : Future.failedFuture(cause));
  }

  @Override
  public Future<Summary> summarize(SummaryRequest request) {
    return complete(prompts.summary(request), FACTUAL_TEMPERATURE, config.summaryModel())
        .map(answer -> LlmAnswers.summary(answer.text()));
  }

  @Override
  public Future<RequestVerdict> judge(FriendRequestQuestion question) {
    return complete(prompts.verdict(question), FACTUAL_TEMPERATURE, config.model())
        .map(answer -> LlmAnswers.verdict(answer.text()))
        // An open circuit must not decide who becomes a friend: a human does.
        .recover(cause -> cause instanceof OpenCircuitException
            ? Future.succeededFuture(RequestVerdict.HOLD)
            : Future.failedFuture(cause));
  }

  @Override
  public String kind() {
    return "llm";
  }

  /** The primary endpoint's circuit state, for tests and views. */
  public CircuitBreakerState circuitState() {
    return providers.all().get(0).state();
  }

  @Override
  public Future<Void> close() {
    providers.all().forEach(LlmProvider::close);
    client.close();
    return Future.succeededFuture();
  }

  /** The model's answer, from the first endpoint that gives one. */
  private Future<LlmProviders.Answered> complete(JsonArray messages, double temperature,
      String primaryModel) {
    JsonObject body = new JsonObject()
        .put("messages", messages)
        .put("temperature", temperature)
        .put("max_tokens", config.maxTokens())
        .put("stream", false);
    return providers.complete(body, primaryModel);
  }
}
