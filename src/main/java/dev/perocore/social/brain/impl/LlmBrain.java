package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.Brain;
import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.FriendRequestQuestion;
import dev.perocore.social.brain.LlmConfig;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.brain.Summary;
import dev.perocore.social.brain.SummaryRequest;
import dev.perocore.social.guard.Backoff;
import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.Timeouts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brain backed by an OpenAI-compatible chat-completions endpoint.
 *
 * <p>Each call is one or more HTTP attempts ({@code POST {base_url}/chat/completions}), each
 * bounded by the named timeout {@code brain.llm} ({@code brain.llm.timeout}). Every attempt goes
 * through a circuit breaker: {@code circuit_failures} failed attempts in a row open it for {@code
 * circuit_reset}, and while it is open a decision is a fast {@code Pass("llm circuit open")}
 * without touching the network. A 5xx, 429, timeout or connection failure is retried up to
 * {@code max_retries} times with exponential backoff; a 4xx is not (a bad key or an unknown
 * model fails the same way every time) and does not count against the circuit.
 *
 * <p>The retries are ours, not the breaker's: its retry policy cannot tell a 4xx from a 5xx, and
 * ours stops at once when the circuit opens mid-way. Runs on the brain verticle's event loop.
 */
public final class LlmBrain implements Brain {

  /** The Pass reason while the circuit is open. */
  public static final String CIRCUIT_OPEN = "llm circuit open";
  /** The named timeout of one HTTP attempt ({@code social_timeouts_total{op="brain.llm"}}). */
  public static final String TIMEOUT_OP = "brain.llm";

  private static final Logger LOG = LoggerFactory.getLogger(LlmBrain.class);
  /** The longest pause between retries, however large retry_delay and the retry count. */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** Summaries and verdicts want the model's most likely answer, not its creativity. */
  private static final double FACTUAL_TEMPERATURE = 0.2;

