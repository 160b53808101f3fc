package dev.perocore.social.onebot.event;

/** A meta event about the connection itself: lifecycle and heartbeat. */
public sealed interface MetaEvent extends OneBotEvent permits LifecycleEvent, HeartbeatEvent {

  String POST_TYPE = "meta_event";

  /** {@code lifecycle} or {@code heartbeat}. */
  String metaEventType();

  @Override
  default String postType() {
    return POST_TYPE;
  }
}
