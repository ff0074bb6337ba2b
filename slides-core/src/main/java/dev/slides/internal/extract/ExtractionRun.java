package dev.slides.internal.extract;

import dev.slides.BlobStore;
import dev.slides.ExtractionException;
import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.FramePosition;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.LumaFrame;
import dev.slides.Segment;
import dev.slides.SegmentKind;
import dev.slides.SlideExtractor.ImageSource;
import dev.slides.SlideFrame.FrameRef;
import dev.slides.SlideFrame;
import dev.slides.SlideSegment;
import dev.slides.internal.detect.Detection;
import dev.slides.internal.detect.DuplicateDetector;
import dev.slides.internal.job.StoreOutageException;
import dev.slides.internal.store.BlobKeys;
import dev.slides.internal.store.FileTree;
import dev.slides.internal.text.LoggedUrl;
import dev.slides.internal.text.Quantity;
import dev.slides.internal.video.DecodeDamage;
import dev.slides.internal.video.Picture;
import dev.slides.internal.video.VideoFrame;
import dev.slides.internal.video.VideoFrames;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job: decode and analyse, encode the kept frames into a spool directory, upload them, then
 * the manifest. The manifest goes last, so it never points at a missing image; a failure before
 * it leaves no manifest. Run again for an id that has a result, the images replaced on the way
 * are put back when the run fails or is cancelled before its manifest is in place
 * ({@link EarlierResult}). Images no manifest names, the earlier run's or this one's, are
 * removed at the end ({@link UnnamedImages}).
 */
public final class ExtractionRun {
  private static final Logger log = LoggerFactory.getLogger(ExtractionRun.class);
  /**
   * Images that may wait or be in the making at once: enough to ride out a slow one while the
   * analysis goes on, few enough that their pictures (3 MB each at 1080p) stay small.
   */
  private static final int MAX_PENDING_IMAGES = 4;
  /**
   * How long a failed or cancelled upload waits for writes already under way to end (a vendor
   * client may not stop at an interrupt): a write that lands later could replace an image put
   * back, or one of the next run of the id.
   */
  private static final long UPLOAD_STOP_SECONDS = 30;

  private final String videoId;
  private final Path video;
  private final JobTracker.Run job;
  private final BlobStore store;
  private final ExtractionOptions options;
  private final ProgressThrottle throttle;

  /** The frames a static segment may still need, by sample index. */
  private final Map<Long, Kept> kept = new HashMap<>();
  /** Encodes and writes the images of kept frames while the analysis goes on. */
  private ImageSpool imageSpool;
  private boolean imagesOnCallingThread;
  private boolean readFromZero;
  private final List<SlideSegment> segments = new ArrayList<>();
  private final List<Upload> uploads = new ArrayList<>();
  private DuplicateDetector duplicates;
  private Detection detector;
  private Path spool;
  private int slideCount;
  private final Progress analysisPhase;
  /** Where the images come from instead of the analysed video; null for the video itself. */
  private final ImageSource images;
  /**
   * Set once {@link #images} failed, saying why (for the result's warnings): the rest come from
   * the analysed video. Written by the image spool's one thread, read after it finished.
   */
  private volatile String imagesFailure;
  /** What an earlier run published under this id; null until the upload starts. */
  private EarlierResult earlier;
  /** Set once this run's manifest was handed to the store (it may be in, even if that failed). */
  private boolean manifestWritten;
  /** Set once this run's manifest is in the store: nothing to put back. */
  private boolean manifestIn;
  /** Set once a failed run's clean-up of the store was done. */
  private boolean cleanedUp;
  /** What a failure is reported as, by the step the run is at: the job's {@code message}. */
  private String phase;

  private record Kept(Picture picture, LumaFrame luma, double time) {}

  private record Upload(int slide, FrameRef ref, String key, Path file) {}

  /**
   * @param downloaded whether the job downloaded its video first (the progress bar then
   *     continues from the download's share)
   */
  public ExtractionRun(JobTracker.Run job, Path video, BlobStore store, ExtractionOptions options,
      boolean downloaded) {
    this(job, video, store, options, downloaded, null);
  }

