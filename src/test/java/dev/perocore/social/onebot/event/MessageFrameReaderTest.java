package dev.perocore.social.onebot.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The differential proof for the gateway's fast path: every frame read by {@link MessageFrameReader}
 * gives the event (every field, Message segments, Sender, raw() with its field order) that FrameJson
 * then EventDecoder give, or null, and then the old path decides; every frame the old path rejects
 * is one the reader gives up on.
 */
class MessageFrameReaderTest {

  private static final Object[] ODD_VALUES = {null, true, 1.5, 9.0, 1e300, "abc", " ", "", "12", " 12 ",
      12, -1, new BigInteger("1180591620717411303424"), new JsonObject(), new JsonArray(),
      new JsonArray().add("x"), new JsonArray().add(new JsonObject().put("type", "")),
      new JsonArray().add(new JsonObject().put("type", 1)), new JsonArray().add(new JsonObject().put("data", 1)),
      new JsonArray().add(new JsonObject().put("type", "text").put("data", "x")), "notice", "group", "private",
      "message_sent", new JsonObject().put("id", 1).put("name", "anon")};
  private static final String[] KEYS = {"post_type", "message_type", "self_id", "time", "user_id", "group_id",
      "message_id", "sub_type", "raw_message", "message", "sender", "anonymous", "target_id", "notice_type"};

  private final EventDecoder decoder = new EventDecoder();

  @Test
  void everyFixtureMessageIsReadAsTheDecoderReadsItAndTheRestGoTheOldWay() {
    int messages = 0;
    for (String name : Fixtures.ALL) {
      String text = Fixtures.text(name);
      MessageEvent fast = assertSameAsOldPath(text);
      if (name.startsWith("message-")) {
        assertNotNull(fast, name);
        messages++;
      } else {
        assertNull(fast, name + " is not a message: the old path takes it");
      }
    }
    assertEquals(3, messages);
  }

  @Test
  void thousandsOfNapCatShapedFramesAreAllReadAndEqualTheOldPath() {
    NapCatFrameGenerator generator = new NapCatFrameGenerator(12);
    for (int i = 0; i < 4000; i++) {
      String text = generator.frame();
      assertNotNull(assertSameAsOldPath(text), text);
    }
  }

  @Test
  void everyOddValueOfEveryFieldEitherEqualsTheOldPathOrGoesToIt() {
    NapCatFrameGenerator generator = new NapCatFrameGenerator(7);
    int read = 0;
    int gaveUp = 0;
    for (int i = 0; i < 60; i++) {
      JsonObject frame = (JsonObject) FrameJson.parse(generator.frame().getBytes(StandardCharsets.UTF_8));
      for (String key : KEYS) {
        List<JsonObject> variants = new ArrayList<>();
        JsonObject removed = frame.copy();
        removed.remove(key);
        variants.add(removed);
        for (Object odd : ODD_VALUES) {
          variants.add(frame.copy().put(key, odd));
        }
        for (JsonObject variant : variants) {
          if (assertSameAsOldPath(variant.encode()) == null) {
            gaveUp++;
          } else {
            read++;
          }
        }
      }
    }
    assertTrue(read > 1000 && gaveUp > 1000, "both outcomes exercised: read " + read + ", gave up " + gaveUp);
  }

