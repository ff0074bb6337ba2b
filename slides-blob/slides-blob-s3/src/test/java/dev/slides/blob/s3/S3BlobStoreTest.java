package dev.slides.blob.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.slides.BlobStore;
import dev.slides.ExtractionException;
import dev.slides.ExtractionOptions;
import dev.slides.SlideExtractor;
import dev.slides.blob.s3.testing.S3TestServer;
import dev.slides.testing.BlobStoreContract;
import dev.slides.testing.GuardedStore;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.SampleLecture;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The S3 store against a real S3-compatible server (S3Proxy, in memory, started here). */
class S3BlobStoreTest extends BlobStoreContract {
  static final String BUCKET = "slides-test";

  @RegisterExtension
  static final S3TestServer S3 = new S3TestServer("access-key", "secret-key");

  final HttpClient http = HttpClient.newHttpClient();
  S3Client raw;
  S3BlobStore store;

  @BeforeEach
  void createBucket() {
    raw = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(S3.getUri())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        // As the store does: no aws-chunked uploads, which S3Proxy cuts short (S3BlobStore).
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3.getAccessKey(), S3.getSecretKey())))
        .build();
    raw.createBucket(r -> r.bucket(BUCKET));
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    raw.close();
  }

  S3BlobStore.Builder builder() {
    return S3BlobStore.builder(BUCKET).endpoint(S3.getUri().toString()).pathStyle(true)
        .credentials(S3.getAccessKey(), S3.getSecretKey());
  }

  @Override
  protected BlobStore store() {
    store = builder().build();
    return store;
  }

  @Override
  protected byte[] read(String url) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), url);
    return r.body();
  }

  @Override
  protected String contentType(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.discarding()).headers().firstValue("content-type").orElse(null);
  }

  @Test
  void presignedUrlsWorkAndPlainUrlsDoNot() throws Exception {
    BlobStore s = store();
    byte[] bytes = bytes(4096, 9);
    String url = s.put("slides/v/1-first.webp", bytes, "image/webp");
    assertTrue(url.contains("X-Amz-Signature="), url);
    assertArrayEquals(bytes, read(url));
    String unsigned = url.substring(0, url.indexOf('?'));
    int status = http.send(HttpRequest.newBuilder(URI.create(unsigned)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
    assertEquals(403, status, "a private bucket needs the signature");
  }

  @Test
  void keepsContentTypeAndCacheHeaders() throws Exception {
    store().put("slides/v/1-first.webp", new byte[] {1}, "image/webp");
    store.put("manifests/v.json", new byte[] {'{', '}'}, "application/json");
    var image = raw.headObject(r -> r.bucket(BUCKET).key("slides/v/1-first.webp"));
    assertEquals("image/webp", image.contentType());
    assertEquals("public, max-age=31536000, immutable", image.cacheControl());
    var manifest = raw.headObject(r -> r.bucket(BUCKET).key("manifests/v.json"));
    assertEquals("no-cache", manifest.cacheControl());
  }

  @Test
  void usesThePublicBaseUrlWhenConfigured() throws Exception {
    store = builder().publicBaseUrl("https://cdn.example.com/slides").build();
    assertEquals("https://cdn.example.com/slides/manifests/x.json",
        store.put("manifests/x.json", new byte[] {1}, "application/json"));
  }

  @Test
  void directoryMarkersAndEmptyObjectsDoNotCount() throws Exception {
    raw.putObject(r -> r.bucket(BUCKET).key("manifests/dir.json").contentType("application/x-directory"),
        RequestBody.fromBytes(new byte[0]));
    raw.putObject(r -> r.bucket(BUCKET).key("manifests/marker.json")
            .contentType("application/x-directory"),
        RequestBody.fromBytes(new byte[] {1, 2}));
    assertEquals(Optional.empty(), store().find("manifests/dir.json"));
    assertEquals(Optional.empty(), store.find("manifests/marker.json"));
  }

  @Test
  void aWrongKeyFailsClearly() {
    store = S3BlobStore.builder(BUCKET).endpoint(S3.getUri().toString()).pathStyle(true)
        .credentials(S3.getAccessKey(), "not-the-secret").build();
    S3BlobStoreException e = assertThrows(S3BlobStoreException.class,
        () -> store.put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    assertTrue(e.getMessage().contains("check S3_ACCESS_KEY and S3_SECRET_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains("not-the-secret"));
    assertEquals(403, e.statusCode());
    assertFalse(e.retryable());
  }

  @Test
  void aMissingBucketFailsClearly() {
    store = S3BlobStore.builder("no-such-bucket").endpoint(S3.getUri().toString()).pathStyle(true)
        .credentials(S3.getAccessKey(), S3.getSecretKey()).build();
    S3BlobStoreException e = assertThrows(S3BlobStoreException.class,
        () -> store.put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    assertEquals("NoSuchBucket", e.code());
    assertEquals(404, e.statusCode());
    assertTrue(e.getMessage().contains("no-such-bucket"), e.getMessage());
  }

  /** A wrong S3_BUCKET_NAME used to read as "nothing stored yet": exports said 404. */
  @Test
  void aMissingBucketIsNotTakenForAMissingKey() {
    store = S3BlobStore.builder("no-such-bucket").endpoint(S3.getUri().toString()).pathStyle(true)
        .credentials(S3.getAccessKey(), S3.getSecretKey()).build();
    S3BlobStoreException read = assertThrows(S3BlobStoreException.class,
        () -> store.read("manifests/x.json"));
    assertEquals("NoSuchBucket", read.code());
    assertTrue(read.getMessage().contains("bucket \"no-such-bucket\" does not exist"),
        read.getMessage());
    S3BlobStoreException find = assertThrows(S3BlobStoreException.class,
        () -> store.find("manifests/x.json"));
    assertEquals("NoSuchBucket", find.code());
    assertEquals("S3 refused to check manifests/x.json: NoSuchBucket (bucket \"no-such-bucket\""
        + " does not exist: check S3_BUCKET_NAME) (HTTP 404)", find.getMessage());
    // A delete too: S3 answers a missing key as removed, but not a missing bucket.
    S3BlobStoreException delete = assertThrows(S3BlobStoreException.class,
        () -> store.delete("slides/x/1-first.webp"));
    assertEquals("NoSuchBucket", delete.code());
    assertTrue(delete.getMessage().startsWith("S3 refused to remove slides/x/1-first.webp:"
        + " NoSuchBucket"), delete.getMessage());
  }

  /**
   * Keys allowed objects but not HeadBucket (no s3:ListBucket): a missing key stays missing,
   * the bucket check's 403 is no reason to fail. A stand-in answers as S3 does.
   */
  @Test
  void aBucketCheckThatIsNotAllowedKeepsAMissingKeyMissing() throws Exception {
    HttpServer s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> asked = new CopyOnWriteArrayList<>();
    s3.createContext("/", ex -> {
      try (ex) {
        String path = ex.getRequestURI().getPath();
        asked.add(ex.getRequestMethod() + " " + path);
        ex.sendResponseHeaders(path.equals("/" + BUCKET) ? 403 : 404, -1);
      }
    });
    s3.start();
    try {
      store = S3BlobStore.builder(BUCKET).pathStyle(true)
          .endpoint("http://127.0.0.1:" + s3.getAddress().getPort())
          .credentials("access-key", "secret-key").build();
      assertEquals(Optional.empty(), store.find("manifests/x.json"));
      assertEquals(Optional.empty(), store.find("manifests/y.json"));
      assertEquals(List.of("HEAD /" + BUCKET + "/manifests/x.json", "HEAD /" + BUCKET,
          "HEAD /" + BUCKET + "/manifests/y.json"), asked, "the bucket is checked once");
    } finally {
      s3.stop(0);
    }
  }

  /** A HEAD's refusal has no body: its 403 still says which settings to check. */
  @Test
  void aWrongKeyFailsClearlyWhenLookingUpToo() {
    store = S3BlobStore.builder(BUCKET).endpoint(S3.getUri().toString()).pathStyle(true)
        .credentials(S3.getAccessKey(), "not-the-secret").build();
    S3BlobStoreException e = assertThrows(S3BlobStoreException.class,
        () -> store.find("manifests/x.json"));
    assertEquals(403, e.statusCode());
    assertTrue(e.getMessage().contains("check S3_ACCESS_KEY and S3_SECRET_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains("not-the-secret"));
  }

  @Test
  void anEndpointThatIsNoUrlNamesTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> S3BlobStore.builder(BUCKET).endpoint("http://minio host:9000"));
    assertEquals("S3 endpoint (S3_ENDPOINT) is not a URL such as http://localhost:9000:"
        + " \"http://minio host:9000\"", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> S3BlobStore.builder(BUCKET).endpoint("http://"));
    store = S3BlobStore.builder(BUCKET).endpoint("minio:9000/").credentials("a", "b").build();
    assertEquals("s3:" + BUCKET + " at minio", store.describe());
  }

  /**
   * Without S3_ACCESS_KEY and nothing for the SDK's default chain to find, the error was "Cannot
   * reach S3" with a page listing the chain's six providers, and retryable.
   */
  @Test
  void noCredentialsAtAllSaysWhatToSet() {
    store = S3BlobStore.builder(BUCKET).endpoint(S3.getUri().toString()).pathStyle(true)
        .credentialsProvider(() -> {
          throw SdkClientException.create("Unable to load credentials from any of the providers"
              + " in the chain AwsCredentialsProviderChain(credentialsProviders=[...])");
        }).build();
    S3BlobStoreException e = assertThrows(S3BlobStoreException.class,
        () -> store.put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    assertEquals("No S3 credentials to upload slides/v/1-first.webp: set S3_ACCESS_KEY and"
        + " S3_SECRET_KEY (or the AWS SDK's AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile"
        + " or an instance role)", e.getMessage());
    assertEquals("no_credentials", e.code());
    assertFalse(e.retryable());
    S3BlobStoreException find = assertThrows(S3BlobStoreException.class,
        () -> store.find("manifests/x.json"));
    assertEquals("no_credentials", find.code());
  }

  @Test
  void aStoreThatCannotBeReachedFailsClearlyAndMayBeRetried() {
    store = S3BlobStore.builder(BUCKET).endpoint("http://127.0.0.1:1").pathStyle(true)
        .credentials(S3.getAccessKey(), S3.getSecretKey()).build();
    S3BlobStoreException e = assertThrows(S3BlobStoreException.class,
        () -> store.find("manifests/x.json"));
    assertEquals("network", e.code());
    assertEquals(0, e.statusCode());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("Cannot reach S3 to check manifests/x.json"),
        e.getMessage());
  }

  /**
   * A job run again into a bucket that already holds its result, with the bucket refusing a
   * write midway: the earlier manifest must go on naming the earlier images.
   */
  @Test
  void aBucketThatRefusesAWriteMidwayKeepsTheEarlierResultWhole(@TempDir Path dir)
      throws Exception {
    Path earlierVideo = SampleLecture.writeBackAndForth(dir.resolve("earlier.mp4"), 640, 360);
    Path laterVideo = LectureVideo.builder(640, 360, 10)
        .slide(Slides.solid(640, 360, 0x00A000, "Green"), 2)
        .slide(Slides.solid(640, 360, 0xE0E000, "Yellow"), 2)
        .write(dir.resolve("later.mp4"));
    BlobStore s3 = store();
    SlideExtractor.create(s3).extract("talk", earlierVideo);
    List<String> keys = List.of("manifests/talk.json", "slides/talk/1-first.webp",
        "slides/talk/2-first.webp");
    Map<String, byte[]> earlier = new TreeMap<>();
    for (String key : keys) {
      earlier.put(key, s3.read(key).orElseThrow());
    }

    AtomicInteger images = new AtomicInteger();
    BlobStore refusingTheSecondImage = new GuardedStore(s3, key -> {
      if (key.endsWith(".webp") && images.incrementAndGet() == 2) {
        throw new IOException("Storage refused " + key + ": quota exceeded");
      }
    });
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(refusingTheSecondImage,
            ExtractionOptions.builder().uploadConcurrency(1).build()).extract("talk", laterVideo));
    assertEquals("Upload failed", e.summary());
    for (String key : keys) {
      assertArrayEquals(earlier.get(key), s3.read(key).orElseThrow(),
          key + " is not what the earlier run wrote");
    }
  }

  static Path fourSlides(Path file) throws IOException {
    return LectureVideo.builder(640, 360, 10)
        .slide(Slides.solid(640, 360, 0x00A000, "Green"), 2)
        .slide(Slides.solid(640, 360, 0xE0E000, "Yellow"), 2)
        .slide(Slides.solid(640, 360, 0xFFFFFF, "White"), 2)
        .slide(Slides.solid(640, 360, 0x000000, "Black"), 2)
        .write(file);
  }

  /** Run again with fewer slides: the earlier images the new manifest does not name go. */
  @Test
  void aRunAgainWithFewerSlidesRemovesTheEarlierRunsOtherImages(@TempDir Path dir)
      throws Exception {
    BlobStore s3 = store();
    assertEquals(4, SlideExtractor.create(s3).extract("talk", fourSlides(dir.resolve("a.mp4")))
        .slideCount());
    assertTrue(keysInBucket().contains("slides/talk/4-first.webp"), keysInBucket().toString());
    Path twoSlides = LectureVideo.builder(640, 360, 10)
        .slide(Slides.solid(640, 360, 0x0000C0, "Blue"), 2)
        .slide(Slides.solid(640, 360, 0xC00000, "Red"), 2)
        .write(dir.resolve("b.mp4"));
    assertEquals(2, SlideExtractor.create(s3).extract("talk", twoSlides).slideCount());
    assertEquals(List.of("manifests/talk.json", "slides/talk/1-first.webp",
        "slides/talk/2-first.webp"), keysInBucket());
  }

  /** Sees each DeleteObjects the store sends: how many keys, and its Content-MD5. */
  static final class DeleteRequests implements ExecutionInterceptor {
    final List<Integer> keys = new CopyOnWriteArrayList<>();
    final List<String> contentMd5 = new CopyOnWriteArrayList<>();
    /** Keys sent with a condition they fail (an ETag no object has): S3 refuses just them. */
    final Set<String> conditioned = ConcurrentHashMap.newKeySet();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context,
        ExecutionAttributes attributes) {
      if (!(context.request() instanceof DeleteObjectsRequest request)) {
        return context.request();
      }
      keys.add(request.delete().objects().size());
      return request.toBuilder().delete(request.delete().toBuilder().objects(
          request.delete().objects().stream().map(o -> conditioned.contains(o.key())
              ? o.toBuilder().eTag("\"0123456789abcdef0123456789abcdef\"").build() : o)
              .toList()).build()).build();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context,
        ExecutionAttributes attributes) {
      if (context.request() instanceof DeleteObjectsRequest) {
        contentMd5.add(context.httpRequest().firstMatchingHeader("Content-MD5").orElse(null));
      }
    }
  }

  void putDirectly(List<String> keys) {
    keys.forEach(key -> raw.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.empty()));
  }

  /**
   * More keys than one DeleteObjects takes (S3Proxy, as S3, refuses over 1000) go in batches,
   * each with the Content-MD5 that S3, MinIO, Ceph and R2 ask for.
   */
  @Test
  void removesMoreThanAThousandKeysInBatches() throws Exception {
    DeleteRequests requests = new DeleteRequests();
    store = builder().interceptor(requests).build();
    List<String> keys = new ArrayList<>();
    for (int n = 1; n <= 1003; n++) {
      keys.add("slides/many/" + n + "-first.webp");
    }
    // A few stored, in both batches; the others hold nothing, which is no error.
    List<String> stored = List.of("slides/many/1-first.webp", "slides/many/999-first.webp",
        "slides/many/1003-first.webp", "slides/many/10-first.webp");
    putDirectly(stored);
    putDirectly(List.of("slides/kept/1-first.webp"));
    store.deleteAll(keys);
    assertEquals(List.of(1000, 3), requests.keys);
    assertEquals(List.of("slides/kept/1-first.webp"), keysInBucket());
    assertEquals(2, requests.contentMd5.size());
    assertTrue(requests.contentMd5.stream().allMatch(md5 -> md5 != null && md5.length() == 24),
        "a base64 MD5 on each: " + requests.contentMd5);
  }

  /**
   * An upload is one body signed whole, not aws-chunked: S3Proxy stops reading an aws-chunked
   * body at its decoded length and closes the connection while the SDK still writes the last
   * chunk, which failed a fifth of the uploads over plain HTTP ("Error writing request body to
   * server") and, when four attempts in a row did, a test now and then.
   */
  @Test
  void uploadsAreOneBodySignedWholeNotAwsChunked() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    store = builder().interceptor(new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context,
          ExecutionAttributes attributes) {
        if (context.request() instanceof PutObjectRequest) {
          seen.add(context.httpRequest().firstMatchingHeader("x-amz-content-sha256").orElse("")
              + " " + context.httpRequest().firstMatchingHeader("Content-Encoding").orElse(""));
        }
      }
    }).build();
    store.put("slides/signed/1-first.webp", bytes(5000, 1), "image/webp");
    assertEquals(1, seen.size(), seen.toString());
    assertTrue(seen.get(0).matches("[0-9a-f]{64} "), "the body's own SHA-256, no encoding: "
        + seen);
  }

  /** S3 answers a key it may not remove in a successful answer: it is named, not ignored. */
  @Test
  void aKeyS3RefusesToRemoveIsNamedAndTheOthersGo() throws Exception {
    DeleteRequests requests = new DeleteRequests();
    store = builder().interceptor(requests).build();
    List<String> keys = new ArrayList<>();
    for (int n = 1; n <= 1002; n++) {
      keys.add("slides/some/" + n + "-first.webp");
    }
    putDirectly(List.of("slides/some/1-first.webp", "slides/some/7-first.webp",
        "slides/some/1001-first.webp", "slides/some/1002-first.webp"));
    requests.conditioned.add("slides/some/7-first.webp");
    requests.conditioned.add("slides/some/1001-first.webp"); // in the second batch
    BlobStore.NotRemovedException e = assertThrows(BlobStore.NotRemovedException.class,
        () -> store.deleteAll(keys));
    assertEquals(List.of("slides/some/7-first.webp", "slides/some/1001-first.webp"), e.keys());
    assertTrue(e.reason().startsWith("S3 refused to remove slides/some/7-first.webp: "),
        e.reason());
    assertTrue(e.getMessage().startsWith("Cannot remove slides/some/7-first.webp,"
        + " slides/some/1001-first.webp ("), e.getMessage());
    assertEquals(List.of("slides/some/1001-first.webp", "slides/some/7-first.webp"),
        keysInBucket());
  }

  /** Refused whole (here: no bucket), every key is named as left. */
  @Test
  void aRemovalRefusedWholeNamesEveryKey() {
    store = S3BlobStore.builder("no-such-bucket").endpoint(S3.getUri().toString())
        .pathStyle(true).credentials(S3.getAccessKey(), S3.getSecretKey()).build();
    BlobStore.NotRemovedException e = assertThrows(BlobStore.NotRemovedException.class,
        () -> store.deleteAll(List.of("slides/x/1-first.webp", "slides/x/2-first.webp")));
    assertEquals(List.of("slides/x/1-first.webp", "slides/x/2-first.webp"), e.keys());
    // S3 refuses the request whole, S3Proxy each key: either way every key is named
    assertTrue(e.reason().contains("NoSuchBucket"), e.reason());
  }

  /** ListObjectsV2 answers a page at a time: every page is read. */
  @Test
  void listsKeysAcrossPages() throws Exception {
    store = builder().listPageSize(2).build();
    for (int n = 1; n <= 5; n++) {
      store.put("slides/p/" + n + "-first.webp", bytes(10, n), "image/webp");
    }
    store.put("slides/q/1-first.webp", bytes(10, 6), "image/webp");
    assertEquals(List.of("slides/p/1-first.webp", "slides/p/2-first.webp",
        "slides/p/3-first.webp", "slides/p/4-first.webp", "slides/p/5-first.webp"),
        store.list("slides/p/"));
  }

  @Test
  void listingAMissingBucketSaysSo() {
    store = S3BlobStore.builder("no-such-bucket").endpoint(S3.getUri().toString())
        .pathStyle(true).credentials(S3.getAccessKey(), S3.getSecretKey()).build();
    S3BlobStoreException e = assertThrows(S3BlobStoreException.class,
        () -> store.list("slides/x/"));
    assertEquals("NoSuchBucket", e.code());
    assertTrue(e.getMessage().startsWith("S3 refused to list the keys under slides/x/:"
        + " NoSuchBucket"), e.getMessage());
  }

  /**
   * A run killed outright (the process, the machine) leaves images no run knows of: the next
   * run of the id lists the id's folder, across pages, and removes them.
   */
  @Test
  void theNextRunRemovesTheImagesOfAKilledRun(@TempDir Path dir) throws Exception {
    store = builder().listPageSize(2).build();
    for (String frame : List.of("1-first", "1-last", "2-first", "3-first", "3-last", "9-first")) {
      store.put("slides/talk/" + frame + ".webp", bytes(100, frame.hashCode()), "image/webp");
    }
    store.put("slides/talk/notes.txt", bytes(10, 1), "text/plain"); // someone else's
    Path twoSlides = LectureVideo.builder(640, 360, 10)
        .slide(Slides.solid(640, 360, 0x0000C0, "Blue"), 2)
        .slide(Slides.solid(640, 360, 0xC00000, "Red"), 2)
        .write(dir.resolve("b.mp4"));
    assertEquals(2, SlideExtractor.create(store).extract("talk", twoSlides).slideCount());
    assertEquals(List.of("manifests/talk.json", "slides/talk/1-first.webp",
        "slides/talk/2-first.webp", "slides/talk/notes.txt"), keysInBucket());
  }

  /** The end to end case of a failed upload: no image is left that no manifest names. */
  @Test
  void aRunThatFailsDuringItsUploadLeavesNothingInTheBucket(@TempDir Path dir) throws Exception {
    Path video = fourSlides(dir.resolve("talk.mp4"));
    AtomicInteger images = new AtomicInteger();
    BlobStore refusingTheThirdImage = new GuardedStore(store(), key -> {
      if (key.endsWith(".webp") && images.incrementAndGet() == 3) {
        throw new IOException("Storage refused " + key + ": quota exceeded");
      }
    });
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(refusingTheThirdImage,
            ExtractionOptions.builder().uploadConcurrency(1).build()).extract("talk", video));
    assertEquals("Upload failed", e.summary());
    // Two went in before the refusal (and maybe the next, begun before the upload stopped).
    assertTrue(images.get() >= 3, images.get() + " images");
    assertEquals(List.of(), keysInBucket());
  }

  /**
   * The objects in the bucket, but for S3Proxy's own debris: its file backend lists the
   * temporary file of an upload whose client stopped midway ({@code key-<uuid>}) as an object,
   * and keeps it. Real S3 never lists an upload that did not complete. (The run stops its
   * uploads at a failure, so the image after the refused one may be cut short.)
   */
  List<String> keysInBucket() {
    return raw.listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents().stream()
        .map(o -> o.key()).filter(key -> !S3PROXY_PARTIAL.matcher(key).matches())
        .sorted().toList();
  }

  static final Pattern S3PROXY_PARTIAL = Pattern.compile(
      ".*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
}
