package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** How {@code --region} text is read, and what a wrong one is told. */
class RegionTest {
  @Test
  void sharesAndPercentGiveTheSameRegion() {
    assertEquals(Region.of(0.1, 0, 0.8, 1), Region.parse("0.1,0,0.8,1"));
    assertEquals(Region.of(0.1, 0, 0.8, 1), Region.parse("10%, 0%, 80%, 100%"));
    assertEquals(Region.of(0, 0, 0.7, 1), Region.parse("0,0,70%,100%"));
  }

  /** It said "A region must lie inside the frame (shares 0 to 1): x=10.0 ...", no more. */
  @Test
  void percentWithoutTheSignIsToldToAddIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Region.parse("10,10,50,50"));
    assertEquals("A region is in shares of the frame (0 to 1), or in percent with a % after"
        + " each number (10%,10%,50%,50%), got: 10,10,50,50", e.getMessage());
  }

  @Test
  void aRegionOutsideTheFrameOrOfTheWrongShapeIsRefused() {
    assertEquals("A region must lie inside the frame (shares 0 to 1): x=0.5 y=0.0 width=0.75"
        + " height=1.0", assertThrows(IllegalArgumentException.class,
            () -> Region.parse("0.5,0,0.75,1")).getMessage());
    assertEquals("A region is x,y,width,height (shares of the frame, e.g. 0,0,0.75,1, or"
        + " percent, e.g. 0,0,75%,100%), got: 0,0,70", assertThrows(
            IllegalArgumentException.class, () -> Region.parse("0,0,70")).getMessage());
  }

  /** It said "must lie inside the frame" of a region that does, but has no width. */
  @Test
  void aRegionWithoutASizeIsToldSo() {
    assertEquals("A region must have a size (width and height above 0): width=0.0 height=0.5",
        assertThrows(IllegalArgumentException.class,
            () -> Region.parse("10%,10%,0%,50%")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Region.of(0, 0, Double.NaN, 1));
  }
}
