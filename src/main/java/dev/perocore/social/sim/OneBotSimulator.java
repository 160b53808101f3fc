package dev.perocore.social.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A NapCat-shaped OneBot v11 implementation, for tests, the demo and the benchmark. It plays the
 * bot's side: connects to the gateway by reverse WebSocket (Universal, or split Event + API
 * connections) or serves forward WebSocket; sends a lifecycle event and heartbeats; sends private
 * and group messages from many users and groups in either message format, one by one or at a
 * chosen rate; answers actions as told ({@link ActionBehaviour}); and misbehaves on command:
 * garbage frames, duplicated messages, dropped events, a dropped connection.
 *
 * <p>This is the public face; the parts are {@link SimFrames} (what is sent), {@link EventSender}
 * (how an event leaves: history, faults), {@link SimLinks} and {@link SimHeartbeats} (the
 * connections), {@link TrafficGenerator} (traffic in bulk), {@link Faults} (misbehaviour per
 * event) and {@link ActionResponder} (answers to actions).
 *
 * <p>Everything is non-blocking and thread-safe; call it from tests' main thread or any context.
 */
public final class OneBotSimulator extends SimEvents {

  private final long selfId;
  private final ActionResponder responder;
  private final SimLinks links;
  private final Faults faults = new Faults();
  private final TrafficGenerator traffic;
  private final SimHistory history = new SimHistory();
  private final EventSender sender;

  public OneBotSimulator(Vertx vertx, long selfId) {
    super(new SimFrames(selfId), vertx);
    this.selfId = selfId;
    this.responder = new ActionResponder(vertx, selfId, history);
    this.links = new SimLinks(vertx, selfId, frames, heartbeats, responder);
    this.sender = new EventSender(links, faults, history);
    this.traffic = new TrafficGenerator(vertx, frames, links, this::send);
  }

  // ---- settings ---------------------------------------------------------------------------------

  public OneBotSimulator token(String token, TokenStyle style) {
    links.token(token, style);
    return this;
  }

  public OneBotSimulator format(MessageFormat format) {
    frames.format(format);
    return this;
  }

  /** Heartbeat period announced and kept; zero turns heartbeats off. */
  public OneBotSimulator heartbeat(Duration interval) {
    heartbeats.interval(interval);
    return this;
  }

  /**
   * The id the implementation answers for the next message the bot sends (then counting up).
   * NapCat's ids are hashes, effectively random: a run that must not reuse an earlier run's ids
   * (the demo, run again on the same database) starts them elsewhere.
   */
  public OneBotSimulator sentMessageIdsFrom(long first) {
    responder.sentMessageIdsFrom(first);
    return this;
  }

  /** How many distinct users and groups generated traffic comes from. */
  public OneBotSimulator population(int users, int groups) {
    traffic.population(users, groups);
    return this;
  }

  public OneBotSimulator answer(String action, ActionBehaviour behaviour) {
    responder.answer(action, behaviour);
    return this;
  }

  public OneBotSimulator answerAll(ActionBehaviour behaviour) {
    responder.answerAll(behaviour);
    return this;
  }

  /**
   * Which implementation this plays: what {@code get_version_info} answers as {@code app_name}
   * (default "NapCat.Onebot"), and whether the history actions exist (NapCat's semantics) or
   * answer retcode 1404 as an implementation without them does.
   */
  public OneBotSimulator implementation(String appName, boolean historyActions) {
    responder.implementation(appName, historyActions);
    return this;
  }

  public long selfId() {
    return selfId;
  }

  // ---- connecting -------------------------------------------------------------------------------

  /**
   * Connects one Universal reverse WebSocket to {@code ws://127.0.0.1:port/path} and sends the
   * lifecycle event (and heartbeats, if on) on it.
   */
  public Future<WebSocketBase> connectUniversal(int port, String path) {
    return connectAs(port, path, "Universal", true, true);
  }

  /**
   * Connects one reverse WebSocket with X-Client-Role {@code role} (null = no header), used for
   * events and/or actions as told.
   */
  public Future<WebSocketBase> connectAs(int port, String path, String role, boolean events,
      boolean api) {
    return links.connectAs(port, path, role, events, api);
  }

