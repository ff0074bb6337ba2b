package dev.slides.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LoggedUrlTest {
  @Test
  void aSignedUrlIsNamedWithoutItsQueryOrItsUser() {
    assertEquals("https://bucket.example.com:8443/manifests/talk.json", LoggedUrl.of(
        "https://key:secret@bucket.example.com:8443/manifests/talk.json"
            + "?X-Amz-Credential=AKIA&X-Amz-Signature=abc#top"));
  }

  @Test
  void aPathIsNamedAsItGoesOnTheWire() {
    // Decoded, %0A and %1B would break and colour the line; U+202E turns it around on screen.
    assertEquals("http://127.0.0.1/a%0A09:00%1B%5B31m.mp4",
        LoggedUrl.of("http://127.0.0.1/a%0A09:00%1B%5B31m.mp4"));
    assertEquals("https://example.com/%E2%80%AEgol%C3%A9.mp4",
        LoggedUrl.of(URI.create("https://example.com/\u202egol\u00e9.mp4")));
  }

  @Test
  void aFileUrlHasNoHostToName() {
    assertEquals("file:/data/store/slides/talk/1-first.webp",
        LoggedUrl.of("file:///data/store/slides/talk/1-first.webp"));
  }

  @Test
  void textThatIsNoUrlIsNamedUpToItsQueryWithoutControls() {
    assertEquals("http://host/a%20b%0Ac", LoggedUrl.of("http://host/a b\nc?sig=secret"));
  }
}
