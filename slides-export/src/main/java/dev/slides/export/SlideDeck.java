package dev.slides.export;

import dev.slides.export.internal.DirectoryImages;
import dev.slides.export.internal.ManifestReader;
import dev.slides.internal.store.BlobKeys;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One video's slides: the segments of its manifest (as slides-core writes it) and where their
 * images are read from. Immutable and thread-safe; images are read when an export needs them.
 *
 * <pre>{@code
 * // the directory `slides extract --out out talk.mp4` wrote
 * SlideDeck deck = SlideDeck.fromDirectory(Path.of("out"), "talk");
 * // or a manifest fetched from anywhere, with images read by their URLs
 * SlideDeck deck = SlideDeck.read(manifestBytes, SlideImages.urls());
 * }</pre>
 */
public final class SlideDeck {
  private final String videoId;
  private final Instant updatedAt;
  private final List<Segment> segments;
  private final List<Segment> slides;
  private final Map<String, Frame> stored;
  private final byte[] manifest;
  private final SlideImages images;

  private SlideDeck(ManifestReader.Parsed parsed, byte[] manifest, SlideImages images) {
    this.videoId = parsed.videoId();
    this.updatedAt = parsed.updatedAt();
    this.segments = List.copyOf(parsed.segments());
    this.slides = segments.stream().filter(Segment::isStatic).toList();
    this.manifest = manifest.clone();
    this.images = Objects.requireNonNull(images, "images");
    Map<String, Frame> byRef = new HashMap<>();
    for (Segment slide : slides) {
      byRef.put(slide.slideNumber() + "-first", slide.firstFrame());
      byRef.put(slide.slideNumber() + "-last", slide.lastFrame());
    }
    this.stored = Map.copyOf(byRef);
  }

