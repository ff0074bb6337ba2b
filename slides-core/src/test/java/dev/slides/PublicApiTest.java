package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.ExportedTypes;
import dev.slides.testing.OptionsShape;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of slides-core's API as a user meets it: what the public packages export is few
 * types, and none of them asks for or hands out a type of a {@code ...internal} package (which
 * the Javadoc leaves out and which may change without notice).
 */
class PublicApiTest {
  /** Issue 10's bound on the public top-level types outside {@code internal}. */
  static final int MOST_PUBLIC_TYPES = 25;

  @Test
  void thePublicPackagesExportAtMostTwentyFiveTypes() throws Exception {
    TreeSet<String> topLevel = new TreeSet<>();
    for (Class<?> type : exported()) {
      if (type.getEnclosingClass() == null) {
        topLevel.add(type.getName());
      }
    }
    assertFalse(topLevel.isEmpty());
    assertTrue(topLevel.size() <= MOST_PUBLIC_TYPES,
        topLevel.size() + " public types outside internal: " + topLevel);
  }

  @Test
  void noPublicSignatureNamesAnInternalType() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : exported()) {
      List<Type> named = new ArrayList<>();
      named.add(type.getGenericSuperclass());
      named.addAll(List.of(type.getGenericInterfaces()));
      for (Field f : type.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(leaks, type.getName() + "." + f.getName(), List.of(f.getGenericType()));
        }
      }
      for (Method m : type.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic()) {
          check(leaks, type.getName() + "." + m.getName() + "()", signature(m,
              m.getGenericReturnType()));
        }
      }
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (visible(c.getModifiers())) {
          check(leaks, type.getName() + ".<init>", signature(c, null));
        }
      }
      check(leaks, type.getName(), named);
    }
    assertEquals(List.of(), leaks, "public API that names internal types");
  }

  /**
   * A public record has its canonical constructor only. A shorter one kept "as before a field
   * was added" is the positional constructor that grows with every field, which issue 10
   * retired for builders: each added field would leave one more behind.
   */
  @Test
  void aPublicRecordHasNoConstructorButItsCanonicalOne() throws Exception {
    List<String> extra = new ArrayList<>();
    for (Class<?> type : exported()) {
      if (!type.isRecord()) {
        continue;
      }
      List<Class<?>> canonical = Stream.of(type.getRecordComponents())
          .<Class<?>>map(java.lang.reflect.RecordComponent::getType).toList();
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (visible(c.getModifiers()) && !List.of(c.getParameterTypes()).equals(canonical)) {
          extra.add(c.toString());
        }
      }
    }
    assertEquals(List.of(), extra, "public record constructors besides the canonical one");
  }

  /**
   * Every options class is made the same way (OkHttp's habit): {@code defaults()},
   * {@code builder()}, {@code toBuilder()}, a {@code Builder} with one setter per setting, named
   * as its getter, and no {@code with...} copies beside it.
   */
  @Test
  void everyOptionsClassIsMadeTheSameWay() throws Exception {
    List<String> problems = new ArrayList<>();
    List<Class<?>> optionsTypes = exported().stream()
        .filter(t -> t.getEnclosingClass() == null && t.getSimpleName().endsWith("Options"))
        .toList();
    assertEquals(3, optionsTypes.size(), optionsTypes.toString());
    for (Class<?> type : optionsTypes) {
      problems.addAll(OptionsShape.problems(type));
    }
    assertEquals(List.of(), problems);
  }

  private static List<Type> signature(Executable e, Type returned) {
    List<Type> types = new ArrayList<>(List.of(e.getGenericParameterTypes()));
    types.addAll(List.of(e.getGenericExceptionTypes()));
    if (returned != null) {
      types.add(returned);
    }
    return types;
  }

  private static void check(List<String> leaks, String where, List<Type> types) {
    for (Type t : types) {
      if (t != null && t.getTypeName().contains(".internal.")) {
        leaks.add(where + " names " + t.getTypeName());
      }
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static List<Class<?>> exported() throws Exception {
    return ExportedTypes.of(SlideExtractor.class);
  }
}
