package dev.perocore.social.onebot.event;

import java.util.List;

/**
 * The {@code reason} label values of {@code social_onebot_events_rejected_total{reason}}: a closed, small
 * set so the metric stays low-cardinality. The detail of a rejection (which field, what was wrong) goes
 * to the rate-limited log, never to the label.
 */
public final class RejectReason {

  private RejectReason() {}

  /** A required field (time, self_id, post_type, the kind's type field, ids, message, ...) is absent or null. */
  public static final String MISSING_FIELD = "missing_field";
  /** A field has the wrong JSON type: a non-integer id, a non-string type name, an object where a scalar belongs. */
  public static final String WRONG_TYPE = "wrong_type";
  /** {@code post_type} is not one of message, message_sent, notice, request, meta_event. */
  public static final String UNKNOWN_POST_TYPE = "unknown_post_type";
  /**
   * The kind's type field names nothing this model knows: an unknown {@code message_type},
   * {@code request_type} or {@code meta_event_type}. (Unknown notices are kept as GenericNotice.)
   */
  public static final String UNKNOWN_EVENT_TYPE = "unknown_event_type";
  /** {@code message} is neither a CQ string nor an array of well-formed segments. */
  public static final String BAD_MESSAGE = "bad_message";

  /** The decoder itself failed on this frame (a bug in this code, not the peer's fault): look at the log. */
  public static final String DECODER_ERROR = "decoder_error";

  // Produced by the connection layer, before a frame reaches the decoder; listed here so the set is whole.
  /** The frame is not valid JSON, or not a JSON object. */
  public static final String INVALID_JSON = "invalid_json";
  /** The frame is larger than {@code onebot.max_frame_bytes}. */
  public static final String FRAME_TOO_LARGE = "frame_too_large";

  /** Every value, e.g. to register the counters at zero so dashboards see them before the first reject. */
  public static final List<String> ALL = List.of(
      MISSING_FIELD, WRONG_TYPE, UNKNOWN_POST_TYPE, UNKNOWN_EVENT_TYPE, BAD_MESSAGE, DECODER_ERROR, INVALID_JSON,
      FRAME_TOO_LARGE);
}
