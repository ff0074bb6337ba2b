package dev.slides.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slides.FramePosition;
import dev.slides.JobState;
import dev.slides.SegmentKind;
import dev.slides.SlideFrame;
import dev.slides.SlideSegment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestWriterTest {

  /**
   * The streaming writer gives, byte for byte, what an indenting ObjectMapper gave for the same
   * tree (the manifest was written that way before): a slide with its own frames, one whose
   * last frame repeats another's, a frame not yet uploaded (no URL), a moving stretch, and
   * times that need rounding.
   */
  @Test
  void writesWhatAnIndentingObjectMapperWroteForTheSameTree() {
    SlideFrame first = new SlideFrame("1_first", null, "https://store/v/1_first.webp");
    SlideFrame last = new SlideFrame("1_last", null, null);
    SlideFrame shownAgain = new SlideFrame("2_last",
        new SlideFrame.FrameRef(1, FramePosition.FIRST), "https://store/v/1_first.webp");
    List<SlideSegment> segments = List.of(
        new SlideSegment(SegmentKind.STATIC, 0, 12.0004, 1, first, last),
        SlideSegment.moving(12.0004, 13.25),
        new SlideSegment(SegmentKind.STATIC, 13.25, 2 / 3.0 + 20, 2,
            new SlideFrame("2_first", null, "u\u00e9"), shownAgain));
    Instant at = Instant.parse("2026-11-27T10:15:30.123456Z");

    byte[] written = ManifestWriter.write("vid-\u00e9", segments, at);

    assertEquals(new String(objectMapperManifest("vid-\u00e9", segments, at),
        StandardCharsets.UTF_8), new String(written, StandardCharsets.UTF_8));
  }

  /** How the manifest was written before: a tree, then an indenting ObjectMapper. */
  private static byte[] objectMapperManifest(String videoId, List<SlideSegment> segments,
      Instant updatedAt) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    ObjectNode video = root.putObject(videoId);
    var list = video.putArray("segments");
    for (SlideSegment segment : segments) {
      ObjectNode node = list.addObject();
      node.put("kind", segment.kind().wireName());
      double start = ManifestWriter.seconds(segment.startTime());
      double end = ManifestWriter.seconds(segment.endTime());
      node.put("start_time", start);
      node.put("end_time", end);
      node.put("duration", ManifestWriter.seconds(end - start));
      if (segment.isStatic()) {
        frame(node.putObject("first_frame"), segment.firstFrame());
        frame(node.putObject("last_frame"), segment.lastFrame());
      }
    }
    video.put("updated_at", JobState.formatTimestamp(updatedAt));
    try {
      return json.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
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
}
