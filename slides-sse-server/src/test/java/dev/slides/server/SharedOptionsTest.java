package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * An option both {@code slides extract} and {@code slides serve} take means one thing: the same
 * help text, the same default and the same environment variable behind it in both.
 */
class SharedOptionsTest {
  @Test
  void anOptionBothCommandsTakeReadsTheSameInBoth() {
    CommandLine cli = SlidesCommand.commandLine();
    CommandSpec extract = cli.getSubcommands().get("extract").getCommandSpec();
    CommandSpec serve = cli.getSubcommands().get("serve").getCommandSpec();
    List<String> shared = new ArrayList<>();
    for (OptionSpec option : extract.options()) {
      OptionSpec other = serve.findOption(option.longestName());
      if (other == null || option.usageHelp() || option.versionHelp()) {
        continue;
      }
      shared.add(option.longestName());
      assertArrayEquals(option.description(), other.description(), option.longestName());
      assertEquals(option.defaultValue(), other.defaultValue(), option.longestName());
      assertEquals(option.paramLabel(), other.paramLabel(), option.longestName());
    }
    // The image, decoding and download options; the list guards against a name drifting apart.
    assertTrue(shared.containsAll(List.of("--quality", "--max-width", "--full-decode", "--yt-dlp",
        "--youtube-analysis", "--max-download-mb", "--download-stall-seconds",
        "--download-timeout-seconds")), shared.toString());
  }
}