  /**
   * @param images where the slide images come from (the analysed video when null); the
   *     caller closes it
   */
  public ExtractionRun(JobTracker.Run job, Path video, BlobStore store, ExtractionOptions options,
      boolean downloaded, ImageSource images) {
    this.images = images;
    this.analysisPhase = downloaded ? Progress.ANALYSIS_AFTER_DOWNLOAD : Progress.ANALYSIS;
    this.videoId = job.videoId();
    this.video = video;
    this.job = job;
    this.store = store;
    this.options = options;
    this.throttle = new ProgressThrottle(options.progressInterval());
  }

  /**
   * Encodes the images on the analysing thread, one after another as they are kept, instead of
   * on a thread of their own: for tests that compare both ways.
   */
  ExtractionRun withImagesOnCallingThread() {
    imagesOnCallingThread = true;
    return this;
  }

  /**
   * Reads the video from its start even when the analysis starts later, dropping the samples
   * before it, instead of seeking: the reference seeking is tested against.
   */
  ExtractionRun withoutSeeking() {
    readFromZero = true;
    return this;
  }

  public ExtractionResult run() throws ExtractionException {
    long started = System.nanoTime();
    phase = "Slide extraction failed";
    try {
      checkCancelled(); // the run may have been cancelled while its video was downloaded
      spool = createSpool();
      imageSpool = imagesOnCallingThread ? ImageSpool.inline(this::encode)
          : ImageSpool.start("slides-images-" + videoId, MAX_PENDING_IMAGES, this::encode,
              this::checkCancelled);
      Analysis analysis = analyse();
      imageSpool.awaitAll(); // the uploads read the spool
      phase = "Upload failed";
      Map<Long, String> urls = upload();
      List<SlideSegment> published = withUrls(urls);
      byte[] manifest = ManifestWriter.write(videoId, published, Instant.now());
      checkCancelled();
      manifestWritten = true;
      String manifestUrl = store.put(BlobKeys.manifest(videoId), manifest, "application/json");
      manifestIn = true;
      // Before the job reads as completed: until then no next run of this id can start and
      // write these keys again (a run taken over elsewhere is fenced out and writes nothing).
      List<String> left =
          removeUnnamed(uploads.stream().map(Upload::key).collect(Collectors.toSet()));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      List<String> warnings = new ArrayList<>();
      damage(analysis).ifPresent(warnings::add);
      if (imagesFailure != null) {
        warnings.add(imagesFailure);
      }
      warnings.addAll(left);
      ExtractionResult result = new ExtractionResult(videoId, manifestUrl, published,
          analysis.samples, analysis.duration, elapsed, analysis.from, analysis.to, warnings);
      String message = (result.slideCount() == 0
          ? "No static segments detected"
          : "Frame extraction completed: " + slides(result.slideCount()))
          + damage(analysis).map(d -> " (" + d + ")").orElse("");
      job.update(s -> s.withStatus(JobStatus.COMPLETED, message)
          .withMetadataUri(manifestUrl)
          .withError(null)
          .withFrames(analysis.samples, null)
          .withSlides(null, null)
          .withPercent(100.0));
      log.info("Job {}: {} ({}) from {} in {} ms; manifest {}", videoId,
          slides(result.slideCount()), Quantity.of(result.duplicateFrames(), "duplicate frame"),
          Quantity.of(analysis.samples, "sample"), elapsed.toMillis(), LoggedUrl.of(manifestUrl));
      return result;
    } catch (Cancelled e) {
      throw cancelled(e);
    } catch (InterruptedException | InterruptedIOException e) {
      Thread.currentThread().interrupt(); // kept for the caller
      throw cancelled(e);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        // A reader that turned the interrupt into its own error (the keyframe screening's
        // wait for its decoders): still a cancellation, not a video that cannot be read.
        throw cancelled(e);
      }
      throw fail(phase, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } catch (StoreOutageException e) {
      // A shared job store (Redis) that did not answer for the lease time: no fault of the job
      // or the video. Nothing is written; the service hands the job back to start it again.
      throw e;
    } catch (RuntimeException e) {
      log.error("Job {} failed unexpectedly", videoId, e);
      // The details are in the log; users get no class names or library texts.
      throw fail(phase, "Internal error while processing the video", e);
    } finally {
      if (imageSpool != null) {
        imageSpool.close(); // first: its thread may still write to the spool
      }
      kept.values().forEach(k -> k.picture.close());
      kept.clear();
      undoWrites(); // done already, unless the run ended by an Error
      deleteSpool();
    }
  }

