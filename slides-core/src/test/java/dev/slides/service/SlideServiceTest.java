package dev.slides.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.ExtractionOptions;
import dev.slides.InMemoryBlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.SlideExtractor;
import dev.slides.internal.service.FileJobRecords;
import dev.slides.internal.service.InMemoryJobQueue;
import dev.slides.internal.store.BlobKeys;
import dev.slides.testing.FaultyHttpServer.StallAfter;
import dev.slides.testing.FaultyHttpServer.Works;
import dev.slides.testing.FaultyHttpServer;
import dev.slides.testing.Await;
import dev.slides.testing.ForwardingJobQueue;
import dev.slides.testing.JobEnds;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.SettableClock;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs run by the service against a slow video server on loopback. */
class SlideServiceTest {
  @TempDir static Path videos;
  static byte[] twoSlides;
  static byte[] threeSlides;

  @TempDir Path data;
  FaultyHttpServer cdn;
  InMemoryBlobStore store;
  SlideService service;
  final List<JobState> seen = new CopyOnWriteArrayList<>();
  /** The service's node id, as with Redis; none by default. */
  String nodeId;
  /** The clock the service's retentions go by; the system's when null. */
  Clock clock;
  /** How long the service keeps finished jobs; its default when null. */
  Duration finishedJobRetention;
  /** How long the service keeps downloads; at once when null. */
  Duration downloadRetention;

