package dev.slides.export.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.export.SlideDeck.Frame;
import dev.slides.export.SlideDeck.Segment;
import dev.slides.internal.store.BlobKeys;
import java.io.CharConversionException;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the manifest slides-core writes ({@code {"<id>": {"segments": [...], "updated_at":
 * "..."}}}, see its README's "Manifest"). Strict about what exports rely on (times, frame ids,
 * duplicate references), lenient about fields it does not use, so new fields never break it.
 */
public final class ManifestReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FRAME_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern POSITION = Pattern.compile("first|last");

  private ManifestReader() {}

  /** What a manifest says, before it becomes a deck. */
  public record Parsed(String videoId, Instant updatedAt, List<Segment> segments) {}

  public static Parsed parse(byte[] json) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IOException("Not a manifest: not valid JSON (line "
          + e.getLocation().getLineNr() + ")", e);
    } catch (CharConversionException e) {
      // Binary data such as a video: Jackson guesses UTF-32 from its zero bytes and says so.
      throw new IOException("Not a manifest: binary data, not JSON text", e);
    }
    if (root == null || !root.isObject() || root.size() != 1) {
      throw new IOException("Not a manifest: expected one video id as the only key, found "
          + (root == null || !root.isObject() ? "no JSON object" : root.size() + " keys"));
    }
    Map.Entry<String, JsonNode> only = root.properties().iterator().next();
    String videoId = only.getKey();
    if (!BlobKeys.isValidVideoId(videoId)) {
      throw new IOException("Not a manifest: invalid video id " + quoted(videoId));
    }
    JsonNode video = only.getValue();
    JsonNode list = video.get("segments");
    if (list == null || !list.isArray()) {
      throw new IOException("Not a manifest: video " + videoId + " has no segments list");
    }
    Instant updatedAt = updatedAt(video.get("updated_at"), videoId);
    List<Segment> segments = new ArrayList<>();
    int slideNumber = 0;
    Iterator<JsonNode> it = list.elements();
    for (int index = 1; it.hasNext(); index++) {
      JsonNode node = it.next();
      String where = "segment " + index + " of " + videoId;
      String kind = text(node, "kind", where);
      double start = number(node, "start_time", where);
      double end = number(node, "end_time", where);
      if (end < start) {
        throw new IOException("Not a manifest: " + where + " ends before it starts");
      }
      if ("static".equals(kind)) {
        slideNumber++;
        Frame first = frame(node.get("first_frame"), videoId, where + ", first_frame");
        Frame last = frame(node.get("last_frame"), videoId, where + ", last_frame");
        segments.add(new Segment(kind, start, end, slideNumber, first, last));
      } else {
        segments.add(new Segment(kind, start, end, 0, null, null));
      }
    }
    return new Parsed(videoId, updatedAt, segments);
  }

  private static Frame frame(JsonNode node, String videoId, String where) throws IOException {
    if (node == null || !node.isObject()) {
      throw new IOException("Not a manifest: " + where + " is missing");
    }
    String frameId = text(node, "frame_id", where);
    if (!FRAME_ID.matcher(frameId).matches() || frameId.startsWith(".")) {
      throw new IOException("Not a manifest: " + where + " has an invalid frame_id "
          + quoted(frameId));
    }
    String duplicateOf = null;
    JsonNode of = node.get("duplicate_of");
    if (of != null && !of.isNull()) {
      JsonNode segment = of.get("segment_id");
      JsonNode position = of.get("frame_position");
      if (segment == null || !segment.canConvertToInt() || segment.asInt() < 1
          || position == null || !POSITION.matcher(position.asText()).matches()) {
        throw new IOException("Not a manifest: " + where
            + " has a duplicate_of without a segment_id and a frame_position (first or last)");
      }
      duplicateOf = segment.asInt() + "-" + position.asText();
    }
    JsonNode url = node.get("url");
    return new Frame(frameId, BlobKeys.slideFrame(videoId, frameId), duplicateOf,
        url == null || url.isNull() ? null : url.asText());
  }

  private static Instant updatedAt(JsonNode node, String videoId) throws IOException {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(node.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IOException("Not a manifest: video " + videoId + " has an invalid updated_at "
          + quoted(node.asText()), e);
    }
  }

  private static String text(JsonNode node, String field, String where) throws IOException {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IOException("Not a manifest: " + where + " has no " + field);
    }
    return value.asText();
  }

  private static double number(JsonNode node, String field, String where) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())
        || value.asDouble() < 0) {
      throw new IOException("Not a manifest: " + where + " has no valid " + field);
    }
    return value.asDouble();
  }

  private static String quoted(String s) {
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
  }
}