  /** Connects split roles: an Event connection and an API connection. */
  public Future<Void> connectSplit(int port, String eventPath, String apiPath) {
    return links.connectSplit(port, eventPath, apiPath);
  }

  /**
   * Opens one reverse WebSocket with the given X-Client-Role (null = header absent) and answers
   * on it; fails with the HTTP status if the upgrade is refused. Does not send lifecycle.
   */
  public Future<WebSocketBase> connect(int port, String path, String role) {
    return links.connect(port, path, role);
  }

  /** Serves forward WebSocket on 127.0.0.1:{@code port} (0 = any); completes with the port. */
  public Future<Integer> serveForward(int port) {
    return links.serveForward(port);
  }

  /** Stops the forward server (its connections close), as when NapCat restarts. */
  public Future<Void> stopForward() {
    return links.stopForward();
  }

  /** Closes every connection cleanly (1000) and stops timers. */
  public Future<Void> close() {
    traffic.stop();
    return links.close();
  }

  /** Drops every connection without a close handshake (the process died, the cable was cut). */
  public void dropConnections() {
    links.drop();
  }

  /**
   * Stops reading from every connection (the process hangs): pings go unanswered, actions
   * unread. The connections stay open at the TCP level.
   */
  public void freeze() {
    traffic.stop();
    links.freeze();
  }

  public boolean connected() {
    return links.connected();
  }

  // ---- events (the frames themselves: SimEvents) ---------------------------------------------------

  /**
   * Sends an event on the event connection(s), honouring {@link #duplicateNext} and {@link
   * #dropNext}. Completes when written. A message event is remembered in the bot's history first
   * (QQ keeps it); while no connection is open it is not sent at all and the future succeeds —
   * NapCat buffers nothing for an absent adapter ({@link #missedWhileDisconnected}).
   */
  public Future<Void> send(JsonObject event) {
    return sender.send(event);
  }

  /** Writes {@code text} as one text message on the first event connection, as is. */
  public Future<Void> sendRaw(String text) {
    return links.sendRaw(text);
  }

  /**
   * Writes {@code text} as one message split into frames of at most {@code frameChars} characters
   * (a first text frame, then continuation frames), as large messages travel.
   */
  public Future<Void> sendFragmented(String text, int frameChars) {
    return traffic.sendFragmented(text, frameChars);
  }

  /** Sends a frame that is not JSON at all. */
  public Future<Void> sendGarbage() {
    return sendRaw(SimFrames.garbage());
  }

  /** The next {@code n} message events are sent twice (as after a reconnect). */
  public OneBotSimulator duplicateNext(int n) {
    faults.duplicateNext(n);
    return this;
  }

  /** The next {@code n} events are silently not sent. */
  public OneBotSimulator dropNext(int n) {
    faults.dropNext(n);
    return this;
  }

  /** Sends random private and group messages at {@code perSecond}, until {@link #stopTraffic}. */
  public void startTraffic(double perSecond) {
    traffic.start(perSecond);
  }

  public void stopTraffic() {
    traffic.stop();
  }

  /** A random private or group message from the configured population. */
  public JsonObject randomMessage() {
    return traffic.randomMessage();
  }

  /**
   * Writes {@code count} frames made by {@code frames} as fast as the connection accepts them
   * (respecting its write queue, never blocking); completes when all are written.
   */
  public Future<Void> blast(int count, IntFunction<String> frames) {
    return traffic.blast(count, frames);
  }

  public long eventsSent() {
    return links.eventsSent();
  }

  /** Message events generated while no connection was open: lost unless history fetches them. */
  public long missedWhileDisconnected() {
    return sender.missed();
  }

  /** Message events in the bot's history (every one generated, connected or not). */
  public int historySize() {
    return history.size();
  }

  // ---- actions ----------------------------------------------------------------------------------

  /** Every action received so far, in order (the frames as sent by the gateway). */
  public List<JsonObject> actionsReceived() {
    return responder.received();
  }

  public List<JsonObject> actionsReceived(String action) {
    return responder.received(action);
  }

  /** When {@code action} (a frame from {@link #actionsReceived}) arrived, in System.nanoTime. */
  public long actionReceivedNanos(JsonObject action) {
    return responder.receivedNanos(action);
  }
}
