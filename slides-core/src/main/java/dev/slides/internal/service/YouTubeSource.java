package dev.slides.internal.service;

import dev.slides.service.VideoSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves YouTube ids to a downloadable file: with an external {@code yt-dlp}, or with a URL
 * template ({@code http://host/videos/{id}.mp4}) for mirrors and tests.
 *
 * <p>yt-dlp is asked for an H.264 video-only rendition up to 1080p (the bundled FFmpeg decodes
 * H.264 fast; it has no fast AV1 decoder), falling back to the best rendition up to 1080p.
 */
public final class YouTubeSource implements VideoSource {
  private static final Logger log = LoggerFactory.getLogger(YouTubeSource.class);
  static final String FORMAT =
      "bv*[vcodec^=avc1][height<=1080]/bv*[height<=1080]/b[height<=1080]/b";

  private final String template;
  private final Path ytDlp;
  private final Duration timeout;

  private YouTubeSource(String template, Path ytDlp, Duration timeout) {
    this.template = template;
    this.ytDlp = ytDlp;
    this.timeout = timeout;
  }

  /** Resolves through the {@code yt-dlp} executable at {@code ytDlp} (a path or a name on PATH). */
  public static YouTubeSource ytDlp(Path ytDlp, Duration timeout) {
    return new YouTubeSource(null, Objects.requireNonNull(ytDlp, "ytDlp"), timeout);
  }

  /** Resolves by putting the id into {@code template} in place of {@code {id}}. */
  public static YouTubeSource template(String template) {
    if (!template.contains("{id}")) {
      throw new IllegalArgumentException("URL template needs an {id} placeholder: " + template);
    }
    URI.create(template.replace("{id}", "x"));
    return new YouTubeSource(template, null, Duration.ZERO);
  }

  @Override
  public URI resolve(String videoId) throws IOException {
    if (template != null) {
      return URI.create(template.replace("{id}", videoId));
    }
    return runYtDlp(videoId);
  }

  /** A template is the operator's configuration; what yt-dlp prints is not. */
  @Override
  public boolean trusted() {
    return template != null;
  }

  private URI runYtDlp(String videoId) throws IOException {
    List<String> command = List.of(ytDlp.toString(), "--no-playlist", "--no-warnings",
        "-f", FORMAT, "-g", "https://www.youtube.com/watch?v=" + videoId);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new IOException("yt-dlp is not available at \"" + ytDlp
          + "\" (install it, or set SLIDES_YTDLP_PATH): " + e.getMessage(), e);
    }
    try {
      process.getOutputStream().close();
      // yt-dlp prints little; read both streams after exit (bounded by the timeout).
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("yt-dlp did not answer within " + timeout.toSeconds() + " s");
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        String reason = lastLine(err);
        throw new IOException("yt-dlp could not resolve " + videoId + " (exit "
            + process.exitValue() + ")" + (reason.isEmpty() ? "" : ": " + reason));
      }
      String url = out.lines().map(String::strip).filter(l -> l.startsWith("http"))
          .findFirst()
          .orElseThrow(() -> new IOException("yt-dlp printed no URL for " + videoId));
      log.debug("yt-dlp resolved {}", videoId);
      return URI.create(url);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while resolving " + videoId);
    }
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    return last.length() > 300 ? last.substring(0, 300) : last;
  }

  /** True when {@code path} names an executable file (a bare name is looked up on PATH). */
  public static boolean isExecutable(Path path) {
    if (path.getNameCount() == 1 && !path.isAbsolute()) {
      String pathEnv = System.getenv("PATH");
      if (pathEnv != null) {
        for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
          if (Files.isExecutable(Path.of(dir).resolve(path))) {
            return true;
          }
        }
      }
      return false;
    }
    return Files.isExecutable(path);
  }
}