  /**
   * Writes back the earlier images this run replaced, then removes the images it wrote that
   * the manifest in the store (the earlier one, or none) does not name; with the interrupt of a
   * cancel set aside meanwhile: the file store's writes would fail at once on an interrupted
   * thread. Nothing is removed when the store may not hold the earlier result whole: its
   * manifest might name them. Nothing is touched once a next run of the id has started (a
   * cancel, then a new submission at once, perhaps on another node): its images have the same
   * keys, and leaving a few images named by no manifest is better than removing some of its.
   */
  private void undoWrites() {
    if (earlier == null || manifestIn || cleanedUp) {
      return;
    }
    cleanedUp = true;
    if (nextRunStarted()) {
      log.warn("Job {}: a next run started before this one could put the store back; the"
          + " images it wrote ({}) are left to it", videoId, earlier.written());
      return;
    }
    withInterruptSetAside(() -> {
      if (!earlier.restore(manifestWritten)) {
        return null;
      }
      // Asked again: the removal lists every image of the id, so a next run begun while the
      // earlier images went back would lose those it wrote meanwhile, not only this run's keys.
      if (nextRunStarted()) {
        log.warn("Job {}: a next run started while this one put the store back; the images"
            + " it wrote ({}) are left to it", videoId, earlier.written());
        return null;
      }
      earlier.namedImages().ifPresent(named -> UnnamedImages.remove(store, videoId,
          earlier.written(), named));
      return null;
    });
  }

  /**
   * Removes the images of this id that {@code named}, the keys this run's manifest (now in the
   * store) names, does not hold: those of the earlier run with more slides, and those a run
   * killed before it could clean up left.
   *
   * @return which could not be removed or listed and why, for the result's warnings
   */
  private List<String> removeUnnamed(Set<String> named) {
    Set<String> candidates = new HashSet<>(earlier.written());
    earlier.namedImages().ifPresent(candidates::addAll);
    return withInterruptSetAside(() ->
        UnnamedImages.remove(store, videoId, candidates, named));
  }

  /**
   * True when this run no longer counts and the job is not finished: a next run has begun (a
   * cancelled run sees the job finished, as the cancel left it, until a new submission).
   */
  private boolean nextRunStarted() {
    return !job.isActive() && !job.state().status().isTerminal();
  }

  /** Work that must run to its end on a thread a cancel may have interrupted. */
  @FunctionalInterface
  private interface CleanUp<T> {
    T run() throws InterruptedException;
  }

