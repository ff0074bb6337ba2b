package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.blob.s3.testing.S3TestServer;
import dev.slides.blob.vercel.FakeVercelBlob;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@code java -jar slides.jar extract} with each store, configured the way the README says:
 * what ships must carry every store's client (it once lacked OkHttp, so Vercel Blob died with
 * {@code NoClassDefFoundError} while every in-JVM test passed).
 */
class ShadedJarExtractIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration RUN_LIMIT = Duration.ofSeconds(120);
  static final String ID = "talk";

  @RegisterExtension
  static final S3TestServer S3 = new S3TestServer("access-key", "secret-key");

  @TempDir static Path videos;
  static Path video;

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void writeVideo() throws Exception {
    video = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "One", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "Two", 2), 3)
        .write(videos.resolve("talk.mp4"));
  }

  ShadedJar.Run extract(Map<String, String> env, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("extract", video.toString(), "--video-id", ID,
        "--progress", "none"));
    args.addAll(List.of(more));
    return ShadedJar.run(dir, env, RUN_LIMIT, args.toArray(String[]::new));
  }

  /**
   * The manifest's two slides with their first and last frame, in the key layout every store
   * shares; a frame that repeats an earlier one reuses its URL. Returns the distinct URLs.
   */
  static List<String> frameUrls(JsonNode manifest) {
    JsonNode segments = manifest.get(ID).get("segments");
    assertEquals(2, segments.size(), manifest.toString());
    Map<String, String> urls = new LinkedHashMap<>();
    int n = 0;
    for (JsonNode segment : segments) {
      n++;
      assertEquals("static", segment.get("kind").asText(), manifest.toString());
      for (String position : List.of("first", "last")) {
        JsonNode frame = segment.get(position + "_frame");
        assertNotNull(frame, manifest.toString());
        assertEquals(n + "-" + position + ".webp", frame.get("frame_id").asText());
        String url = frame.get("url").asText();
        JsonNode original = frame.get("duplicate_of");
        if (original.isNull()) {
          assertTrue(url.contains("slides/" + ID + "/" + n + "-" + position + ".webp"), url);
          urls.put(n + "-" + position, url);
        } else {
          assertEquals(urls.get(original.get("segment_id").asInt() + "-"
              + original.get("frame_position").asText()), url, manifest.toString());
        }
      }
    }
    assertTrue(urls.size() >= 2, "each slide has an image of its own: " + manifest);
    return new ArrayList<>(urls.values());
  }

  byte[] get(String url) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), url);
    return r.body();
  }

  static String key(String url) {
    String path = URI.create(url).getPath();
    return path.substring(path.indexOf("slides/" + ID + "/"));
  }

  private static int pdfPages(Path pdf) throws Exception {
    try (org.apache.pdfbox.pdmodel.PDDocument doc =
        org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
      return doc.getNumberOfPages();
    }
  }

  @Test
  void extractsIntoALocalDirectory() throws Exception {
    Path out = dir.resolve("out");
    ShadedJar.Run run = extract(Map.of(), "--out", out.toString(),
        "--markdown", dir.resolve("notes/talk.md").toString());
    assertEquals(0, run.exit(), run.output());
    String notes = Files.readString(dir.resolve("notes/talk.md"));
    assertEquals(2, notes.lines().filter(l -> l.startsWith("## [")).count(), notes);
    assertTrue(run.output().contains("Slides found:  2"), run.output());
    JsonNode manifest = JSON.readTree(out.resolve("manifests/" + ID + ".json").toFile());
    for (String url : frameUrls(manifest)) {
      Path file = Path.of(URI.create(url));
      assertTrue(file.startsWith(out.resolve("slides").resolve(ID)), url);
      assertTrue(DecodedImage.isWebp(Files.readAllBytes(file)), url);
    }
  }

  /**
   * {@code --csv -} in the shipped jar: standard output is the CSV alone, byte for byte as
   * {@code slides export} writes it to a file; progress and the summary go to standard error.
   */
  @Test
  void writesAnExportToStandardOutputAndNothingElse() throws Exception {
    Path out = dir.resolve("out");
    Path stdout = dir.resolve("stdout");
    // In dir, where the old behaviour left a file named "-".
    ShadedJar.Run extract = withStandardOutput(ProcessBuilder.Redirect.to(stdout.toFile()),
        "extract", video.toString(), "--video-id", ID, "--out", out.toString(),
        "--progress", "lines", "--csv", "-");
    assertEquals(0, extract.exit(), extract.output());
    ShadedJar.Run export = ShadedJar.run(dir, Map.of(), RUN_LIMIT, "export",
        out.resolve("manifests/" + ID + ".json").toString(),
        "--csv", dir.resolve("talk.csv").toString());
    assertEquals(0, export.exit(), export.output());
    assertArrayEquals(Files.readAllBytes(dir.resolve("talk.csv")), Files.readAllBytes(stdout),
        Files.readString(stdout));
    assertTrue(extract.output().contains("Slides found:  2"), extract.output());
  }

  /**
   * {@code slides extract talk.mp4 --pdf - | head -c 100}, and {@code slides export} alike: a
   * reader that stops early ends the command quietly, with 141 as a shell reports {@code cat}
   * stopped so, not with "Broken pipe" and 1. The file exports are written first, so they are
   * whole. The pipe's reading end is closed before the command writes: no write can get in.
   */
  @Test
  void aReaderOfStandardOutputThatStopsEarlyEndsTheCommandQuietly() throws Exception {
    Path out = dir.resolve("out");
    ShadedJar.Run extract = withStandardOutput(ProcessBuilder.Redirect.PIPE, "extract",
        video.toString(), "--video-id", ID, "--out", out.toString(), "--progress", "lines",
        "--pdf", "-", "--csv", dir.resolve("talk.csv").toString());
    assertEquals(141, extract.exit(), extract.output());
    assertTrue(extract.output().contains("completed"), extract.output());
    assertFalse(extract.output().contains("pipe"), extract.output());
    assertFalse(extract.output().contains("Slides found"), extract.output());
    assertTrue(Files.readString(dir.resolve("talk.csv")).startsWith("kind,"));
    Path manifest = out.resolve("manifests/" + ID + ".json");
    for (String format : List.of("--pdf", "--html", "--zip")) {
      ShadedJar.Run export = withStandardOutput(ProcessBuilder.Redirect.PIPE, "export",
          manifest.toString(), format, "-");
      assertEquals(141, export.exit(), format + ": " + export.output());
      assertEquals("", export.output(), format);
    }
  }

  /** A real write error on standard output still fails the command, in words. */
  @Test
  void aFullDiskOnStandardOutputFailsTheExportLoudly() throws Exception {
    java.io.File full = new java.io.File("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(full.exists(), "a system with /dev/full");
    Path out = dir.resolve("out");
    assertEquals(0, extract(Map.of(), "--out", out.toString()).exit());
    ShadedJar.Run export = withStandardOutput(ProcessBuilder.Redirect.appendTo(full), "export",
        out.resolve("manifests/" + ID + ".json").toString(), "--pdf", "-");
    assertEquals(1, export.exit(), export.output());
    assertEquals("Cannot write to standard output: No space left on device",
        export.output().strip());
  }

  /**
   * Runs the jar in {@link #dir} to its end with its standard output sent to {@code stdout}:
   * {@code PIPE} is a pipe whose reader went away before the command started, so no write can
   * get in. Returns the exit code and what the command wrote to standard error.
   */
  ShadedJar.Run withStandardOutput(ProcessBuilder.Redirect stdout, String... args)
      throws Exception {
    Path stderr = Files.createTempFile(dir, "stderr", ".txt");
    Process process = ShadedJar.processBuilder(args).directory(dir.toFile())
        .redirectOutput(stdout).redirectError(stderr.toFile()).start();
    try {
      if (stdout.type() == ProcessBuilder.Redirect.Type.PIPE) {
        process.getInputStream().close();
      }
      assertTrue(process.waitFor(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS),
          "slides.jar did not finish within " + RUN_LIMIT + ": " + Files.readString(stderr));
      return new ShadedJar.Run(process.exitValue(), Files.readString(stderr));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void publishesToS3() throws Exception {
    try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(S3.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
        // As the store does: no aws-chunked uploads, which S3Proxy cuts short (S3BlobStore).
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3.getAccessKey(), S3.getSecretKey()))).build()) {
      s3.createBucket(r -> r.bucket("slides"));
      // An image a run killed outright left, which no manifest names: this run removes it.
      s3.putObject(r -> r.bucket("slides").key("slides/" + ID + "/9-first.webp"),
          RequestBody.fromBytes(new byte[64]));
      ShadedJar.Run run = extract(Map.of(
          "S3_ENDPOINT", S3.getUri().toString(),
          "S3_BUCKET_NAME", "slides",
          "S3_ACCESS_KEY", S3.getAccessKey(),
          "S3_SECRET_KEY", S3.getSecretKey()),
          "--pdf", dir.resolve("s3.pdf").toString());
      assertEquals(0, run.exit(), run.output());
      // The export read the private objects back through the store.
      assertEquals(2, pdfPages(dir.resolve("s3.pdf")));
      JsonNode manifest = JSON.readTree(
          s3.getObjectAsBytes(r -> r.bucket("slides").key("manifests/" + ID + ".json"))
              .asByteArray());
      for (String url : frameUrls(manifest)) {
        ResponseBytes<GetObjectResponse> stored =
            s3.getObjectAsBytes(r -> r.bucket("slides").key(key(url)));
        assertEquals("image/webp", stored.response().contentType());
        assertTrue(DecodedImage.isWebp(stored.asByteArray()), url);
        assertTrue(DecodedImage.isWebp(get(url)), "the presigned URL serves it: " + url);
      }
      assertTrue(s3.listObjectsV2(r -> r.bucket("slides").prefix("slides/" + ID + "/9-"))
          .contents().isEmpty(), "the killed run's image is gone");
    }
  }

  @Test
  void publishesToVercelBlob() throws Exception {
    try (FakeVercelBlob vercel = new FakeVercelBlob()) {
      vercel.pageSize(2); // the listing of the id's images goes over pages
      vercel.blobs.put("slides/" + ID + "/9-first.webp",
          new FakeVercelBlob.Stored(new byte[64], "image/webp")); // a killed run's
      ShadedJar.Run run = extract(Map.of(
          "BLOB_READ_WRITE_TOKEN", FakeVercelBlob.TOKEN,
          "VERCEL_BLOB_API_URL", vercel.apiUrl()),
          "--pdf", dir.resolve("vercel.pdf").toString());
      assertEquals(0, run.exit(), run.output());
      assertEquals(2, pdfPages(dir.resolve("vercel.pdf")));
      String manifestUrl = vercel.publicBase() + "manifests/" + ID + ".json";
      assertTrue(run.output().contains("Manifest:      " + manifestUrl), run.output());
      JsonNode manifest = JSON.readTree(get(manifestUrl));
      for (String url : frameUrls(manifest)) {
        assertTrue(url.startsWith(vercel.publicBase()), url);
        FakeVercelBlob.Stored stored = vercel.blobs.get(key(url));
        assertNotNull(stored, url);
        assertEquals("image/webp", stored.contentType());
        assertTrue(DecodedImage.isWebp(stored.bytes()), url);
        assertTrue(DecodedImage.isWebp(get(url)), url);
      }
      assertFalse(vercel.blobs.containsKey("slides/" + ID + "/9-first.webp"),
          "the killed run's image is gone");
    }
  }
}
