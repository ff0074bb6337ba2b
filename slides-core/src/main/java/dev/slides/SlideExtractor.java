package dev.slides;

import dev.slides.internal.extract.ExtractionRun;
import dev.slides.internal.store.BlobKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Turns a video file into slides: WebP images of the first and last frame of every static
 * segment, and a manifest, published to a {@link BlobStore}.
 *
 * <pre>{@code
 * SlideExtractor extractor = SlideExtractor.create(store, ExtractionOptions.defaults());
 * JobTracker jobs = JobTracker.inMemory();
 * jobs.addListener((id, state) -> System.out.println(state.toJson()));
 * ExtractionResult result = extractor.extract("my-talk", Path.of("talk.mp4"), jobs);
 * System.out.println(result.slideCount() + " slides, manifest at " + result.manifestUrl());
 * }</pre>
 *
 * <p>Run again for an id whose result is in the store, an extraction writes its images over the
 * earlier ones (the keys are fixed), then its manifest; should it fail or be cancelled before its
 * manifest is in, it writes back the earlier images it replaced, read back just before each was
 * overwritten (a store without {@link BlobStore#read} gets no write-back).
 *
 * <p>Thread-safe: one extractor can run many jobs at once, each on the caller's thread.
 */
public final class SlideExtractor {
  private final BlobStore store;
  private final ExtractionOptions options;

  private SlideExtractor(BlobStore store, ExtractionOptions options) {
    this.store = Objects.requireNonNull(store, "store");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** An extractor publishing to {@code store} with {@code options}; neither may be null. */
  public static SlideExtractor create(BlobStore store, ExtractionOptions options) {
    return new SlideExtractor(store, options);
  }

  /** An extractor publishing to {@code store} with {@link ExtractionOptions#defaults()}. */
  public static SlideExtractor create(BlobStore store) {
    return create(store, ExtractionOptions.defaults());
  }

  /** The options every extraction of this extractor uses. */
  public ExtractionOptions options() {
    return options;
  }

  /** Where images and manifests are published. */
  public BlobStore store() {
    return store;
  }

  /**
   * Extracts the slides of {@code video}, reporting through {@code tracker}: the job goes
   * {@code pending}, {@code extracting} (with {@code frame_count} and {@code current_frame}),
   * {@code uploading} (with {@code slides_processed} and {@code total_slides}), then
   * {@code completed} with {@code metadata_uri}, or {@code failed} with a human {@code message}
   * and the {@code error}.
   * The job is created if the tracker does not know it, and run again if it had finished.
   * Interrupting the calling thread cancels the job (it fails with error {@code cancelled}).
   *
   * @throws ExtractionException when the job failed; the job is then {@code failed} too
   * @throws IllegalArgumentException when {@code videoId} is not a valid id (letters, digits,
   *     {@code _} and {@code -}, 1 to 64 characters)
   * @throws IllegalStateException when the tracker has a job of that id that is still running
   *     (two extractions would write the same keys): nothing is done
   */
  public ExtractionResult extract(String videoId, Path video, JobTracker tracker)
      throws ExtractionException {
    BlobKeys.requireValidVideoId(videoId);
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(tracker, "tracker");
    JobTracker.Creation creation = tracker.createOrRestart(videoId,
        JobState.of(JobStatus.PENDING, "Processing started"),
        state -> state.status().isTerminal());
    if (!creation.created()) {
      throw new IllegalStateException("Job " + videoId + " is already running ("
          + creation.state().status().wireName() + "): wait for it to finish or cancel it");
    }
    return new ExtractionRun(creation.run(), video, store, options, false).run();
  }

  /**
   * Extracts the slides of {@code video} as the given run of a job, which somebody else started
   * (a service that downloaded the video first). Never restarts the job: when the run is no
   * longer {@linkplain JobTracker.Run#isActive() active} (cancelled, restarted), the work stops
   * and the job is left as it is. Interrupting the calling thread cancels the job.
   *
   * @throws ExtractionException when the run failed or was cancelled
   */
  public ExtractionResult extract(JobTracker.Run run, Path video) throws ExtractionException {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(video, "video");
    return new ExtractionRun(run, video, store, options, true).run();
  }

  /**
   * Like {@link #extract(JobTracker.Run, Path)}, but takes the slide images from
   * {@code images} (another rendition of the same video, usually larger) while the analysis
   * runs on {@code video}: segments, keys and manifest are the same as with one file, the
   * images come at the other rendition's size (still at most
   * {@link ExtractionOptions#maxImageWidth()} wide). Should an image fail to come from
   * {@code images}, it and every later one are taken from {@code video}, and the job goes on.
   * The caller closes {@code images}.
   *
   * @throws ExtractionException when the run failed or was cancelled
   */
  public ExtractionResult extract(JobTracker.Run run, Path video, ImageSource images)
      throws ExtractionException {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(images, "images");
    return new ExtractionRun(run, video, store, options, true, images).run();
  }

  /** Extracts without anybody watching (a private tracker). */
  public ExtractionResult extract(String videoId, Path video) throws ExtractionException {
    return extract(videoId, video, JobTracker.inMemory());
  }

  /**
   * Where the slide images of an extraction come from when not from the video analysed: the same
   * video in another rendition, usually a larger one. YouTube, for one, offers a 360p rendition
   * that is quick to download and analyse, and a 1080p one that the slides read better from; only
   * the frames of the images need fetching from it. See
   * {@link #extract(JobTracker.Run, Path, ImageSource)}.
   *
   * <p>Times are those of the analysed video: both renditions must share one timeline (as the
   * renditions of one upload do). Called on a thread of the extraction's own (so that the
   * analysis goes on meanwhile), one image at a time, in the order of the slides; interrupted
   * when the job is cancelled.
   */
  public interface ImageSource extends AutoCloseable {
    /**
     * The frame shown at {@code seconds}, as a WebP image.
     *
     * @param maxWidth wider frames are scaled down to this width, keeping the aspect ratio
     * @param quality WebP quality, 0 to 100
     * @throws IOException when the frame cannot be had (or was decoded with errors: a damaged
     *     picture is no slide image); the extraction then takes this image and every later one
     *     from the analysed video instead
     */
    byte[] webpAt(double seconds, int maxWidth, int quality) throws IOException;

    @Override
    void close();
  }
}
