package dev.perocore.social.app;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code log.format: json}: one JSON object per line for log collectors (Loki, Elasticsearch,
 * Cloud Logging). Logback's own {@link JsonEncoder} writes the fields and does the escaping
 * (level, threadName, loggerName, mdc, formattedMessage, kvpList); this adds the two things it
 * lacks: a {@code timestamp} with the zone's offset (JsonEncoder writes epoch millis) and the stack
 * trace as one string field, {@code stack}, instead of an object per frame.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

  private static final byte[] NONE = new byte[0];

  private final JsonEncoder fields = new JsonEncoder();
  private final DateTimeFormatter time;

  public JsonLogEncoder() {
    this(ZoneId.systemDefault());
  }

  JsonLogEncoder(ZoneId zone) {
    this.time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
    fields.setWithSequenceNumber(false);
    fields.setWithTimestamp(false);
    fields.setWithNanoseconds(false);
    fields.setWithContext(false);
    fields.setWithMessage(false); // the unformatted template: formattedMessage is the text
    fields.setWithArguments(false); // may hold what a message chose not to print
    fields.setWithThrowable(false); // replaced by "stack"
    fields.setWithFormattedMessage(true);
  }

  @Override
  public void start() {
    fields.setContext(getContext());
    fields.start();
    super.start();
  }

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String body = new String(fields.encode(event), StandardCharsets.UTF_8).strip();
    // body is {"level":...}: open it, put the timestamp first and the stack last.
    StringBuilder line = new StringBuilder(body.length() + 64);
    line.append("{\"timestamp\":\"")
        .append(time.format(Instant.ofEpochMilli(event.getTimeStamp()))).append('"');
    String inner = body.substring(1, body.length() - 1).strip();
    if (!inner.isEmpty()) {
      line.append(',').append(inner);
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(",\"stack\":").append(Json.encode(ThrowableProxyUtil.asString(thrown)));
    }
    return line.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
  }
}
