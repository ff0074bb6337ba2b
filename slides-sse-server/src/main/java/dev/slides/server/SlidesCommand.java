package dev.slides.server;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code slides} command line: {@code slides extract VIDEO}, {@code slides export MANIFEST},
 * {@code slides serve}.
 */
@Command(
    name = "slides",
    mixinStandardHelpOptions = true,
    versionProvider = SlidesCommand.Version.class,
    description = "Turns lecture and talk videos into slides.",
    subcommands = {ExtractCommand.class, ExportCommand.class, ServeCommand.class,
        CommandLine.HelpCommand.class})
public final class SlidesCommand implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Made by {@link #commandLine()} only: a bare instance lacks the error handling it adds. */
  private SlidesCommand() {}

  /**
   * Runs the command line and exits the JVM with its exit code (2 for a wrong
   * {@code SLIDES_LOG_FORMAT} or {@code SLIDES_LOG_LEVEL}).
   */
  public static void main(String[] args) {
    String logFormat = System.getProperty("SLIDES_LOG_FORMAT", System.getenv("SLIDES_LOG_FORMAT"));
    if (!Logging.useFormat(logFormat)) {
      System.err.println("SLIDES_LOG_FORMAT must be text or json, not \"" + logFormat + "\"");
      System.exit(2);
    }
    // logback.xml reads it, and takes any word it does not know for DEBUG without a word.
    String logLevel = System.getProperty("SLIDES_LOG_LEVEL", System.getenv("SLIDES_LOG_LEVEL"));
    if (logLevel != null && !logLevel.isBlank() && !logLevel.strip().toUpperCase(
        Locale.ROOT).matches("ALL|TRACE|DEBUG|INFO|WARN|ERROR|OFF")) {
      System.err.println("SLIDES_LOG_LEVEL must be TRACE, DEBUG, INFO, WARN, ERROR or OFF, not \""
          + logLevel + "\"");
      System.exit(2);
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests and embedding. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SlidesCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(SlidesCommand::wrongArguments);
    // picocli's own say "'3x' is not a double" and take "1d", "0x1p3" and NaN for numbers.
    cli.registerConverter(Integer.class, text -> (int) wholeNumber(text, Integer.MIN_VALUE,
        Integer.MAX_VALUE));
    cli.registerConverter(Integer.TYPE, text -> (int) wholeNumber(text, Integer.MIN_VALUE,
        Integer.MAX_VALUE));
    cli.registerConverter(Long.class, text -> wholeNumber(text, Long.MIN_VALUE, Long.MAX_VALUE));
    cli.registerConverter(Long.TYPE, text -> wholeNumber(text, Long.MIN_VALUE, Long.MAX_VALUE));
    cli.registerConverter(Double.class, SlidesCommand::decimalNumber);
    cli.registerConverter(Double.TYPE, SlidesCommand::decimalNumber);
    return cli;
  }

  private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  /** A whole number as people write it, or a refusal in words. */
  static long wholeNumber(String text, long min, long max) {
    String t = text.strip();
    if (!WHOLE.matcher(t).matches()) {
      throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number");
    }
    try {
      long value = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // more digits than a long holds: too large, as below
    }
    throw new CommandLine.TypeConversionException("'" + text + "' is too large a number");
  }

  /** A decimal number as people write it (2, 0.5, .5, 1e3), or a refusal in words. */
  static double decimalNumber(String text) {
    String t = text.strip();
    if (!DECIMAL.matcher(t).matches()) {
      throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
    }
    return Double.parseDouble(t);
  }

  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");

  /**
   * A wrong argument: what is wrong, where the value came from when it was an environment
   * variable (a service's settings usually are), and where to read more; not the whole usage,
   * which for {@code serve} is longer than a screen and hides the one line that matters.
   */
  private static int wrongArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    java.io.PrintWriter err = cli.getErr();
    String message = e.getMessage();
    // The option's annotation still has the default as written: ${env:NAME:-value}.
    if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec option
        && option.userObject() instanceof java.lang.reflect.Field field
        && field.getAnnotation(CommandLine.Option.class) != null) {
      Matcher env = ENV_DEFAULT.matcher(field.getAnnotation(CommandLine.Option.class)
          .defaultValue());
      boolean given = java.util.Arrays.stream(args).anyMatch(a -> java.util.Arrays.stream(
          option.names()).anyMatch(n -> a.equals(n) || a.startsWith(n + "=")));
      if (env.find() && !given && System.getenv(env.group(1)) != null) {
        message += " (from the environment variable " + env.group(1) + ")";
      }
    }
    err.println(message);
    // "Did you mean: slides extract?", "Possible solutions: --samples-per-second": the default
    // handler this one replaces printed them, and a typo is the commonest wrong argument.
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (looksLikeAFile(arg, cli.getCommandSpec())) {
        err.println(arg + " is read as an option because it starts with '-': if it is a file,"
            + " write ./" + arg + " or put -- before it.");
      }
    }
    err.println("See '" + cli.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return cli.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * An argument picocli took for an unknown option that is a file, or named like a video:
   * {@code -intro.mp4} otherwise only gets "Missing required parameter: 'VIDEO'".
   */
  private static boolean looksLikeAFile(String arg, CommandLine.Model.CommandSpec command) {
    if (!arg.startsWith("-") || arg.length() < 2
        || command.findOption(arg.split("=", 2)[0]) != null) {
      return false;
    }
    try {
      Path path = Path.of(arg);
      return Files.exists(path) || VideoInput.hasVideoExtension(path)
          || arg.toLowerCase(Locale.ROOT).endsWith(".json");
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * {@code slides} without a command: a wrong argument (exit 2, usage on standard error), so that
   * a script calling {@code slides $COMMAND} with an empty variable does not pass for a success.
   */
  @Override
  public Integer call() {
    CommandLine cli = spec.commandLine();
    cli.getErr().println("Missing a command: extract, export or serve.");
    cli.usage(cli.getErr());
    cli.getErr().flush();
    return spec.exitCodeOnInvalidInput();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SlidesCommand.class.getPackage().getImplementationVersion();
      return new String[] {"slides " + (v == null ? "development build" : v)};
    }
  }
}