  /**
   * Runs {@code work} with the thread's interrupt cleared, then sets it again if it was set.
   *
   * @return what {@code work} returned; null when it was interrupted
   */
  private static <T> T withInterruptSetAside(CleanUp<T> work) {
    boolean interrupted = Thread.interrupted();
    try {
      return work.run();
    } catch (InterruptedException e) {
      interrupted = true;
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The run's thread was interrupted: nothing went wrong, so it is no warning. It says what is
   * known here: a cancel and a server's stop that hands the job back to a shared queue both
   * interrupt, and the job service says which it was ("Job X cancelled", "Job X: stopped here;
   * handed back ...", where a stop handing back once read "cancelled" here too).
   */
  private ExtractionException cancelled(Throwable cause) {
    log.info("Job {}: stopped, its thread interrupted (a cancel, or the process stopping)",
        videoId);
    return failed("Job cancelled", "cancelled", cause);
  }

  private ExtractionException fail(String summary, String error, Throwable cause) {
    log.warn("Job {} failed: {}: {}", videoId, summary, error);
    return failed(summary, error, cause);
  }

  private ExtractionException failed(String summary, String error, Throwable cause) {
    // Before the job reads as failed: whoever sees that finds the store as it will stay.
    undoWrites();
    job.update(s -> s.withStatus(JobStatus.FAILED, summary)
        .withError(error)
        .withPercent(null)
        .withFrames(s.frameCount(), null)
        .withSlides(null, null));
    return new ExtractionException(summary, error, cause);
  }

  /**
   * @param samples frames analysed (handed to the detector)
   * @param duration the video's length
   * @param from where the analysis started
   * @param to where it ended
   * @param expected frames the part analysed should have given (0 when unknown)
   * @param damage decode errors met on the way
   * @param damaged samples among {@code samples} whose pictures were damaged, not analysed
   * @param damagedToEnd time of the first of the damaged samples the analysis ended on (no
   *     clean keyframe came after the damage); NaN when it ended on a trusted one
   * @param undecoded seconds of video whose frames were not decoded (their keyframes
   *     repeated), where damage cannot be seen
   */
  private record Analysis(int samples, double duration, double from, double to, int expected,
                          DecodeDamage damage, int damaged, double damagedToEnd,
                          double undecoded) {}

  /**
   * "the video is damaged: ..." when decoding met errors: the job still completes with what
   * could be read, and says what could not.
   */
  private static Optional<String> damage(Analysis analysis) {
    if (analysis.damage.isEmpty()) {
      return Optional.empty();
    }
    // Frames lost and frames whose pictures were damaged alike.
    int analysed = analysis.samples - analysis.damaged;
    String missing = analysis.expected > analysed
        ? String.format(Locale.ROOT, ", %d of %d frames could not be analysed",
            analysis.expected - analysed, analysis.expected)
        : "";
    // Nothing after damage with no clean keyframe behind it is trusted: say why so much was
    // lost (one bad packet in a recording with a single keyframe loses the rest of it).
    String toEnd = Double.isNaN(analysis.damagedToEnd) ? ""
        : String.format(Locale.ROOT, "; no clean keyframe followed the damage, so nothing"
            + " after %.1f s could be trusted", analysis.damagedToEnd);
    // Stretches whose keyframes were repeated were never decoded: the errors listed are those
    // of the frames decoded, not necessarily all the video holds.
    String unchecked = analysis.undecoded >= 0.05
        ? String.format(Locale.ROOT, "; %s of the video %s read from keyframes without"
            + " decoding the frames between, so damage there could not be seen",
            Quantity.of((int) Math.max(1, Math.round(analysis.undecoded)), "second"),
            Math.round(analysis.undecoded) > 1 ? "were" : "was")
        : "";
    return Optional.of("the video is damaged: " + analysis.damage.describe() + missing + toEnd
        + unchecked);
  }

  private Analysis analyse() throws IOException, InterruptedException {
    // A download may have filled the first part of the bar already: continue from there.
    job.update(s -> s.withStatus(JobStatus.EXTRACTING, "Starting frame analysis")
        .withDownload(null, null)
        .withPercent(analysisPhase.start()));
    throttle.reset();
    detector = new Detection(options.detector());
    duplicates = new DuplicateDetector(options.detector(),
        DuplicateDetector.DEFAULT_MAX_HASH_DISTANCE);
    double start = options.detector().start().toNanos() / 1e9;
    double end = options.detector().end().map(d -> d.toNanos() / 1e9)
        .orElse(Double.POSITIVE_INFINITY);
    // The frame source seeks to the last keyframe before the start and stops at the end: a
    // late start costs what the part analysed costs, not a whole run.
    try (VideoFrames frames = readFromZero ? VideoFrames.open(video, options.sampling())
        : VideoFrames.open(video, options.sampling(), start, end)) {
      int expected = frames.expectedSamples();
      job.update(s -> s.withFrames(expected > 0 ? expected : null, 0));
      int read = 0;
      int pushed = 0;
      int damaged = 0;
      double damagedSince = Double.NaN; // the first of the damaged samples pushed last
      double lastTime = 0;
      VideoFrame frame;
      while ((frame = frames.next()) != null) {
        checkCancelled();
        imageSpool.rethrowFailure(); // an image failed: the job fails, no need to go on
        if (frame.time() >= end) {
          break; // past the part to analyse: no need to decode the rest
        }
        read++;
        lastTime = frame.time();
        if (frame.time() + 1e-9 < start) {
          continue; // read from the keyframe before the start: not analysed
        }
        if (frame.damaged()) {
          // Broken blocks from a damaged stretch: never a slide's image, never a slide start.
          // The sample keeps its number, so the kept pictures stay keyed by the detector's.
          pushed++;
          damaged++;
          damagedSince = Double.isNaN(damagedSince) ? frame.time() : damagedSince;
          take(detector.pushDamaged(frame.time()));
        } else {
          damagedSince = Double.NaN;
          // Keyed by the detector's own sample numbers, which count from the start time.
          kept.put((long) pushed++, new Kept(frame.retain(), frame.luma(), frame.time()));
          take(detector.push(frame.time(), frame.luma()));
        }
        if (options.sampleStats() != null && detector.lastStats() != null) {
          options.sampleStats().accept(detector.lastStats());
        }
        dropUnneeded();
        if (throttle.tryAcquire()) {
          reportAnalysis(pushed, expected);
        }
      }
      double length = frames.info().durationSeconds();
      if (!(length > 0)) {
        // No declared length (Matroska written into a pipe, as ffmpeg ... -f matroska - does):
        // the video lasts as long as its frames, not 0 s, which made the summary read "0.0 s"
        // and "0.0x realtime" and ended the analysis at 0.
        length = lastTime;
      }
      double analysedTo = Math.min(length, end);
      if (pushed == 0 && start > 0 && read > 0) {
        // Not an empty result: the start was mistyped or meant for another video.
        double videoEnd = Math.max(length, lastTime);
        throw new IOException(start < videoEnd
            // "starts at 39.9 s, but the video ends at 40.0 s" read as a contradiction
            ? String.format(Locale.ROOT, "Nothing to analyse: the analysis starts at %.2f s,"
                + " too close to the end of the video (%.2f s) for one sample", start, videoEnd)
            : String.format(Locale.ROOT, "Nothing to analyse: the analysis starts at %.1f s,"
                + " but the video ends at %.1f s", start, videoEnd));
      }
      take(detector.finish(analysedTo));
      reportAnalysis(pushed, expected > 0 ? expected : pushed); // the total is known now
      DecodeDamage damage = frames.damage();
      if (!damage.isEmpty()) {
        log.warn("Job {}: {} is damaged: {}; {} of {} expected frames analysed", videoId,
            video.getFileName(), damage.describe(), pushed - damaged, expected);
      }
      return new Analysis(pushed, length, start, analysedTo, expected, damage, damaged,
          damagedSince, frames.undecodedSeconds());
    }
  }

  /** "1 slide" or "n slides", for the progress message. */
  static String slides(int count) {
    return Quantity.of(count, "slide");
  }

  /**
   * Reports {@code samples} analysed of {@code expected}. With no expected count (a video that
   * declares no length and could not be indexed), the total is not known until the end: the
   * frame count stays absent and the percent at the phase's start rather than claim the whole
   * analysis done from the first frame.
   */
  private void reportAnalysis(int samples, int expected) {
    if (expected <= 0) {
      String message = String.format(Locale.ROOT,
          "Analyzing frames: %s so far, frame %d", slides(slideCount), samples);
      job.update(s -> s.withStatus(JobStatus.EXTRACTING, message)
          .withFrames(null, samples)
          .withPercent(analysisPhase.start()));
      return;
    }
    int total = Math.max(samples, expected);
    String message = String.format(Locale.ROOT,
        "Analyzing frames: %s so far, frame %d/%d", slides(slideCount), samples, total);
    double percent = analysisPhase.at((double) samples / total);
    job.update(s -> s.withStatus(JobStatus.EXTRACTING, message)
        .withFrames(total, samples)
        .withPercent(percent));
  }

  /** Files each completed segment; static ones get their two frames encoded or linked. */
  private void take(List<Segment> completed) throws IOException, InterruptedException {
    for (Segment segment : completed) {
      if (segment.kind() == dev.slides.SegmentKind.MOVING) {
        segments.add(new SlideSegment(segment.kind(), segment.startTime(), segment.endTime(), 0,
            null, null));
        continue;
      }
      int n = ++slideCount;
      SlideFrame first = keepFrame(new FrameRef(n, FramePosition.FIRST), segment.firstSample());
      SlideFrame last = keepFrame(new FrameRef(n, FramePosition.LAST), segment.lastSample());
      segments.add(new SlideSegment(segment.kind(), segment.startTime(), segment.endTime(), n,
          first, last));
    }
  }

  private SlideFrame keepFrame(FrameRef ref, long sample)
      throws IOException, InterruptedException {
    Kept k = kept.get(sample);
    if (k == null) {
      throw new IllegalStateException("Frame of sample " + sample + " was not kept");
    }
    String frameId = ref.frameId();
    FrameRef original = duplicates.check(ref, k.luma, detector.activeCells()).orElse(null);
    if (original != null) {
      return new SlideFrame(frameId, original, null);
    }
    Path file = spool.resolve(frameId);
    // The spool gets its own reference: the analysis may drop this frame before it is encoded.
    imageSpool.add(k.picture.copy(), k.time, file);
    uploads.add(new Upload(ref.segmentId(), ref, BlobKeys.slideFrame(videoId, frameId), file));
    return new SlideFrame(frameId, null, null);
  }

  /**
   * The image of a kept frame: from the image source while it works, else from the frame. Runs
   * on the image spool's thread.
   */
  private byte[] encode(Picture picture, double time) throws IOException {
    checkCancelled(); // images still waiting when the job was cancelled are not made
    if (images != null && imagesFailure == null) {
      try {
        return images.webpAt(time, options.maxImageWidth(), options.imageQuality());
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        checkCancelled(); // a request cut short by the cancel is no failure of the source
        imagesFailure = String.format(Locale.ROOT, "the images from %.1f s on come from the"
            + " analysed video, not the larger rendition (%s)", time, e.getMessage());
        log.warn("Job {}: cannot take the image at {} s from the other rendition ({}); taking"
            + " this and the remaining images from the analysed video", videoId,
            String.format(Locale.ROOT, "%.2f", time), e.getMessage());
      }
    }
    return picture.encodeWebp(options.maxImageWidth(), options.imageQuality());
  }

  private void dropUnneeded() {
    long[] needed = detector.samplesStillNeeded();
    Iterator<Map.Entry<Long, Kept>> it = kept.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Kept> e = it.next();
      long index = e.getKey();
      boolean keep = false;
      for (long n : needed) {
        keep |= n == index;
      }
      if (!keep) {
        e.getValue().picture.close();
        it.remove();
      }
    }
  }

  /** Uploads every stored frame, a bounded number at once; returns their URLs. */
  /**
   * The URLs of the frames stored, by {@link #urlKey}: keys of records would have the first
   * record hashed build its hashCode and equals from method handles (some 80 generated
   * classes, interpreted, at the end of every run) for a few dozen lookups.
   */
  private Map<Long, String> upload() throws IOException, InterruptedException {
    checkCancelled();
    int total = slideCount;
    job.update(s -> s.withStatus(JobStatus.UPLOADING,
            total == 0 ? "No slides to upload" : "Uploading " + slides(total))
        .withFrames(s.frameCount(), null)
        .withSlides(0, total)
        .withPercent(Progress.UPLOAD.start()));
    throttle.reset();
    Map<Long, String> urls = new HashMap<>();
    // Also with no slides to upload: the earlier run's images are then all unnamed. Nothing is
    // written yet when this fails (a store that is not there): not an upload failure.
    phase = "Cannot read the store";
    earlier = EarlierResult.find(store, videoId, spool.resolve("earlier"));
    phase = "Upload failed";
    if (uploads.isEmpty()) {
      return urls;
    }
    // Frames left per slide: a slide is processed once all its frames are stored.
    Map<Integer, AtomicInteger> remaining = new HashMap<>();
    for (Upload u : uploads) {
      remaining.computeIfAbsent(u.slide, k -> new AtomicInteger()).incrementAndGet();
    }
    int processed = total - remaining.size(); // slides made only of duplicates
    int threads = Math.min(options.uploadConcurrency(), uploads.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "slides-upload-" + videoId);
      t.setDaemon(true);
      return t;
    });
    try {
      ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(pool);
      String[] results = new String[uploads.size()];
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < uploads.size(); i++) {
        int index = i;
        Upload u = uploads.get(i);
        futures.add(done.submit(() -> {
          byte[] bytes = Files.readAllBytes(u.file);
          earlier.save(u.key);
          results[index] = store.put(u.key, bytes, "image/webp");
          return index;
        }));
      }
      for (int i = 0; i < uploads.size(); i++) {
        int index;
        try {
          index = done.take().get();
        } catch (ExecutionException e) {
          futures.forEach(f -> f.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException unchecked) {
            throw unchecked; // reported like any unexpected failure: no class names for users
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new IOException("Upload failed", cause);
        }
        Upload u = uploads.get(index);
        urls.put(urlKey(u.ref), results[index]);
        if (remaining.get(u.slide).decrementAndGet() == 0) {
          processed++;
          if (throttle.tryAcquire() || processed == total) {
            reportUpload(processed, total);
          }
        }
      }
      return urls;
    } finally {
      pool.shutdownNow();
      awaitWritesUnderWay(pool);
    }
  }

