package dev.slides.internal.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.slides.JobState;
import dev.slides.SlideFrame;
import dev.slides.SlideSegment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The manifest, exactly as the consumer validates it:
 * {@code {"<id>": {"segments": [...], "updated_at": "...+00:00"}}}.
 *
 * <p>Written with Jackson's streaming generator and its default pretty printer: the same bytes
 * as an indenting {@code ObjectMapper} writing the same tree, without loading and setting up
 * the data-binding layer (a few hundred classes, about 0.15 s of processor time in a fresh
 * JVM) for one small document.
 */
final class ManifestWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private ManifestWriter() {}

  static byte[] write(String videoId, List<SlideSegment> segments, Instant updatedAt) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeObjectFieldStart(videoId);
      json.writeArrayFieldStart("segments");
      for (SlideSegment segment : segments) {
        json.writeStartObject();
        json.writeStringField("kind", segment.kind().wireName());
        double start = seconds(segment.startTime());
        double end = seconds(segment.endTime());
        json.writeNumberField("start_time", start);
        json.writeNumberField("end_time", end);
        json.writeNumberField("duration", seconds(end - start));
        if (segment.isStatic()) {
          json.writeFieldName("first_frame");
          frame(json, segment.firstFrame());
          json.writeFieldName("last_frame");
          frame(json, segment.lastFrame());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeStringField("updated_at", JobState.formatTimestamp(updatedAt));
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the manifest", e); // in memory: never
    }
    return out.toByteArray();
  }

  private static void frame(JsonGenerator json, SlideFrame frame) throws IOException {
    json.writeStartObject();
    json.writeStringField("frame_id", frame.frameId());
    if (frame.duplicateOf() == null) {
      json.writeNullField("duplicate_of");
    } else {
      json.writeObjectFieldStart("duplicate_of");
      json.writeNumberField("segment_id", frame.duplicateOf().segmentId());
      json.writeStringField("frame_position", frame.duplicateOf().position().wireName());
      json.writeEndObject();
    }
    json.writeStringField("url", frame.url());
    json.writeEndObject();
  }

  /** Milliseconds are plenty, and keep 3.0 from printing as 2.9999999. */
  static double seconds(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