  @Test
  void unusualSyntaxGoesTheOldWayOrReadsTheSame() {
    String frame = Fixtures.text("message-group-reply-array.json").trim();
    String body = frame.substring(1);
    List<String> giveUps = List.of(
        "{\"user_id\":1," + body, // a duplicate field: the old path keeps the last one
        "{\"sender\":{\"nickname\":\"a\",\"nickname\":\"b\"}," + body.replace("\"sender\"", "\"x\""),
        frame + " 1", // trailing token
        frame + "}",
        frame.substring(0, frame.length() - 1), // cut short
        "[" + frame + "]",
        "{\"notice_type\":\"x\"," + body,
        frame.replace("\"message\":[", "\"message\":[1,"),
        frame.replace("\"anonymous\":null", "\"anonymous\":{\"id\":1}"),
        // An action response: given up at its status, before its data is walked.
        "{\"status\":\"ok\",\"retcode\":0,\"data\":{\"messages\":[" + frame + "]},"
            + "\"message\":\"\",\"wording\":\"\",\"echo\":\"h-1\"}",
        "");
    for (String text : giveUps) {
      assertNull(assertSameAsOldPath(text), text);
    }
    // Comments and whitespace are syntax both parsers take alike: read, and equal.
    assertNotNull(assertSameAsOldPath("/* c */ " + frame.replace(",\"", " ,\n // x\n \"")));
    byte[] invalidUtf8 = frame.replace("老王", "@@").getBytes(StandardCharsets.UTF_8);
    int at = new String(invalidUtf8, StandardCharsets.ISO_8859_1).indexOf("@@");
    invalidUtf8[at] = (byte) 0xC3;
    invalidUtf8[at + 1] = (byte) 0x28;
    assertNull(MessageFrameReader.read(invalidUtf8, 0, invalidUtf8.length));
  }

  @Test
  void rawIsParsedOnlyWhenReadOnceAcrossThreadsAndKeepsItsOrderInCopies() throws Exception {
    String text = Fixtures.text("message-private-array.json");
    byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8);
    int length = text.getBytes(StandardCharsets.UTF_8).length;
    MessageEvent fast = MessageFrameReader.read(bytes, 2, length);
    assertNotNull(fast);
    LazyFrameMap lazy = (LazyFrameMap) fast.raw().getMap();
    assertFalse(lazy.filled(), "nothing read raw() yet");
    JsonObject expected = (JsonObject) FrameJson.parse(text.getBytes(StandardCharsets.UTF_8));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      // Four threads released together on each of many fresh events: every one sees the whole
      // tree, and the frame is parsed once per event however the first reads race.
      for (int round = 0; round < 200; round++) {
        MessageEvent event = MessageFrameReader.read(bytes, 2, length);
        CyclicBarrier start = new CyclicBarrier(4);
        List<Callable<String>> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          readers.add(() -> {
            start.await();
            return event.raw().encode();
          });
        }
        for (Future<String> f : pool.invokeAll(readers)) {
          assertEquals(expected.encode(), f.get());
        }
        assertEquals(1, ((LazyFrameMap) event.raw().getMap()).fills(), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(expected.encode(), fast.raw().encode());
    assertTrue(lazy.filled());
    assertEquals(1, lazy.fills());
    assertEquals(expected.encode(), fast.raw().copy().encode(), "a copy keeps the field order");
    assertEquals(expected, fast.raw());
    assertEquals(expected.hashCode(), fast.raw().hashCode());
  }

  /** Both ways; a fast result must equal the old path's decoded event. Returns the fast result. */
  private MessageEvent assertSameAsOldPath(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    MessageEvent fast = MessageFrameReader.read(bytes, 0, bytes.length);
    DecodeResult old;
    try {
      Object parsed = FrameJson.parse(bytes);
      old = parsed instanceof JsonObject o && !EventDecoder.isActionResponse(o) ? decoder.decode(o) : null;
    } catch (DecodeException e) {
      old = null;
    }
    if (fast == null) {
      return null;
    }
    assertNotNull(old, "the reader took a frame the old path does not decode: " + text);
    OneBotEvent expected = assertInstanceOf(DecodeResult.Decoded.class, old, text).event();
    assertFalse(((LazyFrameMap) fast.raw().getMap()).filled(), "read without the tree");
    assertEquals(expected, fast, text);
    assertEquals(expected.raw().encode(), fast.raw().encode(), text);
    assertEquals(expected.toString(), fast.toString(), text);
    // JsonObject.equals compares numbers by value: the encodings also pin the number types.
    List<String> segmentsBefore = ((MessageEvent) expected).message().segments().stream()
        .map(s -> s.type() + s.dataView().encode()).toList();
    assertEquals(segmentsBefore, fast.message().segments().stream()
        .map(s -> s.type() + s.dataView().encode()).toList(), text);
    return fast;
  }
}
