package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.infrasync.ConfigurationException;
import io.infrasync.MappingException;
import io.infrasync.MemoryAdapter;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jinja templates and dependency cycles. A bad template fails with a {@link SyncException} naming
 * the kind and the transform, before any write: a syntax error when the configuration loads, an
 * unknown filter or function when the engine is built, a render error (undefined name,
 * TypeError, ZeroDivisionError) when the record is transformed; a cycle of identifier
 * references fails the build naming the kinds; a cycle through an optional reference is broken.
 */
class BadMappingTest {
  /** A bad template and a word its error must contain. */
  record TemplateCase(String expression, String expect) {
    @Override
    public String toString() {
      return expression;
    }
  }

  static List<TemplateCase> templates() {
    return List.of(
        new TemplateCase("{{ name ", "name"),
        new TemplateCase("{{ name }", "name"),
        new TemplateCase("{% if name %}x", "if"),
        new TemplateCase("{% endif %}", "endif"),
        new TemplateCase("{{ name.split( }}", "name"),
        new TemplateCase("{{ name[99] }}", "Site"),
        new TemplateCase("{{ lookup('x') }}", "lookup"),
        new TemplateCase("{% set %}", "set"),
        new TemplateCase("{% raw %}", "raw"),
        new TemplateCase("{{ {'a': } }}", "Site"));
  }

  /**
   * Templates Jinjava used to render where Jinja raises (found by this suite): an unknown filter
   * (Jinja's TemplateAssertionError), {@code 1 / 0} (ZeroDivisionError), {@code int + str}
   * (TypeError) and a {@code for} without an iterable (a syntax error). The transform layer now
   * refuses them like Jinja: the syntax error when the configuration loads, the unknown filter when
   * the engine is built (the loader cannot know the adapter's filters, so it only warns),
   * the two runtime errors when the record is transformed — each before any write.
   */
  static List<TemplateCase> formerlyLenient() {
    return List.of(
        new TemplateCase("{% for x in %}{% endfor %}", "for <name> in <iterable>"),
        new TemplateCase("{{ name | no_such_filter }}", "no filter named 'no_such_filter'"),
        new TemplateCase("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
        new TemplateCase("{{ name | int + 'a' }}", "TypeError: unsupported operand type(s) for +: 'int' and 'str'"));
  }

  static Stream<TemplateCase> lenient() {
    return formerlyLenient().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lenient")
  void templatesJinjaWouldRefuseAreRefused(TemplateCase c) {
    aBadTemplateFailsTheRunNamingTheKindAndTransformBeforeAnyWrite(c);
  }

  @Test
  void aTemplateSyntaxErrorIsRefusedWhenTheConfigurationLoadsAtTheTransformsLine() {
    String yaml = CONFIG.formatted("{% for x in %}{% endfor %}");
    Throwable t = catchThrowable(() -> ConfigLoader.parse(yaml, "config.yml", null, BadConfigTest.ENV));
    assertThat(t).isInstanceOfSatisfying(ConfigurationException.class, e -> {
      assertThat(e.problems()).singleElement().satisfies(p -> {
        assertThat(p.path()).isEqualTo("schema_mapping[0].transforms[0]");
        assertThat(p.line()).isEqualTo(12);
        assertThat(p.column()).isEqualTo(9);
        assertThat(p.message()).contains("`Site` transform of `label`", "{% for x in %}");
      });
      BadConfigTest.assertNoInternalLeak(e);
    });
  }

  @Test
  void anUnknownFilterIsAWarningAtLoadAndRefusedWhenTheEngineIsBuilt() {
    SyncConfig config = ConfigLoader.parse(CONFIG.formatted("{{ name | no_such_filter }}"), "config.yml", null,
        BadConfigTest.ENV);
    Throwable t = catchThrowable(() -> SyncEngine.builder().config(config).source(MemoryAdapter.create())
        .destination(MemoryAdapter.create()).inMemoryCache().build().close());
    assertThat(t).isInstanceOfSatisfying(ConfigurationException.class, e -> {
      assertThat(e.problems()).singleElement().satisfies(p -> {
        assertThat(p.line()).isEqualTo(12);
        assertThat(p.column()).isEqualTo(9);
        assertThat(p.message()).contains("`Site` transform of `label`", "no filter named 'no_such_filter'");
      });
      BadConfigTest.assertNoInternalLeak(e);
    });
  }

  @Test
  void aRenderErrorFailsTheRecordNamingKindRecordAndTransform() {
    Throwable t = run("{{ 1 / 0 }}", MemoryAdapter.create());
    assertThat(t).isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getMessage())
        .contains("`Site` record", "transform of `label`", "config.yml:12:9", "{{ 1 / 0 }}", "ZeroDivisionError"));
  }

