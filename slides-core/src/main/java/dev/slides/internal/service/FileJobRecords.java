package dev.slides.internal.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slides.JobState;
import dev.slides.internal.store.BlobKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job records as one JSON file per job, {@code {dir}/{video_id}.json}: the state as clients see
 * it plus its {@code version}. A record is written to a temporary file and moved into place, so
 * a crash leaves the old record or the new one, never a mix; leftovers of such a crash are
 * deleted when the folder is opened.
 */
public final class FileJobRecords implements JobRecords {
  private static final Logger log = LoggerFactory.getLogger(FileJobRecords.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".json";
  private static final String TEMP = ".tmp";

  private final Path dir;

  private FileJobRecords(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating it if needed) the folder {@code dir}. */
  public static FileJobRecords open(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*" + TEMP)) {
      for (Path t : temps) {
        Files.deleteIfExists(t);
      }
    }
    return new FileJobRecords(dir);
  }

  @Override
  public void save(String videoId, JobState state) throws IOException {
    BlobKeys.requireValidVideoId(videoId);
    Objects.requireNonNull(state, "state");
    ObjectNode node = (ObjectNode) JSON.readTree(state.toJson());
    node.put("version", state.version());
    Path file = dir.resolve(videoId + SUFFIX);
    Path temp = dir.resolve(videoId + SUFFIX + "." + Thread.currentThread().getId() + TEMP);
    Files.write(temp, JSON.writeValueAsBytes(node));
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public Map<String, JobState> loadAll() throws IOException {
    Map<String, JobState> out = new LinkedHashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String id = name.substring(0, name.length() - SUFFIX.length());
        if (!BlobKeys.isValidVideoId(id)) {
          continue;
        }
        try {
          out.put(id, parse(Files.readString(f, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
          log.warn("Ignoring unreadable job record {}: {}", f.getFileName(), e.toString());
        }
      }
    }
    return out;
  }

  @Override
  public void delete(String videoId) throws IOException {
    BlobKeys.requireValidVideoId(videoId);
    Files.deleteIfExists(dir.resolve(videoId + SUFFIX));
  }

  static JobState parse(String text) throws IOException {
    try {
      return JobState.fromJson(text, JSON.readTree(text).path("version").asLong(0));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }


  private static String text(JsonNode n, String field) {
    return n.path(field).isTextual() ? n.get(field).asText() : null;
  }

  private static Integer integer(JsonNode n, String field) {
    return n.path(field).isNumber() ? n.get(field).asInt() : null;
  }

  @Override
  public String toString() {
    return "job records in " + dir;
  }
}
