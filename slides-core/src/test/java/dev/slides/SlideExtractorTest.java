package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.testing.Canvas;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.ForwardingBlobStore;
import dev.slides.testing.GuardedStore;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.SampleLecture;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole pipeline on generated videos, publishing to an in-memory store. */
class SlideExtractorTest {
  static final int W = 640;
  static final int H = 360;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  static Path lecture;

  /** Red slide, blue slide, red slide again (the presenter goes back), then motion. */
  @BeforeAll
  static void writeLecture() throws IOException {
    lecture = SampleLecture.writeBackAndForth(shared.resolve("lecture.mp4"), W, H);
  }

  @Test
  void publishesImagesAndTheManifestInTheContractShape() throws Exception {
    InMemoryBlobStore store = new InMemoryBlobStore();
    JobTracker tracker = JobTracker.inMemory();
    ExtractionResult result = SlideExtractor.create(store).extract("vid_1", lecture, tracker);

    assertEquals(3, result.slideCount());
    assertEquals("memory:manifests/vid_1.json", result.manifestUrl());
    // Stored: 1-first (red), 1-last is a duplicate of 1-first, 2-first (blue); slide 3 repeats 1.
    assertEquals(Set.of("manifests/vid_1.json", "slides/vid_1/1-first.webp",
        "slides/vid_1/2-first.webp"), store.contents().keySet());

    JsonNode root = JSON.readTree(store.get("manifests/vid_1.json").orElseThrow().content());
    assertEquals(List.of("vid_1"), fieldNames(root));
    JsonNode video = root.get("vid_1");
    assertEquals(List.of("segments", "updated_at"), fieldNames(video));
    assertTrue(video.get("updated_at").asText().endsWith("+00:00"));
    OffsetDateTime.parse(video.get("updated_at").asText());

    JsonNode segments = video.get("segments");
    assertEquals(4, segments.size(), segments.toString());
    double previousEnd = 0;
    for (JsonNode s : segments) {
      assertEquals(previousEnd, s.get("start_time").asDouble(), 1e-9);
      assertEquals(s.get("end_time").asDouble() - s.get("start_time").asDouble(),
          s.get("duration").asDouble(), 1e-6);
      previousEnd = s.get("end_time").asDouble();
    }
    JsonNode first = segments.get(0);
    assertEquals(List.of("kind", "start_time", "end_time", "duration", "first_frame", "last_frame"),
        fieldNames(first));
    assertEquals("static", first.get("kind").asText());
    assertEquals(0.0, first.get("start_time").asDouble());
    JsonNode ff = first.get("first_frame");
    assertEquals(List.of("frame_id", "duplicate_of", "url"), fieldNames(ff));
    assertEquals("1-first.webp", ff.get("frame_id").asText());
    assertTrue(ff.get("duplicate_of").isNull());
    assertEquals("memory:slides/vid_1/1-first.webp", ff.get("url").asText());
    JsonNode fl = first.get("last_frame");
    assertEquals("1-last.webp", fl.get("frame_id").asText());
    assertEquals(1, fl.get("duplicate_of").get("segment_id").asInt());
    assertEquals("first", fl.get("duplicate_of").get("frame_position").asText());
    assertEquals(ff.get("url").asText(), fl.get("url").asText());

    JsonNode third = segments.get(2);
    assertEquals("static", third.get("kind").asText());
    assertEquals(8.0, third.get("start_time").asDouble(), 1.0);
    assertEquals("3-first.webp", third.get("first_frame").get("frame_id").asText());
    assertEquals(1, third.get("first_frame").get("duplicate_of").get("segment_id").asInt());
    assertEquals("memory:slides/vid_1/1-first.webp", third.get("first_frame").get("url").asText());
    assertEquals("memory:slides/vid_1/1-first.webp", third.get("last_frame").get("url").asText());

    JsonNode moving = segments.get(3);
    assertEquals(List.of("kind", "start_time", "end_time", "duration"), fieldNames(moving));
    assertEquals("moving", moving.get("kind").asText());
    assertEquals(15.0, moving.get("end_time").asDouble(), 0.2);

    assertEquals(2, result.duplicateSlides() + 1); // slide 3 repeats slide 1 (and 1-last too)
  }

