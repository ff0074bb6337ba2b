package dev.slides.internal.detect;

/**
 * The bounding box of a set of cells ({@code r0..r1} rows, {@code c0..c1} columns, both
 * inclusive) and how many cells the set has.
 */
record Bounds(int r0, int r1, int c0, int c1, int n) {
  /** The bounds of {@code set} in a grid {@code cols} wide; null when it is empty. */
  static Bounds of(boolean[] set, int cols) {
    int r0 = Integer.MAX_VALUE;
    int r1 = -1;
    int c0 = Integer.MAX_VALUE;
    int c1 = -1;
    int n = 0;
    for (int c = 0; c < set.length; c++) {
      if (set[c]) {
        n++;
        r0 = Math.min(r0, c / cols);
        r1 = Math.max(r1, c / cols);
        c0 = Math.min(c0, c % cols);
        c1 = Math.max(c1, c % cols);
      }
    }
    return n == 0 ? null : new Bounds(r0, r1, c0, c1, n);
  }

  int area() {
    return (r1 - r0 + 1) * (c1 - c0 + 1);
  }

  /** Every cell of the box, in a grid of {@code cells} cells {@code cols} wide. */
  boolean[] box(int cells, int cols) {
    boolean[] box = new boolean[cells];
    for (int r = r0; r <= r1; r++) {
      for (int k = c0; k <= c1; k++) {
        box[r * cols + k] = true;
      }
    }
    return box;
  }
}
