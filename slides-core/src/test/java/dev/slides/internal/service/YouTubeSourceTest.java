package dev.slides.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Running yt-dlp: what it prints is read while it runs, and read with care. */
class YouTubeSourceTest {
  @TempDir Path dir;

  /** A stand-in for yt-dlp: a shell script with {@code body}. */
  private YouTubeSource ytDlp(String body) throws IOException {
    Path script = dir.resolve("yt-dlp");
    Files.writeString(script, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return YouTubeSource.ytDlp(script, Duration.ofSeconds(20));
  }

  /**
   * Both streams were read only after yt-dlp had exited: one that printed more than a pipe holds
   * (64 KB on Linux) blocked on the full pipe, and the job sat in "Resolving video" until the
   * timeout (2 minutes in the server), then failed with "yt-dlp did not answer".
   */
  @Test
  @Timeout(60)
  void muchOutputOnEitherStreamDoesNotBlockYtDlp() throws Exception {
    YouTubeSource source = ytDlp("head -c 262144 /dev/zero | tr '\\0' w >&2\n"
        + "head -c 262144 /dev/zero | tr '\\0' '\\n'\n"
        + "echo https://cdn.example.com/v.mp4\n");
    assertEquals(URI.create("https://cdn.example.com/v.mp4"), source.resolve("abcdefghijk"));
  }

  /** A line that is no URL: plain words, not the JDK's "Illegal character in authority". */
  @Test
  @Timeout(60)
  void aLineThatIsNoUrlIsRefusedInPlainWords() throws Exception {
    YouTubeSource source = ytDlp("echo 'http://exa mple.com/v.mp4'\n");
    IOException refused = assertThrows(IOException.class, () -> source.resolve("abcdefghijk"));
    assertEquals("yt-dlp printed something that is not a URL for abcdefghijk:"
        + " \"http://exa mple.com/v.mp4\"", refused.getMessage());
  }
}
