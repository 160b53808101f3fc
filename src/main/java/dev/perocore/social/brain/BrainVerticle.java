package dev.perocore.social.brain;

import dev.perocore.social.brain.impl.EchoBrain;
import dev.perocore.social.brain.impl.LlmBrain;
import dev.perocore.social.brain.impl.NoneBrain;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.RateLimitedLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Answers the brain's three addresses ({@link BrainAddresses}) with the brain {@code brain.kind}
 * picks: {@code llm}, {@code echo} or {@code none} ({@code auto}: llm when {@code
 * brain.llm.base_url} is set, else none).
 *
 * <p>Every request is a tracked task bounded by {@code brain.timeout}, so a caller always gets an
 * answer or a failure — never silence. Each decision is counted in {@code
 * social_brain_decisions_total{mode,decision,model}} (reply, pass, error; the configured model
 * that answered, or {@code none}), timed in {@code
 * social_brain_seconds{op}}, and logged with its reason (rate-limited: observing passes can come
 * from every group at once).
 */
public final class BrainVerticle extends GuardedVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(BrainVerticle.class);

  /** Task kinds (and timeout ops) of the three calls the brain answers. */
  public static final String DECIDE = "brain.decide";
  public static final String SUMMARIZE = "brain.summarize";
  public static final String JUDGE = "brain.judge";
  /** The pass reason of an observing answer when {@code brain.secretary_may_speak} is false. */
  public static final String SECRETARY_SILENT = "secretary may not speak";

  private final BrainConfig config;
  private final RateLimitedLog decisions = new RateLimitedLog(LOG, Duration.ofSeconds(1));
  private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(5));
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  private final WebClientOptions llmClientOptions;
  private volatile Brain brain;

  /** Construct it off the event loop (e.g. on the main thread): it prepares the HTTP client. */
  public BrainVerticle(Guard guard, Duration drainTimeout, BrainConfig config) {
    super(guard, drainTimeout);
    this.config = config;
    this.llmClientOptions = config.effectiveKind() == BrainConfig.Kind.LLM
        ? LlmBrain.clientOptions(config.llm()) : null;
  }

  @Override
  public String name() {
    return "brain";
  }

  /** The brain answering: {@code llm}, {@code echo} or {@code none} (after start). */
  public String brainKind() {
    Brain b = brain;
    return b == null ? config.effectiveKind().label() : b.kind();
  }

  @Override
  protected Future<?> begin() {
    BrainCodecs.register(vertx);
    tasks.failuresExplainedByOwner(DECIDE);
    brain = create(config.effectiveKind());
    registerAtZero();
    if (brain instanceof NoneBrain) {
      LOG.info(NoneBrain.NOTICE);
    } else {
      LOG.info("brain: {} (configured {}), answers within brain.timeout {} ms", brain.kind(),
          config.kind().label(), config.timeout().toMillis());
    }
    // A brain node serves the cluster; a full node's own brain only its own sessions.
    boolean cluster = BrainRoute.of(vertx) == BrainRoute.CLUSTER;
    consumers.add(listen(cluster, BrainAddresses.DECIDE, this::onDecide));
    consumers.add(listen(cluster, BrainAddresses.SUMMARIZE, this::onSummarize));
    consumers.add(listen(cluster, BrainAddresses.REQUEST, this::onRequest));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  private MessageConsumer<Object> listen(boolean cluster, String address,
      io.vertx.core.Handler<Message<Object>> handler) {
    return cluster ? vertx.eventBus().consumer(address, handler)
        : vertx.eventBus().localConsumer(address, handler);
  }

  @Override
  protected Future<?> stopIntake() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  @Override
  protected Future<?> release() {
    Brain b = brain;
    return b == null ? Future.succeededFuture() : b.close();
  }

  private Brain create(BrainConfig.Kind kind) {
    return switch (kind) {
      case LLM -> new LlmBrain(vertx, guard.timeouts(), guard.registry(), config,
          llmClientOptions);
      case ECHO -> new EchoBrain(config.echoVerdict());
      case NONE, AUTO -> new NoneBrain();
    };
  }

  private void onDecide(Message<Object> message) {
    BrainRequest request = read(message, BrainRequest.class);
    if (request == null) {
      return;
    }
    String mode = request.mode().label();
    handle(DECIDE, request.sessionKey(), () -> brain.decideByModel(request)
        .map(d -> new ModelDecision(gate(request, d.decision()), d.model()))).onComplete(ar -> {
      if (ar.succeeded()) {
        BrainDecision decision = ar.result().decision();
        counter(mode, decision.label(), ar.result().model()).increment();
        logDecision(request, ar.result());
        message.reply(BrainJson.answer(message, decision, BrainDecision.class));
      } else {
        counter(mode, "error", ModelDecision.NO_MODEL).increment();
        // The asking session logs the one line of this failure ("flush ended without a reply",
        // with this reason); here only at DEBUG, so one failed LLM call is one warning.
        LOG.debug("brain {} {}: no decision: {}", mode, request.sessionKey(),
            String.valueOf(ar.cause().getMessage()));
        message.fail(500, "brain failed: " + ar.cause().getMessage());
      }
    });
  }

  /**
   * PeroCore's secretary either stays silent or says one short line, which is sent; with {@code
   * brain.secretary_may_speak: false} it only ever stays silent (observing = listening only).
   */
  private BrainDecision gate(BrainRequest request, BrainDecision decision) {
    return request.mode() == BrainRequest.Mode.OBSERVING && !config.secretaryMaySpeak()
        && decision instanceof BrainDecision.Reply
        ? new BrainDecision.Pass(SECRETARY_SILENT) : decision;
  }

  private void onSummarize(Message<Object> message) {
    SummaryRequest request = read(message, SummaryRequest.class);
    if (request == null) {
      return;
    }
    handle(SUMMARIZE, request.sessionKey(), () -> brain.summarize(request))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            decisions.write(Level.INFO, "summary", "brain summarized {} message(s) of {}: {}"
                    + " keyword(s)", request.messages().size(), request.sessionKey(),
                ar.result().keywords().size());
            message.reply(BrainJson.answer(message, ar.result(), Summary.class));
          } else {
            failures.warn("summarize", "brain could not summarize {}: {}", request.sessionKey(),
                String.valueOf(ar.cause().getMessage()));
            message.fail(500, "summary failed: " + ar.cause().getMessage());
          }
        });
  }

  private void onRequest(Message<Object> message) {
    FriendRequestQuestion question = read(message, FriendRequestQuestion.class);
    if (question == null) {
      return;
    }
    String detail = question.selfId() + ":" + question.kind() + ":" + question.userId();
    handle(JUDGE, detail, () -> brain.judge(question)).onComplete(ar -> {
      if (ar.succeeded()) {
        decisions.write(Level.INFO, "verdict", "brain verdict on {} from {} to {}: {}",
            question.kind(), question.userId(), question.selfId(), ar.result().label());
        message.reply(BrainJson.answer(message, ar.result(), RequestVerdict.class));
      } else {
        failures.warn("judge", "brain could not judge {} from {}: {}", question.kind(),
            question.userId(), String.valueOf(ar.cause().getMessage()));
        message.fail(500, "verdict failed: " + ar.cause().getMessage());
      }
    });
  }

  /** Runs one brain call as a tracked task with brain.timeout, and times it by operation. */
  private <T> Future<T> handle(String kind, String detail, Supplier<Future<T>> work) {
    Timer timer = timer(kind);
    Timer.Sample sample = Timer.start(guard.registry());
    return tasks.run(kind, detail, config.timeout(), work)
        .andThen(ar -> sample.stop(timer));
  }

  private void logDecision(BrainRequest request, ModelDecision decided) {
    String mode = request.mode().label();
    BrainDecision decision = decided.decision();
    String what = (decision instanceof BrainDecision.Reply reply
        ? "reply (" + reply.text().length() + " chars)"
        : "pass: " + ((BrainDecision.Pass) decision).reason())
        + (decided.model().equals(ModelDecision.NO_MODEL) ? "" : " by model " + decided.model());
    if (!decisions.write(Level.INFO, mode + ":" + decision.label(), "brain {} {}: {}", mode,
        request.sessionKey(), what)) {
      LOG.debug("brain {} {}: {}", mode, request.sessionKey(), what);
    }
  }

  /** The request, or null after refusing it (400, the reason logged): not a {@code type}. */
  private <T> T read(Message<Object> message, Class<T> type) {
    String why;
    try {
      T request = BrainJson.read(message, type);
      if (request != null) {
        return request;
      }
      Object body = message.body();
      why = "got " + (body == null ? "null" : body.getClass().getName());
    } catch (RuntimeException malformed) {
      why = String.valueOf(malformed.getMessage());
    }
    failures.warn("refused:" + message.address(), "brain refused a message on {}: expected {},"
        + " {}", message.address(), type.getSimpleName(), why);
    message.fail(400, "expected " + type.getSimpleName() + ": " + why);
    return null;
  }

  /**
   * Every operation's timer and every (mode, decision, model) exist from start-up, at zero: each
   * configured model can reply or pass; {@code none} passes (open circuits) and errs.
   */
  private void registerAtZero() {
    List.of(DECIDE, SUMMARIZE, JUDGE).forEach(this::timer);
    List<String> models = brain instanceof LlmBrain
        ? java.util.stream.Stream.concat(config.llm().endpoints().stream().map(LlmEndpoint::model),
            java.util.stream.Stream.of(config.llm().secretaryModel())).distinct().toList()
        : List.of(ModelDecision.NO_MODEL);
    for (BrainRequest.Mode mode : BrainRequest.Mode.values()) {
      for (String model : models) {
        List.of("reply", "pass").forEach(decision -> counter(mode.label(), decision, model));
      }
      List.of("pass", "error").forEach(decision ->
          counter(mode.label(), decision, ModelDecision.NO_MODEL));
    }
  }

  private Timer timer(String kind) {
    return timers.computeIfAbsent(kind, k -> Timer.builder("social.brain")
        .description("Time the brain took to answer, by operation (decide, summarize, judge)")
        .tag("op", k.substring(k.indexOf('.') + 1))
        .register(guard.registry()));
  }

  /** @param model a configured model name or {@code none}: never text from the provider */
  private Counter counter(String mode, String decision, String model) {
    return counters.computeIfAbsent(mode + ":" + decision + ":" + model, key ->
        Counter.builder("social.brain.decisions")
            .description("Brain decisions by mode (summoned, observing), decision (reply, pass,"
                + " error) and the configured model that made it (none: no model did)")
            .tag("mode", mode)
            .tag("decision", decision)
            .tag("model", model)
            .register(guard.registry()));
  }
}
