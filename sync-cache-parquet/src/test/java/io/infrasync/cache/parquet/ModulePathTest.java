package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache has no module-info (the parquet jars split packages, so they cannot be modules); it is
 * an automatic module {@code io.infrasync.cache.parquet} that reads parquet from the class path.
 * This starts a JVM with sync-core (and what it requires) and our jar on the module path, parquet on
 * the class path, and checks that the provider is found and works there.
 */
class ModulePathTest {
  @TempDir Path dir;

  @Test
  void worksAsAnAutomaticModuleNextToTheNamedCoreModule() throws Exception {
    Path ourClasses = location(ParquetCacheStore.class);
    Path jar = jarOf(ourClasses, dir.resolve("sync-cache-parquet.jar"));
    List<Path> classPath = new ArrayList<>();
    for (String e : java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(File.pathSeparator))
        .splitAsStream(System.getProperty("java.class.path")).toList()) {
      if (!e.isEmpty() && !Path.of(e).equals(ourClasses)) {
        classPath.add(Path.of(e));
      }
    }
    // io.infrasync.core and the modules it requires, found among the class path entries. The
    // closure is walked by hand: resolving with a finder that sees the parquet jars would resolve
    // every automatic module as soon as one is required, and the parquet jars cannot be resolved.
    Path core = location(io.infrasync.spi.CacheStore.class);
    ModuleFinder finder =
        ModuleFinder.of(classPath.stream().filter(p -> p.equals(core) || p.toString().endsWith(".jar")).toArray(Path[]::new));
    List<Path> modulePath = new ArrayList<>(List.of(jar));
    Deque<String> todo = new ArrayDeque<>(List.of("io.infrasync.core"));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!seen.add(name) || ModuleFinder.ofSystem().find(name).isPresent()) {
        continue;
      }
      ModuleReference ref = finder.find(name).orElseThrow(() -> new AssertionError("module " + name + " not on the class path"));
      modulePath.add(Path.of(ref.location().orElseThrow()));
      for (ModuleDescriptor.Requires r : ref.descriptor().requires()) {
        if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
          todo.push(r.name());
        }
      }
    }
    classPath.removeAll(modulePath);

    List<String> args =
        List.of(
            "--module-path", join(modulePath),
            "--add-modules", "io.infrasync.core,io.infrasync.cache.parquet",
            "-cp", join(classPath),
            io.infrasync.modulecheck.ModulePathMain.class.getName(),
            dir.resolve("cache").toString());
    try (ChildJvm child = ChildJvm.startWith(dir, args)) {
      assertThat(child.awaitLine(Duration.ofSeconds(60)))
          .isEqualTo("OK io.infrasync.cache.parquet automatic=true core=io.infrasync.core {name=s1, tags=[a]} id=7");
      assertThat(child.waitFor(Duration.ofSeconds(30))).isZero();
    }
  }

  private static String join(List<Path> paths) {
    return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
  }

  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Our compiled classes as a jar with the manifest entry the build adds. */
  private static Path jarOf(Path classes, Path jar) throws IOException {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().putValue("Automatic-Module-Name", "io.infrasync.cache.parquet");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, mf)) {
      Files.walkFileTree(classes, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          List<String> parts = new ArrayList<>();
          classes.relativize(file).forEach(p -> parts.add(p.toString()));
          String name = String.join("/", parts);
          jos.putNextEntry(new JarEntry(name));
          Files.copy(file, jos);
          jos.closeEntry();
          return FileVisitResult.CONTINUE;
        }
      });
    }
    return jar;
  }
}
