package dev.perocore.social.onebot.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Data handed over whole: the segment keeps it, and it is exactly what a copying Segment.of gives. */
class SegmentDataTest {

  @Test
  void theSegmentEqualsTheCopiedOneAndKeepsItsOrder() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("k", "v");
    Segment handed = new SegmentData().put("file", "a.jpg").put("file_size", 12).put("sub_type", 0)
        .put("summary", null).put("meta", nested).put("list", List.of(1, "x")).segment("image");
    JsonObject json = new JsonObject().put("file", "a.jpg").put("file_size", 12).put("sub_type", 0)
        .putNull("summary").put("meta", new JsonObject(new LinkedHashMap<>(nested)))
        .put("list", new JsonArray(List.of(1, "x")));
    Segment copied = Segment.of("image", json);
    assertInstanceOf(Segment.Image.class, handed);
    assertEquals(copied, handed);
    assertEquals(copied.hashCode(), handed.hashCode());
    assertEquals(List.copyOf(copied.dataView().fieldNames()), List.copyOf(handed.dataView().fieldNames()));
    assertEquals(Message.of(copied).jsonText(), Message.of(handed).jsonText());
    assertEquals(Message.of(copied).toCqString(), Message.of(handed).toCqString());
    // Nested values as JsonObject.copy() stores them, so encoders and accessors see one shape.
    assertInstanceOf(JsonObject.class, handed.dataView().getMap().get("meta"));
    assertInstanceOf(JsonArray.class, handed.dataView().getMap().get("list"));
    nested.put("k", "changed");
    assertEquals("v", handed.dataView().getJsonObject("meta").getString("k"), "a nested map is copied");
  }

  @Test
  void theDataIsTheSegmentsAloneOnceHandedOver() {
    SegmentData data = new SegmentData().put("text", "hi");
    Segment text = data.segment("text");
    assertThrows(IllegalStateException.class, () -> data.put("text", "changed"));
    assertThrows(IllegalStateException.class, () -> data.segment("text"));
    assertEquals("hi", ((Segment.Text) text).text());
    // Kept, not copied: another segment built on it shares it (both immutable); data() still copies.
    assertSame(text.dataView(), Segment.of("text", text.dataView()).dataView());
    assertNotSame(text.dataView(), text.data());
    // An ordinary JsonObject is still copied on construction.
    JsonObject mine = new JsonObject().put("text", "hi");
    Segment copied = Segment.of("text", mine);
    mine.put("text", "changed");
    assertEquals("hi", ((Segment.Text) copied).text());
  }

  @Test
  void anEmptyOrUnknownTypeIsRefusedAsByOf() {
    assertThrows(IllegalArgumentException.class, () -> new SegmentData().segment(""));
    Segment generic = new SegmentData().put("x", 1).segment("napcat_new_thing");
    assertEquals(Segment.of("napcat_new_thing", new JsonObject().put("x", 1)), generic);
  }
}
