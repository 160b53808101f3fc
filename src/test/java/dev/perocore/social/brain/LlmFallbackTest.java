package dev.perocore.social.brain;

import static dev.perocore.social.brain.BrainRequest.Mode.SUMMONED;
import static dev.perocore.social.testing.OnContext.await;
import static dev.perocore.social.testing.OnContext.call;
import static dev.perocore.social.testing.OnContext.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.brain.impl.LlmBrain;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code brain.llm.fallbacks}: two real fake chat-completions servers on loopback, the primary
 * ({@code main-model}) and one fallback ({@code backup-model}), asked over the event bus.
 */
class LlmFallbackTest {

  private static final String PRIMARY = "main-model";
  private static final String BACKUP = "backup-model";

  private GuardedVertx gv;
  private FakeLlmServer primary;
  private FakeLlmServer backup;
  private Context session;
  private BrainClient client;

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    primary = FakeLlmServer.start(gv.vertx);
    backup = FakeLlmServer.start(gv.vertx);
    session = gv.vertx.getOrCreateContext();
    var tasks = call(session, () -> gv.guard.newTaskSet("test-session"));
    client = call(session, () -> new BrainClient(gv.vertx, tasks, Duration.ofSeconds(10)));
  }

  @AfterEach
  void tearDown() {
    gv.close();
  }

  /**
   * The attempt deadline where no test means an attempt to time out. A loaded machine's first
   * request in a JVM (class loading, connect) took more than 300 ms: a tight deadline turned
   * "429 then answer" into "timeout", a scenario the test did not ask for.
   */
  private static final String NO_TIMEOUT_MEANT = "10s";

  private Map<String, Object> keys(int maxRetries, int circuitFailures) {
    return keys(maxRetries, circuitFailures, NO_TIMEOUT_MEANT);
  }

  private Map<String, Object> keys(int maxRetries, int circuitFailures, String attemptTimeout) {
    Map<String, Object> keys = new HashMap<>(Map.of(
        "brain.llm.base_url", primary.baseUrl(), "brain.llm.api_key", "sk-primary-secret",
        "brain.llm.model", PRIMARY, "brain.llm.timeout", attemptTimeout,
        "brain.llm.max_retries", maxRetries, "brain.llm.retry_delay", "10ms",
        "brain.llm.circuit_failures", circuitFailures, "brain.llm.circuit_reset", "5m"));
    keys.put("brain.llm.fallbacks", List.of(Map.of("base_url", backup.baseUrl(),
        "api_key", "sk-backup-secret", "model", BACKUP)));
    return keys;
  }

  private BrainConfig config(Map<String, Object> keys) {
    return TestConfig.defaults().with(keys).with("brain.kind", "llm")
        .with("brain.timeout", "10s").brain();
  }

  private void deploy(Map<String, Object> keys) {
    await(gv.vertx.deployVerticle(new BrainVerticle(gv.guard, Duration.ofSeconds(1),
        config(keys))));
  }

  private BrainDecision decide(String text) {
    return await(call(session, () -> client.decide(Chats.request(SUMMONED, text))));
  }

  private double decisions(String decision, String model) {
    return gv.counter("social.brain.decisions", "mode", "summoned", "decision", decision,
        "model", model);
  }

  @Test
  void a429WithRetryAfterIsAnsweredByTheFallbackAndTheFirstIsNotAskedUntilThen() {
    deploy(keys(2, 5));
    primary.then(Answer.status(429).retryAfter("120"));
    backup.always(Answer.text("from the backup"));

    try (LogCapture brainLog = LogCapture.of(LlmBrain.class);
        LogCapture decisionLog = LogCapture.of(BrainVerticle.class)) {
      assertEquals(new BrainDecision.Reply("from the backup"), decide("hello"));
      assertEquals(new BrainDecision.Reply("from the backup"), decide("again"));
      assertEquals(new BrainDecision.Reply("from the backup"), decide("and again"));

      assertEquals(1, primary.requests(), "Retry-After: 120 keeps the primary unasked");
      assertEquals(3, backup.requests());
      assertEquals(BACKUP, backup.lastBody().getString("model"));
      assertEquals(List.of("Bearer sk-backup-secret"), backup.authorizations().subList(0, 1));
      assertEquals(3, decisions("reply", BACKUP));
      assertEquals(0, decisions("reply", PRIMARY));
      assertEquals(3, gv.counter("social.brain.decisions", "mode", "summoned"),
          "the old label set still sums to every decision");
      assertTrue(brainLog.contains("429", "Retry-After 120", PRIMARY), brainLog.lines().toString());
      assertTrue(decisionLog.contains("by model " + BACKUP), decisionLog.lines().toString());
      List<String> all = new java.util.ArrayList<>(brainLog.lines());
      all.addAll(decisionLog.lines());
      assertFalse(all.stream().anyMatch(l -> l.contains("secret")), all.toString());
    }
  }

  @Test
  void theFirstAnswersAgainOnceItsRetryAfterDatePasses() {
    AtomicLong now = new AtomicLong(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
    String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Instant.ofEpochMilli(now.get()).plusSeconds(30).atZone(ZoneOffset.UTC));
    BrainConfig config = config(keys(0, 5));
    var options = LlmBrain.clientOptions(config.llm());
    Context brainContext = gv.vertx.getOrCreateContext();
    LlmBrain brain = call(brainContext, () -> new LlmBrain(gv.vertx, gv.guard.timeouts(),
        gv.guard.registry(), config, options, now::get));
    primary.then(Answer.status(429).retryAfter(in30s)).always(Answer.text("primary"));
    backup.always(Answer.text("backup"));
    BrainRequest request = Chats.request(SUMMONED, "hi");

    ModelDecision first = await(call(brainContext, () -> brain.decideByModel(request)));
    now.addAndGet(29_000);
    ModelDecision beforeDate = await(call(brainContext, () -> brain.decideByModel(request)));
    now.addAndGet(2_000);
    ModelDecision afterDate = await(call(brainContext, () -> brain.decideByModel(request)));

    assertEquals(new ModelDecision(new BrainDecision.Reply("backup"), BACKUP), first);
    assertEquals(new ModelDecision(new BrainDecision.Reply("backup"), BACKUP), beforeDate);
    assertEquals(new ModelDecision(new BrainDecision.Reply("primary"), PRIMARY), afterDate);
    assertEquals(2, primary.requests());
    assertEquals(2, backup.requests());
    await(call(brainContext, brain::close));
  }

  @Test
  void serverErrorsAndTimeoutsFallBackWithoutWaitingForARetry() {
    // The one test that means a timeout: the primary answers long after the deadline; the
    // deadline still leaves the backup's answer room on a loaded machine.
    deploy(keys(2, 5, "2s"));
    primary.then(Answer.status(503), Answer.text("too slow").after(60_000));
    backup.always(Answer.text("backup"));

    assertEquals(new BrainDecision.Reply("backup"), decide("after a 503"));
    assertEquals(new BrainDecision.Reply("backup"), decide("after a timeout"));

    assertEquals(2, primary.requests(), "each failure went to the fallback, not a retry");
    assertEquals(2, backup.requests());
    assertEquals(2, decisions("reply", BACKUP));
  }

  @Test
  void anOpenCircuitOnTheFirstGoesStraightToTheSecond() {
    deploy(keys(0, 1));
    primary.always(Answer.status(500));
    backup.always(Answer.text("backup"));

    assertEquals(new BrainDecision.Reply("backup"), decide("opens the primary's circuit"));
    assertEquals(1, gv.gauge("social.brain.llm.circuit.open", "model", PRIMARY));
    assertEquals(0, gv.gauge("social.brain.llm.circuit.open", "model", BACKUP));
    for (int i = 0; i < 3; i++) {
      assertEquals(new BrainDecision.Reply("backup"), decide("while open"));
    }

    assertEquals(1, primary.requests(), "an open circuit is not asked");
    assertEquals(4, backup.requests());
    assertEquals(4, decisions("reply", BACKUP));
  }

  @Test
  void whenEveryEndpointFailsTheDecisionErrsAndOnceAllCircuitsOpenItPasses() {
    deploy(keys(1, 4));
    primary.always(Answer.status(502));
    backup.always(Answer.status(500));

    Throwable failed = failure(call(session, () -> client.decide(Chats.request(SUMMONED, "a"))));
    assertTrue(failed.getMessage().contains("HTTP 500"), failed.getMessage());
    assertEquals(2, primary.requests(), "two rounds of the chain: the max_retries 1");
    assertEquals(2, backup.requests());
    assertEquals(1, decisions("error", ModelDecision.NO_MODEL));

    failure(call(session, () -> client.decide(Chats.request(SUMMONED, "b"))));
    assertEquals(new BrainDecision.Pass(LlmBrain.CIRCUIT_OPEN), decide("every circuit open"));
    assertEquals(4, primary.requests());
    assertEquals(4, backup.requests());
    assertEquals(1, decisions("pass", ModelDecision.NO_MODEL));
    assertEquals(2, decisions("error", ModelDecision.NO_MODEL));
  }

  @Test
  void aLoneEndpointWaitingOutALongRetryAfterErrsWithoutAskingAgain() {
    Map<String, Object> alone = new HashMap<>(keys(2, 5));
    alone.put("brain.llm.fallbacks", List.of());
    deploy(alone);
    primary.then(Answer.status(429).retryAfter("600")).always(Answer.text("too early"));

    failure(call(session, () -> client.decide(Chats.request(SUMMONED, "a"))));
    Throwable waiting = failure(call(session, () -> client.decide(Chats.request(SUMMONED, "b"))));

    assertTrue(waiting.getMessage().contains("Retry-After"), waiting.getMessage());
    assertEquals(1, primary.requests(), "no retry within the Retry-After, none after it either");
    assertEquals(2, decisions("error", ModelDecision.NO_MODEL));
  }

  @Test
  void aLoneEndpointWithAShortRetryAfterIsAskedAgainOnlyAfterIt() {
    Map<String, Object> alone = new HashMap<>(keys(1, 5));
    alone.put("brain.llm.fallbacks", List.of());
    deploy(alone);
    primary.then(Answer.status(429).retryAfter("1")).always(Answer.text("after the wait"));

    long started = System.nanoTime();
    assertEquals(new BrainDecision.Reply("after the wait"), decide("hello"));

    // The retry waited out the header, not the 10 ms backoff (a lower bound: never flaky).
    assertTrue(System.nanoTime() - started >= Duration.ofMillis(900).toNanos());
    assertEquals(2, primary.requests());
    assertEquals(1, decisions("reply", PRIMARY));
  }
}
