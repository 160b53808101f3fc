package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.onebot.event.MetaEvent;
import dev.perocore.social.onebot.event.NoticeEvent;
import dev.perocore.social.onebot.event.RequestEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code social_onebot_events_total{post_type}}, one counter per post type bound at start-up (all
 * at zero): counting an accepted event is a switch and an increment, never a registry or map
 * lookup on the hot path (issue 12).
 */
final class EventCounters {

  private final MeterRegistry registry;
  private final Counter message;
  private final Counter messageSent;
  private final Counter notice;
  private final Counter request;
  private final Counter meta;

  EventCounters(MeterRegistry registry) {
    this.registry = registry;
    message = counter(registry, MessageEvent.POST_TYPE);
    messageSent = counter(registry, MessageEvent.POST_TYPE_SENT);
    notice = counter(registry, NoticeEvent.POST_TYPE);
    request = counter(registry, RequestEvent.POST_TYPE);
    meta = counter(registry, MetaEvent.POST_TYPE);
  }

  /** Counts one event (any other post type would be the decoder's bug: still counted, slowly). */
  void count(String postType) {
    Counter counter = switch (postType) {
      case MessageEvent.POST_TYPE -> message;
      case MessageEvent.POST_TYPE_SENT -> messageSent;
      case NoticeEvent.POST_TYPE -> notice;
      case RequestEvent.POST_TYPE -> request;
      case MetaEvent.POST_TYPE -> meta;
      default -> counter(registry, postType);
    };
    counter.increment();
  }

  private static Counter counter(MeterRegistry registry, String postType) {
    return Counter.builder("social.onebot.events")
        .description("Events accepted and published, by post_type")
        .tag("post_type", postType)
        .register(registry);
  }
}
