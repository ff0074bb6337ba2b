/**
 * The slide-detection accuracy benchmark: a generator of lecture-like videos with exact ground
 * truth ({@link dev.slides.bench.accuracy.Corpus},
 * {@link dev.slides.bench.accuracy.CorpusGenerator}), a scorer
 * ({@link dev.slides.bench.accuracy.Scorer}), and a runner that scores the project's detector
 * beside {@code ffmpeg freezedetect} ({@link dev.slides.bench.accuracy.AccuracyBenchmark}). Run
 * by hand; it needs the {@code ffmpeg} command line.
 */
package dev.slides.bench.accuracy;
