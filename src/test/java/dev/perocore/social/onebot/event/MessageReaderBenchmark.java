package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decoding one message frame, old path against the fast path, on one thread: CPU ns and bytes
 * allocated per frame. Old: {@code FrameJson.parse} then {@code EventDecoder.decode} (what the gateway
 * did per message); new: {@link MessageFrameReader#read}. The two alternate round by round, so both see
 * the same machine. A benchmark, not a test:
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     dev.perocore.social.onebot.event.MessageReaderBenchmark [frames per round] [fast]</pre>
 */
public final class MessageReaderBenchmark {

  private MessageReaderBenchmark() {}

  public static void main(String[] args) throws Exception {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    boolean onlyFast = args.length > 1 && args[1].equals("fast"); // for a profile of the new path alone
    Method burst = Class.forName("dev.perocore.social.app.BurstFrames")
        .getDeclaredMethod("frame", long.class, int.class);
    burst.setAccessible(true);
    List<byte[]> burstFrames = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      burstFrames.add(((String) burst.invoke(null, 10001L + i % 4, i)).getBytes(StandardCharsets.UTF_8));
    }
    List<byte[]> napcat = new ArrayList<>();
    NapCatFrameGenerator generator = new NapCatFrameGenerator(3);
    for (int i = 0; i < 4096; i++) {
      napcat.add(generator.frame().getBytes(StandardCharsets.UTF_8));
    }
    System.out.printf(Locale.ROOT, "%d frames per run, JDK %s%n", frames, System.getProperty("java.version"));
    EventDecoder decoder = new EventDecoder();
    for (int round = 0; round < 6; round++) {
      for (String set : List.of("burst", "generated")) {
        List<byte[]> input = set.equals("burst") ? burstFrames : napcat;
        double[] old = onlyFast ? new double[2] : run(true, decoder, input, frames);
        double[] fast = run(false, decoder, input, frames);
        if (round >= 2) { // the first rounds warm the JIT
          System.out.printf(Locale.ROOT, "round %d %-9s old %5.0f ns %6.0f B/frame | fast %5.0f ns %6.0f B/frame%n",
              round, set, old[0], old[1], fast[0], fast[1]);
        }
      }
    }
  }

  private static double[] run(boolean old, EventDecoder decoder, List<byte[]> input, int frames) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long sink = 0;
    long t0 = threads.getCurrentThreadCpuTime();
    long b0 = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < frames; i++) {
      byte[] frame = input.get(i % input.size());
      MessageEvent m = old
          ? (MessageEvent) ((DecodeResult.Decoded) decoder.decode((JsonObject) FrameJson.parse(frame))).event()
          : MessageFrameReader.read(frame, 0, frame.length);
      sink += m.userId() + m.message().segments().size() + m.sender().nickname().length();
    }
    long t1 = threads.getCurrentThreadCpuTime();
    long b1 = threads.getThreadAllocatedBytes(id);
    if (sink == 42) {
      System.out.println();
    }
    return new double[] {(t1 - t0) / (double) frames, (b1 - b0) / (double) frames};
  }
}