  /**
   * A deck from a manifest's bytes ({@code {"<video_id>": {"segments": [...], "updated_at":
   * ...}}}, one video) with images from {@code images}.
   *
   * @throws IOException when the bytes are not such a manifest; the message says what is wrong
   */
  public static SlideDeck read(byte[] manifestJson, SlideImages images) throws IOException {
    Objects.requireNonNull(manifestJson, "manifestJson");
    SlideDeck deck = new SlideDeck(ManifestReader.parse(manifestJson), manifestJson, images);
    try {
      for (Segment slide : deck.slides) {
        deck.original(slide.firstFrame());
        deck.original(slide.lastFrame());
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("Not a valid manifest: " + e.getMessage(), e);
    }
    return deck;
  }

  /** A deck from a manifest file, with images from {@code images}. */
  public static SlideDeck read(Path manifestFile, SlideImages images) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(manifestFile);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(manifestFile.toString(), null, "No manifest at this path");
    } catch (AccessDeniedException e) {
      // The JDK's message is the path alone, which the command line printed as all it said.
      throw new AccessDeniedException(manifestFile.toString(), null,
          "Cannot read the manifest: permission denied");
    }
    try {
      return read(bytes, images);
    } catch (IOException e) {
      throw new IOException(manifestFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The deck of {@code videoId} in a directory laid out as {@code slides extract} writes it (and
   * as a file-system BlobStore keeps it): {@code dir/manifests/{videoId}.json} and the images
   * {@code dir/slides/{videoId}/{frame_id}}.
   */
  public static SlideDeck fromDirectory(Path directory, String videoId) throws IOException {
    String key = BlobKeys.manifest(videoId);
    SlideImages images = SlideImages.directory(directory);
    Path manifest = DirectoryImages.resolve(directory, key);
    SlideDeck deck = read(manifest, images);
    if (!deck.videoId.equals(videoId)) {
      throw new IOException(manifest + " is the manifest of video " + deck.videoId + ", not "
          + videoId);
    }
    return deck;
  }

  /** The video's id, the manifest's only key. */
  public String videoId() {
    return videoId;
  }

  /** When the manifest was written ({@code updated_at}); empty when it does not say. */
  public Optional<Instant> updatedAt() {
    return Optional.ofNullable(updatedAt);
  }

  /** Every segment, moving ones too, in time order. */
  public List<Segment> segments() {
    return segments;
  }

  /** The static segments (slides), in time order; slide {@code n} is at index {@code n - 1}. */
  public List<Segment> slides() {
    return slides;
  }

  /** End of the last segment, in seconds (0 without segments). */
  public double durationSeconds() {
    return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).endTime();
  }

  /** The manifest as it was read, byte for byte. */
  public byte[] manifestJson() {
    return manifest.clone();
  }

  /** Where the images are read from. */
  public SlideImages images() {
    return images;
  }

  /**
   * The frame whose image {@code frame} shows: {@code frame} itself, or for a duplicate the
   * earlier frame it repeats (its image was stored only once).
   */
  public Frame original(Frame frame) {
    Frame current = frame;
    for (int hops = 0; current.duplicateOf() != null; hops++) {
      Frame next = stored.get(current.duplicateOf());
      if (next == null || hops > stored.size()) {
        throw new IllegalArgumentException("Frame " + current.frameId() + " repeats "
            + current.duplicateOf() + ", which is not a slide frame of " + videoId);
      }
      current = next;
    }
    return current;
  }

  /**
   * The image bytes (WebP) {@code frame} shows, read through {@link #original}.
   *
   * @throws MissingSlideImageException when the image source has no such image
   * @throws IOException when it cannot be read
   */
  public byte[] image(Frame frame) throws IOException {
    Frame source = original(frame);
    Optional<byte[]> bytes;
    try {
      bytes = images.read(source);
    } catch (MissingSlideImageException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException("Cannot read the image " + source.key() + " of video " + videoId
          + " from " + images.describe() + ": " + e.getMessage(), e);
    }
    if (bytes.isEmpty() || bytes.get().length == 0) {
      throw new MissingSlideImageException(videoId, source, images.describe());
    }
    return bytes.get();
  }

  /**
   * The frames of {@code slide} worth showing: its first frame, and its last frame too when
   * that shows something else (a build completed), not the same image.
   */
  public List<Frame> distinctFrames(Segment slide) {
    if (!slide.isStatic()) {
      return List.of();
    }
    return original(slide.firstFrame()).equals(original(slide.lastFrame()))
        ? List.of(slide.firstFrame()) : List.of(slide.firstFrame(), slide.lastFrame());
  }

  /** The frames whose images are stored (no duplicates), in slide order, first before last. */
  public List<Frame> storedFrames() {
    List<Frame> frames = new ArrayList<>();
    for (Segment slide : slides) {
      for (Frame frame : List.of(slide.firstFrame(), slide.lastFrame())) {
        if (frame.duplicateOf() == null) {
          frames.add(frame);
        }
      }
    }
    return List.copyOf(frames);
  }

  @Override
  public String toString() {
    return "SlideDeck[" + videoId + ", " + slides.size() + " slides, " + segments.size()
        + " segments]";
  }

  /**
   * One segment of the manifest.
   *
   * @param kind {@code "static"} (a slide) or {@code "moving"}, as in the manifest
   * @param startTime seconds
   * @param endTime seconds
   * @param slideNumber 1-based among the static segments; 0 for the others
   * @param firstFrame the slide's first frame; null unless static
   * @param lastFrame the slide's last frame (builds complete); null unless static
   */
  public record Segment(String kind, double startTime, double endTime, int slideNumber,
                        Frame firstFrame, Frame lastFrame) {
    /**
     * Checks the segment.
     *
     * @throws IllegalArgumentException when a static segment lacks its slide number or frames
     */
    public Segment {
      Objects.requireNonNull(kind, "kind");
      if ("static".equals(kind) && (firstFrame == null || lastFrame == null
          || slideNumber < 1)) {
        throw new IllegalArgumentException("A static segment needs a slide number and frames");
      }
    }

    /** Whether this is a slide ({@code kind} {@code static}) rather than a moving stretch. */
    public boolean isStatic() {
      return "static".equals(kind);
    }

    /** Seconds from {@code startTime} to {@code endTime}. */
    public double duration() {
      return endTime - startTime;
    }

    /**
     * The earlier slide this one shows again, or 0: the slide its first frame repeats a frame
     * of (the presenter went back to it), else the slide its last frame repeats a frame of
     * (content over a slide left that is no overlay the slide goes on under: a spotlight, a
     * panel over more than a quarter of the frame or away from its sides, a notification that
     * hid some of the slide; the slide without it starts a new slide, whose first frame may
     * still hold the last of that content). A last frame that repeats this slide's own first
     * frame is a slide without builds, not a repeat.
     */
    public int repeatsSlide() {
      if (!isStatic()) {
        return 0;
      }
      int n = earlierSlide(firstFrame);
      return n > 0 ? n : earlierSlide(lastFrame);
    }

    private int earlierSlide(Frame frame) {
      String of = frame.duplicateOf();
      if (of == null) {
        return 0;
      }
      int n = Integer.parseInt(of.substring(0, of.indexOf('-')));
      return n == slideNumber ? 0 : n;
    }
  }

  /**
   * A slide frame of the manifest.
   *
   * @param frameId {@code "{n}-first.webp"} or {@code "{n}-last.webp"}
   * @param key its BlobStore key, {@code slides/{video_id}/{frame_id}}
   * @param duplicateOf the frame it repeats ({@code "1-first"}), whose image it shows; or null
   * @param url where the manifest says the image is
   */
  public record Frame(String frameId, String key, String duplicateOf, String url) {
    /** Checks that neither {@code frameId} nor {@code key} is null. */
    public Frame {
      Objects.requireNonNull(frameId, "frameId");
      Objects.requireNonNull(key, "key");
    }
  }
}
