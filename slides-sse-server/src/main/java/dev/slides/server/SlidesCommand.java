package dev.slides.server;

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
public final class SlidesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    String logFormat = System.getProperty("SLIDES_LOG_FORMAT", System.getenv("SLIDES_LOG_FORMAT"));
    if (!Logging.useFormat(logFormat)) {
      System.err.println("SLIDES_LOG_FORMAT must be text or json, not \"" + logFormat + "\"");
      System.exit(2);
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests and embedding. */
  public static CommandLine commandLine() {
    return new CommandLine(new SlidesCommand())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SlidesCommand.class.getPackage().getImplementationVersion();
      return new String[] {"slides " + (v == null ? "development build" : v)};
    }
  }
}
