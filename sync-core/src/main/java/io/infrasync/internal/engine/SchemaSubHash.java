package io.infrasync.internal.engine;

import io.infrasync.config.FieldMapping;
import io.infrasync.config.FilterSpec;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.config.TransformSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema sub-hash of a run (12 hex characters, like upstream), covering the whole mapping —
 * kinds, resource paths, identifiers, every field's mapping, static value and reference, filters,
 * transforms, {@code order} — and the destination schema's fingerprint. Any change to these forces
 * a full extract and refuses a stale {@code apply} (upstream hashes field names only: gap 7).
 */
public final class SchemaSubHash {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private SchemaSubHash() {}

  public static String of(SyncConfig config, String destinationSchemaFingerprint) {
    List<Object> mappings = new ArrayList<>();
    for (SchemaMapping m : config.schemaMapping()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", m.name());
      e.put("mapping", String.valueOf(m.mapping()));
      e.put("identifiers", m.identifiers());
      List<Object> fields = new ArrayList<>();
      for (FieldMapping f : m.fields()) {
        Map<String, Object> fm = new TreeMap<>();
        fm.put("name", f.name());
        fm.put("mapping", String.valueOf(f.mapping()));
        fm.put("static", f.hasStatic() ? String.valueOf(f.staticValue()) + "|" + typeOf(f.staticValue()) : "<none>");
        fm.put("reference", String.valueOf(f.reference()));
        fields.add(fm);
      }
      e.put("fields", fields);
      List<Object> filters = new ArrayList<>();
      for (FilterSpec f : m.filters()) {
        filters.add(List.of(f.field(), f.operation().symbol(), String.valueOf(f.value()) + "|" + typeOf(f.value())));
      }
      e.put("filters", filters);
      List<Object> transforms = new ArrayList<>();
      for (TransformSpec t : m.transforms()) {
        transforms.add(List.of(t.field(), t.expression()));
      }
      e.put("transforms", transforms);
      mappings.add(e);
    }
    Map<String, Object> root = new TreeMap<>();
    root.put("schema_mapping", mappings);
    root.put("order", config.order());
    root.put("destination_schema", destinationSchemaFingerprint);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String typeOf(@Nullable Object o) {
    return o == null ? "null" : o.getClass().getSimpleName();
  }
}
