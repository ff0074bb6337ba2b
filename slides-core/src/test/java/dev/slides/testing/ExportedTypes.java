package dev.slides.testing;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The public API of a module, read from its compiled classes, for the public API tests. */
public final class ExportedTypes {
  private ExportedTypes() {}

  /**
   * Every public type (nested ones in public types too) outside {@code internal} packages among
   * the classes compiled beside {@code member}: the module's own, not its dependencies'.
   */
  public static List<Class<?>> of(Class<?> member) throws Exception {
    Path classes = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString()
            .replace(file.getFileSystem().getSeparator(), ".").replaceFirst("\\.class$", "");
        if (name.contains(".internal.") || name.endsWith("package-info")) {
          continue;
        }
        Class<?> type = Class.forName(name, false, member.getClassLoader());
        if (exported(type)) {
          out.add(type);
        }
      }
    }
    return out;
  }

  private static boolean exported(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }
}
