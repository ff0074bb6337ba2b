/**
 * Internal: the segment detector's implementation (cell grids, the fine and coarse change
 * measures, tuning derived from the public options) and the duplicate check. Not API.
 */
package dev.slides.internal.detect;
