/**
 * Internal: decoding through FFmpeg's own API (containers allowed, rotation, damage reports),
 * sampling with one decoder per core, grey analysis frames and WebP pictures. Not API.
 */
package dev.slides.internal.video;
