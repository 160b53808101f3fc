package dev.perocore.social.app;

import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.BrainVerticle;
import dev.perocore.social.brain.impl.LlmBrain;
import dev.perocore.social.cluster.BotOwnership;
import dev.perocore.social.cluster.FullNodes;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.ops.AdminScatter;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.backfill.BackfillVerticle;
import dev.perocore.social.session.impl.Shard;
import dev.perocore.social.session.impl.Summarizer;
import dev.perocore.social.session.requests.RequestDesk;
import dev.perocore.social.media.MediaConfig;
import java.util.List;
import java.util.stream.Stream;

/**
 * The task kinds and named deadlines known before anything runs, registered at zero so that
 * {@code social_tasks_*{kind}} and {@code social_timeouts_total{op}} exist from start-up: an
 * {@code increase()} over a series that only appears at its first timeout never sees that timeout.
 * Kinds made up at run time (store.read.&lt;query&gt;, admin.*) still appear on first use.
 */
final class KnownTasks {

  /** Kinds that run under a named deadline: op = kind. */
  static final List<String> WITH_DEADLINE = List.of(
      Shard.KIND_APPEND, Shard.KIND_NOTICE, Shard.KIND_FLUSH, Shard.KIND_SUMMARY, Shard.KIND_SCAN,
      Shard.KIND_CONSUME, Shard.KIND_REBUFFER,
      "session.context.history", "session.context.related", "session.context.latest_group",
      "session.context.memory", "session.context.notices", "session.context.images",
      "session.context.group_name", "session.group_name.store",
      "session.media", "session.media.sweep", "store.media.link",
      Summarizer.KIND_CLAIM, Summarizer.KIND_STORE, Summarizer.KIND_RELEASE,
      OutboundMessages.SEND, OutboundMessages.STORE, OutboundMessages.TYPING,
      "session.reply.typing", "session.stickers.load",
      RequestDesk.STORE, RequestDesk.ACTION, RequestDesk.RESOLVE,
      BrainClient.DECIDE, BrainClient.SUMMARIZE, BrainClient.JUDGE,
      BrainVerticle.DECIDE, BrainVerticle.SUMMARIZE, BrainVerticle.JUDGE,
      "onebot.action", "onebot.send.wait", "onebot.forward.connect",
      "store.checkpoint", "store.migrate", "store.release_claims", "store.prune",
      "ops.metrics.scrape",
      BackfillVerticle.KIND_RUN, BackfillVerticle.KIND_PAGE, BackfillVerticle.KIND_STORE);

  /** Kinds tracked without a deadline of their own. */
  static final List<String> WITHOUT_DEADLINE = List.of(
      RequestDesk.HANDLE, RequestDesk.GREETING, RequestDesk.NOTIFY,
      "store.commit", "store.housekeeping", "store.backup");

  /** Named deadlines that are not a task kind: one LLM HTTP attempt, one image download. */
  static final List<String> OTHER_DEADLINES = List.of(LlmBrain.TIMEOUT_OP,
      MediaConfig.TIMEOUT_OP);

  /** A full node's cluster work (issue 17), all under named deadlines: only with a cluster. */
  static final List<String> CLUSTER_WITH_DEADLINE = List.of(
      BotOwnership.KIND_CLAIM, BotOwnership.KIND_RELEASE, FullNodes.KIND_ENTER,
      FullNodes.KIND_LIST, AdminScatter.KIND, AdminScatter.KIND_NODE, AdminScatter.KIND_SERVE);

  private KnownTasks() {}

  static void registerCluster(Guard guard) {
    guard.expectTasks(CLUSTER_WITH_DEADLINE);
    CLUSTER_WITH_DEADLINE.forEach(guard.timeouts()::declare);
  }

  static void register(Guard guard) {
    guard.expectTasks(Stream.concat(WITH_DEADLINE.stream(), WITHOUT_DEADLINE.stream()).toList());
    Stream.concat(WITH_DEADLINE.stream(), OTHER_DEADLINES.stream())
        .forEach(guard.timeouts()::declare);
  }
}
