package dev.slides.bench;

import java.io.PrintWriter;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The runners' command lines, parsed by picocli as the {@code slides} command line is: a wrong
 * argument prints what is wrong, picocli's suggestions for a typo, and where to read more, then
 * exits with 2; {@code --help} prints the usage and exits with 0.
 */
public final class BenchCommandLine {
  private BenchCommandLine() {}

  /** {@code command} (a picocli {@code @Command}) with the runners' conversions and errors. */
  public static CommandLine of(Object command) {
    CommandLine cli = new CommandLine(command)
        .setParameterExceptionHandler(BenchCommandLine::wrongArguments)
        // The last of an option given twice counts, as the runners' own parsing had it.
        .setOverwrittenOptionsAllowed(true);
    // picocli's own say "'3x' is not an int".
    cli.registerConverter(Integer.class, BenchCommandLine::wholeNumber);
    cli.registerConverter(Integer.TYPE, BenchCommandLine::wholeNumber);
    return cli;
  }

  /**
   * A wrong argument found after parsing (a range, a file that is missing), to be thrown from
   * the command before any slow work: said like picocli's own, with the same exit code.
   */
  public static CommandLine.ParameterException wrong(CommandLine.Model.CommandSpec spec,
      String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");

  /** A whole number as people write it, or a refusal in words. */
  static int wholeNumber(String text) {
    String t = text.strip();
    if (WHOLE.matcher(t).matches()) {
      try {
        return Integer.parseInt(t.startsWith("+") ? t.substring(1) : t);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + text + "' is too large a number");
      }
    }
    throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number");
  }

  /**
   * What is wrong, picocli's suggestions ("Possible solutions: --details"), and where to read
   * more; not the whole usage, which hides the one line that matters.
   */
  private static int wrongArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("See '" + cli.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return cli.getCommandSpec().exitCodeOnInvalidInput();
  }
}
