package dev.perocore.social.brain;

import static dev.perocore.social.testing.OnContext.await;
import static dev.perocore.social.testing.OnContext.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code brain.llm.secretary_model} and {@code brain.llm.summary_model} (issue 15): the observing
 * check and the summaries ask the primary endpoint for their own model, the full reply and the
 * request verdict for {@code brain.llm.model}; unset, everything uses the main model.
 */
class CheaperModelsTest {

  private final GuardedVertx gv = GuardedVertx.fast();
  private final FakeLlmServer llm = FakeLlmServer.start(gv.vertx);
  private Context session;

  @AfterEach
  void tearDown() {
    gv.close();
  }

  private BrainClient deploy(TestConfig config) {
    BrainConfig brain = config.with("brain.llm.base_url", llm.baseUrl())
        .with("brain.llm.model", "big-model").with("brain.llm.max_retries", 0)
        .with("brain.timeout", "10s").brain();
    await(gv.vertx.deployVerticle(new BrainVerticle(gv.guard, Duration.ofSeconds(1), brain)));
    session = gv.vertx.getOrCreateContext();
    TaskSet tasks = call(session, () -> gv.guard.newTaskSet("test-session"));
    return call(session, () -> new BrainClient(gv.vertx, tasks, Duration.ofSeconds(10)));
  }

  private List<String> modelsOfFourCalls(BrainClient client) {
    llm.then(Answer.text("PASS"), Answer.text("hi"),
        Answer.text("{\"summary\": \"s\", \"keywords\": [\"k\"]}"), Answer.text("HOLD"));
    await(call(session, () -> client.decide(Chats.request(BrainRequest.Mode.OBSERVING, "nice weather"))));
    await(call(session, () -> client.decide(Chats.request(BrainRequest.Mode.SUMMONED, "hello Pero"))));
    await(call(session, () -> client.summarize(new SummaryRequest(Chats.GROUP,
        List.of(Chats.line(20002, "Alice", "we went to the zoo"))))));
    await(call(session, () -> client.judge(new FriendRequestQuestion(10001, 20002, "hi",
        FriendRequestQuestion.FRIEND))));
    return llm.bodies().stream().map(body -> body.getString("model")).toList();
  }

  @Test
  void theSecretaryAndTheSummaryAskForTheirOwnModels() {
    BrainClient client = deploy(TestConfig.defaults()
        .with("brain.llm.secretary_model", "small-model")
        .with("brain.llm.summary_model", "summary-model"));
    assertEquals(List.of("small-model", "big-model", "summary-model", "big-model"),
        modelsOfFourCalls(client));
    assertEquals(1, gv.counter("social.brain.decisions", "mode", "observing", "decision", "pass",
        "model", "small-model"));
  }

  @Test
  void unsetTheyUseTheMainModel() {
    assertEquals(List.of("big-model", "big-model", "big-model", "big-model"),
        modelsOfFourCalls(deploy(TestConfig.defaults())));
  }
}
