package dev.slides.server;

import dev.slides.export.SlideDeck;
import dev.slides.export.SlideExporter;
import dev.slides.export.SlideImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code slides export MANIFEST --pdf FILE ...}: the formats of {@link ExportFiles} for a result
 * that already exists.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = SlidesCommand.Version.class,
    description = {
        "Writes an existing result as PDF, HTML, Markdown, CSV or a ZIP of its images.",
        "",
        "MANIFEST is a manifest file written by slides extract or slides serve"
            + " (out/manifests/{id}.json). Its images are read from the folder beside it"
            + " (out/slides/{id}/) when that exists, otherwise from the URLs the manifest gives.",
        "",
        "An export given - as its file writes to standard output (one of them at most); the"
            + " names of the files written then go to standard error.",
        "",
        "Exit status: 0 when every file was written, 1 when one could not be, 2 for wrong"
            + " arguments, 141 when the reader of standard output stopped early (| head)."})
final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MANIFEST", description = "The manifest file.")
  Path manifest;

  @Mixin ExportFiles exports;

  @Option(names = "--images", paramLabel = "DIR",
      description = "Read the images from this folder (laid out as slides/{id}/...) instead.")
  Path images;

  @Option(names = {"-v", "--verbose"}, description = "Log what happens (to stderr).")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter stderr = spec.commandLine().getErr();
    // Progress, the summary, "Wrote" lines: standard output, unless an export's bytes go there.
    PrintWriter report = exports.toStandardOutput() ? stderr : spec.commandLine().getOut();
    Logging.quietUnless(verbose);
    if (!exports.any()) {
      throw wrongArgument("Nothing to write: give at least one of --pdf, --html, --markdown,"
          + " --csv, --zip");
    }
    Optional<String> clash = exports.sameFile(List.of(ExportFiles.ID), Map.of(),
        List.of(manifest));
    if (clash.isPresent()) {
      stderr.println(clash.get());
      return 2;
    }
    if (Files.isDirectory(manifest)) {
      // The --out folder of extract, most likely: name a manifest in it.
      stderr.println(manifest + " is a folder: give one manifest file"
          + exampleManifest(manifest).map(m -> ", such as " + m).orElse("")
          + " (slides export takes one result at a time)");
      return 2;
    }
    if (!Files.isRegularFile(manifest)) {
      String given = spec.positionalParameters().get(0).originalStringValues().stream()
          .findFirst().orElse(manifest.toString());
      if (given.matches("(?i)https?://.*")) {
        // As a Path, "http://host/m.json" read "No manifest file http:/host/m.json".
        stderr.println(given + " is a URL: slides export reads a manifest file; save it first"
            + " (curl -o talk.json URL) and give that file (its images come from the URLs it"
            + " names)");
        return 2;
      }
      stderr.println("No manifest file " + manifest);
      return 2;
    }
    try {
      SlideDeck deck = SlideDeck.read(manifest, imageSource());
      if (images != null && !deck.slides().isEmpty()
          && !Files.isDirectory(images.resolve("slides"))) {
        // It read DIR/slides/{id}/ and said each image "is missing from directory DIR".
        Path parent = images.toAbsolutePath().normalize().getParent();
        boolean idFolder = parent != null && parent.getFileName() != null
            && parent.getFileName().toString().equals("slides");
        stderr.println("--images " + images + " holds no slides folder: give the folder that"
            + " holds slides/{id}/ (the --out folder of slides extract)"
            + (idFolder ? ", here " + parent.getParent() : ""));
        return 2;
      }
      ExportFiles.reportWritten(exports.write(deck, SlideExporter.defaults()), report);
      return 0;
    } catch (ExportFiles.ReaderGoneException e) {
      return ExportFiles.READER_GONE;
    } catch (ExportFiles.PartlyWrittenException e) {
      ExportFiles.reportWritten(e.written(), report);
      e.failures().forEach(stderr::println);
      return 1;
    } catch (IOException | RuntimeException e) {
      stderr.println(e.getMessage() == null ? e.toString() : e.getMessage());
      return 1;
    }
  }

  /** The first manifest in {@code dir}, or in its {@code manifests} folder, by name. */
  private static Optional<Path> exampleManifest(Path dir) {
    for (Path folder : List.of(dir.resolve("manifests"), dir)) {
      try (var files = Files.list(folder)) {
        Optional<Path> first = files.filter(f -> f.getFileName().toString().endsWith(".json"))
            .sorted().findFirst();
        if (first.isPresent()) {
          return first;
        }
      } catch (IOException e) {
        // no such folder, or not readable: no example from it
      }
    }
    return Optional.empty();
  }

  /**
   * The folder the manifest sits in as {@code slides extract} lays it out
   * ({@code out/manifests/talk.json} beside {@code out/slides/talk/}), else the manifest's URLs.
   */
  private SlideImages imageSource() {
    if (images != null) {
      return SlideImages.directory(images);
    }
    Path dir = manifest.toAbsolutePath().getParent();
    if (dir != null && dir.getFileName() != null
        && dir.getFileName().toString().equals("manifests")
        && Files.isDirectory(dir.resolveSibling("slides"))) {
      return SlideImages.directory(dir.getParent());
    }
    return SlideImages.urls();
  }

  /** A wrong argument, reported as picocli reports its own, with exit code 2. */
  private CommandLine.ParameterException wrongArgument(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
