package dev.perocore.social.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

  /** Starts the clients and returns once their {@code bots} connections are open. */
  static ClientProcess start(int port, int bots, long firstBot) throws Exception {
    Path jar = Path.of(BenchClients.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(List.of(java.toString(), "-cp", jar.toString(),
        BenchClients.class.getName(), String.valueOf(port), String.valueOf(bots),
        String.valueOf(firstBot)))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    ClientProcess clients = new ClientProcess(process);
    clients.expect("connected");
    return clients;
  }

  /** Sends {@code messages} burst messages; returns the CPU the client process spent on it. */
  long blast(int messages) throws IOException {
    in.write("blast " + messages + " 0\n");
    in.flush();
    return Long.parseLong(expect("sent ").substring("sent ".length()).trim());
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