  /**
   * Waits for the upload threads to end after a failure or cancel, with the interrupt set
   * aside: a write that lands after the run has ended could replace an earlier image put back,
   * or one the next run of this id wrote.
   */
  private void awaitWritesUnderWay(ExecutorService pool) {
    withInterruptSetAside(() -> {
      if (!pool.awaitTermination(UPLOAD_STOP_SECONDS, TimeUnit.SECONDS)) {
        log.warn("Job {}: writes to {} still under way {} s after the upload stopped", videoId,
            store.describe(), UPLOAD_STOP_SECONDS);
      }
      return null;
    });
  }

  private void reportUpload(int processed, int total) {
    double percent = Progress.UPLOAD.at((double) processed / total);
    job.update(s -> s.withStatus(JobStatus.UPLOADING,
            "Processing slide " + processed + "/" + total)
        .withSlides(processed, total)
        .withPercent(percent));
  }

  /** The segments with every frame's URL filled in (a duplicate reuses its original's URL). */
  private List<SlideSegment> withUrls(Map<Long, String> urls) {
    List<SlideSegment> out = new ArrayList<>(segments.size());
    for (SlideSegment s : segments) {
      if (!s.isStatic()) {
        out.add(s);
        continue;
      }
      out.add(new SlideSegment(s.kind(), s.startTime(), s.endTime(), s.slideNumber(),
          withUrl(s.firstFrame(), new FrameRef(s.slideNumber(), FramePosition.FIRST), urls),
          withUrl(s.lastFrame(), new FrameRef(s.slideNumber(), FramePosition.LAST), urls)));
    }
    return out;
  }

