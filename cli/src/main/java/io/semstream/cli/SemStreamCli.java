package io.semstream.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code semstream} command. */
@Command(name = "semstream", mixinStandardHelpOptions = true, version = "SemStream 0.1.0",
    description = "Neural joint source-channel coding of video over simulated radio links, on Kafka Streams.",
    subcommands = {DemoCommand.class, RunCommand.class, IngestCommand.class, ReplayCommand.class,
        ExportCommand.class, CodecsCommand.class, BrokerCommand.class, TrainCommand.class,
        EvalCommand.class, BenchCommand.class, ViewCommand.class, SoakCommand.class, FaultsCommand.class, ResultsCommand.class, CommandLine.HelpCommand.class})
public final class SemStreamCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (tests drive it directly). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SemStreamCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((ex, line, parseResult) -> {
      // A failure a user can act on is one line, not a stack trace.
      PrintWriter err = line.getErr();
      err.println("semstream " + line.getCommandName() + ": " + describe(ex));
      if (Boolean.getBoolean("semstream.debug")) {
        ex.printStackTrace(err);
      }
      return 1;
    });
    return cli;
  }

  static String describe(Throwable ex) {
    String msg = ex.getMessage();
    if (msg == null || msg.isBlank()) {
      msg = ex.getClass().getSimpleName();
    }
    Throwable cause = ex.getCause();
    if (cause != null && cause.getMessage() != null && !msg.contains(cause.getMessage())) {
      msg += " (" + cause.getMessage() + ")";
    }
    return msg;
  }
}