  @Test
  void keepsColoursRight() throws Exception {
    InMemoryBlobStore store = new InMemoryBlobStore();
    SlideExtractor.create(store).extract("colours", lecture);
    byte[] red = store.get("slides/colours/1-first.webp").orElseThrow().content();
    byte[] blue = store.get("slides/colours/2-first.webp").orElseThrow().content();
    assertTrue(DecodedImage.isWebp(red));
    DecodedImage r = DecodedImage.decode(red);
    DecodedImage b = DecodedImage.decode(blue);
    assertEquals(W, r.width);
    assertEquals(H, r.height);
    int[] rc = r.rgb(W / 2, H / 2);
    int[] bc = b.rgb(W / 2, H / 2);
    assertTrue(rc[0] > 220 && rc[1] < 40 && rc[2] < 40, "red came out as " + List.of(rc[0], rc[1], rc[2]));
    assertTrue(bc[2] > 220 && bc[0] < 40 && bc[1] < 40, "blue came out as " + List.of(bc[0], bc[1], bc[2]));
  }

  @Test
  void capsTheImageWidth() throws Exception {
    InMemoryBlobStore store = new InMemoryBlobStore();
    SlideExtractor.create(store, ExtractionOptions.builder().maxImageWidth(320).build())
        .extract("small", lecture);
    DecodedImage image = DecodedImage.decode(
        store.get("slides/small/1-first.webp").orElseThrow().content());
    assertEquals(320, image.width);
    assertEquals(180, image.height);
  }

  @Test
  void drivesTheJobThroughEveryPhaseInOrder() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    List<JobState> seen = Collections.synchronizedList(new ArrayList<>());
    tracker.addListener((id, state) -> seen.add(state));
    SlideExtractor.create(new InMemoryBlobStore()).extract("phases", lecture, tracker);

