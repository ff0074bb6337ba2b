package dev.slides.internal.video;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The names the job service gives the videos it keeps in its download folder. Their senders
 * never gave these names, so the decoder's errors word such files as "the downloaded video" or
 * "the uploaded file" instead: both sides read the convention from here.
 */
public final class JobVideoFiles {
  /** Ends the name of a download: {@code {id}.download.mp4}. */
  public static final String DOWNLOAD_SUFFIX = ".download.mp4";
  /** Ends the name of an upload the service took over: {@code {id}.{random UUID}.upload}. */
  public static final String UPLOAD_SUFFIX = ".upload";

  private static final Pattern UPLOAD = Pattern.compile(
      ".+\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
          + Pattern.quote(UPLOAD_SUFFIX));

  private JobVideoFiles() {}

  /** The file name of the download of {@code videoId}. */
  public static String download(String videoId) {
    return videoId + DOWNLOAD_SUFFIX;
  }

  /** A new file name for an upload of {@code videoId}, unlike any other. */
  public static String upload(String videoId) {
    return videoId + "." + UUID.randomUUID() + UPLOAD_SUFFIX;
  }

  /** True for a name {@link #download} gives. */
  static boolean isDownload(String fileName) {
    return fileName.endsWith(DOWNLOAD_SUFFIX) && fileName.length() > DOWNLOAD_SUFFIX.length();
  }

  /** True for a name {@link #upload} gives. */
  static boolean isUpload(String fileName) {
    return UPLOAD.matcher(fileName).matches();
  }
}
