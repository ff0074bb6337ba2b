package dev.slides.blob.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slides.BlobStore;
import dev.slides.ExtractionException;
import dev.slides.ExtractionOptions;
import dev.slides.SlideExtractor;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.SampleLecture;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A job run again into an S3 bucket that already holds its result, with the bucket refusing a
 * write midway: the earlier manifest must go on naming the earlier images.
 */
class S3RunAgainTest {
  static final String BUCKET = "slides-again";

  @RegisterExtension
  static final S3ProxyExtension S3 = S3ProxyExtension.builder()
      .withBlobStoreProvider("transient")
      .withCredentials("access-key", "secret-key")
      .build();

  @TempDir Path dir;

  @Test
  void aBucketThatRefusesAWriteMidwayKeepsTheEarlierResultWhole() throws Exception {
    Path earlierVideo = SampleLecture.writeBackAndForth(dir.resolve("earlier.mp4"), 640, 360);
    Path laterVideo = LectureVideo.builder(640, 360, 10)
        .slide(Slides.solid(640, 360, 0x00A000, "Green"), 2)
        .slide(Slides.solid(640, 360, 0xE0E000, "Yellow"), 2)
        .write(dir.resolve("later.mp4"));
    try (S3BlobStore s3 = S3BlobStore.builder(BUCKET).endpoint(S3.getUri().toString())
        .pathStyle(true).credentials(S3.getAccessKey(), S3.getSecretKey()).build()) {
      createBucket();
      SlideExtractor.create(s3).extract("talk", earlierVideo);
      List<String> keys = List.of("manifests/talk.json", "slides/talk/1-first.webp",
          "slides/talk/2-first.webp");
      Map<String, byte[]> earlier = new TreeMap<>();
      for (String key : keys) {
        earlier.put(key, s3.read(key).orElseThrow());
      }

      AtomicInteger images = new AtomicInteger();
      BlobStore refusingTheSecondImage = new BlobStore() {
        @Override
        public String put(String key, byte[] content, String contentType) throws IOException {
          if (key.endsWith(".webp") && images.incrementAndGet() == 2) {
            throw new IOException("Storage refused " + key + ": quota exceeded");
          }
          return s3.put(key, content, contentType);
        }

        @Override
        public Optional<String> find(String key) throws IOException {
          return s3.find(key);
        }

        @Override
        public Optional<byte[]> read(String key) throws IOException {
          return s3.read(key);
        }
      };
      ExtractionException e = assertThrows(ExtractionException.class,
          () -> SlideExtractor.create(refusingTheSecondImage,
              ExtractionOptions.defaults().withUploadConcurrency(1)).extract("talk", laterVideo));
      assertEquals("Upload failed", e.summary());
      for (String key : keys) {
        assertArrayEquals(earlier.get(key), s3.read(key).orElseThrow(),
            key + " is not what the earlier run wrote");
      }
    }
  }

  private static void createBucket() {
    try (S3Client raw = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(S3.getUri())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3.getAccessKey(), S3.getSecretKey())))
        .build()) {
      raw.createBucket(r -> r.bucket(BUCKET));
    }
  }
}