  /** Loads the configuration with {@code expression} as the transform of `label`, builds and syncs. */
  static @Nullable Throwable run(String expression, MemoryAdapter destination) {
    MemoryAdapter source = MemoryAdapter.create().add("sites", Map.of("name", "ams1", "label", "x"));
    return catchThrowable(() -> {
      SyncConfig config = ConfigLoader.parse(CONFIG.formatted(expression.replace("\"", "\\\"")), "config.yml",
          null, BadConfigTest.ENV);
      try (SyncEngine engine = SyncEngine.builder().config(config).source(source).destination(destination)
          .inMemoryCache().build()) {
        engine.sync();
      }
    });
  }

  static final String CONFIG = """
      name: mapping
      source: {name: memory}
      destination: {name: memory}
      schema_mapping:
        - name: Site
          mapping: sites
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
            - {name: label, mapping: label}
          transforms:
            - field: label
              expression: "%s"
      """;

  static Stream<TemplateCase> cases() {
    return templates().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aBadTemplateFailsTheRunNamingTheKindAndTransformBeforeAnyWrite(TemplateCase c) {
    MemoryAdapter destination = MemoryAdapter.create();
    Throwable t = run(c.expression(), destination);
    assertThat(t).as(c.expression()).isInstanceOf(SyncException.class);
    SyncException e = (SyncException) t;
    assertThat(e.getMessage()).contains("Site").containsIgnoringCase(c.expect());
    BadConfigTest.assertNoInternalLeak(e);
    assertThat(destination.writeCalls()).isZero();
    assertThat(destination.records("Site")).isEmpty();
  }

  static final String CYCLE = """
      name: cycle
      source: {name: memory}
      destination: {name: memory}
      schema_mapping:
        - name: Rack
          mapping: racks
          identifiers: [name, room]
          fields:
            - {name: name, mapping: name}
            - {name: room, mapping: room, reference: Room}
        - name: Room
          mapping: rooms
          identifiers: [%s]
          fields:
            - {name: name, mapping: name}
            - {name: rack, mapping: rack, reference: Rack}
      """;

  @Test
  void aCycleOfIdentifierReferencesFailsTheBuildNamingTheKinds() {
    SyncConfig config = ConfigLoader.parse(CYCLE.formatted("name, rack"), "config.yml", null, BadConfigTest.ENV);
    Throwable t = catchThrowable(() -> SyncEngine.builder().config(config).source(MemoryAdapter.create())
        .destination(MemoryAdapter.create()).inMemoryCache().build().close());
    assertThat(t).isInstanceOf(SyncException.class);
    SyncException e = (SyncException) t;
    assertThat(e.code()).isEqualTo(SyncException.Code.DEPENDENCY_CYCLE);
    assertThat(e.getMessage()).contains("Rack", "Room", "identifiers");
    BadConfigTest.assertNoInternalLeak(e);
  }

  @Test
  void aCycleThroughAnOptionalReferenceIsBrokenWithAWarning() {
    SyncConfig config = ConfigLoader.parse(CYCLE.formatted("name"), "config.yml", null, BadConfigTest.ENV);
    try (SyncEngine engine = SyncEngine.builder().config(config).source(MemoryAdapter.create())
        .destination(MemoryAdapter.create()).inMemoryCache().build()) {
      assertThat(engine.tiers()).containsExactly(List.of("Room"), List.of("Rack"));
    }
  }
}
