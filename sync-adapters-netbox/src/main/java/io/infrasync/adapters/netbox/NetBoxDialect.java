package io.infrasync.adapters.netbox;

import io.infrasync.config.FieldMapping;
import io.infrasync.config.FilterSpec;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.TransformSpec;
import io.infrasync.internal.rest.RestDialect;
import io.infrasync.spi.ReadRequest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NetBox 4.x: integer ids, {@code ordering}, and {@code ?fields=} to ask only for the top-level
 * attributes a mapping uses (related objects stay brief-nested with their {@code id} and
 * {@code url}, exactly as in a full read, so dotted paths and references work unchanged; names
 * NetBox does not know are ignored, so a superset is harmless). {@code brief} is never used for reads:
 * it drops attributes that dotted paths need.
 */
final class NetBoxDialect implements RestDialect {
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final List<String> ALWAYS = List.of("id", "url", "display", "last_updated");

  @Override
  public String name() {
    return "netbox";
  }

  @Override
  public Map<String, List<String>> readQuery(ReadRequest request) {
    Set<String> fields = new LinkedHashSet<>(ALWAYS);
    for (SchemaMapping m : request.mappings()) {
      for (FieldMapping f : m.fields()) {
        if (f.mapping() != null) {
          fields.add(first(f.mapping()));
        }
      }
      for (FilterSpec f : m.filters()) {
        fields.add(first(f.field()));
      }
      for (TransformSpec t : m.transforms()) {
        fields.add(first(t.field()));
        Matcher w = WORD.matcher(t.expression());
        while (w.find()) {
          fields.add(w.group());
        }
      }
    }
    return fieldsQuery(fields);
  }

  @Override
  public Map<String, List<String>> slimQuery(Collection<String> attributes) {
    Set<String> fields = new LinkedHashSet<>(List.of("id"));
    fields.addAll(attributes);
    return fieldsQuery(fields);
  }

  @Override
  public String orderingParam() {
    return "ordering";
  }

  @Override
  public Object wireId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return id;
    }
  }

  private static Map<String, List<String>> fieldsQuery(Set<String> fields) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    q.put("fields", List.of(String.join(",", fields)));
    return q;
  }

  private static String first(String path) {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }
}
