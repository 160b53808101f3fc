package dev.perocore.social.onebot.event;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** Exploratory: stage costs per frame. */
public final class FramePathBenchmark {
  public static void main(String[] args) throws Exception {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Method frame = Class.forName("dev.perocore.social.app.BurstBenchmark")
        .getDeclaredMethod("frame", long.class, int.class);
    frame.setAccessible(true);
    List<Buffer> buffers = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      buffers.add(Buffer.buffer((String) frame.invoke(null, 10001L, i)));
    }
    EventDecoder decoder = new EventDecoder();
    List<JsonObject> parsed = buffers.stream().map(b -> (JsonObject) Json.decodeValue(b)).toList();
    List<MessageEvent> events = parsed.stream()
        .map(p -> (MessageEvent) ((DecodeResult.Decoded) decoder.decode(p)).event()).toList();
    int n = buffers.size();
    if (args.length > 1) {
      for (int k = 0; k < 20; k++) {
        stage("decode", frames, i -> ((DecodeResult.Decoded) decoder.decode(parsed.get(i % n))).event().time());
      }
      return;
    }
    stage("parse vertx", frames, i -> ((JsonObject) Json.decodeValue(buffers.get(i % n))).size());
    stage("parse FrameJson", frames, i -> ((JsonObject) FrameJson.parse(buffers.get(i % n).getBytes())).size());
    stage("getBytes", frames, i -> buffers.get(i % n).getBytes().length);
    stage("decode", frames, i -> ((DecodeResult.Decoded) decoder.decode(parsed.get(i % n))).event().time());
    stage("toCqString", frames, i -> events.get(i % n).message().toCqString().length());
    stage("toJsonArray.encode", frames, i -> events.get(i % n).message().toJsonArray().encode().length());
    stage("frameText", frames, i -> buffers.get(i % n).toString(StandardCharsets.UTF_8).length());
    stage("new String", frames, i -> new String(buffers.get(i % n).getBytes(), StandardCharsets.UTF_8).length());
  }

  static long cpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  static void stage(String name, int frames, ToLongFunction<Integer> f) {
    long sink = 0;
    for (int r = 0; r < 3; r++) {
      long t0 = cpu();
      for (int i = 0; i < frames; i++) {
        sink += f.applyAsLong(i);
      }
      long t1 = cpu();
      if (r == 2) {
        System.out.printf(Locale.ROOT, "%-22s %7.0f ns/frame (%d)%n", name, (t1 - t0) / (double) frames, sink & 1);
      }
    }
  }
}
