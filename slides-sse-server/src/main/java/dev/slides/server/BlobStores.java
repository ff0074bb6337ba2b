package dev.slides.server;

import dev.slides.BlobStore;
import dev.slides.FileSystemBlobStore;
import dev.slides.blob.s3.S3BlobStore;
import dev.slides.blob.vercel.VercelBlobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses a {@link BlobStore} from configuration, the same way for the server and the command
 * line: {@code SLIDES_STORAGE=local|vercel|s3}, or automatically: a {@code BLOB_READ_WRITE_TOKEN}
 * means Vercel Blob, an {@code S3_ENDPOINT} or {@code S3_BUCKET_NAME} means S3, anything else
 * the local directory.
 */
final class BlobStores {
  private BlobStores() {}

  /**
   * @param env the configuration (usually {@code System.getenv()})
   * @param localRoot directory of the local store
   * @param localPublicBaseUrl base URL of the local store's files, or null for {@code file:} URLs
   */
  public static BlobStore fromEnvironment(Map<String, String> env, Path localRoot,
      String localPublicBaseUrl) {
    return switch (kind(env)) {
      case "local" -> localPublicBaseUrl == null ? FileSystemBlobStore.create(localRoot)
          : FileSystemBlobStore.create(localRoot, localPublicBaseUrl);
      case "vercel" -> vercel(env);
      default -> s3(env);
    };
  }

  /**
   * Whether {@code env} chooses the local directory.
   *
   * @throws IllegalArgumentException when {@code SLIDES_STORAGE} names no store
   */
  public static boolean choosesLocal(Map<String, String> env) {
    return kind(env).equals("local");
  }

  /** local, vercel or s3. */
  private static String kind(Map<String, String> env) {
    String kind = value(env, "SLIDES_STORAGE");
    if (kind == null || kind.equalsIgnoreCase("auto")) {
      return value(env, "BLOB_READ_WRITE_TOKEN") != null ? "vercel"
          : value(env, "S3_ENDPOINT") != null || value(env, "S3_BUCKET_NAME") != null ? "s3"
          : "local";
    }
    String named = kind.toLowerCase(Locale.ROOT);
    if (!named.equals("local") && !named.equals("vercel") && !named.equals("s3")) {
      throw new IllegalArgumentException(
          "SLIDES_STORAGE must be local, vercel, s3 or auto, not \"" + kind + "\"");
    }
    return named;
  }

  private static BlobStore vercel(Map<String, String> env) {
    String token = value(env, "BLOB_READ_WRITE_TOKEN");
    if (token == null) {
      throw new IllegalArgumentException("Vercel Blob storage needs BLOB_READ_WRITE_TOKEN");
    }
    VercelBlobStore.Builder b = VercelBlobStore.builder(token);
    String api = value(env, "VERCEL_BLOB_API_URL");
    if (api != null) {
      b.apiUrl(api);
    }
    return b.build();
  }

  private static BlobStore s3(Map<String, String> env) {
    String endpoint = value(env, "S3_ENDPOINT");
    String pathStyle = orDefault(env, "S3_PATH_STYLE", endpoint != null ? "true" : "false");
    // Boolean.parseBoolean reads "yes" or "1" as false: virtual-host URLs a custom endpoint
    // then fails to resolve, far from the setting that caused it.
    if (!pathStyle.equalsIgnoreCase("true") && !pathStyle.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException("S3_PATH_STYLE must be true or false, not \""
          + pathStyle + "\"");
    }
    S3BlobStore.Builder b = S3BlobStore.builder(value(env, "S3_BUCKET_NAME"))
        .endpoint(endpoint)
        .region(value(env, "S3_REGION"))
        .pathStyle(Boolean.parseBoolean(pathStyle))
        .publicBaseUrl(value(env, "S3_PUBLIC_BASE_URL"));
    String access = value(env, "S3_ACCESS_KEY");
    String secret = value(env, "S3_SECRET_KEY");
    if (access != null || secret != null) {
      if (access == null || secret == null) {
        throw new IllegalArgumentException("Set both S3_ACCESS_KEY and S3_SECRET_KEY, or neither");
      }
      b.credentials(access, secret);
    }
    String seconds = value(env, "S3_PRESIGN_SECONDS");
    if (seconds != null) {
      long presign;
      try {
        presign = Long.parseLong(seconds);
      } catch (NumberFormatException e) {
        presign = 0;
      }
      if (presign < 1) {
        throw new IllegalArgumentException(
            "S3_PRESIGN_SECONDS must be a whole number of seconds, at least 1, not \"" + seconds
                + "\"");
      }
      b.presignDuration(Duration.ofSeconds(presign));
    }
    return b.build();
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static String orDefault(Map<String, String> env, String name, String fallback) {
    String v = value(env, name);
    return v == null ? fallback : v;
  }
}