  private final Vertx vertx;
  private final Timeouts timeouts;
  private final LlmConfig config;
  private final Prompts prompts;
  private final String url;
  private final WebClient client;
  private final CircuitBreaker breaker;
  private final Backoff backoff;
  /** {@code social_brain_output_cleaned_total{what}}, one counter per kind, registered up front. */
  private final Map<OutputCleaning, Counter> cleaned = new EnumMap<>(OutputCleaning.class);
  private final RateLimitedLog problems = new RateLimitedLog(LOG, Duration.ofSeconds(10));

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
   * Call on the brain verticle's context: the client and the breaker's timers belong to it.
   *
   * @param clientOptions from {@link #clientOptions}, built off the event loop
   */
  public LlmBrain(Vertx vertx, Timeouts timeouts, MeterRegistry registry, LlmConfig config,
      String persona, WebClientOptions clientOptions) {
    this.vertx = vertx;
    this.timeouts = timeouts;
    this.config = config;
    this.backoff = Backoff.exponential(config.retryDelay(), MAX_BACKOFF);
    this.prompts = new Prompts(persona, ZoneId.systemDefault());
    String base = config.baseUrl().orElseThrow(() ->
        new IllegalArgumentException("brain.llm.base_url is not set"));
    this.url = base.replaceAll("/+$", "") + "/chat/completions";
    this.client = WebClient.create(vertx, clientOptions, new PoolOptions().setHttp1MaxSize(16));
    this.breaker = CircuitBreaker.create("brain-llm", vertx,
            new CircuitBreakerOptions()
                .setMaxFailures(config.circuitFailures())
                .setResetTimeout(config.circuitReset().toMillis())
                // Each attempt has its own named timeout; the breaker must not add a second one.
                .setTimeout(-1)
                .setMaxRetries(0)
                .setFailuresRollingWindow(Math.max(60_000, config.circuitReset().toMillis()))
                // No periodic state broadcast on the event bus: the gauge below says it.
                .setNotificationAddress(null))
        .failurePolicy(LlmBrain::countsForCircuit)
        .openHandler(v -> LOG.warn("LLM circuit open after {} failed attempt(s) against {}: "
                + "decisions pass for {} ms", config.circuitFailures(), url,
            config.circuitReset().toMillis()))
        .halfOpenHandler(v -> LOG.info("LLM circuit half-open: trying one request"))
        .closeHandler(v -> LOG.info("LLM circuit closed: {} answers again", url));
    Gauge.builder("social.brain.llm.circuit.open", breaker,
            b -> b.state() == CircuitBreakerState.CLOSED ? 0 : 1)
        .description("1 while the LLM circuit breaker is open or half-open")
        .register(registry);
    for (OutputCleaning what : OutputCleaning.values()) {
      cleaned.put(what, Counter.builder("social.brain.output.cleaned")
          .description("Replies that had something stripped before sending, by what (think,"
              + " name_prefix, quotes, context_echo)")
          .tag("what", what.label()).register(registry));
    }
  }

  @Override
  public Future<BrainDecision> decide(BrainRequest request) {
    JsonArray messages = request.mode() == BrainRequest.Mode.OBSERVING
        ? prompts.secretary(request) : prompts.reply(request);
    return complete(messages, config.temperature())
        .map(answer -> LlmAnswers.decision(answer, request.mode(), request.bot(),
            what -> cleaned.get(what).increment()))
        .recover(cause -> cause instanceof OpenCircuitException
            ? Future.succeededFuture(new BrainDecision.Pass(CIRCUIT_OPEN))
            : Future.failedFuture(cause));
  }

  @Override
  public Future<Summary> summarize(SummaryRequest request) {
    return complete(prompts.summary(request), FACTUAL_TEMPERATURE).map(LlmAnswers::summary);
  }

  @Override
  public Future<RequestVerdict> judge(FriendRequestQuestion question) {
    return complete(prompts.verdict(question), FACTUAL_TEMPERATURE)
        .map(LlmAnswers::verdict)
        // An open circuit must not decide who becomes a friend: a human does.
        .recover(cause -> cause instanceof OpenCircuitException
            ? Future.succeededFuture(RequestVerdict.HOLD)
            : Future.failedFuture(cause));
  }

  @Override
  public String kind() {
    return "llm";
  }

  /** The breaker's state, for tests and views. */
  public CircuitBreakerState circuitState() {
    return breaker.state();
  }

  @Override
  public Future<Void> close() {
    breaker.close();
    client.close();
    return Future.succeededFuture();
  }

  /** The model's answer text, after up to {@code max_retries} retries of transient failures. */
  private Future<String> complete(JsonArray messages, double temperature) {
    JsonObject body = new JsonObject()
        .put("model", config.model())
        .put("messages", messages)
        .put("temperature", temperature)
        .put("max_tokens", config.maxTokens())
        .put("stream", false);
    return attempt(body, 0);
  }

  private Future<String> attempt(JsonObject body, int retry) {
    return breaker.<String>execute(() -> post(body))
        .recover(cause -> {
          boolean retryable = cause instanceof LlmFailure f && f.retryable();
          if (!retryable || retry >= config.maxRetries()
              || breaker.state() == CircuitBreakerState.OPEN) {
            return Future.failedFuture(cause);
          }
          long delay = backoff.delayMillis(retry);
          LOG.debug("LLM attempt {} failed ({}); retrying in {} ms", retry + 1, cause.getMessage(),
              delay);
          return vertx.timer(delay, TimeUnit.MILLISECONDS).compose(v -> attempt(body, retry + 1));
        });
  }

  /** One HTTP attempt: the answer's text, or an {@link LlmFailure} saying what went wrong. */
  private Future<String> post(JsonObject body) {
    var request = client.postAbs(url)
        .putHeader("Accept", "application/json")
        // No data for this long ends the request itself, not only our wait for it (below).
        .timeout(Math.max(1, config.timeout().toMillis()));
    config.apiKey().ifPresent(request::bearerTokenAuthentication);
    Future<HttpResponse<Buffer>> sent = request.sendJsonObject(body);
    return timeouts.within(TIMEOUT_OP, config.timeout(), sent)
        .recover(cause -> Future.failedFuture(new LlmFailure(LlmFailure.Kind.TRANSIENT, 0,
            cause instanceof OperationTimeoutException
                ? cause.getMessage() : "LLM request failed: " + cause, cause)))
        .compose(this::answerOf);
  }

  private Future<String> answerOf(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      return Future.failedFuture(new LlmFailure(LlmFailure.Kind.TRANSIENT, status,
          "LLM answered HTTP " + status, null));
    }
    if (status < 200 || status >= 300) {
      String body = LlmAnswers.excerpt(response.bodyAsString());
      problems.warn("rejected:" + status, "LLM rejected the request with HTTP {} ({}); check"
          + " brain.llm.base_url, api_key and model: {}", status, url, body);
      return Future.failedFuture(new LlmFailure(LlmFailure.Kind.REJECTED, status,
          "LLM rejected the request: HTTP " + status + " " + body, null));
    }
    try {
      return Future.succeededFuture(contentOf(response.bodyAsJsonObject()));
    } catch (DecodeException | ClassCastException | IllegalArgumentException malformed) {
      String body = LlmAnswers.excerpt(String.valueOf(response.bodyAsString()));
      problems.warn("malformed", "LLM answered HTTP {} with no chat completion: {}", status, body);
      return Future.failedFuture(new LlmFailure(LlmFailure.Kind.MALFORMED, status,
          "LLM answer is not a chat completion: " + body, malformed));
    }
  }

  /** {@code choices[0].message.content}; a list of content parts is joined. */
  private static String contentOf(JsonObject completion) {
    if (completion == null) {
      throw new IllegalArgumentException("empty body");
    }
    JsonArray choices = completion.getJsonArray("choices");
    if (choices == null || choices.isEmpty()) {
      throw new IllegalArgumentException("no choices");
    }
    JsonObject message = choices.getJsonObject(0).getJsonObject("message");
    if (message == null) {
      throw new IllegalArgumentException("no message");
    }
    Object content = message.getValue("content");
    if (content instanceof String text) {
      return text;
    }
    if (content instanceof JsonArray parts) {
      StringBuilder text = new StringBuilder();
      for (Object part : parts) {
        if (part instanceof JsonObject p && p.getValue("text") instanceof String t) {
          text.append(t);
        }
      }
      return text.toString();
    }
    if (content == null) {
      // Some servers answer a refusal or an empty turn with null content: that is silence.
      return "";
    }
    throw new IllegalArgumentException("content is " + content.getClass().getSimpleName());
  }

  private static boolean countsForCircuit(Future<?> attempt) {
    return attempt.failed()
        && !(attempt.cause() instanceof LlmFailure failure && !failure.countsForCircuit());
  }
}
