package io.infrasync.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON (Jackson 3) to and from plain values: {@code LinkedHashMap} objects (key order kept), lists,
 * strings, numbers ({@code Integer}/{@code Long}/{@code BigInteger}/{@code Double}), booleans and
 * nulls.
 */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  /**
   * Parses JSON text.
   *
   * @throws IllegalArgumentException when the text is not valid JSON
   */
  public static @Nullable Object parse(String text) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses JSON bytes (UTF-8).
   *
   * @throws IllegalArgumentException when the bytes are not valid JSON
   */
  public static @Nullable Object parse(byte[] bytes) {
    try {
      return MAPPER.readValue(bytes, Object.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads and parses a JSON file.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when it is not valid JSON (the message names the file)
   */
  public static @Nullable Object read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      return parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Serialises a plain value to compact JSON bytes (UTF-8). */
  public static byte[] write(@Nullable Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** Serialises a plain value to compact JSON text. */
  public static String writeString(@Nullable Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** Casts a parsed value to a JSON object, or fails naming {@code what}. */
  @SuppressWarnings("unchecked")
  public static Map<String, @Nullable Object> object(@Nullable Object value, String what) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, @Nullable Object>) m;
    }
    throw new IllegalArgumentException(what + ": expected a JSON object, got " + describe(value));
  }

  /** Casts a parsed value to a JSON array, or fails naming {@code what}. */
  @SuppressWarnings("unchecked")
  public static List<@Nullable Object> array(@Nullable Object value, String what) {
    if (value instanceof List<?> l) {
      return (List<@Nullable Object>) l;
    }
    throw new IllegalArgumentException(what + ": expected a JSON array, got " + describe(value));
  }

  /** A short description of a value's JSON type, for messages. */
  public static String describe(@Nullable Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof Map) {
      return "an object";
    } else if (value instanceof List) {
      return "an array";
    } else if (value instanceof String) {
      return "a string";
    } else if (value instanceof Boolean) {
      return "a boolean";
    } else if (value instanceof Number) {
      return "a number";
    }
    return value.getClass().getSimpleName();
  }
}
