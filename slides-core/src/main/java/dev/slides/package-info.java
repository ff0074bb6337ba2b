/**
 * Turns lecture and talk videos into slides: the library's public API, with the job service of
 * {@code dev.slides.service}.
 *
 * <p>Entry points: {@link dev.slides.SlideExtractor} (a video file in, WebP slide images and a
 * JSON manifest out, published to a {@link dev.slides.BlobStore}: {@link
 * dev.slides.FileSystemBlobStore}, {@link dev.slides.InMemoryBlobStore}, or a vendor module),
 * configured by {@link dev.slides.ExtractionOptions}, {@link dev.slides.SamplingOptions} and
 * {@link dev.slides.DetectorOptions}; progress as {@link dev.slides.JobState}s through a
 * {@link dev.slides.JobTracker}; and the {@link dev.slides.SegmentDetector}, which finds static
 * and moving segments in grey frames and needs no video at all.
 *
 * <p>The library logs through SLF4J only; add a binding to see its lines. FFmpeg has one log
 * callback per process: when the library opens its first video it routes FFmpeg's lines to the
 * SLF4J logger {@code dev.slides.ffmpeg}, replacing the callback set before. An application that
 * uses FFmpeg itself and keeps its own callback runs with {@code -Ddev.slides.ffmpegLog=off}.
 *
 * <p>Packages under {@code dev.slides.internal} are not API and change without notice.
 */
package dev.slides;
