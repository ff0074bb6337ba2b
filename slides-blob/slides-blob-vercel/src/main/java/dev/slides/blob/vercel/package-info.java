/**
 * A {@link dev.slides.BlobStore} on Vercel Blob: {@link dev.slides.blob.vercel.VercelBlobStore},
 * built with {@code VercelBlobStore.builder(token)} from a {@code BLOB_READ_WRITE_TOKEN}. Speaks
 * the REST protocol of {@code @vercel/blob} over OkHttp; brings nothing of the AWS SDK.
 *
 * <pre>{@code
 * BlobStore store = VercelBlobStore.builder(System.getenv("BLOB_READ_WRITE_TOKEN")).build();
 * SlideExtractor.create(store).extract("talk", Path.of("talk.mp4"));
 * }</pre>
 */
package dev.slides.blob.vercel;
