package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slides.testing.ExportedTypes;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The server module's Java API as an embedder meets it, in the manner of slides-core's
 * PublicApiTest: the server, its settings and the command line, each reached through a factory,
 * a builder or {@code main}; everything else of the module is package-private.
 */
class ServerPublicApiTest {
  @Test
  void theModuleExportsTheServerItsSettingsAndTheCommandLine() throws Exception {
    TreeSet<String> names = new TreeSet<>();
    for (Class<?> type : exported()) {
      names.add(type.getName());
    }
    assertEquals(List.of("dev.slides.server.ServerSettings",
        "dev.slides.server.ServerSettings$Builder", "dev.slides.server.SlidesCommand",
        "dev.slides.server.SlidesServer"), List.copyOf(names));
  }

  /** A bare {@code new SlidesCommand()} would lack the error handling commandLine() adds. */
  @Test
  void noExportedTypeHasAPublicConstructor() throws Exception {
    List<String> constructors = new ArrayList<>();
    for (Class<?> type : exported()) {
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())) {
          constructors.add(c.toString());
        }
      }
    }
    assertEquals(List.of(), constructors);
  }

  private static List<Class<?>> exported() throws Exception {
    return ExportedTypes.of(SlidesServer.class);
  }
}
