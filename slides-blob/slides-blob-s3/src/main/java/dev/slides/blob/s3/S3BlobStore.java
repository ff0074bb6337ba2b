package dev.slides.blob.s3;

import dev.slides.BlobStore;
import dev.slides.internal.store.BlobKeys;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A {@link BlobStore} on any S3-compatible service (AWS S3, MinIO, Cloudflare R2, Ceph, ...)
 * through the AWS SDK v2 with the JDK's URL-connection HTTP client.
 *
 * <p>Checksums are computed and validated only "when required": since SDK 2.30 the default
 * sends CRC32 trailers that many S3-compatible stores reject. Objects carry their content type;
 * images are cached for a year (their keys never change content), manifests are not cached.
 * URLs are {@code publicBaseUrl + key} for public buckets, or presigned GET URLs otherwise.
 *
 * <p>Thread-safe. It holds the SDK's HTTP client: {@link #close()} it when done.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
  private static final Set<String> DIRECTORY_TYPES = Set.of("application/x-directory",
      "inode/directory");

  /** Most keys one DeleteObjects takes: S3's own limit. */
  static final int DELETE_BATCH = 1000;

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final String publicBaseUrl;
  private final Duration presignDuration;
  private final String description;
  /** Keys asked for per ListObjectsV2 page (S3 gives at most 1000). */
  private final int listPageSize;
  /** Set once a request proved the bucket exists. */
  private volatile boolean bucketSeen;

  private S3BlobStore(Builder b) {
    this.bucket = b.bucket;
    this.publicBaseUrl = b.publicBaseUrl == null ? null
        : b.publicBaseUrl.endsWith("/") ? b.publicBaseUrl : b.publicBaseUrl + "/";
    this.presignDuration = b.presignDuration;
    this.listPageSize = b.listPageSize;
    AwsCredentialsProvider credentials = marked(b.credentialsProvider != null
        ? b.credentialsProvider
        : b.accessKey != null
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(b.accessKey, b.secretKey))
        : DefaultCredentialsProvider.builder().build());
    Region region = Region.of(b.region);
    var client = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(20))
            .socketTimeout(Duration.ofSeconds(120))
            .build())
        .region(region)
        .credentialsProvider(credentials)
        .forcePathStyle(b.pathStyle)
        // Over plain HTTP the SDK otherwise signs an upload chunk by chunk (aws-chunked); a server
        // that stops reading at the decoded length (S3Proxy does) closes the connection while the
        // last chunk is still being written, and the upload fails with "Error writing request
        // body to server" (a fifth of the attempts, here). Bodies are in memory: one signature
        // over the whole body costs a hash, and the request is plain.
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        // DeleteObjects needs a checksum; S3 itself, MinIO, Ceph and R2 ask for Content-MD5,
        // which the SDK stopped sending in 2.30 (aws-sdk-java-v2#5805): this sends it again.
        .addPlugin(LegacyMd5Plugin.create());
    if (b.interceptor != null) {
      client.overrideConfiguration(o -> o.addExecutionInterceptor(b.interceptor));
    }
    var presign = S3Presigner.builder()
        .region(region)
        .credentialsProvider(credentials)
        .serviceConfiguration(
            S3Configuration.builder().pathStyleAccessEnabled(b.pathStyle).build());
    if (b.endpoint != null) {
      client.endpointOverride(b.endpoint);
      presign.endpointOverride(b.endpoint);
    }
    this.s3 = client.build();
    this.presigner = presign.build();
    this.description = "s3:" + bucket + (b.endpoint == null ? "" : " at " + b.endpoint.getHost());
  }

  /**
   * Settings for a store in {@code bucket}.
   *
   * @throws IllegalArgumentException when the bucket name is null or blank
   */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** Settings of an S3 store. */
  public static final class Builder {
    private final String bucket;
    private URI endpoint;
    private String region = "us-east-1";
    private boolean pathStyle;
    private String accessKey;
    private String secretKey;
    private String publicBaseUrl;
    private Duration presignDuration = Duration.ofDays(7);
    private AwsCredentialsProvider credentialsProvider;
    private int listPageSize = 1000;
    private ExecutionInterceptor interceptor;

    private Builder(String bucket) {
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException("S3 bucket name is required (S3_BUCKET_NAME)");
      }
      this.bucket = bucket;
    }

    /**
     * A non-AWS endpoint ({@code S3_ENDPOINT}); a missing scheme means https.
     *
     * @throws IllegalArgumentException when it is not a URL
     */
    public Builder endpoint(String endpoint) {
      if (endpoint != null && !endpoint.isBlank()) {
        String withScheme = endpoint.contains("://") ? endpoint : "https://" + endpoint;
        try {
          this.endpoint = new URI(withScheme.replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
          // URI's own message ("Illegal character in authority at index 7") names no setting
          throw new IllegalArgumentException("S3 endpoint (S3_ENDPOINT) is not a URL such as"
              + " http://localhost:9000: \"" + endpoint + "\"", e);
        }
      }
      return this;
    }

    /** The bucket's region (default {@code us-east-1}); null or blank keeps the default. */
    public Builder region(String region) {
      if (region != null && !region.isBlank()) {
        this.region = region;
      }
      return this;
    }

    /**
     * Path-style addressing ({@code endpoint/bucket/key}), as MinIO and most others want;
     * default false: virtual-hosted ({@code bucket.endpoint/key}), as AWS wants.
     */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /**
     * Static credentials; without them the SDK's default chain is used. One setter for the two,
     * as the SDK's {@code AwsBasicCredentials.create}: neither means anything alone.
     */
    public Builder credentials(String accessKey, String secretKey) {
      Objects.requireNonNull(accessKey, "accessKey must not be null");
      Objects.requireNonNull(secretKey, "secretKey must not be null");
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /** Tests: credentials that fail the way the SDK's default chain does when it finds none. */
    Builder credentialsProvider(AwsCredentialsProvider provider) {
      this.credentialsProvider = provider;
      return this;
    }

    /** Tests: fewer keys per listed page than S3's 1000, to list across pages cheaply. */
    Builder listPageSize(int keys) {
      if (keys < 1 || keys > 1000) {
        throw new IllegalArgumentException("A listed page holds 1 to 1000 keys, not " + keys);
      }
      this.listPageSize = keys;
      return this;
    }

    /** Tests: sees (and may change) each request and answer on the wire. */
    Builder interceptor(ExecutionInterceptor interceptor) {
      this.interceptor = interceptor;
      return this;
    }

    /**
     * Public buckets: URLs are this base plus the key, instead of presigned URLs; null or blank
     * keeps presigned URLs.
     *
     * @throws IllegalArgumentException when it is not an http(s) URL
     */
    public Builder publicBaseUrl(String publicBaseUrl) {
      if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
        this.publicBaseUrl = null;
        return this;
      }
      // Caught here: a wrong base would otherwise be written into every manifest, unnoticed.
      if (!isHttpUrl(publicBaseUrl)) {
        throw new IllegalArgumentException("S3 public base URL (S3_PUBLIC_BASE_URL) is not an"
            + " http(s) URL such as https://cdn.example.com/slides: \"" + publicBaseUrl + "\"");
      }
      this.publicBaseUrl = publicBaseUrl;
      return this;
    }

    /**
     * Lifetime of presigned URLs, 1 s to 7 days (SigV4's limit; default 7 days).
     *
     * @throws IllegalArgumentException when it is shorter or longer
     */
    public Builder presignDuration(Duration duration) {
      Objects.requireNonNull(duration, "presignDuration must not be null");
      if (duration.compareTo(Duration.ofSeconds(1)) < 0
          || duration.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("Presigned URLs (S3_PRESIGN_SECONDS) live 1 s to 7 days"
            + " (604800 s), got " + duration.toMillis() / 1000.0 + " s");
      }
      this.presignDuration = duration;
      return this;
    }

    private static boolean isHttpUrl(String url) {
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme();
        return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
            && uri.getHost() != null;
      } catch (URISyntaxException e) {
        return false;
      }
    }

    /** The store; it opens no connection yet. */
    public S3BlobStore build() {
      return new S3BlobStore(this);
    }
  }

  @Override
  public String put(String key, byte[] content, String contentType) throws IOException {
    BlobKeys.requireValid(key);
    try {
      s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType)
              .cacheControl(key.endsWith(".json") ? "no-cache"
                  : "public, max-age=31536000, immutable"),
          RequestBody.fromBytes(content));
      bucketSeen = true;
    } catch (S3Exception e) {
      throw refused("upload " + key, e);
    } catch (SdkClientException | NoCredentials e) {
      throw unreachable("upload " + key, e);
    }
    return url(key);
  }

  @Override
  public Optional<String> find(String key) throws IOException {
    BlobKeys.requireValid(key);
    Optional<HeadObjectResponse> head =
        existing("check " + key, () -> s3.headObject(r -> r.bucket(bucket).key(key)));
    if (head.isEmpty() || isFolder(head.get().contentType())
        || head.get().contentLength() == null || head.get().contentLength() <= 0) {
      return Optional.empty();
    }
    return Optional.of(url(key));
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    BlobKeys.requireValid(key);
    Optional<ResponseBytes<GetObjectResponse>> object =
        existing("read " + key, () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)));
    if (object.isEmpty() || isFolder(object.get().response().contentType())
        || object.get().asByteArray().length == 0) {
      return Optional.empty();
    }
    return Optional.of(object.get().asByteArray());
  }

  /** DeleteObject: S3 answers a key that does not exist like one it removed. */
  @Override
  public void delete(String key) throws IOException {
    BlobKeys.requireValid(key);
    try {
      s3.deleteObject(r -> r.bucket(bucket).key(key));
      bucketSeen = true;
    } catch (S3Exception e) {
      throw refused("remove " + key, e);
    } catch (SdkClientException | NoCredentials e) {
      throw unreachable("remove " + key, e);
    }
  }

  /**
   * DeleteObjects, {@value #DELETE_BATCH} keys a request (S3's most), in quiet mode: S3 answers
   * only the keys it could not remove, each with its own error (AccessDenied, ...), which a
   * successful answer carries. Those keys, and all of a batch refused whole and of the batches
   * after it, are named by the {@link BlobStore.NotRemovedException}. Needs
   * {@code s3:DeleteObject}.
   */
  @Override
  public void deleteAll(Collection<String> keys) throws IOException {
    List<String> all = List.copyOf(new LinkedHashSet<>(keys));
    all.forEach(BlobKeys::requireValid);
    List<String> failed = new ArrayList<>();
    String reason = null;
    for (int from = 0; from < all.size(); from += DELETE_BATCH) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
      String what = "remove " + BlobKeys.describeBatch(batch, "key");
      DeleteObjectsResponse answer;
      try {
        answer = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.quiet(true)
            .objects(batch.stream().map(k -> ObjectIdentifier.builder().key(k).build())
                .toList())));
        bucketSeen = true;
      } catch (S3Exception | SdkClientException | NoCredentials e) {
        // Refused whole (a missing bucket, wrong keys) or not answered: the next would be too.
        S3BlobStoreException cause = e instanceof S3Exception refusal ? refused(what, refusal)
            : unreachable(what, e);
        failed.addAll(all.subList(from, all.size()));
        throw new BlobStore.NotRemovedException(failed,
            reason == null ? cause.getMessage() : reason, cause);
      }
      for (S3Error error : answer.errors()) {
        failed.add(error.key());
        if (reason == null) {
          reason = "S3 refused to remove " + error.key() + ": " + error.code()
              + (error.message() == null ? "" : " - " + error.message());
        }
      }
    }
    if (!failed.isEmpty()) {
      throw new BlobStore.NotRemovedException(failed, reason, null);
    }
  }

  /**
   * ListObjectsV2, page after page (the SDK follows the continuation token). Needs the
   * {@code s3:ListBucket} permission on the bucket. Folder markers some S3 tools write
   * ({@code slides/abc/}) and keys other tools put there that this store would refuse are left
   * out.
   */
  @Override
  public List<String> list(String prefix) throws IOException {
    BlobKeys.requireValidPrefix(prefix);
    List<String> keys = new ArrayList<>();
    try {
      for (ListObjectsV2Response page : s3.listObjectsV2Paginator(r -> r.bucket(bucket)
          .prefix(prefix).maxKeys(listPageSize))) {
        for (S3Object object : page.contents()) {
          if (BlobKeys.isValid(object.key())) {
            keys.add(object.key());
          }
        }
      }
      bucketSeen = true;
    } catch (S3Exception e) {
      throw refused("list " + describePrefix(prefix), e);
    } catch (SdkClientException | NoCredentials e) {
      throw unreachable("list " + describePrefix(prefix), e);
    }
    keys.sort(null);
    return keys;
  }

  private static String describePrefix(String prefix) {
    return prefix.isEmpty() ? "the bucket's keys" : "the keys under " + prefix;
  }

  /**
   * What {@code request} answers, or empty when the key does not exist. A missing bucket is a
   * 404 too: it fails, or a wrong S3_BUCKET_NAME would read as "nothing stored yet".
   */
  private <T> Optional<T> existing(String what, Supplier<T> request) throws IOException {
    try {
      return Optional.of(request.get());
    } catch (S3Exception e) {
      if (e.statusCode() != 404 || "NoSuchBucket".equals(errorCode(e))) {
        throw refused(what, e);
      }
      requireBucket(what);
      return Optional.empty();
    } catch (SdkClientException | NoCredentials e) {
      throw unreachable(what, e);
    }
  }

  /**
   * Checks once that the bucket exists: a HEAD's 404 has no body to tell a missing key from a
   * missing bucket. Only a 404 means no bucket: keys allowed objects but not HeadBucket (its
   * s3:ListBucket) get a 403, and keep reading a missing key as missing.
   */
  private void requireBucket(String what) throws IOException {
    if (bucketSeen) {
      return;
    }
    try {
      s3.headBucket(r -> r.bucket(bucket));
      bucketSeen = true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw refused(what, "NoSuchBucket", e);
      }
      bucketSeen = true;
    } catch (SdkClientException | NoCredentials e) {
      throw unreachable(what, e);
    }
  }

  /** Folder markers some S3 tools write: never a stored object of ours. */
  private static boolean isFolder(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    return DIRECTORY_TYPES.stream().anyMatch(type::startsWith);
  }

  private String url(String key) {
    if (publicBaseUrl != null) {
      return publicBaseUrl + key;
    }
    GetObjectRequest get = GetObjectRequest.builder().bucket(bucket).key(key).build();
    return presigner.presignGetObject(r -> r.signatureDuration(presignDuration)
        .getObjectRequest(get)).url().toString();
  }

  /**
   * No answer from S3: the network, or no credentials at all, which the SDK reports as a client
   * failure listing every provider of its chain (a page of internals, not "Cannot reach S3").
   */
  private static S3BlobStoreException unreachable(String what, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoCredentials) {
        return new S3BlobStoreException("No S3 credentials to " + what + ": set S3_ACCESS_KEY"
            + " and S3_SECRET_KEY (or the AWS SDK's AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
            + " a profile or an instance role)", S3BlobStoreException.NO_CREDENTIALS, 0, e);
      }
    }
    return new S3BlobStoreException("Cannot reach S3 to " + what + ": " + e.getMessage(),
        "network", 0, e);
  }

  /** {@code provider}, whose failure to find credentials is told apart from network errors. */
  private static AwsCredentialsProvider marked(AwsCredentialsProvider provider) {
    return () -> {
      try {
        return provider.resolveCredentials();
      } catch (RuntimeException e) {
        throw new NoCredentials(e);
      }
    };
  }

  /** The credentials provider found none. */
  private static final class NoCredentials extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoCredentials(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private S3BlobStoreException refused(String what, S3Exception e) {
    String code = errorCode(e);
    return refused(what, code == null ? "http_" + e.statusCode() : code, e);
  }

  private S3BlobStoreException refused(String what, String code, S3Exception e) {
    String hint = switch (code) {
      case "NoSuchBucket" -> " (bucket \"" + bucket + "\" does not exist: check S3_BUCKET_NAME)";
      // http_403: a HEAD's refusal has no body, so no code; keys and signatures are the usual cause
      case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "http_403" ->
          what.startsWith("list ")
              ? " (check S3_ACCESS_KEY and S3_SECRET_KEY, and that they may list the bucket:"
                  + " s3:ListBucket)"
              : " (check S3_ACCESS_KEY and S3_SECRET_KEY)";
      default -> "";
    };
    return new S3BlobStoreException("S3 refused to " + what + ": " + code + hint + " (HTTP "
        + e.statusCode() + ")", code, e.statusCode(), e);
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    presigner.close();
    s3.close();
  }
}
