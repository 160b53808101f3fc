package dev.perocore.social.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One admin listing made of every full node's answer: the single-node shape (its counts summed,
 * its rows concatenated, each row tagged with its {@code node}), plus {@code nodes} (each
 * answering node and its count) and {@code missing} (each node without an answer and why).
 */
public final class ScatterReply {

  private ScatterReply() {}

  /**
   * @param rowsKey the array of rows ({@code sessions}, {@code tasks}, {@code requests})
   * @param summed the numeric fields that add up across nodes ({@code count}, ...)
   * @param limit how many rows at most, after concatenation (this node's rows first)
   */
  public static JsonObject merge(List<AdminScatter.Answer> answers, String rowsKey,
      List<String> summed, int limit) {
    JsonObject merged = new JsonObject();
    summed.forEach(field -> merged.put(field, 0L));
    JsonArray rows = new JsonArray();
    JsonArray nodes = new JsonArray();
    JsonArray missing = new JsonArray();
    for (AdminScatter.Answer answer : answers) {
      String node = answer.node().name();
      if (answer.body() == null) {
        missing.add(new JsonObject().put("node", node).put("node_id", answer.node().id())
            .put("reason", answer.missing()));
        continue;
      }
      JsonObject body = answer.body();
      // Fields that do not add up (stall_after_ms) are the first answer's: this node's.
      body.fieldNames().stream().filter(f -> !summed.contains(f) && !f.equals(rowsKey)
          && !merged.containsKey(f)).forEach(f -> merged.put(f, body.getValue(f)));
      for (String field : summed) {
        Object value = body.getValue(field);
        if (value instanceof Number n) {
          merged.put(field, merged.getLong(field) + n.longValue());
        }
      }
      JsonArray own = body.getJsonArray(rowsKey, new JsonArray());
      for (int i = 0; i < own.size(); i++) {
        if (rows.size() < limit && own.getValue(i) instanceof JsonObject row) {
          rows.add(row.copy().put("node", node));
        }
      }
      nodes.add(new JsonObject().put("node", node).put("node_id", answer.node().id())
          .put("count", body.getValue("count")));
    }
    return merged.put(rowsKey, rows).put("nodes", nodes).put("missing", missing);
  }
}
