package dev.perocore.social.brain;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenAI-compatible chat-completions server on 127.0.0.1 (port 0) with programmable
 * answers: a script of answers used once each in order, then a fallback answer for the rest. It
 * records every request body and Authorization header.
 */
public final class FakeLlmServer {

  /**
   * One programmed answer: status, body, how long to wait before sending it, and a {@code
   * Retry-After} header (null: none).
   */
  public record Answer(int status, String body, long delayMs, String retryAfter) {

    public Answer(int status, String body, long delayMs) {
      this(status, body, delayMs, null);
    }

    /** A 200 chat completion whose message content is {@code content}. */
    public static Answer text(String content) {
      JsonObject completion = new JsonObject()
          .put("id", "chatcmpl-test")
          .put("object", "chat.completion")
          .put("choices", new JsonArray().add(new JsonObject()
              .put("index", 0)
              .put("message", new JsonObject().put("role", "assistant").put("content", content))
              .put("finish_reason", "stop")));
      return new Answer(200, completion.encode(), 0);
    }

    static Answer status(int status) {
      return new Answer(status, new JsonObject()
          .put("error", new JsonObject().put("message", "status " + status)).encode(), 0);
    }

    static Answer raw(int status, String body) {
      return new Answer(status, body, 0);
    }

    /** The same answer, sent only after {@code ms}. */
    Answer after(long ms) {
      return new Answer(status, body, ms, retryAfter);
    }

    /** The same answer with a {@code Retry-After} header. */
    Answer retryAfter(String value) {
      return new Answer(status, body, delayMs, value);
    }
  }

  private final Vertx vertx;
  private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
  private final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Answer fallback = Answer.text("ok");
  private volatile HttpServer server;

  private FakeLlmServer(Vertx vertx) {
    this.vertx = vertx;
  }

  public static FakeLlmServer start(Vertx vertx) {
    FakeLlmServer fake = new FakeLlmServer(vertx);
    fake.server = dev.perocore.social.testing.OnContext.await(
        vertx.createHttpServer().requestHandler(fake::handle).listen(0, "127.0.0.1"));
    return fake;
  }

  /** The base URL to configure as {@code brain.llm.base_url}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  /** Answers used once each, in order, before the fallback. */
  public FakeLlmServer then(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** The answer for every request once the script is used up. */
  FakeLlmServer always(Answer answer) {
    fallback = answer;
    return this;
  }

  public int requests() {
    return requests.get();
  }

  /** Every request body received, in order. */
  public List<JsonObject> bodies() {
    return List.copyOf(bodies);
  }

  public JsonObject lastBody() {
    return bodies.get(bodies.size() - 1);
  }

  List<String> authorizations() {
    return authorizations;
  }

  /** The text of the last request's messages, system and user joined. */
  String lastPrompt() {
    StringBuilder text = new StringBuilder();
    for (Object message : lastBody().getJsonArray("messages")) {
      text.append(((JsonObject) message).getString("content")).append('\n');
    }
    return text.toString();
  }

  private void handle(HttpServerRequest request) {
    if (!request.path().equals("/v1/chat/completions") || !"POST".equals(request.method().name())) {
      request.response().setStatusCode(404).end().onFailure(e -> { });
      return;
    }
    request.body().onSuccess(buffer -> {
      requests.incrementAndGet();
      bodies.add(buffer.toJsonObject());
      authorizations.add(String.valueOf(request.getHeader("Authorization")));
      Answer answer = script.poll();
      Answer chosen = answer != null ? answer : fallback;
      if (chosen.retryAfter() != null) {
        request.response().putHeader("Retry-After", chosen.retryAfter());
      }
      Runnable send = () -> request.response()
          .setStatusCode(chosen.status())
          .putHeader("Content-Type", "application/json")
          .end(chosen.body())
          .onFailure(e -> { /* the client gave up first: expected for slow answers */ });
      if (chosen.delayMs() > 0) {
        vertx.setTimer(chosen.delayMs(), id -> send.run());
      } else {
        send.run();
      }
    });
  }
}
