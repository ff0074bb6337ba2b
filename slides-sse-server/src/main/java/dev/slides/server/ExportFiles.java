package dev.slides.server;

import dev.slides.BlobStore;
import dev.slides.export.ExportFormat;
import dev.slides.export.SlideDeck;
import dev.slides.export.SlideExporter;
import dev.slides.export.SlideImages;
import dev.slides.export.internal.AtomicFile;
import dev.slides.internal.store.BlobKeys;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The export options shared by {@code slides extract} and {@code slides export}: each names a
 * file to write the result to, in its format. In a batch the names carry {@code {id}}. The name
 * {@code -} stands for standard output, as it stands for standard input as the video: at most
 * one output of a command may take it, for one video, and nothing else is printed there then.
 */
final class ExportFiles {
  /** Stands for the video id in a file name, so that a batch writes one file per video. */
  static final String ID = "{id}";
  /** The file name that stands for standard output. */
  static final String STDOUT = "-";
  /**
   * The exit status when standard output's reader went away ({@code | head}): 128 + SIGPIPE,
   * what a shell reports for {@code cat}, {@code grep} or a Go program stopped so. The JVM
   * ignores SIGPIPE, so the command says it itself, and says nothing else.
   */
  static final int READER_GONE = 141;

  /**
   * Standard output's reader went away before an export was written whole: not a failure to
   * report (the reader has what it wanted, {@code head -c 100}), but the end of the command,
   * without a word, with {@link #READER_GONE}.
   */
  static final class ReaderGoneException extends IOException {
    ReaderGoneException(IOException cause) {
      super("standard output was closed by its reader", cause);
    }
  }

  /** Some files could not be written; the others were. */
  static final class PartlyWrittenException extends IOException {
    private final List<String> failures;
    private final List<Path> written;

    PartlyWrittenException(List<String> failures, List<Path> written) {
      super(String.join("; ", failures));
      this.failures = List.copyOf(failures);
      this.written = List.copyOf(written);
    }

    /** Why each file that failed could not be written, one sentence each. */
    List<String> failures() {
      return failures;
    }

    /** The files that were written, as {@link #write} returns them. */
    List<Path> written() {
      return written;
    }
  }

