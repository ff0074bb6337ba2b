package dev.slides.internal.service;

import dev.slides.service.VideoSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
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
 * template ({@code http://host/videos/{id}.mp4}) for mirrors and tests. With yt-dlp it also
 * offers two renditions ({@link #renditions}): a small one to analyse and a large one for the
 * slide images.
 *
 * <p>yt-dlp is asked for an H.264 video-only rendition up to 1080p (the bundled FFmpeg decodes
 * H.264 fast; it has no fast AV1 decoder), falling back to the best rendition up to 1080p.
 */
public final class YouTubeSource implements VideoSource {
  private static final Logger log = LoggerFactory.getLogger(YouTubeSource.class);
  static final String FORMAT =
      "bv*[vcodec^=avc1][height<=1080]/bv*[height<=1080]/b[height<=1080]/b";

  /**
   * Two renditions at once (yt-dlp prints one URL per format, in this order): the small one to
   * analyse, a video of known size up to 360p (H.264 preferred), falling back to the large
   * format when there is none; then the large one, as {@link #FORMAT}.
   */
  static final String TWO_FORMATS = "bv*[vcodec^=avc1][height<=360][width>0]"
      + "/bv*[height<=360][width>0]/" + FORMAT + "," + FORMAT;

  private final String template;
  private final Path ytDlp;
  private final Duration timeout;
  /** Whether {@link #renditions} offers a small rendition to analyse. */
  private final boolean smallRendition;

  private YouTubeSource(String template, Path ytDlp, Duration timeout, boolean smallRendition) {
    this.template = template;
    this.ytDlp = ytDlp;
    this.timeout = timeout;
    this.smallRendition = smallRendition;
  }

  /** Resolves through the {@code yt-dlp} executable at {@code ytDlp} (a path or a name on PATH). */
  public static YouTubeSource ytDlp(Path ytDlp, Duration timeout) {
    return new YouTubeSource(null, Objects.requireNonNull(ytDlp, "ytDlp"), timeout, true);
  }

  /**
   * This source analysing the large rendition itself, as a single file: slower (a 1080p video
   * is downloaded and decoded), and the most accurate; a small rendition's encoding can split a
   * build whose step ends on a keyframe (docs/BENCHMARKS.md, "Two renditions").
   */
  public YouTubeSource analysingLargeRendition() {
    return new YouTubeSource(template, ytDlp, timeout, false);
  }

  /** Resolves by putting the id into {@code template} in place of {@code {id}}. */
  public static YouTubeSource template(String template) {
    if (!template.contains("{id}")) {
      throw new IllegalArgumentException("URL template needs an {id} placeholder: " + template);
    }
    URI.create(template.replace("{id}", "x"));
    return new YouTubeSource(template, null, Duration.ZERO, false);
  }

  @Override
  public URI resolve(String videoId) throws IOException {
    if (template != null) {
      return URI.create(template.replace("{id}", videoId));
    }
    return runYtDlp(videoId, FORMAT).get(0);
  }

  /**
   * With yt-dlp: a rendition up to 360p to download and analyse, and one up to 1080p to take
   * the slide images from, when the video has both; else the one rendition {@link #resolve}
   * gives. With a template, or {@link #analysingLargeRendition()}: the one file.
   */
  @Override
  public Renditions renditions(String videoId) throws IOException {
    if (template != null || !smallRendition) {
      return new Renditions(resolve(videoId), null);
    }
    List<URI> urls = runYtDlp(videoId, TWO_FORMATS);
    if (urls.size() >= 2 && !urls.get(0).equals(urls.get(1))) {
      return new Renditions(urls.get(0), urls.get(1));
    }
    // One format only (or the same twice): analysed and imaged from the one file.
    return new Renditions(urls.get(urls.size() - 1), null);
  }

  /** A template is the operator's configuration; what yt-dlp prints is not. */
  @Override
  public boolean trusted() {
    return template != null;
  }

  /** The URLs yt-dlp prints for {@code format}, in its order; at least one. */
  private List<URI> runYtDlp(String videoId, String format) throws IOException {
    List<String> command = List.of(ytDlp.toString(), "--no-playlist", "--no-warnings",
        "-f", format, "-g", "https://www.youtube.com/watch?v=" + videoId);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(false).start();
    } catch (IOException e) {
      // The JDK says 'Cannot run program "x": error=2, No such file or directory'.
      String why = String.valueOf(e.getMessage());
      String reason = why.contains("error=2,") ? "there is no such program"
          : why.contains("error=13,") ? "it is not executable" : "it cannot be started";
      throw new IOException("yt-dlp is not available at \"" + ytDlp + "\": " + reason
          + " (install it, or name its path: SLIDES_YTDLP_PATH or --yt-dlp for the server,"
          + " VideoSource.ytDlp(path) in the library)", e);
    }
    try {
      process.getOutputStream().close();
      // Read while it runs: read after exit, more than a pipe holds would block it for good.
      Drain stdout = Drain.start(process.getInputStream(), "yt-dlp-out");
      Drain stderr = Drain.start(process.getErrorStream(), "yt-dlp-err");
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("yt-dlp did not answer within " + timeout.toSeconds() + " s");
      }
      String out = stdout.text();
      String err = stderr.text();
      if (process.exitValue() != 0) {
        String reason = lastLine(err);
        throw new IOException("yt-dlp could not resolve " + videoId + " (exit "
            + process.exitValue() + ")" + (reason.isEmpty() ? "" : ": " + reason));
      }
      List<URI> urls = new java.util.ArrayList<>();
      for (String line : out.lines().map(String::strip).filter(l -> l.startsWith("http"))
          .toList()) {
        try {
          urls.add(new URI(line));
        } catch (URISyntaxException e) {
          String shown = line.length() > 300 ? line.substring(0, 300) + "..." : line;
          throw new IOException("yt-dlp printed something that is not a URL for " + videoId
              + ": \"" + shown + "\"", e);
        }
      }
      if (urls.isEmpty()) {
        throw new IOException("yt-dlp printed no URL for " + videoId);
      }
      log.debug("yt-dlp resolved {} ({} URLs)", videoId, urls.size());
      return urls;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while resolving " + videoId);
    }
  }

  /**
   * Reads one of yt-dlp's streams to its end on a thread of its own, keeping the first
   * {@link #KEPT} bytes (the URLs, or the error, come first or are short).
   */
  private static final class Drain implements Runnable {
    private static final int KEPT = 1 << 20;
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private Thread thread;

    private Drain(InputStream in) {
      this.in = in;
    }

    static Drain start(InputStream in, String name) {
      Drain drain = new Drain(in);
      drain.thread = new Thread(drain, name);
      drain.thread.setDaemon(true);
      drain.thread.start();
      return drain;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          synchronized (kept) {
            kept.write(buffer, 0, Math.min(n, KEPT - kept.size()));
          }
        }
      } catch (IOException e) {
        // The process is gone: what was read is what there is.
      }
    }

    /** What the stream brought, once it ended (or after 5 s: a child of yt-dlp may hold it). */
    String text() throws InterruptedException {
      thread.join(5000);
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8);
      }
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
