package dev.slides.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * A runner's command line executed as its {@code main} does, standard output and error kept: for
 * {@code --help} and the wrong arguments that stop a run before any work.
 */
public record Execution(int exitCode, String out, String err) {
  public static Execution of(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Execution(code, out.toString(), err.toString());
  }

  /** What the runner said for a wrong argument: its first line, the error itself. */
  public String error() {
    return err.lines().findFirst().orElse("");
  }
}
