package io.infrasync.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.ConfigurationException;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.MappingException;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.FilterOp;
import io.infrasync.config.FilterSpec;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SourceLocation;
import io.infrasync.config.TransformSpec;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.RawRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SourceMapperTest {

  private static Map<String, @Nullable Object> data(@Nullable Object... kv) {
    Map<String, @Nullable Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static SchemaMapping entry(String kind, List<FieldMapping> fields, List<FilterSpec> filters, List<TransformSpec> transforms) {
    return new SchemaMapping(kind, "dcim.devices", List.of("name"), fields, filters, transforms, SourceLocation.UNKNOWN);
  }

  private static FieldLayout layout(String kind, List<FieldMapping> fields) {
    Map<String, FieldLayout.Reference> refs = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (FieldMapping f : fields) {
      names.add(f.name());
      if (f.reference() != null) {
        refs.put(f.name(), new FieldLayout.Reference(f.reference(), false));
      }
    }
    return FieldLayout.of(kind, names, List.of("name"), refs);
  }

  private static SourceMapper mapper(List<FieldMapping> fields, List<FilterSpec> filters, List<TransformSpec> transforms) {
    return SourceMapper.compile(entry("InfraDevice", fields, filters, transforms), layout("InfraDevice", fields), TransformFunctions.NONE);
  }

  private static PendingRecord mapOne(SourceMapper m, Map<String, @Nullable Object> data) {
    return Objects.requireNonNull(m.map(new RawRecord("7", data)));
  }

  @Test
  void dottedPathsFollowGetValue() {
    SourceMapper m = mapper(List.of(
        FieldMapping.of("name", "name"),
        FieldMapping.of("manufacturer", "device_type.manufacturer.name"),
        FieldMapping.of("first_tag", "tags.0.name"),
        FieldMapping.of("last_tag", "tags.-1.name"),
        FieldMapping.of("rack_name", "rack.name"),
        FieldMapping.of("height", "device_type.u_height")), List.of(), List.of());
    PendingRecord p = mapOne(m, data("name", "leaf1",
        "device_type", Map.of("manufacturer", Map.of("name", "Arista"), "u_height", 0L),
        "tags", List.of(Map.of("name", "core"), Map.of("name", "edge")),
        "rack", ""));
    assertThat(p.get("manufacturer")).isEqualTo("Arista");
    assertThat(p.get("first_tag")).isEqualTo("core");
    assertThat(p.get("last_tag")).isEqualTo("edge");
    assertThat(p.get("rack_name")).isNull(); // a falsy intermediate value gives None
    assertThat(p.get("height")).isEqualTo(0L); // the last value is kept even when falsy
    assertThat(p.serverId()).isEqualTo("7");
    assertThat(p.resource()).isEqualTo("dcim.devices");
  }

  @Test
  void missingAndEmptyIntermediatesGiveNull() {
    SourceMapper m = mapper(List.of(FieldMapping.of("name", "name"), FieldMapping.of("site", "site.slug")), List.of(), List.of());
    assertThat(mapOne(m, data("name", "a")).get("site")).isNull();
    assertThat(mapOne(m, data("name", "a", "site", null)).get("site")).isNull();
    assertThat(mapOne(m, data("name", "a", "site", Map.of())).get("site")).isNull();
    assertThat(mapOne(m, data("name", "a", "site", "text")).get("site")).isNull();
  }

  @Test
  void staticWinsAndKeepsFalsyValues() {
    List<FieldMapping> fields = List.of(
        FieldMapping.of("name", "name"),
        new FieldMapping("enabled", "enabled", false, true, null, SourceLocation.UNKNOWN),
        FieldMapping.ofStatic("count", 0L),
        FieldMapping.ofStatic("label", ""),
        FieldMapping.ofStatic("list", List.of()),
        FieldMapping.ofStatic("nothing", null),
        FieldMapping.ofStatic("type", "Site"));
    PendingRecord p = mapOne(mapper(fields, List.of(), List.of()), data("name", "a", "enabled", true));
    assertThat(p.get("enabled")).isEqualTo(false);
    assertThat(p.get("count")).isEqualTo(0L);
    assertThat(p.get("label")).isEqualTo("");
    assertThat(p.get("list")).isEqualTo(List.of());
    assertThat(p.get("nothing")).isNull();
    assertThat(p.get("type")).isEqualTo("Site");
  }

  @Test
  void valuesAreNormalisedAndListsAreKeptImmutable() {
    SourceMapper m = mapper(List.of(FieldMapping.of("name", "name"), FieldMapping.of("vlans", "vlans"),
        FieldMapping.of("size", "size"), FieldMapping.of("ratio", "ratio"), FieldMapping.of("extra", "extra")), List.of(), List.of());
    List<Object> vlans = new ArrayList<>(List.of(10, 20));
    PendingRecord p = mapOne(m, data("name", "a", "vlans", vlans, "size", 5, "ratio", new BigDecimal("0.5"),
        "extra", Map.of("k", 1)));
    assertThat(p.get("vlans")).isEqualTo(List.of(10L, 20L));
    assertThat(p.get("size")).isEqualTo(5L);
    assertThat(p.get("ratio")).isEqualTo(0.5);
    assertThat(p.get("extra")).isEqualTo(Map.of("k", 1L));
    @SuppressWarnings("unchecked")
    List<Object> mapped = (List<Object>) Objects.requireNonNull(p.get("vlans"));
    assertThatThrownBy(() -> mapped.add(30L)).isInstanceOf(UnsupportedOperationException.class);
    vlans.add(30);
    assertThat(p.get("vlans")).isEqualTo(List.of(10L, 20L));
  }

  @Test
  void filtersRunOnTheRawRecordBeforeTransforms() {
    SourceMapper m = mapper(
        List.of(FieldMapping.of("name", "name"), FieldMapping.of("status", "status")),
        List.of(new FilterSpec("status", FilterOp.EQ, "active")),
        List.of(new TransformSpec("status", "{{ 'rewritten' }}")));
    assertThat(m.map(new RawRecord("1", data("name", "a", "status", "planned")))).isNull();
    PendingRecord p = mapOne(m, data("name", "a", "status", "active"));
    assertThat(p.get("status")).isEqualTo("rewritten");
  }

  @Test
  void transformsWorkOnACopyAndFeedTheFieldMapping() {
    SourceMapper m = mapper(List.of(FieldMapping.of("name", "new_name"), FieldMapping.of("description", "description")),
        List.of(), List.of(new TransformSpec("new_name", "{{ name.lower() }}"), new TransformSpec("description", "{{ none }}")));
    Map<String, @Nullable Object> raw = data("name", "LEAF1", "description", "kept");
    Map<String, @Nullable Object> before = new HashMap<>(raw);
    PendingRecord p = mapOne(m, java.util.Collections.unmodifiableMap(raw));
    assertThat(p.get("name")).isEqualTo("leaf1");
    assertThat(p.get("description")).isEqualTo("kept");
    assertThat(raw).isEqualTo(before);
  }

  @Test
  void allFiltersMustPass() {
    SourceMapper m = mapper(List.of(FieldMapping.of("name", "name")),
        List.of(new FilterSpec("name", FilterOp.REGEX, "^pe-"), new FilterSpec("ip", FilterOp.IS_IP_WITHIN, "10.0.0.0/8")),
        List.of());
    assertThat(m.map(new RawRecord("1", data("name", "pe-1", "ip", "10.1.1.1/24")))).isNotNull();
    assertThat(m.map(new RawRecord("2", data("name", "pe-1", "ip", "192.168.1.1")))).isNull();
    assertThat(m.map(new RawRecord("3", data("name", "ce-1", "ip", "10.1.1.1")))).isNull();
  }

  @Test
  void aFailingFilterNamesKindRecordAndFilter() {
    SourceMapper m = mapper(List.of(FieldMapping.of("name", "name")),
        List.of(new FilterSpec("u_height", FilterOp.GT, 1L, new SourceLocation("config.yml", 30, 9))), List.of());
    assertThatThrownBy(() -> m.map(new RawRecord("42", data("name", "a", "u_height", "tall"))))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("`InfraDevice` record 42")
        .hasMessageContaining("`u_height > 1`")
        .hasMessageContaining("config.yml:30:9")
        .hasMessageContaining("Cannot convert 'tall' to int");
  }

  @Test
  void compileReportsEveryBadFilterAndTemplate() {
    List<FieldMapping> fields = List.of(FieldMapping.of("name", "name"));
    SchemaMapping e = entry("InfraDevice", fields,
        List.of(new FilterSpec("h", FilterOp.GT, "x", new SourceLocation("c.yml", 3, 1))),
        List.of(new TransformSpec("a", "{% if %}", new SourceLocation("c.yml", 5, 1))));
    assertThatThrownBy(() -> SourceMapper.compile(e, layout("InfraDevice", fields), TransformFunctions.NONE))
        .isInstanceOfSatisfying(ConfigurationException.class, ex -> assertThat(ex.problems()).hasSize(2));
  }

  @Test
  void referencesBecomeTokens() {
    List<FieldMapping> fields = List.of(
        FieldMapping.of("name", "name"),
        FieldMapping.reference("site", "site", "LocationSite"),
        FieldMapping.reference("tags", "tags", "BuiltinTag"),
        FieldMapping.reference("platform", "platform_name", "Platform"),
        FieldMapping.reference("rack", "rack", "InfraRack"),
        new FieldMapping("location", null, "MUC-1", true, "LocationBuilding", SourceLocation.UNKNOWN));
    PendingRecord p = mapOne(mapper(fields, List.of(), List.of()), data("name", "a",
        "site", Map.of("id", 3, "url", "http://nb/api/dcim/sites/3/", "name", "Paris"),
        "tags", List.of(Map.of("id", 1), Map.of("id", 2)),
        "platform_name", "eos",
        "rack", null));
    assertThat(p.get("site")).isEqualTo(new RefToken.ById("3", "http://nb/api/dcim/sites/3/"));
    assertThat(p.get("tags")).isEqualTo(List.of(new RefToken.ById("1", null), new RefToken.ById("2", null)));
    assertThat(p.get("platform")).isEqualTo(new RefToken.ByDisplay("eos"));
    assertThat(p.get("rack")).isNull();
    assertThat(p.get("location")).isEqualTo(new RefToken.ByDisplay("MUC-1"));
    assertThat(mapOne(mapper(fields, List.of(), List.of()), data("name", "b", "platform_name", Key.of("x", "y"))).get("platform"))
        .isEqualTo(Key.of("x", "y"));
  }

  @Test
  void aReferenceObjectWithoutIdIsAnErrorNamingTheField() {
    List<FieldMapping> fields = List.of(FieldMapping.of("name", "name"), FieldMapping.reference("site", "site", "LocationSite"));
    assertThatThrownBy(() -> mapper(fields, List.of(), List.of()).map(new RawRecord("5", data("name", "a", "site", Map.of("slug", "par")))))
        .isInstanceOf(MappingException.class).hasMessageContaining("`InfraDevice` record 5").hasMessageContaining("`site`")
        .hasMessageContaining("needs an `id`");
  }

  @Test
  void namesAddressingReadsEveryLayoutFieldByName() {
    List<FieldMapping> fields = List.of(FieldMapping.of("name", "hostname"), FieldMapping.ofStatic("type", "Site"),
        FieldMapping.reference("site", "site_path", "LocationSite"));
    SourceMapper m = SourceMapper.compile(entry("InfraDevice", fields, List.of(new FilterSpec("name", FilterOp.IS_NOT_EMPTY, null)),
        List.of()), layout("InfraDevice", fields), TransformFunctions.NONE, Adapter.Addressing.NAMES);
    PendingRecord p = mapOne(m, data("name", "a", "hostname", "ignored", "type", "Stored", "site", Map.of("id", "u-1")));
    assertThat(p.get("name")).isEqualTo("a");
    assertThat(p.get("type")).isEqualTo("Stored");
    assertThat(p.get("site")).isEqualTo(new RefToken.ById("u-1", null));
    assertThat(m.map(new RawRecord("2", data("name", "")))).isNull();
  }

  @Test
  void destinationMapperReadsAsStored() {
    List<FieldMapping> fields = List.of(FieldMapping.of("name", "hostname"), FieldMapping.ofStatic("type", "Site"));
    SchemaMapping e = entry("InfraDevice", fields, List.of(new FilterSpec("name", FilterOp.EQ, "never")),
        List.of(new TransformSpec("name", "{{ 'changed' }}")));
    FieldLayout l = layout("InfraDevice", fields);
    PendingRecord byName = DestinationMapper.of(l).map(new RawRecord("9", data("name", "a", "type", "Region")));
    assertThat(byName.get("name")).isEqualTo("a");
    assertThat(byName.get("type")).isEqualTo("Region");
    assertThat(byName.resource()).isNull();
    PendingRecord byPath = DestinationMapper.compile(e, l, Adapter.Addressing.PATHS)
        .map(new RawRecord("9", data("hostname", "b", "type", "Region")));
    assertThat(byPath.get("name")).isEqualTo("b");
    assertThat(byPath.get("type")).isEqualTo("Site");
  }

  @Test
  void aMapperRefusesTheLayoutOfAnotherKind() {
    List<FieldMapping> fields = List.of(FieldMapping.of("name", "name"));
    assertThatThrownBy(() -> SourceMapper.compile(entry("InfraDevice", fields, List.of(), List.of()), layout("InfraRack", fields),
        TransformFunctions.NONE)).isInstanceOf(IllegalArgumentException.class);
  }
}