    List<JobStatus> order = new ArrayList<>();
    for (JobState s : seen) {
      if (order.isEmpty() || order.get(order.size() - 1) != s.status()) {
        order.add(s.status());
      }
    }
    assertEquals(List.of(JobStatus.PENDING, JobStatus.EXTRACTING, JobStatus.UPLOADING,
        JobStatus.COMPLETED), order);
    long previousVersion = 0;
    int previousFrame = -1;
    for (JobState s : seen) {
      assertTrue(s.version() > previousVersion);
      previousVersion = s.version();
      if (s.status() == JobStatus.EXTRACTING && s.currentFrame() != null) {
        assertTrue(s.currentFrame() >= previousFrame);
        previousFrame = s.currentFrame();
        assertNotNull(s.frameCount());
      }
      if (s.status() == JobStatus.UPLOADING) {
        assertEquals(3, s.totalSlides());
        assertNotNull(s.slidesProcessed());
      }
    }
    JobState last = seen.get(seen.size() - 1);
    assertEquals(JobStatus.COMPLETED, last.status());
    assertEquals("memory:manifests/phases.json", last.metadataUri());
    assertEquals(60, last.frameCount()); // 15 s at 4 samples per second
    assertNull(last.error());
    assertEquals(100.0, last.percent());
    assertEquals(3, seen.stream().filter(s -> s.status() == JobStatus.UPLOADING)
        .map(JobState::slidesProcessed).filter(n -> n != null && n == 3).count() > 0 ? 3 : 0);
  }

  @Test
  void boundsProgressUpdatesToAboutTenASecond() throws Exception {
    Path longer = LectureVideo.builder(320, 180, 5)
        .slide(Slides.bullets(320, 180, 1, "A", 2), 60)
        .slide(Slides.bullets(320, 180, 2, "B", 2), 60)
        .write(shared.resolve("long.mp4"));
    JobTracker tracker = JobTracker.inMemory();
    List<Long> extractingAt = Collections.synchronizedList(new ArrayList<>());
    tracker.addListener((id, s) -> {
      if (s.status() == JobStatus.EXTRACTING && s.currentFrame() != null && s.currentFrame() > 0) {
        extractingAt.add(System.nanoTime());
      }
    });
    long start = System.nanoTime();
    SlideExtractor.create(new InMemoryBlobStore()).extract("rate", longer, tracker);
    double seconds = (System.nanoTime() - start) / 1e9;
    // One per 100 ms at most, plus the closing one.
    assertTrue(extractingAt.size() <= seconds * 10 + 2,
        extractingAt.size() + " updates in " + seconds + " s");
    assertFalse(extractingAt.isEmpty());
  }

  @Test
  void subtitledSlidesKeepTheirPicturesThoughTheyAreHeldBackAndMerged() throws Exception {
    // A subtitle line every 2.5 s under two slides: the detector holds the slides the first
    // lines make back (up to 9.5 s) and merges them once the band is known; the pipeline
    // must still have the merged slides' first and last pictures to publish.
    Path video = LectureVideo.builder(W, H, 10)
        .scene(15, SegmentDetectorCasesTest.subtitles(Slides.bullets(W, H, 1, "One", 3), 1, 0,
            2.5, 0))
        .scene(15, SegmentDetectorCasesTest.subtitles(Slides.dark(W, H, 2, "Two", 3), 2, 15,
            2.5, 0))
        .write(shared.resolve("subtitled.mp4"));
    InMemoryBlobStore store = new InMemoryBlobStore();
    ExtractionResult result = SlideExtractor.create(store).extract("subtitled", video);
    assertEquals(2, result.slideCount());
    JsonNode segments = JSON.readTree(store.get("manifests/subtitled.json").orElseThrow()
        .content()).get("subtitled").get("segments");
    assertEquals(2, segments.size(), segments.toString());
    assertEquals(15.0, segments.get(1).get("start_time").asDouble(), 0.5, segments.toString());
    for (JsonNode s : segments) {
      for (String frame : List.of("first_frame", "last_frame")) {
        String url = s.get(frame).get("url").asText();
        assertTrue(store.get(url.substring("memory:".length())).isPresent(), url);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {2, 4})
  void anOverlayThatComesAndGoesLeavesItsSlideAsItWas(double rate) throws Exception {
    // A name caption slides in over slide 2 and out again 5 s later; a notification fades in
    // over slide 3 and out 4 s later. Each overlay continues its slide: four slides, none
    // shown again, and the deck never shows an overlay, as each slide's last frame is the
    // slide as it was before the overlay came (its own first frame again). Until round 23 the
    // slide after the overlay was a new slide, marked as shown again (six slides, two again).
    Canvas two = Slides.bullets(W, H, 2, "Two", 3);
    Canvas three = Slides.bullets(W, H, 3, "Three", 3);
    Path video = LectureVideo.builder(W, H, 10)
        .slide(Slides.bullets(W, H, 1, "One", 3), 4.3)
        .scene(12, lowerThird(two, 3, 5))
        .scene(12, toast(three, 3, 4))
        .slide(Slides.bullets(W, H, 4, "Four", 3), 4)
        .write(shared.resolve("overlays-" + rate + ".mp4"));
    InMemoryBlobStore store = new InMemoryBlobStore();
    ExtractionOptions options = ExtractionOptions.builder()
        .sampling(SamplingOptions.builder().samplesPerSecond(rate).build()).build();
    ExtractionResult result = SlideExtractor.create(store, options).extract("overlays", video);

    JsonNode segments = JSON.readTree(store.get("manifests/overlays.json").orElseThrow()
        .content()).get("overlays").get("segments");
    List<JsonNode> slides = new ArrayList<>();
    segments.forEach(s -> {
      if (s.get("kind").asText().equals("static")) {
        slides.add(s);
      }
    });
    assertEquals(4, slides.size(), segments.toString());
    double[] starts = {0, 4.3, 16.3, 28.3};
    for (int i = 0; i < starts.length; i++) {
      assertEquals(starts[i], slides.get(i).get("start_time").asDouble(), 0.6,
          segments.toString());
    }
    for (int n : new int[] {2, 3}) {
      JsonNode last = slides.get(n - 1).get("last_frame").get("duplicate_of");
      assertEquals(n, last.get("segment_id").asInt(), segments.toString());
      assertEquals("first", last.get("frame_position").asText(), segments.toString());
    }
    // No frame repeats another slide's.
    for (int n = 1; n <= slides.size(); n++) {
      for (String frame : List.of("first_frame", "last_frame")) {
        JsonNode dup = slides.get(n - 1).get(frame).get("duplicate_of");
        assertTrue(dup.isNull() || dup.get("segment_id").asInt() == n, segments.toString());
      }
    }
    assertEquals(4, result.slideCount());
    assertEquals(0, result.duplicateSlides(), segments.toString());
  }

  @Test
  void aSlideWhoseLastFrameRepeatsAnEarlierSlideIsShownAgain() {
    // Content over a slide that leaves it but is no overlay (a panel over half the frame, ink
    // cleared) makes the slide without it a new slide, whose first frame may still show the
    // content on its way out while its last frame repeats the slide from before: shown again.
    // A last frame repeating its own slide's first frame is a slide without builds.
    SlideFrame.FrameRef oneFirst = new SlideFrame.FrameRef(1, FramePosition.FIRST);
    SlideFrame.FrameRef twoFirst = new SlideFrame.FrameRef(2, FramePosition.FIRST);
    List<SlideSegment> segments = List.of(
        new SlideSegment(SegmentKind.STATIC, 0, 4, 1, new SlideFrame("1-first", null, "a"),
            new SlideFrame("1-last", oneFirst, null)),
        new SlideSegment(SegmentKind.STATIC, 4, 9, 2, new SlideFrame("2-first", null, "b"),
            new SlideFrame("2-last", null, "c")),
        new SlideSegment(SegmentKind.STATIC, 9, 16, 3, new SlideFrame("3-first", null, "d"),
            new SlideFrame("3-last", twoFirst, null)));
    ExtractionResult result = new ExtractionResult("v", "u", segments, 16, 16,
        java.time.Duration.ZERO, 0, 16, List.of());
    assertEquals(1, result.duplicateSlides());
    assertEquals(2, result.duplicateFrames());
  }

  /**
   * A name caption (a dark box with two lines) sliding in from the left edge at {@code in}
   * seconds into the scene over 0.5 s, staying {@code stay} seconds and sliding out again.
   */
  static DoubleFunction<Canvas> lowerThird(Canvas slide, double in, double stay) {
    return lowerThirdAt(slide, in, stay, 72);
  }

  /** As {@link #lowerThird}, with the box's top at {@code topPercent} % of the height. */
  static DoubleFunction<Canvas> lowerThirdAt(Canvas slide, double in, double stay,
      int topPercent) {
    int bw = W * 45 / 100;
    int bh = H * 14 / 100;
    Canvas box = new Canvas(bw, bh).fill(0x103070);
    box.rect(0, 0, 6, bh, 0xF0A020);
    box.text(16, 8, 3, "Dr Ada Byron", 0xFFFFFF);
    box.text(16, 34, 2, "University of Somewhere", 0xD0D0FF);
    return t -> {
      double shown; // the part of the box's width in the frame
      if (t < in || t >= in + stay + 1) {
        return slide;
      } else if (t < in + 0.5) {
        shown = (t - in) / 0.5;
      } else if (t < in + 0.5 + stay) {
        shown = 1;
      } else {
        shown = 1 - (t - in - 0.5 - stay) / 0.5;
      }
      int x = (int) Math.round(20 - (bw + 20) * (1 - shown));
      return slide.copy().paste(box, x, H * topPercent / 100);
    };
  }

  /**
   * A notification (a dark box with two lines) at the top right, fading in over 0.3 s at
   * {@code in} seconds into the scene, staying {@code stay} seconds and fading out.
   */
  static DoubleFunction<Canvas> toast(Canvas slide, double in, double stay) {
    return toastAt(slide, in, stay, W - W * 30 / 100 - 10, 10);
  }

  /** As {@link #toast}, with the box's top left corner at {@code x}, {@code y}. */
  static DoubleFunction<Canvas> toastAt(Canvas slide, double in, double stay, int x, int y) {
    int bw = W * 30 / 100;
    int bh = H * 12 / 100;
    Canvas box = new Canvas(bw, bh).fill(0x303030);
    box.text(10, 8, 2, "New message", 0xFFFFFF);
    box.text(10, 28, 1, "from someone about something", 0xC0C0C0);
    Canvas full = slide.copy().paste(box, x, y);
    return t -> {
      if (t < in || t >= in + stay + 0.6) {
        return slide;
      } else if (t < in + 0.3) {
        return slide.copy().blend(full, (t - in) / 0.3);
      } else if (t < in + 0.3 + stay) {
        return full;
      }
      return slide.copy().blend(full, 1 - (t - in - 0.3 - stay) / 0.3);
    };
  }

  @Test
  void aVideoWithoutSlidesStillGetsAManifest() throws Exception {
    Path motion = LectureVideo.builder(320, 180, 10).motion(4)
        .write(shared.resolve("motion.mp4"));
    InMemoryBlobStore store = new InMemoryBlobStore();
    JobTracker tracker = JobTracker.inMemory();
    ExtractionResult result = SlideExtractor.create(store).extract("nomotion", motion, tracker);
    assertEquals(0, result.slideCount());
    JsonNode root = JSON.readTree(store.get("manifests/nomotion.json").orElseThrow().content());
    JsonNode segments = root.get("nomotion").get("segments");
    assertEquals(1, segments.size());
    assertEquals("moving", segments.get(0).get("kind").asText());
    JobState done = tracker.get("nomotion").orElseThrow();
    assertEquals(JobStatus.COMPLETED, done.status());
    assertEquals("No static segments detected", done.message());
    assertEquals("memory:manifests/nomotion.json", done.metadataUri());
  }

  @Test
  void aVideoWithoutADeclaredLengthLastsAsLongAsItsFrames() throws Exception {
    // What `ffmpeg ... -f matroska - | slides extract -` hands over: no Duration element.
    Path piped = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "One", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "Two", 2), 3)
        .streamed()
        .write(shared.resolve("piped.mkv"));
    InMemoryBlobStore store = new InMemoryBlobStore();
    ExtractionResult result = SlideExtractor.create(store)
        .extract("piped", piped, JobTracker.inMemory());
    assertEquals(2, result.slideCount());
    // The last sample is at most a sampling step (0.25 s) before the last frame's end.
    assertTrue(result.durationSeconds() >= 5.5 && result.durationSeconds() <= 6,
        "length " + result.durationSeconds());
    assertEquals(result.durationSeconds(), result.analysedToSeconds());
    assertFalse(result.isPartial());
  }

  @Test
  void aVideoWithoutADeclaredLengthHasItsFrameCountFromItsPacketsFromTheStart()
      throws Exception {
    // A keyframe a second: the video is split into chunks, whose packets are all indexed
    // first and so give the length the file does not declare.
    Path piped = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "One", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "Two", 2), 3)
        .gop(10)
        .streamed()
        .write(shared.resolve("piped-chunks.mkv"));
    JobTracker tracker = JobTracker.inMemory();
    List<JobState> analysing = Collections.synchronizedList(new ArrayList<>());
    tracker.addListener((id, s) -> {
      if (s.status() == JobStatus.EXTRACTING && s.currentFrame() != null) {
        analysing.add(s);
      }
    });
    SlideExtractor.create(new InMemoryBlobStore()).extract("piped-chunks", piped, tracker);
    // 6 s at 4 samples a second, known before the first frame: percent grows with the frames
    // rather than reading 85 % (the end of the analysis) from the first one.
    assertFalse(analysing.isEmpty());
    for (JobState s : analysing) {
      assertEquals(24, s.frameCount(), s.message());
      assertEquals(85 * s.currentFrame() / 24.0, s.percent(), 1e-9, s.message());
    }
  }

  @Test
  void theLastAnalysisMessageCountsTheSlidesInWords() throws Exception {
    Path one = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "Only", 2), 3)
        .write(shared.resolve("one-slide.mp4"));
    JobTracker tracker = JobTracker.inMemory();
    List<String> analysing = Collections.synchronizedList(new ArrayList<>());
    List<String> uploading = Collections.synchronizedList(new ArrayList<>());
    tracker.addListener((id, s) -> {
      if (s.status() == JobStatus.EXTRACTING && s.message().startsWith("Analyzing frames")) {
        analysing.add(s.message());
      } else if (s.status() == JobStatus.UPLOADING && s.message().startsWith("Uploading")) {
        uploading.add(s.message());
      }
    });
    SlideExtractor.create(new InMemoryBlobStore()).extract("one-slide", one, tracker);
    String last = analysing.get(analysing.size() - 1);
    assertTrue(last.startsWith("Analyzing frames: 1 slide so far, frame "), last);
    assertEquals(List.of("Uploading 1 slide"), uploading);
    assertEquals("Frame extraction completed: 1 slide",
        tracker.get("one-slide").orElseThrow().message());
  }

  @Test
  void anAnalysisOfUnknownLengthDoesNotClaimToBeDoneBeforeItIs() throws Exception {
    // One keyframe: nothing to split or index, so no length until the frames run out.
    Path piped = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "One", 2), 6)
        .gop(1000)
        .streamed()
        .write(shared.resolve("piped-one-gop.mkv"));
    JobTracker tracker = JobTracker.inMemory();
    List<JobState> analysing = Collections.synchronizedList(new ArrayList<>());
    tracker.addListener((id, s) -> {
      if (s.status() == JobStatus.EXTRACTING && s.currentFrame() != null) {
        analysing.add(s);
      }
    });
    ExtractionOptions everyFrame = ExtractionOptions.builder()
        .progressInterval(java.time.Duration.ZERO).build(); // a report per frame
    SlideExtractor.create(new InMemoryBlobStore(), everyFrame)
        .extract("piped-one-gop", piped, tracker);
    assertTrue(analysing.size() >= 24, analysing.size() + " reports"); // one a frame
    JobState last = analysing.get(analysing.size() - 1);
    assertEquals(24, last.frameCount()); // the total, once the frames ran out
    assertEquals(24, last.currentFrame());
    assertEquals(85.0, last.percent());
    for (JobState s : analysing.subList(0, analysing.size() - 1)) {
      assertNull(s.frameCount(), s.message()); // unknown, not "frame 1/1"
      assertEquals(0.0, s.percent(), s.message()); // the analysis' start, not 85 %
      assertFalse(s.message().contains("/"), s.message());
    }
  }

  @Test
  void aStartAfterTheEndOfTheVideoFailsTheJobWithBothTimes() throws Exception {
    InMemoryBlobStore store = new InMemoryBlobStore();
    JobTracker tracker = JobTracker.inMemory();
    ExtractionOptions options = ExtractionOptions.builder().detector(
        DetectorOptions.builder().start(java.time.Duration.ofMinutes(10)).build()).build();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(store, options).extract("late", lecture, tracker));
    assertTrue(e.getMessage().startsWith("Nothing to analyse: the analysis starts at 600.0 s,"
        + " but the video ends at "), e.getMessage());
    assertEquals(JobStatus.FAILED, tracker.get("late").orElseThrow().status());
    assertFalse(store.contents().containsKey("manifests/late.json"));
  }

  /** A start within the last sample interval said "starts at 14.9 s, but ... ends at 15.0 s". */
  @Test
  void aStartJustBeforeTheEndSaysItIsTooCloseToIt() throws Exception {
    ExtractionOptions options = ExtractionOptions.builder().detector(
        DetectorOptions.builder().start(java.time.Duration.ofMillis(14_920)).build()).build();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(new InMemoryBlobStore(), options).extract("late", lecture,
            JobTracker.inMemory()));
    assertTrue(e.getMessage().startsWith("Nothing to analyse: the analysis starts at 14.92 s,"
        + " too close to the end of the video ("), e.getMessage());
  }

  @Test
  void failingStorageFailsTheJobAndLeavesNoManifest() throws Exception {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    BlobStore failing = new GuardedStore(inner, key -> {
      if (key.endsWith("2-first.webp")) {
        throw new IOException("Storage refused " + key + ": quota exceeded");
      }
    });
    JobTracker tracker = JobTracker.inMemory();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(failing).extract("broken", lecture, tracker));
    assertEquals("Upload failed", e.summary());
    JobState state = tracker.get("broken").orElseThrow();
    assertEquals(JobStatus.FAILED, state.status());
    assertEquals("Upload failed", state.message());
    assertTrue(state.error().contains("quota exceeded"), state.error());
    assertFalse(inner.contents().containsKey("manifests/broken.json"));
  }

  @Test
  void aStoreThatCannotBeReadFailsTheJobAsThatNotAsAnUpload() throws Exception {
    // The earlier manifest is looked up before the first write: a store that is not there
    // fails at that look-up, and "Upload failed" would send the reader to the wrong place.
    InMemoryBlobStore inner = new InMemoryBlobStore();
    BlobStore unreachable = new ForwardingBlobStore(inner) {
      @Override
      public Optional<byte[]> read(String key) throws IOException {
        throw new IOException("Cannot reach S3 to read " + key + ": Connection refused");
      }
    };
    JobTracker tracker = JobTracker.inMemory();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(unreachable).extract("away", lecture, tracker));
    assertEquals("Cannot read the store", e.summary());
    assertEquals("Cannot reach S3 to read manifests/away.json: Connection refused",
        e.getMessage());
    JobState state = tracker.get("away").orElseThrow();
    assertEquals(JobStatus.FAILED, state.status());
    assertEquals("Cannot read the store", state.message());
    assertEquals(Map.of(), inner.contents(), "nothing was written");
  }

  @Test
  void aStoreThatThrowsAnUncheckedExceptionShowsNoClassNamesInTheJob() throws Exception {
    // A store's own bug (or the file store refusing a key through a link) must read like any
    // other unexpected failure, not as "Upload failed: java.lang.IllegalStateException: ...".
    InMemoryBlobStore inner = new InMemoryBlobStore();
    BlobStore failing = new GuardedStore(inner, key -> {
      if (key.endsWith(".webp")) {
        throw new IllegalStateException("pool state 7 at /srv/internal/path");
      }
    });
    JobTracker tracker = JobTracker.inMemory();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(failing).extract("unchecked", lecture, tracker));
    assertEquals("Upload failed", e.summary());
    JobState state = tracker.get("unchecked").orElseThrow();
    assertEquals(JobStatus.FAILED, state.status());
    assertEquals("Internal error while processing the video", state.error());
    assertFalse(inner.contents().containsKey("manifests/unchecked.json"));
  }

  @Test
  void interruptingTheThreadCancelsTheJob() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    tracker.addListener((id, s) -> {
      if (s.status() == JobStatus.EXTRACTING && s.currentFrame() != null && s.currentFrame() > 0) {
        Thread.currentThread().interrupt();
      }
    });
    InMemoryBlobStore store = new InMemoryBlobStore();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(store).extract("cancel", lecture, tracker));
    assertTrue(Thread.interrupted()); // the flag is kept for the caller; clear it
    assertEquals("cancelled", e.getMessage());
    assertEquals(JobStatus.FAILED, tracker.get("cancel").orElseThrow().status());
    assertEquals("cancelled", tracker.get("cancel").orElseThrow().error());
    assertFalse(store.contents().containsKey("manifests/cancel.json"));
  }

  /**
   * Interrupted as the analysis starts, while the keyframes are screened: still a cancellation
   * (error "cancelled"), not a failure to read the video.
   */
  @Test
  void interruptingTheThreadAsTheAnalysisStartsCancelsTheJob() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    tracker.addListener((id, s) -> {
      if (s.status() == JobStatus.EXTRACTING && s.currentFrame() == null) {
        Thread.currentThread().interrupt();
      }
    });
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(new InMemoryBlobStore()).extract("early", lecture, tracker));
    assertTrue(Thread.interrupted()); // the flag is kept for the caller; clear it
    JobState state = tracker.get("early").orElseThrow();
    assertEquals("Job cancelled", state.message());
    assertEquals("cancelled", state.error());
    assertEquals("cancelled", e.getMessage());
  }

  @Test
  void rejectsHostileIds() {
    SlideExtractor extractor = SlideExtractor.create(new InMemoryBlobStore());
    for (String id : List.of("../x", "a/b", "", "x".repeat(65), "a b", "..")) {
      assertThrows(IllegalArgumentException.class, () -> extractor.extract(id, lecture));
    }
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  @SuppressWarnings("unused")
  private static Set<String> sorted(Map<String, ?> map) {
    return new TreeSet<>(map.keySet());
  }

  @Test
  void imagesWaitInTheConfiguredSpoolFolderAndAreGoneAfterwards() throws Exception {
    Path spool = Files.createDirectories(shared.resolve("spool"));
    List<String> spooled = Collections.synchronizedList(new ArrayList<>());
    InMemoryBlobStore memory = new InMemoryBlobStore();
    BlobStore watching = new BlobStore() {
      @Override
      public String put(String key, byte[] content, String contentType) throws IOException {
        try (var files = Files.walk(spool)) {
          files.filter(Files::isRegularFile)
              .forEach(f -> spooled.add(spool.relativize(f).toString()));
        }
        return memory.put(key, content, contentType);
      }

      @Override
      public Optional<String> find(String key) {
        return memory.find(key);
      }
    };
    SlideExtractor.create(watching, ExtractionOptions.builder().spoolDirectory(spool).build())
        .extract("spooled", lecture);
    assertTrue(spooled.stream().anyMatch(f -> f.matches("slides-spooled-[^/]+/1-first\\.webp")),
        spooled.toString());
    try (var left = Files.list(spool)) {
      assertEquals(0, left.count(), "the job's folder is deleted");
    }
  }

  @Test
  void aResultCannotBeChangedAfterTheFact() throws Exception {
    ExtractionResult result = SlideExtractor.create(new InMemoryBlobStore())
        .extract("fixed", lecture);
    assertThrows(UnsupportedOperationException.class, () -> result.segments().clear());
    List<SlideSegment> given = new ArrayList<>(result.segments());
    ExtractionResult copy = new ExtractionResult(result.videoId(), result.manifestUrl(), given,
        result.samples(), result.durationSeconds(), result.elapsed(),
        result.analysedFromSeconds(), result.analysedToSeconds(), result.warnings());
    given.clear();
    assertEquals(3, copy.slideCount(), "the result keeps its own copy of the segments");
  }

  @Test
  void extractingAnIdThatIsStillRunningFailsFastAndLeavesThatJobAlone() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    JobTracker.Run running = tracker.createIfAbsent("busy",
        JobState.of(JobStatus.PENDING, "Processing started")).run();
    JobState extracting = running.update(s -> s.withStatus(JobStatus.EXTRACTING, "Analyzing"));
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor extractor = SlideExtractor.create(memory);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> extractor.extract("busy", lecture, tracker));
    assertTrue(e.getMessage().contains("busy") && e.getMessage().contains("extracting"),
        e.getMessage());
    assertEquals(extracting, tracker.get("busy").orElseThrow(), "the running job was left alone");
    assertTrue(running.isActive());
    assertTrue(memory.contents().isEmpty(), "nothing was written under its keys");

    // Once that job has finished, the same id is extracted again as a new run.
    running.update(s -> s.withStatus(JobStatus.FAILED, "Job cancelled").withError("cancelled"));
    assertEquals(3, extractor.extract("busy", lecture, tracker).slideCount());
    assertEquals(JobStatus.COMPLETED, tracker.get("busy").orElseThrow().status());
  }

  @Test
  void imagesThatStopComingFromTheImageSourceComeFromTheVideoAndTheResultSaysSo()
      throws Exception {
    byte[] fromSource = {'R', 'I', 'F', 'F'};
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    SlideExtractor.ImageSource failingAfterOne = new SlideExtractor.ImageSource() {
      @Override
      public byte[] webpAt(double seconds, int maxWidth, int quality) throws IOException {
        if (asked.incrementAndGet() > 1) {
          throw new IOException("HTTP 503 from the other rendition");
        }
        return fromSource;
      }

      @Override
      public void close() {}
    };
    JobTracker tracker = JobTracker.inMemory();
    JobTracker.Run run = tracker.createIfAbsent("mixed",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    InMemoryBlobStore memory = new InMemoryBlobStore();
    ExtractionResult result = SlideExtractor.create(memory).extract(run, lecture,
        failingAfterOne);
    assertEquals(JobStatus.COMPLETED, tracker.get("mixed").orElseThrow().status());
    assertEquals(2, asked.get(), "the source is not asked again once it failed");
    assertEquals(1, result.warnings().size(), result.warnings().toString());
    assertTrue(result.warnings().get(0).matches("the images from \\d+\\.\\d s on come from the"
        + " analysed video, not the larger rendition \\(HTTP 503 from the other rendition\\)"),
        result.warnings().get(0));
    assertTrue(java.util.Arrays.equals(fromSource,
        memory.read("slides/mixed/1-first.webp").orElseThrow()), "the first image is the source's");
    assertTrue(DecodedImage.isWebp(memory.read("slides/mixed/2-first.webp").orElseThrow()),
        "later ones are the video's");
  }

  @Test
  void aRunThatIsNoLongerActiveIsNotExtractedNorRestarted() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    JobTracker.Run run = tracker.createIfAbsent("gone",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    JobState cancelled = tracker.update("gone", s -> s.withStatus(JobStatus.FAILED, "Job cancelled")
        .withError("cancelled"));
    InMemoryBlobStore memory = new InMemoryBlobStore();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(memory).extract(run, lecture));
    assertEquals("cancelled", e.getMessage());
    assertEquals(cancelled, tracker.get("gone").orElseThrow(), "the job was left as it was");
    assertTrue(memory.contents().isEmpty());
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void aRunThatWasReplacedMidWayStopsAndLeavesTheNewRunAlone() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    BlobStore slow = new BlobStore() {
      @Override
      public String put(String key, byte[] content, String contentType) {
        entered.countDown();
        boolean interrupted = false;
        while (release.getCount() > 0) { // like a vendor call that ignores interrupts
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        return memory.put(key, content, contentType);
      }

      @Override
      public Optional<String> find(String key) {
        return memory.find(key);
      }
    };
    JobTracker tracker = JobTracker.inMemory();
    JobTracker.Run first = tracker.createIfAbsent("x",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    java.util.concurrent.ExecutorService worker =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<ExtractionResult> old = worker.submit(() ->
          SlideExtractor.create(slow, ExtractionOptions.builder().uploadConcurrency(1).build())
              .extract(first, lecture));
      assertTrue(entered.await(60, java.util.concurrent.TimeUnit.SECONDS));
      // Meanwhile the job was started again (as a re-POST after a cancel does).
      JobTracker.Run second = tracker.createOrRestart("x",
          JobState.of(JobStatus.PENDING, "Job initialized"), s -> true).run();
      JobState fresh = tracker.get("x").orElseThrow();
      release.countDown();
      java.util.concurrent.ExecutionException e = assertThrows(
          java.util.concurrent.ExecutionException.class,
          () -> old.get(60, java.util.concurrent.TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof ExtractionException, e.getCause().toString());
      assertEquals(fresh, tracker.get("x").orElseThrow(), "the old run changed nothing");
      assertTrue(second.isActive());
      assertFalse(memory.find("manifests/x.json").isPresent(), "no manifest of the old run");
    } finally {
      worker.shutdownNow();
    }
  }
}
