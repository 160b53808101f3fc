package dev.perocore.social.onebot.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pre-bound {@code social_onebot_events_total{post_type}} counters (issue 12). */
class EventCountersTest {

  private static final List<String> POST_TYPES = List.of("message", "message_sent", "notice",
      "request", "meta_event");

  @Test
  void everyPostTypeExistsAtZeroAndCountsIntoItsOwnSeries() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OneBotMetrics metrics = new OneBotMetrics(registry);
    for (String postType : POST_TYPES) {
      assertEquals(0, count(registry, postType), postType);
    }
    for (int i = 0; i < POST_TYPES.size(); i++) {
      for (int n = 0; n <= i; n++) {
        metrics.event(POST_TYPES.get(i));
      }
    }
    for (int i = 0; i < POST_TYPES.size(); i++) {
      assertEquals(i + 1, count(registry, POST_TYPES.get(i)), POST_TYPES.get(i));
    }
    assertEquals(POST_TYPES.size(), registry.find("social.onebot.events").counters().size());
  }

  private static double count(SimpleMeterRegistry registry, String postType) {
    return registry.get("social.onebot.events").tag("post_type", postType).counter().count();
  }
}
