package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.store.impl.Sql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every hot query is answered through an index: EXPLAIN QUERY PLAN shows no scan, no sort. */
class QueryPlanTest {

  @TempDir Path dir;

  private static final Pattern TABLE_SCAN = Pattern.compile(
      "SCAN (messages|notices|requests|users|groups|sessions|summaries)\\b");

  @Test
  void hotQueriesUseIndexes() throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("own message identity", Sql.MESSAGES_WITH_ID);
    queries.put("id collisions of a batch", Sql.COUNT_ID_COLLISIONS);
    queries.put("recent / private history", Sql.RECENT);
    queries.put("messages page before a row", Sql.BEFORE);
    queries.put("latest group", Sql.LATEST_GROUP);
    queries.put("sessions by activity", Sql.SESSIONS_BY_ACTIVITY);
    queries.put("search", Sql.SEARCH);
    queries.put("count unsummarized", Sql.COUNT_UNSUMMARIZED);
    queries.put("claim", Sql.CLAIM);
    queries.put("release", Sql.RELEASE);
    queries.put("release all", Sql.RELEASE_ALL);
    queries.put("mark summarized", Sql.MARK_SUMMARIZED);
    queries.put("advance summary floor", Sql.ADVANCE_FLOOR);
    queries.put("summaries", Sql.SUMMARIES);
    queries.put("pending requests", Sql.PENDING_REQUESTS);
    queries.put("request by id", Sql.REQUEST_BY_ID);
    queries.put("resolve request", Sql.RESOLVE_REQUEST);
    queries.put("retention messages", Sql.DELETE_OLD_MESSAGES);
    queries.put("retention notices", Sql.DELETE_OLD_NOTICES);
    queries.put("retention requests", Sql.DELETE_OLD_REQUESTS);
    queries.put("raw pruning", Sql.PRUNE_RAW);
    queries.put("consume", Sql.CONSUME);
    queries.put("consumed", Sql.CONSUMED);
    queries.put("unconsumed since", Sql.UNCONSUMED);
    try (StoreHarness h = StoreHarness.open(dir); Connection c = h.jdbc()) {
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, String> q : queries.entrySet()) {
        List<String> plan = plan(c, q.getValue());
        assertFalse(plan.isEmpty(), q.getKey());
        for (String step : plan) {
          if (TABLE_SCAN.matcher(step).find() || step.contains("TEMP B-TREE")) {
            problems.add(q.getKey() + ": " + step);
          }
        }
        assertTrue(plan.stream().anyMatch(s -> s.contains("INDEX") || s.contains("PRIMARY KEY")),
            q.getKey() + " uses an index: " + plan);
      }
      // The identity look-ups must probe the identity index, not walk a chat's history.
      for (String sql : List.of(Sql.MESSAGES_WITH_ID, Sql.COUNT_ID_COLLISIONS, Sql.CONSUME,
          Sql.CONSUMED)) {
        List<String> plan = plan(c, sql);
        assertTrue(plan.stream().anyMatch(s -> s.contains("messages_by_identity")
            && s.contains("message_id=?")) && plan.stream().noneMatch(
                s -> s.contains("messages_by_session")), sql + ": " + plan);
      }
      assertTrue(problems.isEmpty(), "full scans or sorts:\n" + String.join("\n", problems));
    }
  }

  private static List<String> plan(Connection c, String sql) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      int params = ps.getParameterMetaData().getParameterCount();
      for (int i = 1; i <= params; i++) {
        ps.setObject(i, 1);
      }
      List<String> steps = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          steps.add(rs.getString("detail"));
        }
      }
      return steps;
    }
  }
}
