package dev.perocore.social.guard;

import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Runs, on the calling (non event-loop) thread, the one-time class initialisations whose first use
 * blocks: the JDK reads {@code net.properties} from disk when its socket classes initialise, and
 * Netty's buffer allocator takes over 200 ms to build on a cold JVM. Left to the first {@code
 * listen()} they run on an event loop, so every start would trip the blocked-loop alert.
 */
public final class ClassWarmup {

  private ClassWarmup() {}

  public static void run() {
    ByteBufAllocator.DEFAULT.buffer(64).release();
    try (ServerSocketChannel server = ServerSocketChannel.open();
        SocketChannel client = SocketChannel.open()) {
      server.socket().getReuseAddress();
      client.socket().getTcpNoDelay();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a socket to warm up the JDK's network classes", e);
    }
  }
}