  private static SlideFrame withUrl(SlideFrame frame, FrameRef self, Map<Long, String> urls) {
    FrameRef source = frame.duplicateOf() == null ? self : frame.duplicateOf();
    String url = urls.get(urlKey(source));
    if (url == null) {
      throw new IllegalStateException("No URL for frame " + source);
    }
    return frame.withUrl(url);
  }

  /** A frame's key among the URLs: its slide and whether it is the first or last frame. */
  private static long urlKey(FrameRef ref) {
    return (long) ref.segmentId() * FramePosition.values().length + ref.position().ordinal();
  }

  /** Stops the work once the thread is interrupted or the run was cancelled or replaced. */
  private void checkCancelled() {
    if (Thread.currentThread().isInterrupted() || !job.isActive()) {
      throw new Cancelled(); // the interrupt flag, if set, stays set for the caller
    }
  }

  private Path createSpool() throws IOException {
    String prefix = "slides-" + videoId + "-";
    Path parent = options.spoolDirectory();
    if (parent == null) {
      return Files.createTempDirectory(prefix);
    }
    Files.createDirectories(parent);
    return Files.createTempDirectory(parent, prefix);
  }

  private void deleteSpool() {
    if (spool == null) {
      return;
    }
    try {
      FileTree.delete(spool);
    } catch (IOException e) {
      log.debug("Cannot clean {}", spool, e);
    }
  }

  /** Thrown on the job's thread (or the image spool's) when it is interrupted or cancelled. */
  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled", null, false, false);
    }
  }
}
