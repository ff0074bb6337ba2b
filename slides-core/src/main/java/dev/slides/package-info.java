/**
 * Turns lecture and talk videos into slides: the library's whole public API.
 *
 * <p>Entry points: {@link dev.slides.SlideExtractor} (a video file in, WebP slide images and a
 * JSON manifest out, published to a {@link dev.slides.BlobStore}: {@link
 * dev.slides.FileSystemBlobStore}, {@link dev.slides.InMemoryBlobStore}, or a vendor module),
 * configured by {@link dev.slides.ExtractionOptions} and {@link dev.slides.DetectorOptions};
 * progress as {@link dev.slides.JobState}s through a {@link dev.slides.JobTracker}; and the
 * {@link dev.slides.SegmentDetector}, which finds static and moving segments in grey frames and
 * needs no video at all.
 *
 * <p>Packages under {@code dev.slides.internal} are not API and change without notice.
 */
package dev.slides;
