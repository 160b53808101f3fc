package dev.perocore.social.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's side of {@link BenchClients}: the client process started from this very jar,
 * driven line by line from the benchmark's main thread (never an event loop).
 */
final class ClientProcess implements AutoCloseable {

  private final Process process;
  private final BufferedReader out;
  private final Writer in;

  private ClientProcess(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /**
   * Starts the client process for {@code bots} bots (not connected yet), at {@code nice} (0: the
   * service's own priority; above 0 through {@code nice(1)}, so it yields a shared core to the
   * service, as a NapCat with CPU of its own would).
   */
  static ClientProcess start(int bots, long firstBot, int nice) throws Exception {
    Path jar = Path.of(BenchClients.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    if (nice > 0) {
      command.addAll(List.of("nice", "-n", String.valueOf(nice)));
    }
    command.addAll(List.of(java.toString(), "-cp", jar.toString(),
        BenchClients.class.getName(), String.valueOf(bots), String.valueOf(firstBot)));
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    return new ClientProcess(process);
  }

  /** Connects the bots to the service on {@code port}; returns once their connections are open. */
  void connect(int port) throws IOException {
    command("connect " + port, "connected");
  }

  /**
   * Builds the next blast's {@code messages} frames, numbered from {@code offset}, with
   * NapCat-shaped message ids or ({@code counterIds}) counted ones (before the clock starts).
   */
  void prepare(int messages, int offset, boolean counterIds) throws IOException {
    command("prepare " + messages + " " + offset + (counterIds ? " counter" : " napcat"),
        "prepared");
  }

  /**
   * Writes the prepared frames, as fast as the sockets take them or ({@code rate} > 0) at that
   * many messages a second in all; returns the CPU the client process spent on it.
   */
  long blast(int rate) throws IOException {
    return Long.parseLong(command("blast " + rate, "sent ").substring("sent ".length()).trim());
  }

  /** Closes the bots' connections (the process stays for the next run). */
  void disconnect() throws IOException {
    command("disconnect", "disconnected");
  }

  private String command(String line, String answer) throws IOException {
    in.write(line + "\n");
    in.flush();
    return expect(answer);
  }

  private String expect(String prefix) throws IOException {
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IOException("bench clients ended before saying \"" + prefix.trim() + "\" (exit "
        + (process.isAlive() ? "?" : process.exitValue()) + ")");
  }

  @Override
  public void close() throws Exception {
    in.close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroy();
    }
  }
}
