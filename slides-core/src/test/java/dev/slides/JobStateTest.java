package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class JobStateTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void serializesEveryContractKeyWithNullsForAbsentValues() throws Exception {
    JobState state = JobState.of(JobStatus.EXTRACTING, "Analyzing")
        .withFrames(120, 7)
        .stamped(Instant.parse("2023-12-20T23:03:00.123456789Z"), 3);
    String json = state.toJson();
    assertTrue(!json.contains("\n"), "one line: " + json);
    JsonNode node = JSON.readTree(json);
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("status", "message", "updated_at", "metadata_uri", "error", "frame_count",
        "current_frame", "slides_processed", "total_slides", "percent", "downloaded_bytes",
        "total_bytes", "worker"), keys);
    assertEquals("extracting", node.get("status").asText());
    assertEquals("Analyzing", node.get("message").asText());
    assertEquals("2023-12-20T23:03:00.123456+00:00", node.get("updated_at").asText());
    assertTrue(node.get("metadata_uri").isNull());
    assertTrue(node.get("error").isNull());
    assertEquals(120, node.get("frame_count").asInt());
    assertEquals(7, node.get("current_frame").asInt());
    assertTrue(node.get("slides_processed").isNull());
    assertTrue(node.get("total_slides").isNull());
  }

  @Test
  void keepsMicrosecondsEvenWhenZero() {
    JobState state = JobState.of(JobStatus.PENDING, "x")
        .stamped(Instant.parse("2024-01-02T03:04:05Z"), 1);
    assertEquals("2024-01-02T03:04:05.000000+00:00", state.updatedAtText());
  }

  @Test
  void escapesMessagesSafely() throws Exception {
    String nasty = "line1\nline2 \"quoted\" \u0001 é";
    JobState state = JobState.of(JobStatus.FAILED, nasty).withError(nasty);
    String json = state.toJson();
    assertTrue(!json.contains("\n"));
    assertEquals(nasty, JSON.readTree(json).get("message").asText());
  }

  @Test
  void framesArePlainAsciiWithTheOtherCharactersEscapedAsPythonsJsonDumpsDid() throws Exception {
    // yt-dlp's refusal carries a curly apostrophe; a client decoding each network chunk on its
    // own must not be able to split it.
    JobState state = JobState.of(JobStatus.FAILED, "Video download failed")
        .withError("Sign in to confirm you\u2019re not a bot \u2014 \u00fcbung");
    String json = state.toJson();
    assertTrue(json.chars().allMatch(c -> c < 128), json);
    assertTrue(json.contains("you\\u2019re not a bot \\u2014 \\u00FCbung"), json);
    assertEquals("Sign in to confirm you\u2019re not a bot \u2014 \u00fcbung",
        JSON.readTree(json).get("error").asText());
  }

  @Test
  void statusNamesAreLowercase() {
    for (JobStatus s : JobStatus.values()) {
      assertEquals(s.name().toLowerCase(Locale.ROOT), s.wireName());
      assertEquals(s, JobStatus.fromWireName(s.wireName().toUpperCase(Locale.ROOT)));
    }
  }

  @Test
  void readsItsOwnJsonBack() {
    JobState state = JobState.of(JobStatus.UPLOADING, "Uploading 3 slides")
        .withSlides(1, 3).withPercent(88.0).withWorker("node-2")
        .stamped(Instant.parse("2024-01-02T03:04:05.678901Z"), 7);
    JobState back = JobState.fromJson(state.toJson(), 7);
    assertEquals(state, back);
    assertEquals("node-2", back.worker());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> JobState.fromJson("{\"status\":\"nonsense\"}", 1));
  }
}
