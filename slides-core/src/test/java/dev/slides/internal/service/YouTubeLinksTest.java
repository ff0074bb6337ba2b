package dev.slides.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YouTubeLinksTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "dQw4w9WgXcQ",
      " dQw4w9WgXcQ ",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=10s",
      "http://youtube.com/watch?v=dQw4w9WgXcQ",
      "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://music.youtube.com/watch?v=dQw4w9WgXcQ&list=RD",
      "https://youtu.be/dQw4w9WgXcQ",
      "https://youtu.be/dQw4w9WgXcQ?si=abc&t=42",
      "youtu.be/dQw4w9WgXcQ",
      "www.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://www.youtube.com/shorts/dQw4w9WgXcQ",
      "https://www.youtube.com/live/dQw4w9WgXcQ?feature=shared",
      "https://www.youtube.com/embed/dQw4w9WgXcQ",
      "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
      "HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ"})
  void findsTheVideoIdInWhatPeoplePaste(String text) {
    assertEquals(Optional.of("dQw4w9WgXcQ"), YouTubeLinks.videoId(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://www.youtube.com/playlist?list=PL123",
      "https://www.youtube.com/@channel",
      "https://www.youtube.com/watch?v=short",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ/../x",
      "https://youtu.be/",
      "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ"})
  void namesNoVideoWhereThereIsNone(String text) {
    assertEquals(Optional.empty(), YouTubeLinks.videoId(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/watch?v=dQw4w9WgXcQ", "talk.mp4",
      "ftp://youtube.com/watch?v=dQw4w9WgXcQ", "file:///youtu.be/dQw4w9WgXcQ",
      "dQw4w9WgXc", "dQw4w9WgXcQQ", "dQw4w9WgX/Q", ""})
  void otherTextIsNotYouTube(String text) {
    assertEquals(Optional.empty(), YouTubeLinks.videoId(text));
    assertFalse(YouTubeLinks.isYouTubeLink(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://www.youtube.com/playlist?list=PL1", "youtu.be/x"})
  void linksToYouTubeWithoutAVideoAreStillYouTubeLinks(String text) {
    assertTrue(YouTubeLinks.isYouTubeLink(text));
  }
}
