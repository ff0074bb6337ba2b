package dev.slides;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An immutable snapshot of one job, as clients see it.
 *
 * <p>Its JSON form is a contract with existing consumers: the keys {@code status, message,
 * updated_at, metadata_uri, error, frame_count, current_frame, slides_processed, total_slides}
 * are always present (absent values are {@code null}) and are never renamed. Added since:
 * {@code percent} (overall progress, 0 to 100) and, while downloading, {@code downloaded_bytes}
 * and {@code total_bytes}.
 *
 * <p>{@link #version()} grows by one with every update the {@link JobTracker} makes; it is not
 * part of the JSON.
 *
 * @param status the phase
 * @param message a human sentence about what is happening
 * @param updatedAt when the tracker stamped this state (microsecond precision)
 * @param metadataUri the manifest's URL once completed, else null
 * @param error the error text of a failed job, else null
 * @param frameCount number of frames (samples) the analysis expects or saw, else null
 * @param currentFrame samples analysed so far while extracting, else null
 * @param slidesProcessed slides published so far while uploading, else null
 * @param totalSlides slides to publish while uploading, else null
 * @param percent overall progress of the job, 0 to 100, else null
 * @param downloadedBytes bytes downloaded so far while downloading, else null
 * @param totalBytes expected download size while downloading, if known, else null
 * @param version per-job sequence number, stamped by the tracker
 */
public record JobState(
    JobStatus status,
    String message,
    Instant updatedAt,
    String metadataUri,
    String error,
    Integer frameCount,
    Integer currentFrame,
    Integer slidesProcessed,
    Integer totalSlides,
    Double percent,
    Long downloadedBytes,
    Long totalBytes,
    long version) {

  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter UPDATED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);

  public JobState {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(updatedAt, "updatedAt");
    updatedAt = updatedAt.truncatedTo(ChronoUnit.MICROS);
  }

  /** A state with only a status and a message; every other field absent. */
  public static JobState of(JobStatus status, String message) {
    return new JobState(
        status, message, Instant.EPOCH, null, null, null, null, null, null, null, null, null, 0);
  }

  public JobState withStatus(JobStatus status, String message) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, version);
  }

  public JobState withMetadataUri(String metadataUri) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, version);
  }

  public JobState withError(String error) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, version);
  }

  public JobState withFrames(Integer frameCount, Integer currentFrame) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, version);
  }

  public JobState withSlides(Integer slidesProcessed, Integer totalSlides) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, version);
  }

  public JobState withPercent(Double percent) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, version);
  }

  public JobState withDownload(Long downloadedBytes, Long totalBytes) {
    return new JobState(status, message, updatedAt, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, version);
  }

  /** Used by the tracker only: the stamp of an accepted update. */
  JobState stamped(Instant at, long version) {
    return new JobState(status, message, at, metadataUri, error, frameCount, currentFrame,
        slidesProcessed, totalSlides, percent, downloadedBytes, totalBytes, version);
  }

  /** {@code updated_at} as the contract spells it: {@code 2023-12-20T23:03:00.123456+00:00}. */
  public String updatedAtText() {
    return formatTimestamp(updatedAt);
  }

  /** Formats an instant the way {@code updated_at} is written: UTC, microseconds, {@code +00:00}. */
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
}
