package dev.perocore.social.session;

import dev.perocore.social.brain.BrainAddresses;
import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A brain on {@code social.brain} whose behaviour a test sets: reply with the last line, pass,
 * never answer, fail, or answer after a delay. Records every request.
 */
final class TestBrain {

  enum Behaviour { REPLY, PASS, NEVER, FAIL }

  final List<BrainRequest> requests = new CopyOnWriteArrayList<>();
  volatile Behaviour behaviour = Behaviour.REPLY;
  volatile long delayMillis;
  /** When set, REPLY answers with exactly this text instead of quoting the last line. */
  volatile String answerText;
  private final java.util.concurrent.atomic.AtomicInteger outstanding =
      new java.util.concurrent.atomic.AtomicInteger();
  /** The most requests that were waiting for an answer at once. */
  final java.util.concurrent.atomic.AtomicInteger maxConcurrent =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Vertx vertx;
  private final MessageConsumer<Object> consumer;

  TestBrain(Vertx vertx) {
    this.vertx = vertx;
    consumer = vertx.eventBus().consumer(BrainAddresses.DECIDE, this::onDecide);
    OnContext.await(consumer.completion());
  }

  private void onDecide(Message<Object> message) {
    BrainRequest request = (BrainRequest) message.body();
    requests.add(request);
    maxConcurrent.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
    Behaviour now = behaviour;
    if (now == Behaviour.NEVER) {
      return;
    }
    Runnable answer = () -> {
      outstanding.decrementAndGet();
      switch (now) {
        case FAIL -> message.fail(500, "test brain failed");
        case PASS -> message.reply(new BrainDecision.Pass("test pass"));
        default -> {
          List<ChatLine> lines = request.messages();
          String last = lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1).text();
          String fixed = answerText;
          message.reply(new BrainDecision.Reply(fixed != null ? fixed : "re: " + last));
        }
      }
    };
    if (delayMillis > 0) {
      vertx.setTimer(delayMillis, id -> answer.run());
    } else {
      answer.run();
    }
  }

  void close() {
    OnContext.await(consumer.unregister());
  }
}
