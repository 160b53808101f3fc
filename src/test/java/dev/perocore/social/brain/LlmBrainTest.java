package dev.perocore.social.brain;

import static dev.perocore.social.brain.BrainRequest.Mode.OBSERVING;
import static dev.perocore.social.brain.BrainRequest.Mode.SUMMONED;
import static dev.perocore.social.testing.OnContext.await;
import static dev.perocore.social.testing.OnContext.call;
import static dev.perocore.social.testing.OnContext.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.brain.impl.LlmBrain;
import dev.perocore.social.guard.TaskOutcome;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LLM brain against a real fake chat-completions server on loopback, over the event bus. */
class LlmBrainTest {

  private GuardedVertx gv;
  private FakeLlmServer llm;
  private Context session;
  private TaskSet sessionTasks;
  private BrainClient client;

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    llm = FakeLlmServer.start(gv.vertx);
    session = gv.vertx.getOrCreateContext();
    sessionTasks = call(session, () -> gv.guard.newTaskSet("test-session"));
    client = call(session, () -> new BrainClient(gv.vertx, sessionTasks, Duration.ofSeconds(10)));
  }

  @AfterEach
  void tearDown() {
    gv.close();
  }

  /**
   * Short test durations: 10 ms first retry; a 10 s attempt deadline, so an immediate answer never
   * times out on a loaded machine (a 300 ms one did, twice in six runs at load 15) — the test about
   * timeouts sets its own short deadline ({@link #slowConfig}).
   */
  private Map<String, Object> llmConfig(int maxRetries, int circuitFailures) {
    return llmConfig(maxRetries, circuitFailures, "10s");
  }

  /** As {@link #llmConfig(int, int)} with a 300 ms attempt deadline, for a server that is late. */
  private Map<String, Object> slowConfig(int maxRetries, int circuitFailures) {
    return llmConfig(maxRetries, circuitFailures, "300ms");
  }

  private Map<String, Object> llmConfig(int maxRetries, int circuitFailures, String attempt) {
    return Map.of("brain.llm.base_url", llm.baseUrl(), "brain.llm.api_key", "sk-test",
        "brain.llm.model", "test-model", "brain.llm.timeout", attempt,
        "brain.llm.temperature", 0.5, "brain.llm.max_tokens", 128,
        "brain.llm.max_retries", maxRetries, "brain.llm.retry_delay", "10ms",
        "brain.llm.circuit_failures", circuitFailures, "brain.llm.circuit_reset", "5m");
  }

  /** @param llmKeys {@code brain.llm.*} keys over the defaults */
  private void deploy(Map<String, Object> llmKeys) {
    BrainConfig brain = TestConfig.defaults().with(llmKeys)
        .with("brain.kind", "auto").with("brain.timeout", "10s")
        .with("brain.persona", "You are Pero, a cheerful cat.").with("brain.echo_verdict", "hold")
        .brain();
    BrainVerticle verticle = new BrainVerticle(gv.guard, Duration.ofSeconds(1), brain);
    await(gv.vertx.deployVerticle(verticle));
    assertEquals("llm", verticle.brainKind(), "auto picks llm when a base_url is set");
  }

  private BrainDecision decide(BrainRequest request) {
    return await(call(session, () -> client.decide(request)));
  }

  private Throwable decideFails(BrainRequest request) {
    return failure(call(session, () -> client.decide(request)));
  }

  private double decisions(String mode, String decision) {
    return gv.counter("social.brain.decisions", "mode", mode, "decision", decision);
  }

  @Test
  void aSummonedReplyPassesThroughWithTheFullContextInThePrompt() {
    deploy(llmConfig(2, 5));
    llm.then(Answer.text("Hi Alice! [CQ:face,id=14]"));
    BrainRequest request = new BrainRequest(Chats.PRIVATE, SUMMONED,
        List.of(Chats.line(20002, "Alice", "hello Pero, remember me?")), Chats.richContext(),
        Chats.BOT);

    BrainDecision decision = decide(request);

    assertEquals(new BrainDecision.Reply("Hi Alice! [CQ:face,id=14]"), decision);
    JsonObject body = llm.lastBody();
    assertEquals("test-model", body.getString("model"));
    assertEquals(0.5, body.getDouble("temperature"));
    assertEquals(128, body.getInteger("max_tokens"));
    assertEquals(List.of("Bearer sk-test"), llm.authorizations());
    String prompt = llm.lastPrompt();
    for (String part : List.of("You are Pero, a cheerful cat.", "hello Pero, remember me?",
        "we met yesterday at the park", "Bob's private note about cats", "Cat Lovers",
        "related_users:50005", "[PASS]", "private chat")) {
      assertTrue(prompt.contains(part), "prompt lacks " + part + ":\n" + prompt);
    }
    assertEquals(1, decisions("summoned", "reply"));
  }

  @Test
  void observingAsksTheSecretaryAndEverySilenceWordMeansPass() {
    deploy(llmConfig(0, 100));
    List<String> silences = List.of("PASS", "pass.", "IGNORE", "None", "NULL", "No!",
        "[PASS]", "  Pass  ");
    for (String silence : silences) {
      llm.then(Answer.text(silence));
      BrainDecision decision = decide(Chats.request(OBSERVING, "lovely weather today"));
      assertInstanceOf(BrainDecision.Pass.class, decision, silence);
    }
    assertTrue(llm.lastPrompt().contains("secretary"), llm.lastPrompt());
    assertTrue(llm.lastPrompt().contains("group chat"), llm.lastPrompt());

    llm.then(Answer.text("Indeed, perfect for a nap!"));
    assertEquals(new BrainDecision.Reply("Indeed, perfect for a nap!"),
        decide(Chats.request(OBSERVING, "lovely weather today")));

    assertEquals(silences.size(), decisions("observing", "pass"));
    assertEquals(1, decisions("observing", "reply"));
  }

  @Test
  void onlyAWholeSilenceAnswerIsDroppedAndWrappingsAreStrippedAndCounted() {
    deploy(llmConfig(0, 100));
    llm.then(Answer.text("IGNORE"), Answer.text(" [PASS] "), Answer.text("I'd [PASS] on that"),
        Answer.text("<think>they want a yes</think>\nPero: \"yes, see you at 8\""));

    assertInstanceOf(BrainDecision.Pass.class, decide(Chats.request(SUMMONED, "spam spam")));
    assertInstanceOf(BrainDecision.Pass.class, decide(Chats.request(SUMMONED, "spam spam")));
    // Before: a [PASS] anywhere dropped the whole answer.
    assertEquals(new BrainDecision.Reply("I'd [PASS] on that"),
        decide(Chats.request(SUMMONED, "want some durian?")));
    assertEquals(new BrainDecision.Reply("yes, see you at 8"),
        decide(Chats.request(SUMMONED, "dinner at 8?")));
    assertEquals(2, decisions("summoned", "pass"));
    assertEquals(2, decisions("summoned", "reply"));
    for (String what : List.of("think", "name_prefix", "quotes")) {
      assertEquals(1, gv.counter("social.brain.output.cleaned", "what", what), what);
    }
    assertEquals(0, gv.counter("social.brain.output.cleaned", "what", "context_echo"));
    assertTrue(llm.lastPrompt().contains("[SPLIT]"), "the reply prompt teaches the marker");
  }

  @Test
  void withSecretaryMaySpeakOffAnObservingAnswerIsAPass() {
    BrainConfig brain = TestConfig.defaults().with(llmConfig(0, 100))
        .with("brain.timeout", "10s").with("brain.secretary_may_speak", false).brain();
    await(gv.vertx.deployVerticle(new BrainVerticle(gv.guard, Duration.ofSeconds(1), brain)));
    llm.then(Answer.text("Indeed, perfect for a nap!"), Answer.text("Hi!"));

    BrainDecision observing = decide(Chats.request(OBSERVING, "lovely weather today"));
    assertEquals(new BrainDecision.Pass(BrainVerticle.SECRETARY_SILENT), observing);
    assertEquals(new BrainDecision.Reply("Hi!"), decide(Chats.request(SUMMONED, "hi Pero")));
  }

  @Test
  void serverErrorsAndRateLimitsAreRetriedThenSucceed() {
    deploy(llmConfig(2, 100));
    llm.then(Answer.status(500), Answer.status(503), Answer.text("third time lucky"));

    assertEquals(new BrainDecision.Reply("third time lucky"),
        decide(Chats.request(SUMMONED, "hello")));
    assertEquals(3, llm.requests());

    llm.then(Answer.status(429), Answer.text("after the rate limit"));
    assertEquals(new BrainDecision.Reply("after the rate limit"),
        decide(Chats.request(SUMMONED, "hello")));
    assertEquals(5, llm.requests());
    assertEquals(2, decisions("summoned", "reply"));
  }

  @Test
  void aClientErrorIsNotRetriedAndDoesNotOpenTheCircuit() {
    deploy(llmConfig(2, 2));
    llm.always(Answer.status(401));

    try (LogCapture log = LogCapture.of(LlmBrain.class)) {
      for (int i = 1; i <= 3; i++) {
        Throwable failed = decideFails(Chats.request(SUMMONED, "hello"));
        assertTrue(failed.getMessage().contains("HTTP 401"), failed.getMessage());
        assertEquals(i, llm.requests(), "one attempt per decision, no retry of a 4xx");
      }
      assertTrue(log.contains("401", "api_key"), log.lines().toString());
    }
    assertEquals(3, decisions("summoned", "error"));
  }

  @Test
  void repeatedFailuresOpenTheCircuitAndThenDecisionsPassFastWithoutCallingTheServer() {
    deploy(llmConfig(0, 2));
    llm.always(Answer.status(500));

    decideFails(Chats.request(SUMMONED, "one"));
    decideFails(Chats.request(SUMMONED, "two"));
    assertEquals(2, llm.requests());
    assertEquals(1, gv.gauge("social.brain.llm.circuit.open"));

    for (int i = 0; i < 3; i++) {
      assertEquals(new BrainDecision.Pass(LlmBrain.CIRCUIT_OPEN),
          decide(Chats.request(SUMMONED, "while open")));
    }
    RequestVerdict verdict = await(call(session, () -> client.judge(
        new FriendRequestQuestion(10001, 20002, "hi", FriendRequestQuestion.FRIEND))));
    assertEquals(RequestVerdict.HOLD, verdict, "an open circuit leaves requests to a human");
    assertEquals(2, llm.requests(), "no request reached the server while the circuit was open");
    assertEquals(2, decisions("summoned", "error"));
    assertEquals(3, decisions("summoned", "pass"));
  }

  @Test
  void afterTheResetTimeOneTrialRequestClosesTheCircuitAgain() {
    Map<String, Object> quickReset = Map.of("brain.llm.base_url", llm.baseUrl(),
        "brain.llm.api_key", "", "brain.llm.model", "m", "brain.llm.timeout", "10s",
        "brain.llm.temperature", 0.5, "brain.llm.max_tokens", 128, "brain.llm.max_retries", 0,
        "brain.llm.retry_delay", "10ms", "brain.llm.circuit_failures", 1,
        "brain.llm.circuit_reset", "100ms");
    deploy(quickReset);
    llm.then(Answer.status(500)).always(Answer.text("back again"));

    decideFails(Chats.request(SUMMONED, "one"));
    assertEquals(new BrainDecision.Pass(LlmBrain.CIRCUIT_OPEN),
        decide(Chats.request(SUMMONED, "while open")));

    await(Poll.until(gv.vertx, Duration.ofMillis(50), Duration.ofSeconds(20), "circuit closes",
        () -> client.decide(Chats.request(SUMMONED, "later"))
            .map(decision -> decision instanceof BrainDecision.Reply)));
    assertEquals(0, gv.gauge("social.brain.llm.circuit.open"));
    assertEquals(List.of("null", "null"), llm.authorizations().subList(0, 2),
        "no Authorization header without an api_key");
  }

  @Test
  void aRetryStopsAsSoonAsTheCircuitOpens() {
    deploy(llmConfig(5, 2));
    llm.always(Answer.status(502));

    decideFails(Chats.request(SUMMONED, "hello"));

    assertEquals(2, llm.requests(), "two failed attempts opened the circuit; no third");
  }

  @Test
  void aSlowServerTimesOutEachAttemptAndTheDecisionFailsCounted() {
    deploy(slowConfig(1, 100));
    llm.always(Answer.text("too late").after(5_000));

    Throwable failed = decideFails(Chats.request(SUMMONED, "hello"));

    assertTrue(failed.getMessage().contains("brain.llm timed out"), failed.getMessage());
    assertEquals(2, llm.requests(), "the timeout was retried once");
    assertEquals(2, gv.counter("social.timeouts", "op", LlmBrain.TIMEOUT_OP));
    assertEquals(1, decisions("summoned", "error"));
    // The brain's task is counted once its own caller (the bus reply) has heard the outcome: the
    // test may hear it first, so wait for the count instead of racing it.
    await(Poll.untilTrue(gv.vertx, "brain.decide counted as a failure",
        () -> gv.guard.taskCount("brain.decide", TaskOutcome.FAILURE) == 1));
    assertEquals("brain_error", BrainClient.failureLabel(failed));
  }

  @Test
  void aMalformedCompletionIsAnErrorWithoutRetry() {
    deploy(llmConfig(2, 100));
    llm.then(Answer.raw(200, "<html>gateway</html>"), Answer.raw(200, "{\"choices\": []}"));

    Throwable html = decideFails(Chats.request(SUMMONED, "hello"));
    Throwable empty = decideFails(Chats.request(SUMMONED, "hello"));

    assertTrue(html.getMessage().contains("not a chat completion"), html.getMessage());
    assertTrue(empty.getMessage().contains("not a chat completion"), empty.getMessage());
    assertEquals(2, llm.requests());
    assertEquals(2, decisions("summoned", "error"));
  }

  @Test
  void summariesParseFencedAndMessyJsonAndFailWithoutIt() {
    deploy(llmConfig(0, 100));
    SummaryRequest range = new SummaryRequest(Chats.GROUP, List.of(
        Chats.line(1, "A", "picnic on Saturday?"), Chats.line(2, "B", "yes, at the lake")));
    llm.then(
        Answer.text("```json\n{\"summary\": \"A picnic at the lake on Saturday.\","
            + " \"keywords\": [\"picnic\", \"lake\"]}\n```"),
        Answer.text("Sure: {\"summary\": \"Picnic plans.\", \"keywords\": \"picnic, lake\"} done"),
        Answer.text("I'd rather not."));

    Summary fenced = await(call(session, () -> client.summarize(range)));
    Summary messy = await(call(session, () -> client.summarize(range)));
    Throwable none = failure(call(session, () -> client.summarize(range)));

    assertEquals(new Summary("A picnic at the lake on Saturday.", List.of("picnic", "lake")),
        fenced);
    assertEquals(new Summary("Picnic plans.", List.of("picnic", "lake")), messy);
    assertTrue(none.getMessage().contains("no JSON object"), none.getMessage());
    assertTrue(llm.lastPrompt().contains("yes, at the lake"), llm.lastPrompt());
    assertEquals(0.2, llm.lastBody().getDouble("temperature"));
  }

  @Test
  void verdictsOnRequestsAreParsedFromTheAnswer() {
    deploy(llmConfig(0, 100));
    llm.then(Answer.text("APPROVE"), Answer.text("This looks like spam. REJECT."),
        Answer.text("not sure"));
    FriendRequestQuestion question =
        new FriendRequestQuestion(10001, 20002, "buy cheap followers", FriendRequestQuestion.FRIEND);

    List<RequestVerdict> verdicts = List.of(
        await(call(session, () -> client.judge(question))),
        await(call(session, () -> client.judge(question))),
        await(call(session, () -> client.judge(question))));

    assertEquals(List.of(RequestVerdict.APPROVE, RequestVerdict.REJECT, RequestVerdict.HOLD),
        verdicts);
    assertTrue(llm.lastPrompt().contains("buy cheap followers"), llm.lastPrompt());
    assertTrue(llm.lastPrompt().contains("friend request"), llm.lastPrompt());
  }
}