  @BeforeAll
  static void writeVideos() throws Exception {
    twoSlides = Files.readAllBytes(LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "One", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "Two", 2), 3)
        .write(videos.resolve("two.mp4")));
    threeSlides = Files.readAllBytes(LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "A", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "B", 2), 3)
        .slide(Slides.bullets(320, 180, 3, "C", 2), 3)
        .write(videos.resolve("three.mp4")));
  }

  @BeforeEach
  void start() throws Exception {
    cdn = FaultyHttpServer.start();
    store = new InMemoryBlobStore();
    service = service(null);
  }

  SlideService service(Path records) throws IOException {
    return service(records, JobTracker.inMemory());
  }

  SlideService service(Path records, JobTracker tracker) throws IOException {
    return service(records, tracker, null);
  }

  SlideService service(Path records, JobTracker tracker, JobQueue queue) throws IOException {
    tracker.addListener((id, state) -> seen.add(state));
    SlideService.Builder b = SlideService.builder(SlideExtractor.create(store,
            ExtractionOptions.builder().spoolDirectory(data.resolve("spool")).build()))
        .tracker(tracker)
        .videoSource(id -> URI.create(cdn.url("/" + id + ".mp4")))
        .allowedNetworks("127.0.0.0/8")
        // Stalls are never timed out here: whatever ends a connection, it is not that timeout.
        .downloadStallTimeout(Duration.ofMinutes(5))
        .queueCapacity(10)
        .downloadDirectory(data.resolve("downloads"))
        .progressInterval(Duration.ZERO)
        .storeLookupTimeout(Duration.ofSeconds(5))
        .nodeId(nodeId);
    if (records != null) {
      b.jobRecords(records);
    }
    if (queue != null) {
      b.queue(queue);
    }
    if (clock != null) {
      b.clock(clock);
    }
    if (finishedJobRetention != null) {
      b.finishedJobRetention(finishedJobRetention);
    }
    if (downloadRetention != null) {
      b.downloadRetention(downloadRetention);
    }
    return b.build().start();
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
    cdn.close();
  }

  JobState state(String id) {
    return service.tracker().get(id).orElseThrow();
  }

  /** Waits (on the tracker's notifications, not a clock) until the job ends. */
  JobState awaitEnd(String id) throws Exception {
    return JobEnds.await(service.tracker(), id);
  }

  @Test
  void aQueueThatCouldHoldNoJobIsRefusedWhenConfigured() {
    SlideService.Builder b = SlideService.builder(SlideExtractor.create(store));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> b.queueCapacity(0));
    assertEquals("queueCapacity must be at least 1 (every job waits in the queue before a"
        + " worker takes it), got 0", e.getMessage());
  }

  @Test
  void aYtDlpThatIsNotThereFailsTheJobSayingHowToNameIt() throws Exception {
    service.close();
    Path missing = data.resolve("no-such-yt-dlp");
    service = SlideService.builder(SlideExtractor.create(store))
        .videoSource(VideoSource.ytDlp(missing))
        .downloadDirectory(data.resolve("downloads"))
        .build().start();
    service.submitYouTube("abc").get();
    JobState end = awaitEnd("abc");
    assertEquals(JobStatus.FAILED, end.status());
    assertEquals("yt-dlp is not available at \"" + missing + "\": there is no such program"
        + " (install it, or name its path: SLIDES_YTDLP_PATH or --yt-dlp for the server,"
        + " VideoSource.ytDlp(path) in the library)", end.error());
  }

  @Test
  void aJobClaimedJustAsTheServiceDrainsIsGivenBackNotRun() throws Exception {
    // The worker is already waiting in claim() when the drain comes, and the job arrives then.
    InMemoryJobQueue inner = new InMemoryJobQueue(10);
    CountDownLatch claiming = new CountDownLatch(1);
    CountDownLatch drained = new CountDownLatch(1);
    CountDownLatch decided = new CountDownLatch(1);
    List<String> outcome = new CopyOnWriteArrayList<>();
    JobQueue gated = new ForwardingJobQueue(inner) {
      @Override
      public Lease claim(Duration timeout) throws InterruptedException {
        claiming.countDown();
        drained.await();
        return super.claim(Duration.ofSeconds(10));
      }

      @Override
      protected Lease lease(Lease claimed) {
        return new ForwardingLease(claimed) {
          @Override
          public void complete() {
            super.complete();
            outcome.add("completed");
            decided.countDown();
          }

          @Override
          public void release() {
            super.release(); // first: the test looks at the queue once it hears of it
            outcome.add("released");
            decided.countDown();
          }
        };
      }

      @Override
      public void close() {
        drained.countDown();
        super.close();
      }
    };
    service.close();
    service = service(null, JobTracker.inMemory(), gated);
    assertTrue(claiming.await(10, TimeUnit.SECONDS));
    cdn.serve("/talk.mp4", twoSlides, new Works());
    service.submitUrl("talk", URI.create(cdn.url("/talk.mp4"))).get(10, TimeUnit.SECONDS);
    service.drain();
    drained.countDown();
    // Released at once, or (the bug) run to its end and completed.
    assertTrue(decided.await(60, TimeUnit.SECONDS),
        "the claimed job was neither run nor given back");
    assertEquals(List.of("released"), outcome);
    assertEquals(List.of("talk"), inner.waiting(), "given back, first in line");
    assertEquals(JobStatus.PENDING, state("talk").status(), state("talk").toString());
    assertTrue(cdn.requests.isEmpty(), "nothing was downloaded: " + cdn.requests);
  }

  /**
   * An application that closes the service as soon as it hears its job completed (an embedder
   * waiting on the tracker, then shutting down) closes it while the worker is still between the
   * job's last write and the end of its lease: the lease is acknowledged, not handed back to a
   * shared queue, where it left an entry of a finished job for another node to claim, and the
   * log said the job was "handed back to the shared queue for another node".
   */
  @Test
  void aJobThatCompletedJustBeforeTheServiceClosedIsAcknowledgedNotHandedBack()
      throws Exception {
    service.close();
    List<String> outcome = new CopyOnWriteArrayList<>();
    JobQueue watched = new ForwardingJobQueue(new InMemoryJobQueue(10)) {
      @Override
      protected Lease lease(Lease claimed) {
        return new ForwardingLease(claimed) {
          @Override
          public void complete() {
            outcome.add("completed");
            super.complete();
          }

          @Override
          public void release() {
            outcome.add("released");
            super.release();
          }
        };
      }
    };
    JobTracker tracker = JobTracker.inMemory();
    CountDownLatch completed = new CountDownLatch(1);
    // The in-memory tracker calls listeners on the thread that wrote: the worker waits here,
    // after the job's last write, until the close interrupts it.
    tracker.addListener((id, state) -> {
      if (state.status() == JobStatus.COMPLETED) {
        completed.countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    service = service(null, tracker, watched);
    cdn.serve("/talk.mp4", twoSlides, new Works());
    service.submitUrl("talk", URI.create(cdn.url("/talk.mp4"))).get(10, TimeUnit.SECONDS);
    assertTrue(completed.await(60, TimeUnit.SECONDS), "the job did not complete");
    service.close();
    assertEquals(List.of("completed"), outcome);
    assertEquals(JobStatus.COMPLETED, state("talk").status());
  }

  /** Files named like the service's uploads ({@code *.upload}) in its download folder. */
  List<Path> uploadsLeft() throws IOException {
    try (java.util.stream.Stream<Path> all = Files.list(data.resolve("downloads"))) {
      return all.filter(p -> p.toString().endsWith(".upload")).toList();
    }
  }

  @Test
  void aLocalFileGoesThroughTheQueueAndExtractionAndIsDeletedAfterwards() throws Exception {
    Path upload = Files.write(data.resolve("incoming.mp4"), twoSlides);
    SlideService.Submission s = service.submitFile("local", upload).get(10, TimeUnit.SECONDS);
    assertEquals(SlideService.Outcome.STARTED, s.outcome());
    assertFalse(Files.exists(upload), "the service took the file over");

    JobState end = awaitEnd("local");
    assertEquals(JobStatus.COMPLETED, end.status(), end.toString());
    assertTrue(end.message().contains("2 slides"), end.message());
    assertTrue(store.get(BlobKeys.manifest("local")).isPresent());
    assertTrue(store.get("slides/local/2-first.webp").isPresent());
    // No download: the download phase was complete at once, with the file's size.
    assertTrue(seen.stream().anyMatch(st -> st.status() == JobStatus.DOWNLOADING
        && Long.valueOf(twoSlides.length).equals(st.downloadedBytes())
        && Long.valueOf(twoSlides.length).equals(st.totalBytes())));
    assertTrue(service.awaitIdle(Duration.ofSeconds(10)));
    assertTrue(uploadsLeft().isEmpty(), "the upload was deleted: " + uploadsLeft());
  }

  /**
   * With several nodes the {@code worker} field names the node running the job, whatever the
   * video came from: an uploaded file has no download, but it is run by a node all the same.
   */
  @Test
  void anUploadedVideoNamesTheNodeRunningIt() throws Exception {
    service.close();
    nodeId = "node-1";
    service = service(null);
    service.submitFile("named", Files.write(data.resolve("n.mp4"), twoSlides))
        .get(10, TimeUnit.SECONDS);

    JobState end = awaitEnd("named");
    assertEquals(JobStatus.COMPLETED, end.status(), end.toString());
    assertEquals("node-1", end.worker(), end.toString());
    List<JobState> running = seen.stream()
        .filter(st -> st.status() != JobStatus.PENDING).toList();
    assertFalse(running.isEmpty());
    assertTrue(running.stream().allMatch(st -> "node-1".equals(st.worker())),
        "every state from the start of the run names its node: " + running);
  }

  @Test
  void aFileForAJobThatIsAlreadyCompletedIsDeletedAndStartsNothing() throws Exception {
    service.submitFile("again", Files.write(data.resolve("a.mp4"), twoSlides))
        .get(10, TimeUnit.SECONDS);
    awaitEnd("again");
    assertTrue(service.awaitIdle(Duration.ofSeconds(10)));

    Path second = Files.write(data.resolve("b.mp4"), twoSlides);
    SlideService.Submission s = service.submitFile("again", second).get(10, TimeUnit.SECONDS);
    assertEquals(SlideService.Outcome.COMPLETED, s.outcome());
    assertFalse(Files.exists(second));
    assertTrue(uploadsLeft().isEmpty(), "nothing kept for a job that does not run: "
        + uploadsLeft());
  }

  @Test
  void anUploadCancelledWhileQueuedIsDeleted() throws Exception {
    // One worker, busy with a stalled download: the upload waits in the queue.
    cdn.serve("/busy.mp4", twoSlides, new StallAfter(20_000));
    service.submitUrl("busy", URI.create(cdn.url("/busy.mp4"))).get(10, TimeUnit.SECONDS);
    assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));
    service.submitFile("waits", Files.write(data.resolve("w.mp4"), twoSlides))
        .get(10, TimeUnit.SECONDS);
    assertEquals(1, uploadsLeft().size());

    assertTrue(service.cancel("waits"));
    assertTrue(uploadsLeft().isEmpty(), "the cancelled upload was deleted: " + uploadsLeft());
    assertTrue(service.cancel("busy"));
    cdn.release();
  }

  @Test
  void cancelDuringTheDownloadAbortsItAndTheJobStaysCancelled() throws Exception {
    cdn.serve("/talk.mp4", twoSlides, new StallAfter(20_000));
    service.submitUrl("talk", URI.create(cdn.url("/talk.mp4"))).get(10, TimeUnit.SECONDS);
    assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));

    assertTrue(service.cancel("talk"));
    JobState cancelled = state("talk");
    assertEquals(JobStatus.FAILED, cancelled.status());
    assertEquals("cancelled", cancelled.error());
    // The download let go of its connection: the stall timeout (minutes) cannot explain it.
    assertTrue(cdn.awaitClientGone(Duration.ofSeconds(10)), "the download was not aborted");
    cdn.release(); // were anything still reading, it would get the rest of the video now

    assertTrue(service.awaitIdle(Duration.ofSeconds(10)), "the job's thread stopped");
    assertEquals(cancelled, state("talk"), "nothing changed the job after the cancel");
    assertTrue(store.contents().isEmpty(), "no slide, no manifest: " + store.contents().keySet());
    assertFalse(Files.exists(data.resolve("downloads/talk.download.mp4")));
  }

  @Test
  void aSubmissionRightAfterACancelIsAFreshRunTheOldOneCannotTouch() throws Exception {
    cdn.serve("/talk.mp4", twoSlides, new StallAfter(20_000));
    service.submitUrl("talk", URI.create(cdn.url("/talk.mp4"))).get(10, TimeUnit.SECONDS);
    assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));
    assertTrue(service.cancel("talk"));
    // At once, before the old run has noticed anything: another video under the same id.
    cdn.serve("/other.mp4", threeSlides, new Works());
    SlideService.Submission again = service.submitUrl("talk", URI.create(cdn.url("/other.mp4")))
        .get(10, TimeUnit.SECONDS);
    assertEquals(SlideService.Outcome.STARTED, again.outcome());
    long restartedAt = again.state().version();
    // The old download lets go of its connection. (Awaited before the release: once released,
    // the stalled answer would go on writing instead of noticing the client left.)
    assertTrue(cdn.awaitClientGone(Duration.ofSeconds(10)), "the old download was aborted");
    cdn.release();

    JobState end = awaitEnd("talk");
    assertEquals(JobStatus.COMPLETED, end.status(), end.toString());
    assertTrue(service.awaitIdle(Duration.ofSeconds(10)));
    // The new run alone drove the job: phases in order, one ending, the second video's slides.
    List<JobStatus> phases = new ArrayList<>();
    for (JobState s : seen) {
      if (s.version() >= restartedAt && (phases.isEmpty()
          || phases.get(phases.size() - 1) != s.status())) {
        phases.add(s.status());
      }
    }
    assertEquals(List.of(JobStatus.PENDING, JobStatus.DOWNLOADING, JobStatus.EXTRACTING,
        JobStatus.UPLOADING, JobStatus.COMPLETED), phases);
    assertEquals(end, state("talk"), "nothing came after the end");
    String manifest = new String(store.get(BlobKeys.manifest("talk")).orElseThrow().content());
    assertTrue(manifest.contains("3-first.webp") && !manifest.contains("4-first.webp"), manifest);
  }

  /**
   * An application may hand the service folders that hold files of its own (its folder of
   * videos as the download folder, a working folder as the spool): the service's sweeps, at
   * start and after a job, remove only what it names itself.
   */
  @Test
  void theSweepsLeaveFilesTheServiceDidNotNameAlone() throws Exception {
    service.close();
    Path downloads = Files.createDirectories(data.resolve("downloads"));
    Path ownVideo = Files.write(downloads.resolve("keep.mp4"), twoSlides);
    Path crashedDownload = Files.write(downloads.resolve("crashed.download.mp4"), new byte[1000]);
    Path spool = Files.createDirectories(data.resolve("spool"));
    Path ownFile = Files.writeString(spool.resolve("notes.txt"), "not the service's");
    Path ownFolder = Files.createDirectories(spool.resolve("drafts"));
    Path debris = Files.createDirectories(spool.resolve("slides-crashed-123"));
    Files.write(debris.resolve("1-first.webp"), new byte[10]);

    service = service(null);
    assertFalse(Files.exists(crashedDownload), "a download the service named is swept");
    assertFalse(Files.exists(debris), "a job's spool folder is swept");
    cdn.serve("/talk.mp4", twoSlides, new Works());
    service.submitYouTube("talk").get(10, TimeUnit.SECONDS);
    assertEquals(JobStatus.COMPLETED, awaitEnd("talk").status());

    assertTrue(Files.exists(ownVideo), "a video of the application's own stays");
    assertTrue(Files.exists(ownFile));
    assertTrue(Files.exists(ownFolder));
  }

  @Test
  void aJobRunningWhenTheProcessDiedReadsInterruptedAndItsDebrisIsSwept() throws Exception {
    service.close();
    FileJobRecords records = FileJobRecords.open(data.resolve("jobs"));
    // What a killed process leaves: a record of a running job, a partial download, a spool.
    records.save("crashed", JobState.of(JobStatus.DOWNLOADING, "Downloading video")
        .withDownload(1000L, 5000L));
    records.save("done", JobState.of(JobStatus.COMPLETED, "Frame extraction completed: 2 slides")
        .withMetadataUri("memory:manifests/done.json"));
    Files.createDirectories(data.resolve("downloads"));
    Files.write(data.resolve("downloads/crashed.download.mp4"), new byte[1000]);
    Path debris = Files.createDirectories(data.resolve("spool/slides-crashed-123"));
    Files.write(debris.resolve("1-first.webp"), new byte[10]);

    service = service(data.resolve("jobs"));

    JobState crashed = state("crashed");
    assertEquals(JobStatus.FAILED, crashed.status());
    assertEquals("interrupted", crashed.error());
    assertEquals(JobStatus.COMPLETED, state("done").status());
    assertEquals("memory:manifests/done.json", state("done").metadataUri());
    assertFalse(Files.exists(debris), "the spool is swept");
    assertFalse(Files.exists(data.resolve("downloads/crashed.download.mp4")));
    // The record now says so too, and a new submission starts the job again.
    assertEquals("interrupted",
        FileJobRecords.open(data.resolve("jobs")).loadAll().get("crashed").error());
    cdn.serve("/crashed.mp4", twoSlides, new Works());
    assertEquals(SlideService.Outcome.STARTED,
        service.submitYouTube("crashed").get(10, TimeUnit.SECONDS).outcome());
    assertEquals(JobStatus.COMPLETED, awaitEnd("crashed").status());
    assertEquals(JobStatus.COMPLETED,
        FileJobRecords.open(data.resolve("jobs")).loadAll().get("crashed").status());
  }

  /**
   * The record of a running job is written when its status changes, not on each progress
   * update; yet after a crash its interruption must come after every version a client was sent.
   * Otherwise an event stream reconnecting with its last {@code Last-Event-ID} is told it has
   * everything (204) and never learns that the job ended.
   */
  @Test
  void aJobInterruptedByACrashGetsAVersionAfterEveryOneSentBeforeIt() throws Exception {
    service.close();
    service = service(data.resolve("jobs"));
    JobTracker tracker = service.tracker();
    tracker.createIfAbsent("crashed", JobState.of(JobStatus.PENDING, "Job accepted"));
    tracker.update("crashed", s -> s.withStatus(JobStatus.DOWNLOADING, "Downloading video"));
    // More progress updates than the record's headroom: it is written again on the way.
    for (int n = 1; n <= 2 * SlideService.VERSION_HEADROOM + 5; n++) {
      long bytes = n;
      tracker.update("crashed", s -> s.withDownload(bytes, 1000L));
    }
    long lastSent = tracker.get("crashed").orElseThrow().version();
    SlideService killed = service; // never closed before the next one starts: a kill -9
    service = service(data.resolve("jobs"));
    try {
      JobState interrupted = state("crashed");
      assertEquals("interrupted", interrupted.error());
      assertTrue(interrupted.version() > lastSent,
          "version " + interrupted.version() + " after " + lastSent);
    } finally {
      killed.close();
    }
  }

  /**
   * A job known only from its manifest (a memory-only server restarted, or the job was forgotten
   * after its retention) is dated by the manifest's updated_at, not by the look-up: however
   * often it is rebuilt, by GET or POST, a client comparing updated_at sees no change.
   */
  @Test
  void aJobKnownOnlyFromItsManifestIsDatedByTheManifest() throws Exception {
    String written = "2026-01-02T03:04:05.123456+00:00";
    store.put(BlobKeys.manifest("stored"), ("{\"stored\":{\"segments\":[],\"updated_at\":\""
        + written + "\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/json");
    JobState first = service.status("stored").get(10, TimeUnit.SECONDS).orElseThrow();
    assertEquals(JobStatus.COMPLETED, first.status());
    assertEquals(written, first.updatedAtText());
    service.tracker().remove("stored"); // as a restart or the retention forgets it
    assertEquals(written,
        service.status("stored").get(10, TimeUnit.SECONDS).orElseThrow().updatedAtText());
    service.tracker().remove("stored");
    SlideService.Submission posted = service.submitYouTube("stored").get(10, TimeUnit.SECONDS);
    assertEquals(SlideService.Outcome.COMPLETED, posted.outcome());
    assertEquals(written, posted.state().updatedAtText());
    // A manifest that carries no time still answers, dated by the look-up as before.
    store.put(BlobKeys.manifest("untimed"), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/json");
    Instant before = Instant.now().minusSeconds(1);
    assertTrue(service.status("untimed").get(10, TimeUnit.SECONDS).orElseThrow().updatedAt()
        .isAfter(before));
  }

  @Test
  void finishedJobsPastTheirRetentionAreForgottenOnRestart() throws Exception {
    service.close();
    FileJobRecords records = FileJobRecords.open(data.resolve("jobs"));
    Instant now = Instant.now();
    records.save("old", recorded("completed", now.minus(Duration.ofDays(8))));
    records.save("oldFailed", recorded("failed", now.minus(Duration.ofDays(8))));
    records.save("recent", recorded("completed", now.minus(Duration.ofDays(6))));
    // Running when the process died, long ago: that it was interrupted is news, kept.
    records.save("oldCrash", recorded("downloading", now.minus(Duration.ofDays(8))));

    service = service(data.resolve("jobs"));

    assertTrue(service.tracker().get("old").isEmpty());
    assertTrue(service.tracker().get("oldFailed").isEmpty());
    assertEquals(JobStatus.COMPLETED, state("recent").status());
    assertEquals("interrupted", state("oldCrash").error());
    // A finished job keeps the time it ended (the recent jobs are listed by it); an interrupted
    // one ended at this start.
    assertTrue(state("recent").updatedAt().isBefore(now.minus(Duration.ofDays(5))),
        "" + state("recent").updatedAt());
    assertFalse(state("oldCrash").updatedAt().isBefore(now), "" + state("oldCrash").updatedAt());
    assertEquals(Set.of("recent", "oldCrash"),
        FileJobRecords.open(data.resolve("jobs")).loadAll().keySet());
  }

  @Test
  void finishedJobsPastTheirRetentionAreForgottenByARunningService() throws Exception {
    service.close();
    // A job that ended 8 days ago on this tracker's clock, one that ended now, and one that
    // has waited 8 days without ending (never forgotten: it is not finished).
    SettableClock clock = new SettableClock(Instant.now().minus(Duration.ofDays(8)));
    JobTracker tracker = JobTracker.inMemory(clock);
    finish(tracker, "old");
    tracker.createOrRestart("waiting", JobState.of(JobStatus.PENDING, "Queued"), s -> false);
    clock.set(Instant.now());
    finish(tracker, "recent");
    // Its record says less than the tracker (as if saved later): only the tracker's state
    // decides, and forgetting the job deletes the record.
    FileJobRecords.open(data.resolve("jobs")).save("old", recorded("completed", Instant.now()));

    service = service(data.resolve("jobs"), tracker);

    assertTrue(tracker.get("old").isEmpty());
    assertEquals(JobStatus.COMPLETED, tracker.get("recent").orElseThrow().status());
    assertEquals(JobStatus.PENDING, tracker.get("waiting").orElseThrow().status());
    assertEquals(List.of("recent", "waiting"),
        tracker.recent(0, 10).stream().map(JobTracker.Job::videoId).sorted().toList());
    assertFalse(FileJobRecords.open(data.resolve("jobs")).loadAll().containsKey("old"));
  }

  /**
   * A finished job stays known until its retention has passed, then goes (with its record) on
   * an idle service, with no job ending to set it off; its manifest answers for it after that.
   */
  @Test
  void aFinishedJobIsForgottenOnTimeByAnIdleService() throws Exception {
    service.close();
    SettableClock time = new SettableClock(Instant.now());
    clock = time;
    finishedJobRetention = Duration.ofHours(1);
    ClaimCounter claims = new ClaimCounter();
    service = service(data.resolve("jobs"), JobTracker.inMemory(time), claims);
    service.submitFile("kept", Files.write(data.resolve("k.mp4"), twoSlides))
        .get(10, TimeUnit.SECONDS);
    JobState end = awaitEnd("kept");
    assertEquals(JobStatus.COMPLETED, end.status(), end.toString());
    Path record = data.resolve("jobs/kept.json");
    assertTrue(Files.exists(record));

    // The housekeeping is due (over 10 minutes since the start), the job not old enough.
    time.advance(Duration.ofMinutes(59));
    claims.awaitIdleTurn();
    assertEquals(end, state("kept"));
    assertTrue(Files.exists(record));

    time.advance(Duration.ofMinutes(12)); // ended 71 minutes ago; 12 since the last look
    Await.until(Duration.ofSeconds(10), "the job forgotten",
        () -> service.tracker().get("kept").isEmpty());
    Await.until(Duration.ofSeconds(10), "its record deleted", () -> !Files.exists(record));
    JobState fromStore = service.status("kept").get(10, TimeUnit.SECONDS).orElseThrow();
    assertEquals(JobStatus.COMPLETED, fromStore.status());
    assertEquals(end.metadataUri(), fromStore.metadataUri());
    String written = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(store.get(BlobKeys.manifest("kept")).orElseThrow().content())
        .get("kept").get("updated_at").asText();
    assertEquals(java.time.OffsetDateTime.parse(written).toInstant(), fromStore.updatedAt(),
        "dated by the manifest");
  }

  /** A kept download goes once its retention has passed, on an idle service too. */
  @Test
  void aDownloadPastItsRetentionIsDeletedByAnIdleService() throws Exception {
    service.close();
    SettableClock time = new SettableClock(Instant.now()); // before the download is written
    clock = time;
    downloadRetention = Duration.ofHours(1);
    ClaimCounter claims = new ClaimCounter();
    service = service(null, JobTracker.inMemory(), claims);
    cdn.serve("/kept.mp4", twoSlides, new Works());
    service.submitUrl("kept", URI.create(cdn.url("/kept.mp4"))).get(10, TimeUnit.SECONDS);
    assertEquals(JobStatus.COMPLETED, awaitEnd("kept").status());
    Path download = data.resolve("downloads/kept.download.mp4");
    assertTrue(Files.exists(download));

    time.advance(Duration.ofMinutes(59)); // the housekeeping is due, the download not old
    claims.awaitIdleTurn();
    assertTrue(Files.exists(download));
    assertTrue(service.downloads().containsKey("kept.download.mp4"));

    time.advance(Duration.ofMinutes(61));
    Await.until(Duration.ofSeconds(10), "the download deleted", () -> !Files.exists(download));
    Await.until(Duration.ofSeconds(10), "the download no longer listed",
        () -> service.downloads().isEmpty());
  }

  /** The housekeeping looks at most every 10 minutes, however often the workers turn. */
  @Test
  void theHousekeepingIsDoneAtMostEveryTenMinutes() throws Exception {
    service.close();
    SettableClock time = new SettableClock(Instant.now());
    JobTracker tracker = trackerWithAJobFinished55MinutesAgo(time);
    ClaimCounter claims = new ClaimCounter();
    service = service(null, tracker, claims); // looks at the start: the job is 55 minutes old

    time.advance(Duration.ofMinutes(10).minusSeconds(1)); // the job is past its retention
    claims.awaitIdleTurn();
    assertTrue(tracker.get("old").isPresent(), "not looked again before 10 minutes");

    time.advance(Duration.ofSeconds(1));
    Await.until(Duration.ofSeconds(10), "the job forgotten 10 minutes after the last look",
        () -> tracker.get("old").isEmpty());
  }

  /** A queue that does not answer (Redis away) does not hold the housekeeping up. */
  @Test
  void theHousekeepingGoesOnWhileTheQueueDoesNotAnswer() throws Exception {
    service.close();
    SettableClock time = new SettableClock(Instant.now());
    JobTracker tracker = trackerWithAJobFinished55MinutesAgo(time);
    AtomicInteger claims = new AtomicInteger();
    service = service(null, tracker, new ForwardingJobQueue(new InMemoryJobQueue(10)) {
      @Override
      public Lease claim(Duration timeout) {
        claims.incrementAndGet();
        throw new IllegalStateException("Redis is away");
      }
    });
    Await.until(Duration.ofSeconds(10), "a failed claim", () -> claims.get() > 0);
    assertTrue(tracker.get("old").isPresent());

    time.advance(Duration.ofMinutes(10));
    Await.until(Duration.ofSeconds(10), "the job forgotten", () -> tracker.get("old").isEmpty());
  }

  /**
   * A tracker holding job "old", finished 55 minutes before {@code time}; the service built next
   * reads {@code time} and keeps finished jobs for an hour.
   */
  private JobTracker trackerWithAJobFinished55MinutesAgo(SettableClock time) {
    Instant start = time.instant();
    time.set(start.minus(Duration.ofMinutes(55)));
    JobTracker tracker = JobTracker.inMemory(time);
    finish(tracker, "old");
    time.set(start);
    clock = time;
    finishedJobRetention = Duration.ofHours(1);
    return tracker;
  }

  /**
   * Counts the claims of the service's one worker, to wait for it to turn: the second claim
   * that starts after a change of the clock follows a whole turn (housekeeping included) that
   * read the changed clock.
   */
  private static final class ClaimCounter extends ForwardingJobQueue {
    private final AtomicInteger claims = new AtomicInteger();

    ClaimCounter() {
      super(new InMemoryJobQueue(10));
    }

    @Override
    public Lease claim(Duration timeout) throws InterruptedException {
      claims.incrementAndGet();
      return super.claim(timeout);
    }

    void awaitIdleTurn() throws InterruptedException {
      int from = claims.get();
      Await.until(Duration.ofSeconds(10), "a whole idle turn of the worker",
          claims::get, n -> n >= from + 2);
    }
  }

  private static void finish(JobTracker tracker, String id) {
    tracker.createOrRestart(id, JobState.of(JobStatus.PENDING, "Queued"), s -> false).run()
        .update(s -> s.withStatus(JobStatus.COMPLETED, "Frame extraction completed"));
  }

  /** A job state as a record of an earlier process holds it, last changed at {@code at}. */
  private static JobState recorded(String status, Instant at) {
    String time = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME
        .format(at.atOffset(ZoneOffset.UTC));
    return JobState.fromJson("{\"status\":\"" + status + "\",\"message\":\"m\","
        + "\"updated_at\":\"" + time + "\"}", 3);
  }
}
