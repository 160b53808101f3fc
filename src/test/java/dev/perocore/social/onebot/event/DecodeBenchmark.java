package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast frames become events on one thread: JSON text -> JsonObject -> OneBotEvent (what a
 * connection does per frame), and the decode step alone on pre-parsed frames. A benchmark, not a test.
 *
 * <p>Run (after {@code mvn -B -q test-compile}):
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.perocore.social.onebot.event.DecodeBenchmark [frames]</pre>
 * where target/cp.txt comes from {@code mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt}.
 */
public final class DecodeBenchmark {

  private DecodeBenchmark() {}

  public static void main(String[] args) {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<String> texts = new ArrayList<>();
    for (String name : Fixtures.EVENTS) {
      texts.add(Fixtures.text(name));
    }
    // Real traffic is mostly messages, NapCat-shaped: weight them up with a string-id, extra-field variant.
    JsonObject napcat = Fixtures.json("message-group-reply-array.json")
        .put("self_id", "10001").put("message_id", "-2034567123").put("message_seq", 4567).put("real_id", 4567)
        .put("message_format", "array").put("group_name", "测试群")
        .put("raw", new JsonObject().put("msgId", "7441").put("elements", new JsonArray()));
    for (int i = 0; i < 10; i++) {
      texts.add(napcat.encode());
      texts.add(Fixtures.text("message-group-string.json"));
      texts.add(Fixtures.text("message-private-array.json"));
    }
    List<JsonObject> parsed = texts.stream().map(JsonObject::new).toList();
    EventDecoder decoder = new EventDecoder();

    long sink = 0;
    // Warm-up: let the JIT compile the decode path before measuring.
    for (int i = 0; i < 300_000; i++) {
      sink += run(decoder.decodeText(texts.get(i % texts.size())));
    }

    long t0 = System.nanoTime();
    for (int i = 0; i < frames; i++) {
      sink += run(decoder.decodeText(texts.get(i % texts.size())));
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < frames; i++) {
      sink += run(decoder.decode(parsed.get(i % parsed.size())));
    }
    long t2 = System.nanoTime();

    System.out.printf(Locale.ROOT, "frames: %d (%d distinct, %.0f%% messages), JDK %s, %d CPUs%n", frames,
        texts.size(), 100.0 * texts.stream().filter(t -> t.contains("\"post_type\":\"message\"")).count()
            / texts.size(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "text -> event (JSON parse + decode): %,.0f events/s (%.2f us/event)%n",
        frames / ((t1 - t0) / 1e9), (t1 - t0) / 1e3 / frames);
    System.out.printf(Locale.ROOT, "JsonObject -> event (decode only):   %,.0f events/s (%.2f us/event)%n",
        frames / ((t2 - t1) / 1e9), (t2 - t1) / 1e3 / frames);
    System.out.println("(checksum " + sink + ")");
  }

  private static long run(DecodeResult result) {
    if (result instanceof DecodeResult.Decoded d) {
      return d.event() instanceof MessageEvent m ? m.message().segments().size() : 1;
    }
    throw new IllegalStateException("benchmark frame rejected: " + result);
  }
}
