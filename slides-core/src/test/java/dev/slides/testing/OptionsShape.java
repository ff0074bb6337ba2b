package dev.slides.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * How an options class is made, read from the class itself, for the public API tests of every
 * module: {@code defaults()}, {@code builder()}, {@code toBuilder()}, a {@code Builder} with one
 * setter per setting, named as its getter, and no {@code with...} copies beside it.
 */
public final class OptionsShape {
  private OptionsShape() {}

  /** What {@code type} does otherwise; empty when it is made the expected way. */
  public static List<String> problems(Class<?> type) {
    List<String> problems = new ArrayList<>();
    String name = type.getSimpleName();
    TreeSet<String> getters = new TreeSet<>();
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      if (m.getName().startsWith("with")) {
        problems.add(name + "." + m.getName() + " copies beside the builder");
      } else if (m.getReturnType() == type && m.getParameterCount() == 1) {
        problems.add(name + "." + m.getName() + " changes the options in place");
      } else if (m.getParameterCount() == 0 && !List.of("toBuilder", "hashCode", "toString")
          .contains(m.getName())) {
        getters.add(m.getName());
      }
    }
    Class<?> builder = Stream.of(type.getClasses())
        .filter(c -> c.getSimpleName().equals("Builder")).findFirst().orElse(null);
    if (builder == null) {
      problems.add(name + " has no Builder");
      return problems;
    }
    if (!returns(type, "defaults", type, true) || !returns(type, "builder", builder, true)
        || !returns(type, "toBuilder", builder, false)
        || !returns(builder, "build", type, false)) {
      problems.add(name + " lacks defaults(), builder(), toBuilder() or build()");
    }
    TreeSet<String> setters = new TreeSet<>();
    for (Method m : builder.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == builder) {
        // A setter of two values (withDecoders(int, int) once) counts as another name.
        setters.add(m.getParameterCount() == 1 ? m.getName()
            : m.getName() + "/" + m.getParameterCount());
      }
    }
    if (!getters.equals(setters)) {
      problems.add(name + " gets " + getters + ", its builder sets " + setters);
    }
    return problems;
  }

  /** Whether {@code type} has a public no-argument {@code name} returning {@code returned}. */
  private static boolean returns(Class<?> type, String name, Class<?> returned, boolean isStatic) {
    try {
      Method m = type.getMethod(name);
      return m.getReturnType() == returned && Modifier.isStatic(m.getModifiers()) == isStatic;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
