package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchmarkFolderTest {
  @Test
  void closingDeletesTheFolderWithEverythingInIt() throws Exception {
    Path folder;
    try (BenchmarkFolder dir = BenchmarkFolder.create("bench-folder-test")) {
      folder = dir.path();
      Files.createDirectories(dir.resolve("data/nodes/node-1/downloads"));
      Files.writeString(dir.resolve("data/nodes/node-1/downloads/talk.mp4"), "video");
      Files.writeString(dir.resolve("node-1.log"), "log");
      assertTrue(Files.isDirectory(folder));
    }
    assertFalse(Files.exists(folder), folder.toString());
  }
}
