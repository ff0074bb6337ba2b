package dev.slides.bench.accuracy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ground truth of one generated video, as written next to it in {@code <case>.truth.json}.
 *
 * @param name the case
 * @param summary what it contains
 * @param specHash hash of the spec and generator version the video was made from
 * @param durationSeconds the video's length
 * @param width frame width
 * @param height frame height
 * @param fps frame rate
 * @param clean whether the case is in the clean subset (see {@link CaseSpec#clean()})
 * @param statics the static segments: what a detector should find
 * @param timeline every part with its times, for reading
 */
public record Truth(String name, String summary, String specHash, double durationSeconds,
                    int width, int height, int fps, boolean clean, List<Span> statics,
                    List<String> timeline) {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  public Truth {
    statics = List.copyOf(statics);
    timeline = List.copyOf(timeline);
  }

  static Truth of(CaseSpec spec, String specHash) {
    List<String> timeline = new ArrayList<>();
    int frame = 0;
    for (CaseSpec.Part part : spec.parts()) {
      int n = spec.frames(part);
      String what;
      if (part instanceof CaseSpec.Slide s) {
        what = String.format(Locale.ROOT, "slide %s \"%s\"%s%s%s", s.design().layout(),
            s.design().title(),
            s.entrance() == CaseSpec.Reveal.CUT ? ""
                : String.format(Locale.ROOT, ", %s in over %.1f s", s.entrance(),
                    s.entranceSeconds()),
            steps(s, frame, spec.fps()),
            s.live() == CaseSpec.Live.NONE ? "" : ", live " + s.live());
      } else if (part instanceof CaseSpec.Transition t) {
        what = "transition " + t.kind();
      } else {
        what = "motion " + ((CaseSpec.Motion) part).kind();
      }
      timeline.add(String.format(Locale.ROOT, "%7.2f-%7.2f %s", (double) frame / spec.fps(),
          (double) (frame + n) / spec.fps(), what));
      frame += n;
    }
    return new Truth(spec.name(), spec.summary(), specHash, spec.durationSeconds(), spec.width(),
        spec.height(), spec.fps(), spec.clean(), spec.truth(), timeline);
  }

  /** ", build steps at 12.40, 15.00 (FADE 0.6 s)": when each step starts, in video time. */
  private static String steps(CaseSpec.Slide slide, int startFrame, int fps) {
    if (slide.steps().isEmpty()) {
      return "";
    }
    List<String> steps = new ArrayList<>();
    for (CaseSpec.Step step : slide.steps()) {
      steps.add(String.format(Locale.ROOT, "%.2f%s",
          (double) (startFrame + Math.round(step.at() * fps)) / fps,
          step.reveal() == CaseSpec.Reveal.CUT ? ""
              : String.format(Locale.ROOT, " (%s %.1f s)", step.reveal(), step.seconds())));
    }
    return ", build steps at " + String.join(", ", steps);
  }

  static Truth read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Truth.class);
  }

  void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
