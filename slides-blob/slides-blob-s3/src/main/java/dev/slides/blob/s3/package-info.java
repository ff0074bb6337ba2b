/**
 * A {@link dev.slides.BlobStore} on S3 and S3-compatible services (AWS S3, MinIO, Cloudflare R2,
 * Ceph) through the AWS SDK v2: {@link dev.slides.blob.s3.S3BlobStore}, built with
 * {@code S3BlobStore.builder(bucket)}. Brings the AWS SDK's S3 client and nothing of OkHttp or
 * Kotlin.
 *
 * <pre>{@code
 * try (S3BlobStore store = S3BlobStore.builder("my-bucket").region("eu-west-1").build()) {
 *   SlideExtractor.create(store).extract("talk", Path.of("talk.mp4"));
 * }
 * }</pre>
 */
package dev.slides.blob.s3;
