package dev.slides.blob.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each setting of an S3 store is checked when it is given, in words that name it and what was
 * given (as slides-core's options' setters do); no S3 server is needed for that.
 */
class S3BlobStoreBuilderTest {
  final S3BlobStore.Builder builder = S3BlobStore.builder("bucket");

  @Test
  void aPresignDurationOutOfRangeSaysWhatWasGiven() {
    // It said "Presigned URLs live between 1 s and 7 days" without the value, and let 0.5 s by.
    refused("Presigned URLs (S3_PRESIGN_SECONDS) live 1 s to 7 days (604800 s), got 0.5 s",
        () -> builder.presignDuration(Duration.ofMillis(500)));
    refused("Presigned URLs (S3_PRESIGN_SECONDS) live 1 s to 7 days (604800 s), got 604801.0 s",
        () -> builder.presignDuration(Duration.ofDays(7).plusSeconds(1)));
    assertEquals("presignDuration must not be null",
        assertThrows(NullPointerException.class, () -> builder.presignDuration(null))
            .getMessage());
    builder.presignDuration(Duration.ofSeconds(1)).presignDuration(Duration.ofDays(7));
  }

  @Test
  void aPublicBaseUrlThatIsNoUrlNamesTheSetting() {
    // Taken as given before: every manifest would have carried "cdn.example.com/slides/..." URLs.
    refused("S3 public base URL (S3_PUBLIC_BASE_URL) is not an http(s) URL such as"
        + " https://cdn.example.com/slides: \"cdn.example.com/slides\"",
        () -> builder.publicBaseUrl("cdn.example.com/slides"));
    refused("S3 public base URL (S3_PUBLIC_BASE_URL) is not an http(s) URL such as"
        + " https://cdn.example.com/slides: \"ftp://cdn.example.com\"",
        () -> builder.publicBaseUrl("ftp://cdn.example.com"));
    builder.publicBaseUrl("").publicBaseUrl(null).publicBaseUrl("http://localhost:9000/b");
  }

  @Test
  void missingCredentialsAreNamed() {
    assertEquals("secretKey must not be null", assertThrows(NullPointerException.class,
        () -> builder.credentials("a", null)).getMessage());
    assertEquals("accessKey must not be null", assertThrows(NullPointerException.class,
        () -> builder.credentials(null, "b")).getMessage());
  }

  private static void refused(String message, Executable setting) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, setting).getMessage());
  }
}