  /**
   * Whether {@code e} says that the reading end of the pipe standard output is was closed:
   * EPIPE, which the JDK reports as "Broken pipe" (Linux, macOS), or Windows' own words.
   */
  static boolean isBrokenPipe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ReaderGoneException) {
        return true;
      }
      String message = t.getMessage();
      if (t instanceof IOException && message != null && (message.contains("Broken pipe")
          || message.contains("The pipe is being closed")
          || message.contains("The pipe has been ended"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where an export named {@code -} is written; never closed. Tests hand in their own. Not
   * {@code System.out}, which would swallow a write error (a reader gone: {@code | head}).
   */
  OutputStream standardOutput = new FileOutputStream(FileDescriptor.out);

  @Option(names = "--pdf", paramLabel = "FILE",
      description = "Also write the slides as a PDF, one slide per page with its time range"
          + " (- for standard output).")
  Path pdf;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Also write one self-contained HTML page of the slides (- for standard"
          + " output).")
  Path html;

  @Option(names = "--markdown", paramLabel = "FILE",
      description = "Also write Markdown notes, a [mm:ss-mm:ss] heading per slide; the images"
          + " go into a folder beside it (FILE without .md, plus -slides). - writes the notes to"
          + " standard output, linking the images' URLs from the manifest instead.")
  Path markdown;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "Also write one CSV row per segment, moving ones too: kind, slide number,"
          + " start, end, duration, frame ids, duplicate_of (- for standard output).")
  Path csv;

  @Option(names = "--zip", paramLabel = "FILE",
      description = "Also write a ZIP of the slide images and the manifest (- for standard"
          + " output).")
  Path zip;

  /** The files asked for, by format, in a fixed order. */
  Map<ExportFormat, Path> requested() {
    Map<ExportFormat, Path> files = new EnumMap<>(ExportFormat.class);
    put(files, ExportFormat.PDF, pdf);
    put(files, ExportFormat.HTML, html);
    put(files, ExportFormat.MARKDOWN, markdown);
    put(files, ExportFormat.CSV, csv);
    put(files, ExportFormat.ZIP, zip);
    return files;
  }

  boolean any() {
    return !requested().isEmpty();
  }

  /** Whether {@code file} is {@code -}, standard output (not {@code ./-}, a file so named). */
  static boolean isStandardOutput(Path file) {
    return file != null && file.toString().equals(STDOUT);
  }

  /** Whether an export goes to standard output, which then carries nothing else. */
  boolean toStandardOutput() {
    return requested().values().stream().anyMatch(ExportFiles::isStandardOutput);
  }

  /**
   * What is wrong with the file names for {@code videos} videos, in plain words, or empty: in a
   * batch every name must contain {@code {id}}, or each video would overwrite the previous one.
   */
  Optional<String> problemForBatch(int videos) {
    if (videos < 2) {
      return Optional.empty();
    }
    for (Map.Entry<ExportFormat, Path> file : requested().entrySet()) {
      if (isStandardOutput(file.getValue())) {
        return Optional.of("--" + option(file.getKey()) + " - writes to standard output, which"
            + " takes one video; these arguments name " + videos + ": give a file name with "
            + ID + " (for example exports/" + ID + "." + file.getKey().extension() + ")");
      }
      if (!file.getValue().toString().contains(ID)) {
        return Optional.of("--" + option(file.getKey()) + " " + file.getValue() + " names one"
            + " file for " + videos + " videos: put " + ID + " in it (for example "
            + "exports/" + ID + "." + file.getKey().extension() + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * Two outputs that name one file, or an output that names a file being read, for one of
   * {@code videoIds}, in plain words, or empty: the one written last would replace the other
   * without a word ({@code --pdf notes --csv notes} left a CSV, {@code --stats s.csv --csv s.csv}
   * lost the statistics, and {@code --stats talk.mp4} emptied the video before it was read).
   * Two outputs named {@code -} would be mixed together on standard output.
   *
   * @param others the command's other output files by option ({@code --stats}), or by what
   *     they are ({@code the manifest}, which no option moves; put first), or none
   * @param inputs the local files the command reads (videos, the manifest)
   */
  Optional<String> sameFile(List<String> videoIds, Map<String, Path> others, List<Path> inputs) {
    Map<String, Path> outputs = new LinkedHashMap<>(others);
    requested().forEach((format, file) -> outputs.put("--" + option(format), file));
    List<String> toStandardOutput = outputs.entrySet().stream()
        .filter(output -> isStandardOutput(output.getValue())).map(Map.Entry::getKey).toList();
    if (toStandardOutput.size() == 2) {
      return Optional.of(toStandardOutput.get(0) + " - and " + toStandardOutput.get(1)
          + " - would both write to standard output, mixed together: give one of them a file"
          + " name");
    }
    if (toStandardOutput.size() > 2) {
      return Optional.of(String.join(" -, ", toStandardOutput) + " - would all write to"
          + " standard output, mixed together: give all but one a file name");
    }
    for (String videoId : videoIds) {
      Map<Path, String> taken = new HashMap<>();
      for (Map.Entry<String, Path> output : outputs.entrySet()) {
        if (output.getValue() == null || isStandardOutput(output.getValue())) {
          continue;
        }
        Path file = forVideo(output.getValue(), videoId);
        String earlier = taken.putIfAbsent(identity(file), output.getKey());
        if (earlier != null && !earlier.startsWith("--")) {
          return Optional.of(output.getKey() + " names the file of " + earlier + ", " + file
              + ": give it another file");
        }
        if (earlier != null) {
          return Optional.of(earlier + " and " + output.getKey() + " both name the file " + file
              + ": give each its own");
        }
      }
      for (Path input : inputs) {
        String option = taken.get(identity(input));
        if (option != null) {
          return Optional.of(option + " would replace " + input + ", which is being read:"
              + " give it another file");
        }
      }
    }
    return Optional.empty();
  }

  /** One path for one file: through links where it exists. */
  private static Path identity(Path file) {
    try {
      if (Files.exists(file)) {
        return file.toRealPath();
      }
    } catch (IOException e) {
      // as below
    }
    return file.toAbsolutePath().normalize();
  }

  /**
   * Why a requested file for one of {@code videoIds} could not be written, found before any
   * work (the exports are written after the analysis, which may take an hour), or empty. It
   * looks without writing: the file is no folder, and the nearest folder above it that exists
   * is a folder this process may write into.
   */
  Optional<String> problemWriting(List<String> videoIds) {
    for (Map.Entry<ExportFormat, Path> entry : requested().entrySet()) {
      if (entry.getValue().toString().isBlank()) {
        return Optional.of("--" + option(entry.getKey()) + " needs a file name");
      }
      if (isStandardOutput(entry.getValue())) {
        continue;
      }
      for (String videoId : videoIds) {
        Path file = forVideo(entry.getValue(), videoId);
        Path images = imagesBeside(file.toAbsolutePath());
        Optional<String> problem = entry.getKey() == ExportFormat.MARKDOWN
            && !AtomicFile.isNoFile(file)
            && Files.exists(images) && !Files.isDirectory(images)
            ? Optional.of("a file stands where its images' folder " + images + " should be")
            : problemWriting(file.toAbsolutePath());
        if (problem.isPresent()) {
          return Optional.of("Cannot write " + file + ": " + problem.get());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> problemWriting(Path file) {
    if (Files.isDirectory(file)) {
      return Optional.of("it is a folder");
    }
    if (AtomicFile.isNoFile(file)) {
      // /dev/stdout, a named pipe: written straight, whoever may write into its folder (/dev).
      return Files.isWritable(file) ? Optional.empty() : Optional.of("permission denied");
    }
    Path dir = file.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      return Optional.empty(); // nothing to look at: the write will say
    }
    if (!Files.isDirectory(dir)) {
      return Optional.of("a file stands where its folder should be (" + dir + ")");
    }
    if (!Files.isWritable(dir)) {
      return Optional.of("permission denied (" + dir + ")");
    }
    return Optional.empty();
  }

  /**
   * Writes every requested file for {@code deck}, {@code {id}} replaced by its video id, then
   * the one named {@code -} to {@link #standardOutput} (Markdown then links the images' URLs):
   * last, so that a reader of it that stops early ({@code | head}) costs no file.
   *
   * A file that cannot be written does not cost the others: they are written all the same,
   * and then {@link PartlyWrittenException} names what failed and what was written.
   *
   * @return the files written, in order, without standard output, devices and pipes
   * @throws ReaderGoneException when standard output's reader went away
   * @throws PartlyWrittenException naming each file that could not be written (or its missing
   *     image) and the files that were
   */
  List<Path> write(SlideDeck deck, SlideExporter exporter) throws IOException {
    List<Path> written = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    ExportFormat toStandardOutput = null;
    for (Map.Entry<ExportFormat, Path> entry : requested().entrySet()) {
      if (isStandardOutput(entry.getValue())) {
        toStandardOutput = entry.getKey();
        continue;
      }
      Path file = forVideo(entry.getValue(), deck.videoId());
      // /dev/stdout, a pipe: written straight; no folder beside it for a Markdown's images,
      // which it links by their URLs, as - does.
      boolean noFile = AtomicFile.isNoFile(file);
      try {
        if (entry.getKey() == ExportFormat.MARKDOWN && !noFile) {
          exporter.writeMarkdown(deck, file, imagesBeside(file));
        } else {
          exporter.write(entry.getKey(), deck, file);
        }
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e; // stopped (Ctrl-C): no more files
        }
        // The JDK's message is often a path alone: "/tmp/notes" for a file standing where the
        // folder should be, the temporary ".talk.pdf123.part" where none can be made.
        // The next files are written all the same: --pdf /dev/full cost the --csv beside it.
        failures.add("Cannot write " + file + ": " + ExtractCommand.reason(e));
        continue;
      }
      if (!noFile) {
        written.add(file); // not "Wrote /dev/stdout" after the export, on standard output
      }
    }
    if (toStandardOutput != null) {
      try {
        // Flushed by the exporter, which leaves the stream open.
        exporter.write(toStandardOutput, deck, new BufferedOutputStream(standardOutput));
      } catch (IOException e) {
        if (isBrokenPipe(e)) {
          throw new ReaderGoneException(e);
        }
        throw new IOException("Cannot write to standard output: " + ExtractCommand.reason(e),
            e);
      } catch (java.io.UncheckedIOException e) {
        if (isBrokenPipe(e)) {
          throw new ReaderGoneException(e.getCause());
        }
        throw e;
      }
    }
    if (!failures.isEmpty()) {
      throw new PartlyWrittenException(failures, written);
    }
    return written;
  }

  /** The deck of {@code videoId} as published in {@code store}, images read from it too. */
  /** Says "Wrote FILE" for each of {@code files}, as {@link #write} returns them. */
  static void reportWritten(List<Path> files, PrintWriter report) {
    for (Path file : files) {
      report.println("Wrote " + file);
    }
    report.flush();
  }

  static SlideDeck deckIn(BlobStore store, String videoId) throws IOException {
    String key = BlobKeys.manifest(videoId);
    byte[] manifest = store.read(key).orElseThrow(
        () -> new IOException("No manifest " + key + " in " + store.describe()));
    return SlideDeck.read(manifest, SlideImages.store(store));
  }

  /** {@code file} with {@code {id}} in its name replaced by {@code videoId}. */
  private static Path forVideo(Path file, String videoId) {
    return Path.of(file.toString().replace(ID, videoId));
  }

  /** {@code notes/talk.md} keeps its images in {@code notes/talk-slides/}. */
  static Path imagesBeside(Path markdownFile) {
    String name = markdownFile.getFileName().toString();
    String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".md")
        ? name.substring(0, name.length() - 3) : name;
    return markdownFile.resolveSibling(stem + "-slides");
  }

  private static String option(ExportFormat format) {
    return format == ExportFormat.MARKDOWN ? "markdown" : format.extension();
  }

  private static void put(Map<ExportFormat, Path> files, ExportFormat format, Path file) {
    if (file != null) {
      files.put(format, file);
    }
  }
}
