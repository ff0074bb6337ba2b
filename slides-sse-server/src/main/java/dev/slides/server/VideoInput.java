package dev.slides.server;

import dev.slides.internal.service.YouTubeLinks;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One video named on the command line: a local file, an {@code http(s)} URL, a YouTube id or
 * link, or standard input ({@code -}). {@link #expand} also reads directories and list files;
 * {@code listedAt} says where a list named the file ({@code line 3 of videos.txt}), else null.
 */
record VideoInput(Kind kind, String text, Path file, URI url, String youtubeId,
    String listedAt) {
  enum Kind { FILE, URL, YOUTUBE, STDIN }

  VideoInput(Kind kind, String text, Path file, URI url, String youtubeId) {
    this(kind, text, file, url, youtubeId, null);
  }

  /** Extensions taken from a directory, and never read as a list file. */
  static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi",
      "wmv", "flv", "mpg", "mpeg", "ts", "mts", "m2ts", "3gp", "ogv");

  /** Standard input read as a video. */
  static final String STDIN = "-";

  /** The input could not be understood or read; the message says why, in plain words. */
  static final class BadInputException extends Exception {
    BadInputException(String message) {
      super(message);
    }
  }

  /**
   * The videos {@code argument} stands for: a directory gives its video files (by extension,
   * sorted by name, not its subdirectories), a text file gives the inputs it lists (one per
   * line, blank lines and {@code #} comments skipped, relative paths from the list's folder),
   * anything else one video. A name that is neither an existing file nor a URL but has the
   * shape of a YouTube id is taken as one.
   */
  static List<VideoInput> expand(String argument) throws BadInputException {
    String text = argument.strip();
    if (text.equals(STDIN)) {
      return List.of(new VideoInput(Kind.STDIN, STDIN, null, null, null));
    }
    if (looksLikeUrl(text)) {
      return List.of(url(text));
    }
    Path path = pathOf(null, text);
    if (Files.isDirectory(path)) {
      return directory(path);
    }
    if (Files.isRegularFile(path)) {
      return isListFile(path) ? listFile(path) : List.of(file(path, text));
    }
    if (YouTubeLinks.isVideoId(text)) {
      return List.of(new VideoInput(Kind.YOUTUBE, text, null, null, text));
    }
    throw new BadInputException("No such file: " + text
        + " (nor a URL or a YouTube id)");
  }

  /** What the manifest and the keys are named after when no {@code --video-id} is given. */
  String defaultId() {
    return switch (kind) {
      case FILE -> idFrom(file.getFileName().toString());
      case YOUTUBE -> youtubeId;
      case STDIN -> "stdin";
      case URL -> {
        String last = lastPathPart();
        // A host has no extension to drop: 127.0.0.1 is 127_0_0_1, not 127_0_0.
        yield idFrom(last.isEmpty() ? url.getHost().replace('.', '_') : last);
      }
    };
  }

  /**
   * The name a fetched copy is saved under, which the library's messages name ("Not a video
   * file: NAME"): what the user gave as far as it goes, not the id ({@code 127_0_0} for a
   * page at {@code http://127.0.0.1/}) or a bare {@code video} for standard input.
   */
  String downloadName() {
    String name = switch (kind) {
      case FILE -> file.getFileName().toString();
      case YOUTUBE -> youtubeId;
      case STDIN -> "stdin";
      case URL -> lastPathPart().isEmpty() ? url.getHost() : lastPathPart();
    };
    name = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceFirst("^[.]+", "");
    if (name.length() > 100) {
      name = name.substring(name.length() - 100);
    }
    return name.isEmpty() ? "video" : name;
  }

  private String lastPathPart() {
    String path = url.getPath() == null ? "" : url.getPath().replaceFirst("/+$", "");
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * {@code My Talk (2024).mp4} becomes {@code My_Talk_2024}, {@code Übung 1.mp4}
   * {@code Ubung_1}: accents are dropped rather than the letters that carry them, and a leading
   * {@code -}, which would make the manifest's name read as an option, goes too.
   */
  static String idFrom(String fileName) {
    String name = fileName;
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    name = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    String id = name.replaceAll("[^A-Za-z0-9_-]+", "_").replaceAll("^[_-]+|_+$", "");
    if (id.length() > 64) {
      id = id.substring(0, 64);
    }
    return id.isEmpty() ? "video" : id;
  }

  private static boolean looksLikeUrl(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://")
        || YouTubeLinks.isYouTubeLink(text);
  }

  private static VideoInput url(String text) throws BadInputException {
    if (YouTubeLinks.isYouTubeLink(text)) {
      String id = YouTubeLinks.videoId(text).orElseThrow(() -> new BadInputException(
          "This YouTube link names no single video: " + text
              + " (playlists and channels are not supported; use the link of one video)"));
      return new VideoInput(Kind.YOUTUBE, text, null, null, id);
    }
    try {
      URI uri = new URI(text);
      if (uri.getHost() == null) {
        throw new BadInputException("This URL has no host: " + text);
      }
      return new VideoInput(Kind.URL, text, null, uri, null);
    } catch (URISyntaxException e) {
      throw new BadInputException("Not a valid URL: " + text + " ("
          + UrlSyntax.problem(text, e) + ")");
    }
  }

  private static VideoInput file(Path path, String text) {
    return new VideoInput(Kind.FILE, text, path, null, null);
  }

  private static List<VideoInput> directory(Path dir) throws BadInputException {
    try (Stream<Path> entries = Files.list(dir)) {
      List<VideoInput> videos = entries
          .filter(p -> Files.isRegularFile(p) && hasVideoExtension(p) && !isHidden(p))
          .sorted()
          .map(p -> file(p, p.toString()))
          .toList();
      if (videos.isEmpty()) {
        throw new BadInputException("No video files in " + dir + " (looked for ."
            + String.join(", .", VIDEO_EXTENSIONS.stream().sorted().toList()) + ")");
      }
      return videos;
    } catch (IOException e) {
      throw new BadInputException("Cannot read the folder " + dir + ": "
          + ExtractCommand.reason(e));
    }
  }

  private static List<VideoInput> listFile(Path list) throws BadInputException {
    List<String> lines;
    try {
      lines = new ArrayList<>(Files.readAllLines(list, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BadInputException("Cannot read the list " + list + ": "
          + ExtractCommand.reason(e));
    }
    Path base = list.toAbsolutePath().getParent();
    if (!lines.isEmpty()) {
      // Notepad and other Windows editors start UTF-8 with a byte order mark: not part of a name
      lines.set(0, lines.get(0).replaceFirst("^\uFEFF", ""));
    }
    List<VideoInput> inputs = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.equals(STDIN)) {
        throw new BadInputException("A list cannot name standard input (-): " + list);
      }
      if (looksLikeUrl(line)) {
        inputs.add(url(line));
        continue;
      }
      Path path = pathOf(base, line);
      if (Files.isRegularFile(path) || !YouTubeLinks.isVideoId(line)) {
        // A missing file fails on its own, not the whole batch, naming the list: a text file of
        // notes given as a video failed as "Video file not found: /home/you/Some words".
        inputs.add(new VideoInput(Kind.FILE, line, path, null, null,
            "line " + (n + 1) + " of the list " + list));
      } else {
        inputs.add(new VideoInput(Kind.YOUTUBE, line, null, null, line));
      }
    }
    if (inputs.isEmpty()) {
      throw new BadInputException("The list " + list + " names no videos");
    }
    return inputs;
  }

  /** {@code text} as a path (in {@code base}, if any), or a refusal saying why it is none. */
  private static Path pathOf(Path base, String text) throws BadInputException {
    try {
      return base == null ? Path.of(text) : base.resolve(text);
    } catch (InvalidPathException e) {
      throw new BadInputException(unnameable(text));
    }
  }

  /**
   * Why a file cannot be opened by its name. Java writes file names in the character set of the
   * locale (LANG, LC_ALL); in the C locale, which cron, CI runners and many container images
   * have, that is ASCII: a name with an Ü given on the command line ended in a stack trace,
   * and one read from a folder came out with '?' for it, "Not a video file".
   */
  static String unnameable(String name) {
    String charset = System.getProperty("sun.jnu.encoding", "");
    return "Cannot open " + name + ": "
        + (charset.equalsIgnoreCase("UTF-8") ? "its name is not UTF-8; rename it"
            : "its name has characters that this system's locale (character set " + charset
                + ") cannot write; run slides with a UTF-8 locale, for example"
                + " LC_ALL=C.UTF-8 slides ...");
  }

  /**
   * Whether {@code file}, as listed from a folder, keeps its name as text, which is what FFmpeg
   * opens it by: in the C locale, {@code Übung.mp4} does not.
   */
  static boolean nameSurvives(Path file) {
    try {
      return Path.of(file.toString()).equals(file);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * A name starting with a dot: on a folder copied from a Mac, {@code ._talk.mp4} is the
   * AppleDouble file holding {@code talk.mp4}'s Finder data, no video, and would take its id.
   */
  private static boolean isHidden(Path path) {
    return path.getFileName().toString().startsWith(".");
  }

  static boolean hasVideoExtension(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * A list is a text file without a video's extension: its first 8 KB decode as UTF-8 and hold
   * no control characters but tabs and line ends. Every video container has binary bytes there.
   * Playlists and file lists FFmpeg knows (HLS, ffconcat, DASH's XML) are text too, but they are
   * not our lists: given as one file, the decoder refuses them in plain words.
   */
  private static boolean isListFile(Path path) throws BadInputException {
    if (hasVideoExtension(path)) {
      return false;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(8192);
    } catch (IOException e) {
      // The JDK's message is the path alone: "Cannot read talk.txt: talk.txt".
      throw new BadInputException("Cannot read " + path + ": " + ExtractCommand.reason(e));
    }
    if (head.length == 0) {
      return false;
    }
    int end = head.length;
    if (end == 8192) { // do not fail on a character cut in half at the end
      while (end > 0 && (head[end - 1] & 0xC0) == 0x80) {
        end--;
      }
      if (end > 0 && (head[end - 1] & 0x80) != 0) {
        end--;
      }
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(head, 0, end)).toString();
      String start = text.stripLeading().replaceFirst("^\uFEFF", "");
      if (start.startsWith("#EXTM3U") || start.startsWith("ffconcat version")
          || start.startsWith("<")) {
        return false;
      }
      return text.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r');
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
