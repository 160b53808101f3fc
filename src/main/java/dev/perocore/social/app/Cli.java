package dev.perocore.social.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line: {@code [run|demo|bench [what]|brain] [--config FILE]}; {@code brain} runs a
 * brain node of a cluster (issue 17).
 *
 * @param command what to do: run (the default), demo, bench or version
 * @param arguments the words after the command, e.g. the benchmark's name
 * @param configFile the overlay given with {@code --config}
 */
public record Cli(String command, List<String> arguments, Optional<Path> configFile) {

  public static final String USAGE =
      "usage: java -jar social-adapter.jar [run|demo [--for 30s]|bench [service|store|gateway|burst]"
          + "|brain|version]"
          + " [--config FILE]";

  /** Parses {@code args}; throws {@link IllegalArgumentException} with a one-line reason. */
  public static Cli parse(String[] args) {
    String command = null;
    List<String> rest = new ArrayList<>();
    Path config = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config") || arg.equals("-c")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--config needs a file name");
        }
        config = Path.of(args[++i]);
      } else if (arg.startsWith("--config=")) {
        config = Path.of(arg.substring("--config=".length()));
      } else if (arg.equals("--for") && i + 1 < args.length) {
        rest.add(arg); // demo --for DURATION: read by the demo
        rest.add(args[++i]);
      } else if (arg.equals("--help") || arg.equals("-h")) {
        command = "help";
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("unknown option " + arg);
      } else if (command == null) {
        command = arg;
      } else {
        rest.add(arg);
      }
    }
    command = command == null ? "run" : command;
    if (!List.of("run", "demo", "bench", "brain", "help", "version").contains(command)) {
      throw new IllegalArgumentException("unknown command " + command);
    }
    return new Cli(command, List.copyOf(rest), Optional.ofNullable(config));
  }
}
