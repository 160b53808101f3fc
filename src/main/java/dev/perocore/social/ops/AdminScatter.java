package dev.perocore.social.ops;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.OwnerContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The admin API across a cluster of full nodes (issue 17): each full node answers its own rows of
 * a view (sessions, tasks, requests) on its address {@code social.admin.node.<node id>}; the node
 * asked over HTTP sends to every full node the {@link Directory} knows, itself included, and waits
 * at most {@code cluster.admin_timeout} for each (the named deadline {@value #KIND_NODE}). A node
 * that does not answer is never left out silently: it is listed in {@code missing} with a reason.
 */
public final class AdminScatter extends GuardedVerticle {

  public static final String ADDRESS_PREFIX = "social.admin.node.";
  /** Task kinds: one node's answer (named deadline), the whole gathering, serving a peer. */
  public static final String KIND_NODE = "admin.scatter.node";
  public static final String KIND = "admin.scatter";
  public static final String KIND_SERVE = "admin.scatter.serve";
  /** Why a node is missing: a closed set. */
  public static final String TIMEOUT = "timeout";
  public static final String NOT_SERVING = "not_serving";
  public static final String FAILED = "failed";
  public static final String NO_DIRECTORY = "directory_unavailable";

  /** A full node: its cluster node id and its name ({@code cluster.node_name}). */
  public record Node(String id, String name) {}

  /** The longest a peer's question may run here. */
  private static final Duration MAX_SERVE = Duration.ofMinutes(5);

  /** The live full nodes of the cluster, this one included. */
  public interface Directory {
    Future<List<Node>> fullNodes();
  }

  /** One node's body, or why it has none. */
  public record Answer(Node node, JsonObject body, String missing) {}

  private final Node self;
  private final Directory directory;
  private final Duration deadline;
  private final Map<String, Function<JsonObject, Future<JsonObject>>> views =
      new ConcurrentHashMap<>();
  private Context context;
  private MessageConsumer<JsonObject> consumer;

  public AdminScatter(Guard guard, Duration drainTimeout, Node self, Directory directory,
      Duration deadline) {
    super(guard, drainTimeout);
    this.self = self;
    this.directory = directory;
    this.deadline = deadline;
  }

  @Override
  public String name() {
    return "admin-scatter";
  }

  /** This node's rows of {@code view}, for peers and for itself. Register before serving HTTP. */
  public void serve(String view, Function<JsonObject, Future<JsonObject>> local) {
    views.put(view, local);
  }

  @Override
  protected Future<?> begin() {
    context = vertx.getOrCreateContext();
    consumer = vertx.eventBus().consumer(ADDRESS_PREFIX + self.id(), this::answerPeer);
    return consumer.completion();
  }

  @Override
  protected Future<?> stopIntake() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /**
   * Every full node's answer to {@code view}, this node's first; answers on the caller's context
   * and never fails: a node without an answer carries its reason.
   */
  public Future<List<Answer>> gather(String view, JsonObject params) {
    Context owner = context;
    if (owner == null) {
      return Future.failedFuture(new IllegalStateException("admin scatter not started"));
    }
    // The directory read and the answers each get the deadline; the whole is bounded by both.
    Duration whole = deadline.multipliedBy(2).plusSeconds(1);
    return OwnerContext.call(owner, () -> tasks.run(KIND, view, whole, () -> directory.fullNodes()
        .recover(cause -> Future.succeededFuture(null))
        .compose(nodes -> ask(view, params, nodes))));
  }

  /**
   * {@code view} asked of the one full node named {@code nodeName} (this one included), under
   * {@code limit}: for an action that belongs to one node, like deciding a request it holds. Fails
   * with a 404 ReplyException when no live full node has that name.
   */
  public Future<JsonObject> askNode(String nodeName, String view, JsonObject params,
      Duration limit) {
    Context owner = context;
    if (owner == null) {
      return Future.failedFuture(new IllegalStateException("admin scatter not started"));
    }
    if (nodeName.equals(self.name())) {
      return OwnerContext.call(owner, () -> tasks.run(KIND_NODE, nodeName + " " + view, limit,
          () -> local(view, params)));
    }
    return OwnerContext.call(owner, () -> tasks.run(KIND_NODE, nodeName + " " + view,
        limit.plus(deadline), () -> directory.fullNodes().compose(nodes -> nodes.stream()
            .filter(n -> n.name().equals(nodeName)).findFirst()
            .map(node -> remote(node, view, params, limit))
            .orElseGet(() -> Future.failedFuture(new ReplyException(
                ReplyFailure.RECIPIENT_FAILURE, 404, "no live full node named " + nodeName))))));
  }

  /** This node's name (the {@code node} field of its rows). */
  public String nodeName() {
    return self.name();
  }

  private Future<List<Answer>> ask(String view, JsonObject params, List<Node> nodes) {
    List<Node> targets = new ArrayList<>();
    targets.add(self);
    if (nodes != null) {
      nodes.stream().filter(n -> !n.id().equals(self.id())).forEach(targets::add);
    }
    List<Future<Answer>> answers = new ArrayList<>();
    for (Node node : targets) {
      answers.add(tasks.run(KIND_NODE, node.name() + " " + view, deadline, () -> node == self
              ? local(view, params) : remote(node, view, params))
          .map(body -> new Answer(node, body, null))
          .recover(cause -> Future.succeededFuture(new Answer(node, null, reason(cause)))));
    }
    if (nodes == null) {
      // The directory could not be read: the other nodes are unknown, and the answer says so.
      answers.add(Future.succeededFuture(new Answer(new Node("", "?"), null, NO_DIRECTORY)));
    }
    return Future.all(answers).map(all -> answers.stream().map(Future::result).toList());
  }

  private Future<JsonObject> local(String view, JsonObject params) {
    Function<JsonObject, Future<JsonObject>> handler = views.get(view);
    return handler == null
        ? Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 404,
            "no view " + view))
        : handler.apply(params);
  }

  private Future<JsonObject> remote(Node node, String view, JsonObject params) {
    return remote(node, view, params, deadline);
  }

  private Future<JsonObject> remote(Node node, String view, JsonObject params, Duration limit) {
    // The bus's own timeout a little after the named one, so the named one fires and is counted.
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(limit.toMillis() + Math.max(10, limit.toMillis() / 10));
    return vertx.eventBus().<JsonObject>request(ADDRESS_PREFIX + node.id(),
        new JsonObject().put("v", 1).put("view", view).put("params", params)
            .put("limit_ms", limit.toMillis()), options)
        .map(Message::body);
  }

  private void answerPeer(Message<JsonObject> message) {
    JsonObject body = message.body();
    if (body == null || body.getInteger("v", 0) != 1) {
      message.fail(400, "admin scatter: version 1 expected");
      return;
    }
    String view = body.getString("view", "");
    JsonObject params = body.getJsonObject("params", new JsonObject());
    // The asker's limit (a decision waits for NapCat's answer), never above a few minutes.
    Duration limit = Duration.ofMillis(Math.min(MAX_SERVE.toMillis(),
        Math.max(deadline.toMillis(), body.getLong("limit_ms", deadline.toMillis()))));
    tasks.run(KIND_SERVE, view, limit, () -> local(view, params)).onComplete(result -> {
      if (result.succeeded()) {
        message.reply(result.result());
      } else {
        message.fail(500, String.valueOf(result.cause().getMessage()));
      }
    });
  }

  private static String reason(Throwable cause) {
    if (cause instanceof OperationTimeoutException) {
      return TIMEOUT;
    }
    if (cause instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case TIMEOUT -> TIMEOUT;
        case NO_HANDLERS -> NOT_SERVING;
        default -> FAILED;
      };
    }
    return FAILED;
  }

  /**
   * {@code ?scope=}: {@code cluster} (the default with a cluster: every full node) or {@code
   * local} (this node only). Throws IllegalArgumentException for anything else.
   */
  public static boolean wantsCluster(RoutingContext ctx) {
    String scope = ctx.request().getParam("scope");
    if (scope == null || scope.isEmpty() || scope.equals("cluster")) {
      return true;
    }
    if (scope.equals("local")) {
      return false;
    }
    throw new IllegalArgumentException("must be cluster or local");
  }
}
