package io.infrasync.config;

import io.infrasync.ConfigurationException;
import io.infrasync.ConfigurationException.Problem;
import io.infrasync.internal.config.ConfigReader;
import io.infrasync.internal.config.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Loads infrahub-sync compatible {@code config.yml} files (YAML 1.2). Validation is strict and
 * complete: every problem of a file (and, for {@link #discover}, of every file) is reported in one
 * {@link ConfigurationException} whose {@link ConfigurationException.Problem}s carry file, line,
 * column and key path. Warnings (accepted but suspicious input) are logged at WARNING level on the
 * logger {@code io.infrasync.config}.
 *
 * <p>{@code ${VAR}} and {@code ${VAR:-default}} in adapter settings are expanded from the
 * environment (or the given lookup). See {@code docs/configuration.md}.
 */
public final class ConfigLoader {
  /** The file name {@link #discover} and {@link #findByName} look for. */
  public static final String FILE_NAME = "config.yml";

  private static final System.Logger LOG = System.getLogger("io.infrasync.config");

  private ConfigLoader() {}

  /** Loads one file, expanding placeholders from the process environment. */
  public static SyncConfig load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads one file.
   *
   * @param env the variable lookup for {@code ${VAR}} placeholders (null: unset)
   * @throws ConfigurationException listing every problem of the file
   */
  public static SyncConfig load(Path file, Function<String, @Nullable String> env) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(env, "env");
    return finish(read(file, env));
  }

  /**
   * Parses configuration text.
   *
   * @param sourceName the name problems are reported under (usually the file name)
   * @param directory the directory relative paths refer to (null: none)
   * @throws ConfigurationException listing every problem
   */
  public static SyncConfig parse(String yaml, String sourceName, @Nullable Path directory,
      Function<String, @Nullable String> env) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(env, "env");
    return finish(ConfigReader.parse(yaml, sourceName, directory, null, env));
  }

  /** Every {@code **}{@code /config.yml} below {@code directory}, with the process environment. */
  public static List<SyncConfig> discover(Path directory) {
    return discover(directory, System::getenv);
  }

  /**
   * Loads every {@code config.yml} at or below {@code directory}, sorted by path (upstream's
   * {@code list}). Fails if any file is invalid or two files share a {@code name}, reporting the
   * problems of all files at once.
   */
  public static List<SyncConfig> discover(Path directory, Function<String, @Nullable String> env) {
    Objects.requireNonNull(env, "env");
    List<Problem> problems = new ArrayList<>();
    List<SyncConfig> configs = new ArrayList<>();
    Map<String, Path> byName = new HashMap<>();
    for (Path file : configFiles(directory)) {
      ConfigReader.Result r;
      try {
        r = read(file, env);
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
        continue;
      }
      logWarnings(r);
      problems.addAll(r.errors());
      SyncConfig config = r.config();
      if (config == null) {
        continue;
      }
      Path other = byName.putIfAbsent(config.name(), file);
      if (other != null) {
        SourceLocation at = r.nameLocation();
        problems.add(new Problem(file.toString(), at.line(), at.column(), "name",
            "the name `" + config.name() + "` is already used by " + other + "; names must be unique"));
      } else {
        configs.add(config);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return List.copyOf(configs);
  }

  /** {@link #findByName(Path, String, Function)} with the process environment. */
  public static Optional<SyncConfig> findByName(Path directory, String name) {
    return findByName(directory, name, System::getenv);
  }

  /**
   * The configuration named {@code name} among the {@code config.yml} files at or below
   * {@code directory}. Only the matching file is fully loaded (and validated): the others are read
   * for their {@code name} only, so an unrelated invalid file does not block a sync.
   *
   * @return empty when no file has that name
   * @throws ConfigurationException when the matching file is invalid, when several files have that
   *     name, or when no file matched but some files could not be read (the wanted one may be among
   *     them)
   */
  public static Optional<SyncConfig> findByName(Path directory, String name, Function<String, @Nullable String> env) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(env, "env");
    List<Path> matches = new ArrayList<>();
    List<Problem> unreadable = new ArrayList<>();
    for (Path file : configFiles(directory)) {
      try {
        Problems problems = new Problems(file.toString());
        String found = ConfigReader.readName(readText(file), problems);
        if (found == null) {
          unreadable.addAll(problems.errors());
        } else if (found.equals(name)) {
          matches.add(file);
        }
      } catch (ConfigurationException e) {
        unreadable.addAll(e.problems());
      }
    }
    if (matches.size() == 1) {
      return Optional.of(load(matches.get(0), env));
    }
    if (matches.size() > 1) {
      String files = matches.stream().map(Path::toString).collect(Collectors.joining(", "));
      throw new ConfigurationException(matches.stream()
          .map(f -> new Problem(f.toString(), 0, 0, "name", "the name `" + name + "` is used by " + matches.size() + " files: " + files))
          .toList());
    }
    if (!unreadable.isEmpty()) {
      unreadable.add(new Problem(directory.toString(), 0, 0, "", "no configuration named `" + name
          + "` was found, and the files above could not be read"));
      throw new ConfigurationException(unreadable);
    }
    return Optional.empty();
  }

  private static ConfigReader.Result read(Path file, Function<String, @Nullable String> env) {
    String text = readText(file);
    Path absolute = file.toAbsolutePath().normalize();
    return ConfigReader.parse(text, file.toString(), absolute.getParent(), absolute, env);
  }

  private static SyncConfig finish(ConfigReader.Result r) {
    logWarnings(r);
    SyncConfig config = r.config();
    if (!r.errors().isEmpty() || config == null) {
      throw new ConfigurationException(r.errors());
    }
    return config;
  }

  private static void logWarnings(ConfigReader.Result r) {
    r.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w.toString()));
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(file.toString(), "file not found");
    } catch (CharacterCodingException e) {
      throw new ConfigurationException(file.toString(), "the file is not valid UTF-8");
    } catch (IOException e) {
      throw new ConfigurationException(file.toString(), "cannot read the file: " + e);
    }
  }

  private static List<Path> configFiles(Path directory) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new ConfigurationException(directory.toString(), "not a directory");
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths
          .filter(p -> p.getFileName() != null && FILE_NAME.equals(p.getFileName().toString()))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigurationException(directory.toString(), "cannot list the directory: " + e.getMessage());
    }
  }
}
