package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.InboundEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes {@link InboundEvent}s by reference on the local event bus: no JSON copy per consumer.
 * The events are immutable records (their raw JSON is never modified after decoding).
 */
public final class InboundEventCodec implements MessageCodec<InboundEvent, InboundEvent> {

  public static final String NAME = "onebot-inbound-event";

  @Override
  public void encodeToWire(Buffer buffer, InboundEvent event) {
    throw new UnsupportedOperationException("InboundEvent is local-only; a clustered bus needs a"
        + " wire codec");
  }

  @Override
  public InboundEvent decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("InboundEvent is local-only");
  }

  @Override
  public InboundEvent transform(InboundEvent event) {
    return event;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
