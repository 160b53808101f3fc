package dev.perocore.social.onebot;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A successful action response ({@code status} ok, {@code retcode} 0). Failed responses never
 * become an ActionResult: they are an {@link ActionFailedException}.
 *
 * @param data the response's {@code data}: a JsonObject, a JsonArray, a plain value or null
 */
public record ActionResult(String status, int retcode, Object data) {

  /**
   * The {@code message_id} a send returned, as a decimal string (NapCat sends numbers, some
   * implementations strings).
   */
  public Optional<String> messageId() {
    if (data instanceof JsonObject object) {
      Object id = object.getValue("message_id");
      if (id instanceof Number n) {
        return Optional.of(new BigDecimal(n.toString()).toBigInteger().toString());
      }
      if (id instanceof String s && !s.isBlank()) {
        return Optional.of(s.trim());
      }
    }
    return Optional.empty();
  }

  /** {@link #data()} as an object, or an empty one. */
  public JsonObject dataObject() {
    return data instanceof JsonObject object ? object : new JsonObject();
  }

  public JsonObject toJson() {
    return new JsonObject().put("status", status).put("retcode", retcode).put("data", data);
  }

  public static ActionResult fromJson(JsonObject json) {
    return new ActionResult(json.getString("status", "ok"), json.getInteger("retcode", 0),
        json.getValue("data"));
  }
}
