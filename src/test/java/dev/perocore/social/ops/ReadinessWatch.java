package dev.perocore.social.ops;

import dev.perocore.social.testing.JarProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polls {@code /health/ready} every 200 ms on its own thread and keeps the sequence of distinct
 * states seen (UP, DOWN with the start of its body), with the second each began.
 */
final class ReadinessWatch implements AutoCloseable {

  private final JarProcess service;
  private final long start = System.nanoTime();
  private final List<String> states = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private String last = "";

  ReadinessWatch(JarProcess service) {
    this.service = service;
    this.thread = new Thread(this::poll, "readiness-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    while (running) {
      String state = shorten(FaultRun.readiness(service));
      String kind = state;
      synchronized (states) {
        if (!kind.equals(last)) {
          last = kind;
          states.add(String.format("%.1fs %s", (System.nanoTime() - start) / 1e9, state));
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** DOWN with the detail of the first check that is down, cut at its first "since"/":". */
  private static String shorten(String state) {
    Matcher m = DOWN_DETAIL.matcher(state);
    return m.find() ? "DOWN " + m.group(1) + ": " + m.group(2).replaceAll(" since .*", "") : state;
  }

  private static final Pattern DOWN_DETAIL = Pattern.compile(
      "\"(\\w+)\":\\{\"status\":\"DOWN\"[^}]*?\"detail\":\"([^\"]*)");

  /** The states seen so far, in order ("12.3s DOWN {...}"). */
  List<String> states() {
    synchronized (states) {
      return List.copyOf(states);
    }
  }

  /** "UP -> DOWN -> UP" */
  String summary() {
    List<String> kinds = new ArrayList<>();
    for (String s : states()) {
      String word = s.split(" ")[1];
      kinds.add(word.equals("no") ? "no answer" : word);
    }
    return String.join(" -> ", kinds);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(2000);
  }
}
