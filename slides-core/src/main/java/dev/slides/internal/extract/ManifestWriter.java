package dev.slides.internal.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slides.JobState;
import dev.slides.SlideFrame;
import dev.slides.SlideSegment;
import java.time.Instant;
import java.util.List;

/**
 * The manifest, exactly as the consumer validates it:
 * {@code {"<id>": {"segments": [...], "updated_at": "...+00:00"}}}.
 */
final class ManifestWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestWriter() {}

  static byte[] write(String videoId, List<SlideSegment> segments, Instant updatedAt) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode video = root.putObject(videoId);
    ArrayNode list = video.putArray("segments");
    for (SlideSegment segment : segments) {
      ObjectNode node = list.addObject();
      node.put("kind", segment.kind().wireName());
      double start = seconds(segment.startTime());
      double end = seconds(segment.endTime());
      node.put("start_time", start);
      node.put("end_time", end);
      node.put("duration", seconds(end - start));
      if (segment.isStatic()) {
        frame(node.putObject("first_frame"), segment.firstFrame());
        frame(node.putObject("last_frame"), segment.lastFrame());
      }
    }
    video.put("updated_at", JobState.formatTimestamp(updatedAt));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the manifest", e);
    }
  }

  private static void frame(ObjectNode node, SlideFrame frame) {
    node.put("frame_id", frame.frameId());
    if (frame.duplicateOf() == null) {
      node.putNull("duplicate_of");
    } else {
      ObjectNode of = node.putObject("duplicate_of");
      of.put("segment_id", frame.duplicateOf().segmentId());
      of.put("frame_position", frame.duplicateOf().position().wireName());
    }
    node.put("url", frame.url());
  }

  /** Milliseconds are plenty, and keep 3.0 from printing as 2.9999999. */
  static double seconds(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
