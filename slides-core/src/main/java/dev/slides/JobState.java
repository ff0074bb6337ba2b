package dev.slides;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An immutable snapshot of one job, as clients see it.
 *
 * <p>Its JSON form is a contract with existing consumers: the keys {@code status, message,
 * updated_at, metadata_uri, error, frame_count, current_frame, slides_processed, total_slides}
 * are always present (absent values are {@code null}) and are never renamed. Added since:
 * {@code percent} (overall progress, 0 to 100), {@code downloaded_bytes} and
 * {@code total_bytes} while downloading, and {@code worker} (the node running the job, when
 * several share the work).
 *
 * <p>States are made with {@link #of} and changed with the {@code with...} methods; only a
 * {@link JobTracker} stamps {@link #updatedAt()} and {@link #version()} (the per-job sequence
 * number, which grows by one with every accepted update and is not part of the JSON), so no
 * caller can forge them.
 */
public final class JobState {
  /**
   * Writes characters beyond ASCII as JSON's unicode escapes, as the Python service's
   * {@code json.dumps} did: a frame is then plain ASCII, which a client decoding each network
   * chunk on its own (the web app's stream reader does) cannot split inside a character.
   */
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final DateTimeFormatter UPDATED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);

  private final JobStatus status;
  private final String message;
  private final Instant updatedAt;
  private final String metadataUri;
  private final String error;
  private final Integer frameCount;
  private final Integer currentFrame;
  private final Integer slidesProcessed;
  private final Integer totalSlides;
  private final Double percent;
  private final Long downloadedBytes;
  private final Long totalBytes;
  private final String worker;
  private final long version;

  private JobState(JobStatus status, String message, Instant updatedAt, String metadataUri,
      String error, Integer frameCount, Integer currentFrame, Integer slidesProcessed,
      Integer totalSlides, Double percent, Long downloadedBytes, Long totalBytes, String worker,
      long version) {
    this.status = Objects.requireNonNull(status, "status");
    this.message = Objects.requireNonNull(message, "message");
    this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt").truncatedTo(ChronoUnit.MICROS);
    this.metadataUri = metadataUri;
    this.error = error;
    this.frameCount = frameCount;
    this.currentFrame = currentFrame;
    this.slidesProcessed = slidesProcessed;
    this.totalSlides = totalSlides;
    this.percent = percent;
    this.downloadedBytes = downloadedBytes;
    this.totalBytes = totalBytes;
    this.worker = worker;
    this.version = version;
  }

  /** A state with only a status and a message; every other field absent. */
  public static JobState of(JobStatus status, String message) {
    return new JobState(status, message, Instant.EPOCH, null, null, null, null, null, null, null,
        null, null, null, 0);
  }

  /**
   * Reads the JSON form ({@link #toJson()}) back, with the version kept beside it (a job record,
   * a shared store). Unknown keys are ignored.
   *
   * @throws IllegalArgumentException when the text is not a job state
   */
  public static JobState fromJson(String json, long version) {
    try {
      JsonNode n = Reader.MAPPER.readTree(json);
      if (n == null || !n.isObject() || !n.hasNonNull("status") || !n.hasNonNull("message")) {
        throw new IllegalArgumentException("Not a job state: " + abbreviate(json));
      }
      return new JobState(
          JobStatus.fromWireName(n.get("status").asText()),
          n.get("message").asText(),
          n.hasNonNull("updated_at")
              ? OffsetDateTime.parse(n.get("updated_at").asText()).toInstant() : Instant.EPOCH,
          text(n, "metadata_uri"),
          text(n, "error"),
          integer(n, "frame_count"),
          integer(n, "current_frame"),
          integer(n, "slides_processed"),
          integer(n, "total_slides"),
          n.hasNonNull("percent") ? n.get("percent").asDouble() : null,
          n.hasNonNull("downloaded_bytes") ? n.get("downloaded_bytes").asLong() : null,
          n.hasNonNull("total_bytes") ? n.get("total_bytes").asLong() : null,
          text(n, "worker"),
          version);
    } catch (IOException | DateTimeParseException e) {
      throw new IllegalArgumentException("Not a job state: " + abbreviate(json), e);
    }
  }

  /**
   * Made on first use: a process that only writes job states (an extraction run on its own)
   * never loads Jackson's data binding.
   */
  private static final class Reader {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static String text(JsonNode n, String key) {
    return n.hasNonNull(key) ? n.get(key).asText() : null;
  }

  private static Integer integer(JsonNode n, String key) {
    return n.hasNonNull(key) ? n.get(key).asInt() : null;
  }

  private static String abbreviate(String text) {
    return text == null ? "null" : text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  /** The phase. */
  public JobStatus status() {
    return status;
  }

  /** A human sentence about what is happening. */
  public String message() {
    return message;
  }

  /** When the tracker stamped this state (microsecond precision). */
  public Instant updatedAt() {
    return updatedAt;
  }

  /** The manifest's URL once completed, else null. */
  public String metadataUri() {
    return metadataUri;
  }

  /** The error text of a failed job, else null. */
  public String error() {
    return error;
  }

  /** Frames (samples) the analysis expects or saw, else null. */
  public Integer frameCount() {
    return frameCount;
  }

  /** Samples analysed so far while extracting, else null. */
  public Integer currentFrame() {
    return currentFrame;
  }

  /** Slides published so far while uploading, else null. */
  public Integer slidesProcessed() {
    return slidesProcessed;
  }

  /** Slides to publish while uploading, else null. */
  public Integer totalSlides() {
    return totalSlides;
  }

  /** Overall progress of the job, 0 to 100, else null. */
  public Double percent() {
    return percent;
  }

  /** Bytes downloaded so far while downloading, else null. */
  public Long downloadedBytes() {
    return downloadedBytes;
  }

  /** Expected download size while downloading, if known, else null. */
  public Long totalBytes() {
    return totalBytes;
  }

  /** The node running the job, when several share the work; else null. */
  public String worker() {
    return worker;
  }

  /** Per-job sequence number, stamped by the tracker; not part of the JSON. */
  public long version() {
    return version;
  }

  /** This state in another phase, with a new human message; neither may be null. */
  public JobState withStatus(JobStatus status, String message) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, worker, version);
  }

  /** This state with the manifest's URL; null for none. */
  public JobState withMetadataUri(String metadataUri) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, worker, version);
  }

  /** This state with a failed job's error text; null for none. */
  public JobState withError(String error) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, worker, version);
  }

  /** This state with {@code frame_count} and {@code current_frame}; null for absent. */
  public JobState withFrames(Integer frameCount, Integer currentFrame) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, worker, version);
  }

  /** This state with {@code slides_processed} and {@code total_slides}; null for absent. */
  public JobState withSlides(Integer slidesProcessed, Integer totalSlides) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, worker, version);
  }

  /** This state with the overall progress, 0 to 100; null for unknown. */
  public JobState withPercent(Double percent) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, worker, version);
  }

  /** This state with the bytes downloaded and the total expected; null for absent. */
  public JobState withDownload(Long downloadedBytes, Long totalBytes) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, worker, version);
  }

  /** This state naming the node running the job; null for none. */
  public JobState withWorker(String worker) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, worker, version);
  }

  /** The state stamped by a tracker: what {@link JobTracker#stamp} gives its implementations. */
  JobState stamped(Instant at, long version) {
    return new JobState(status, message, at, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, worker, version);
  }

  /** {@code updated_at} as the contract spells it: {@code 2023-12-20T23:03:00.123456+00:00}. */
  public String updatedAtText() {
    return formatTimestamp(updatedAt);
  }

  /**
   * Formats an instant the way {@code updated_at} is written: UTC, microseconds,
   * {@code +00:00}.
   */
  public static String formatTimestamp(Instant instant) {
    return UPDATED_AT.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  /** The single-line JSON object clients receive. */
  public String toJson() {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("status", status.wireName());
      json.writeStringField("message", message);
      json.writeStringField("updated_at", updatedAtText());
      json.writeStringField("metadata_uri", metadataUri);
      json.writeStringField("error", error);
      writeNumber(json, "frame_count", frameCount);
      writeNumber(json, "current_frame", currentFrame);
      writeNumber(json, "slides_processed", slidesProcessed);
      writeNumber(json, "total_slides", totalSlides);
      if (percent == null) {
        json.writeNullField("percent");
      } else {
        json.writeNumberField("percent", Math.round(percent * 10.0) / 10.0);
      }
      writeNumber(json, "downloaded_bytes", downloadedBytes);
      writeNumber(json, "total_bytes", totalBytes);
      json.writeStringField("worker", worker);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static void writeNumber(JsonGenerator json, String name, Number value)
      throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value.longValue());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobState other && version == other.version && status == other.status
        && message.equals(other.message) && updatedAt.equals(other.updatedAt)
        && Objects.equals(metadataUri, other.metadataUri) && Objects.equals(error, other.error)
        && Objects.equals(frameCount, other.frameCount)
        && Objects.equals(currentFrame, other.currentFrame)
        && Objects.equals(slidesProcessed, other.slidesProcessed)
        && Objects.equals(totalSlides, other.totalSlides)
        && Objects.equals(percent, other.percent)
        && Objects.equals(downloadedBytes, other.downloadedBytes)
        && Objects.equals(totalBytes, other.totalBytes) && Objects.equals(worker, other.worker);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, message, updatedAt, metadataUri, error, version);
  }

  /** The JSON form with the version: {@code v3 {"status":...}}. */
  @Override
  public String toString() {
    return "v" + version + " " + toJson();
  }
}
