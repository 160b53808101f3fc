package dev.perocore.social.guard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Closeable;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.impl.JDBCPoolImpl;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The one door, outside {@code guard}'s own watchers, to Vert.x's internal API ({@code
 * io.vertx.core.internal}, which may change in any Vert.x release): each method here does what
 * Vert.x 5.0 offers no public API for. Code outside {@code guard} calls these instead of casting to
 * {@code ContextInternal} or {@code VertxInternal}, so an upgrade that breaks one breaks it here.
 */
public final class VertxInternals {

  private VertxInternals() {}

  /**
   * The heap array that holds exactly {@code buffer}'s bytes and nothing else (as Vert.x's copy of
   * a received WebSocket frame does), or null when there is none. Read without a view object
   * (the public getByteBuf() makes a slice per call). The array is the buffer's own: never write it.
   */
  public static byte[] wholeArray(Buffer buffer) {
    if (!(buffer instanceof BufferImpl impl)) {
      return null;
    }
    ByteBuf bytes = impl.byteBuf();
    if (!bytes.hasArray() || bytes.arrayOffset() != 0 || bytes.readerIndex() != 0) {
      return null;
    }
    byte[] array = bytes.array();
    return bytes.writerIndex() == array.length && buffer.length() == array.length ? array : null;
  }

  /**
   * A promise whose callbacks run on the caller's context — the current one, or for a plain
   * thread the context Vert.x makes for it — whichever thread completes it. Public {@code
   * Promise.promise()} runs them on the completing thread instead.
   */
  public static <T> Promise<T> callerPromise(Vertx vertx) {
    return ((ContextInternal) vertx.getOrCreateContext()).promise();
  }

  /**
   * The context {@code promise}'s callbacks run on (from {@link #callerPromise}), or null for a
   * plain promise; public {@code Promise} does not say. Lets one task complete a batch of
   * promises of the same context instead of a task per promise.
   */
  public static Context contextOf(Promise<?> promise) {
    return promise instanceof PromiseInternal<?> internal ? internal.context() : null;
  }

  /** The Netty event loop {@code context} runs on; public {@code Context} does not say. */
  public static EventLoop eventLoopOf(Context context) {
    return ((ContextInternal) context).nettyEventLoop();
  }

  /** Every event loop of {@code vertx}, in Vert.x's order; there is no public list of them. */
  public static List<EventLoop> eventLoops(Vertx vertx) {
    List<EventLoop> loops = new ArrayList<>();
    for (EventExecutor executor : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      loops.add((EventLoop) executor);
    }
    return loops;
  }

  /**
   * Tasks waiting on {@code loop} now (timers not due yet excluded), or -1 if the loop does not
   * say: how far behind it is, which its lag probe only shows once the backlog is worked off.
   */
  public static int pendingTasks(EventLoop loop) {
    return loop instanceof io.netty.util.concurrent.SingleThreadEventExecutor single
        ? single.pendingTasks() : -1;
  }

  /**
   * A new event-loop context on {@code loop}; public {@code getOrCreateContext} lets Vert.x pick
   * the loop.
   */
  public static Context contextOn(Vertx vertx, EventLoop loop) {
    return ((VertxInternal) vertx).contextBuilder()
        .withThreadingModel(ThreadingModel.EVENT_LOOP)
        .withEventLoop(loop)
        .build();
  }

  /**
   * A JDBC pool over {@code dataSource} whose client metrics carry {@code metricsName} (the
   * {@code client_namespace} label). The public {@code JDBCPool.pool(vertx, dataSource, options)}
   * leaves the name empty, so two pools share one gauge: Micrometer warns at start-up
   * ({@code vertx.sql.processing.pending} already registered) and keeps only the first pool's.
   */
  public static Pool jdbcPool(Vertx vertx, javax.sql.DataSource dataSource, PoolOptions options,
      String metricsName) {
    return JDBCPoolImpl.newPool(vertx, new JDBCConnectOptions().setMetricsName(metricsName),
        options, dataSource::getConnection);
  }

  /**
   * Runs {@code hook} when {@code vertx.close()} begins, before Vert.x undeploys any verticle (a
   * verticle's own {@code stop} comes after its children's, too late for an ordered shutdown).
   */
  public static void addCloseHook(Vertx vertx, Closeable hook) {
    ((VertxInternal) vertx).addCloseHook(hook);
  }

  /**
   * Closes {@code ws}'s TCP connection without a WebSocket close frame, as a crashed peer or a cut
   * cable would; public {@code close} always sends the frame first. False when {@code ws} is not
   * Vert.x's own implementation and so could not be dropped.
   */
  public static boolean dropTcp(WebSocketBase ws) {
    if (ws instanceof WebSocketInternal internal) {
      internal.channelHandlerContext().channel().close();
      return true;
    }
    return false;
  }
}
