package dev.perocore.social.onebot.event;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CPU per inbound message between the WebSocket frame and the stored row's text columns, on one
 * thread: parse, decode, content as CQ text, content as JSON text, the frame as text (what the
 * gateway and the session's MessageIntake do per message). A benchmark, not a test.
 *
 * <p>Frames: the burst benchmark's ({@code app.BurstBenchmark.frame}) and NapCat-shaped ones from
 * the fixtures. {@code old} runs the calls main made ({@code Json.decodeValue}, {@code
 * toJsonArray().encode()}), so the same class measures main when main's classes come first:
 * <pre>java -cp target/test-classes:/tmp/s6/main.jar dev.perocore.social.onebot.event.FramePathBenchmark old
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.perocore.social.onebot.event.FramePathBenchmark</pre>
 * Reports thread CPU time per frame (the machine is shared: wall time would measure the others).
 */
public final class FramePathBenchmark {

  private FramePathBenchmark() {}

  public static void main(String[] args) throws Exception {
    boolean old = args.length > 0 && args[0].equals("old");
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
    Method burst = Class.forName("dev.perocore.social.app.BurstBenchmark")
        .getDeclaredMethod("frame", long.class, int.class);
    burst.setAccessible(true);
    List<Buffer> burstFrames = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      burstFrames.add(Buffer.buffer((String) burst.invoke(null, 10001L + i % 4, i)));
    }
    List<Buffer> napcat = new ArrayList<>();
    for (String name : List.of("message-group-reply-array.json", "message-group-string.json",
        "message-private-array.json")) {
      JsonObject f = Fixtures.json(name).put("self_id", "10001").put("message_seq", 4567).put("real_id", 4567)
          .put("font", 14).put("message_format", "array").put("group_name", "测试群");
      for (int i = 0; i < 1000; i++) {
        napcat.add(Buffer.buffer(f.copy().put("message_id", -2034567123 + i).encode()));
      }
    }
    EventDecoder decoder = new EventDecoder();
    System.out.printf(Locale.ROOT, "%s, %d frames per run, JDK %s%n", old ? "old path (main's calls)"
        : "new path", frames, System.getProperty("java.version"));
    for (int round = 0; round < 5; round++) {
      double b = run(old, decoder, burstFrames, frames);
      double n = run(old, decoder, napcat, frames);
      if (round >= 2) { // the first rounds warm the JIT
        System.out.printf(Locale.ROOT, "round %d: burst frames %5.0f ns/frame, NapCat fixtures %5.0f ns/frame%n",
            round, b, n);
      }
    }
  }

  private static double run(boolean old, EventDecoder decoder, List<Buffer> buffers, int frames) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    long t0 = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < frames; i++) {
      Buffer frame = buffers.get(i % buffers.size());
      Object parsed = old ? Json.decodeValue(frame) : FrameJson.parse(frame.getBytes());
      MessageEvent m = (MessageEvent) ((DecodeResult.Decoded) decoder.decode((JsonObject) parsed)).event();
      String cq = m.message().toCqString();
      String json = old ? m.message().toJsonArray().encode() : m.message().jsonText();
      String text = frame.toString(StandardCharsets.UTF_8);
      sink += cq.length() + json.length() + text.length() + m.sender().displayName().length();
    }
    long t1 = threads.getCurrentThreadCpuTime();
    if (sink == 42) {
      System.out.println();
    }
    return (t1 - t0) / (double) frames;
  }
}
