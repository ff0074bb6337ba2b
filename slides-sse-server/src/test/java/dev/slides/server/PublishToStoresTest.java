package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.BlobStore;
import dev.slides.ExtractionException;
import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.FileSystemBlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.SlideExtractor;
import dev.slides.blob.s3.S3BlobStore;
import dev.slides.blob.s3.testing.S3TestServer;
import dev.slides.blob.vercel.FakeVercelBlob;
import dev.slides.blob.vercel.VercelBlobStore;
import dev.slides.testing.DecodedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** A whole job published to each kind of store, chosen the way the server chooses. */
class PublishToStoresTest {
  static final Path SAMPLE = Path.of("..", "samples", "lecture.mp4");
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final S3TestServer S3 = new S3TestServer("access-key", "secret-key");

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  byte[] get(String url) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), url);
    return r.body();
  }

  void checkPublished(ExtractionResult result) throws Exception {
    JsonNode manifest = JSON.readTree(get(result.manifestUrl()));
    JsonNode segments = manifest.get("lecture").get("segments");
    int statics = 0;
    for (JsonNode s : segments) {
      if (s.get("kind").asText().equals("static")) {
        statics++;
        assertTrue(DecodedImage.isWebp(get(s.get("first_frame").get("url").asText())));
        assertTrue(DecodedImage.isWebp(get(s.get("last_frame").get("url").asText())));
      }
    }
    assertEquals(6, statics);
  }

  @Test
  void selectsTheStoreFromConfiguration() {
    assertInstanceOf(FileSystemBlobStore.class, BlobStores.fromEnvironment(Map.of(), dir, null));
    assertInstanceOf(VercelBlobStore.class, BlobStores.fromEnvironment(
        Map.of("BLOB_READ_WRITE_TOKEN", FakeVercelBlob.TOKEN), dir, null));
    assertInstanceOf(S3BlobStore.class, BlobStores.fromEnvironment(
        Map.of("S3_ENDPOINT", "http://127.0.0.1:9", "S3_BUCKET_NAME", "b",
            "S3_ACCESS_KEY", "a", "S3_SECRET_KEY", "s"), dir, null));
    assertInstanceOf(FileSystemBlobStore.class, BlobStores.fromEnvironment(
        Map.of("SLIDES_STORAGE", "local", "BLOB_READ_WRITE_TOKEN", FakeVercelBlob.TOKEN), dir,
        null));
    assertThrows(IllegalArgumentException.class,
        () -> BlobStores.fromEnvironment(Map.of("SLIDES_STORAGE", "ftp"), dir, null));
    assertThrows(IllegalArgumentException.class,
        () -> BlobStores.fromEnvironment(Map.of("SLIDES_STORAGE", "vercel"), dir, null));
    // The variable is named, not Java's "For input string".
    for (String presign : new String[] {"7d", "-5"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> BlobStores.fromEnvironment(Map.of("S3_BUCKET_NAME", "b",
              "S3_PRESIGN_SECONDS", presign), dir, null));
      assertEquals("S3_PRESIGN_SECONDS must be a whole number of seconds, at least 1, not \""
          + presign + "\"", e.getMessage());
    }
    // "yes" used to mean false: virtual-host addressing against a custom endpoint.
    IllegalArgumentException pathStyle = assertThrows(IllegalArgumentException.class,
        () -> BlobStores.fromEnvironment(Map.of("S3_ENDPOINT", "http://127.0.0.1:9",
            "S3_BUCKET_NAME", "b", "S3_PATH_STYLE", "yes"), dir, null));
    assertEquals("S3_PATH_STYLE must be true or false, not \"yes\"", pathStyle.getMessage());
  }

  @Test
  void publishesToVercelBlobAtTheKeysTheConsumerRebuilds() throws Exception {
    try (FakeVercelBlob vercel = new FakeVercelBlob()) {
      BlobStore store = BlobStores.fromEnvironment(Map.of(
          "BLOB_READ_WRITE_TOKEN", FakeVercelBlob.TOKEN,
          "VERCEL_BLOB_API_URL", vercel.apiUrl()), dir, null);
      ExtractionResult result = SlideExtractor.create(store).extract("lecture", SAMPLE);
      // The consumer ignores metadata_uri and rebuilds {public store}/manifests/{id}.json.
      assertEquals(vercel.publicBase() + "manifests/lecture.json", result.manifestUrl());
      checkPublished(result);
      assertTrue(vercel.blobs.keySet().stream().allMatch(k -> k.equals("manifests/lecture.json")
          || k.matches("slides/lecture/\\d+-(first|last)\\.webp")), vercel.blobs.keySet().toString());
    }
  }

  @Test
  void publishesToS3WithPresignedUrls() throws Exception {
    try (S3Client raw = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(S3.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
        // As the store does: no aws-chunked uploads, which S3Proxy cuts short (S3BlobStore).
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3.getAccessKey(), S3.getSecretKey()))).build()) {
      raw.createBucket(r -> r.bucket("slides"));
    }
    BlobStore store = BlobStores.fromEnvironment(Map.of(
        "S3_ENDPOINT", S3.getUri().toString(), "S3_BUCKET_NAME", "slides",
        "S3_ACCESS_KEY", S3.getAccessKey(), "S3_SECRET_KEY", S3.getSecretKey()), dir, null);
    ExtractionResult result;
    try (LogLines log = new LogLines(dev.slides.internal.extract.ExtractionRun.class)) {
      result = SlideExtractor.create(store,
          ExtractionOptions.builder().uploadConcurrency(3).build()).extract("lecture", SAMPLE);
      // The manifest's URL is named without its signature, which opens it for 7 days to
      // anyone who reads the log.
      assertTrue(result.manifestUrl().contains("X-Amz-Signature="), result.manifestUrl());
      String done = log.startingWith("Job lecture: 6 slides").get(0);
      assertFalse(done.contains("X-Amz-"), done);
      assertTrue(done.endsWith("manifest " + result.manifestUrl().substring(0,
          result.manifestUrl().indexOf('?'))), done);
    }
    checkPublished(result);
    ((S3BlobStore) store).close();
  }

  @Test
  void aFailingStoreFailsTheJobAndLeavesNoManifest() throws Exception {
    try (FakeVercelBlob vercel = new FakeVercelBlob()) {
      BlobStore store = VercelBlobStore.builder(FakeVercelBlob.TOKEN).apiUrl(vercel.apiUrl())
          .retries(1).initialBackoff(java.time.Duration.ofMillis(1)).build();
      vercel.failNext(1, 403, "forbidden", null);
      JobTracker tracker = JobTracker.inMemory();
      ExtractionException e = assertThrows(ExtractionException.class,
          () -> SlideExtractor.create(store).extract("lecture", SAMPLE, tracker));
      JobState state = tracker.get("lecture").orElseThrow();
      assertEquals(JobStatus.FAILED, state.status());
      // The first request refused is the look-up of an earlier manifest, before any upload.
      assertEquals("Cannot read the store", state.message());
      assertTrue(state.error().contains("forbidden"), state.error());
      assertFalse(vercel.blobs.containsKey("manifests/lecture.json"));
      assertTrue(e.getMessage().contains("forbidden"));
    }
  }
}
