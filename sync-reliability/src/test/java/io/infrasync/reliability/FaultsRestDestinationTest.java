package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.SyncReport;
import io.infrasync.WriteFailedException;
import io.infrasync.config.ConfigLoader;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same faults with NetBox as the destination, where creates are bulk {@code POST}s that NetBox
 * refuses to repeat (unique names): NetBox A → NetBox B, 10 % of the requests to both failing. A
 * create whose answer was lost must be looked up, not sent again: no write may fail with a
 * uniqueness error, and B must end equal to A. Seeds {@code 2000..}; {@code -Dreliability.seed=N}
 * reruns one.
 */
class FaultsRestDestinationTest {
  static final FaultMix MIX = new FaultMix();
  static final Map<String, Integer> OUTCOMES = new TreeMap<>();
  static int seeds;

  static final String CONFIG = """
      name: faults-rest
      source:
        name: netbox
        settings: {url: "${SOURCE_URL}", token: "${NETBOX_TOKEN}", page_size: 10, retry_base_delay: 20ms,
                   retry_max_delay: 2s, timeout: 10s, concurrency: %1$d}
      destination:
        name: netbox
        settings: {url: "${DEST_URL}", token: "${NETBOX_TOKEN}", page_size: 10, write_batch_size: 5,
                   retry_base_delay: 20ms, retry_max_delay: 2s, timeout: 10s, concurrency: %1$d}
      diffsync_flags: [LOG_UNCHANGED_RECORDS]
      schema_mapping:
        - name: BuiltinTag
          mapping: extras.tags
          identifiers: [name]
          fields: [{name: name, mapping: name}, {name: slug, mapping: slug}]
        - name: LocationSite
          mapping: dcim.sites
          identifiers: [name]
          fields: [{name: name, mapping: name}, {name: slug, mapping: slug}, {name: description, mapping: description}]
        - name: OrganizationTenant
          mapping: tenancy.tenants
          identifiers: [name]
          fields: [{name: name, mapping: name}, {name: slug, mapping: slug}]
        - name: OrganizationManufacturer
          mapping: dcim.manufacturers
          identifiers: [name]
          fields: [{name: name, mapping: name}, {name: slug, mapping: slug}]
        - name: InfraDeviceType
          mapping: dcim.device-types
          identifiers: [model]
          fields:
            - {name: model, mapping: model}
            - {name: slug, mapping: slug}
            - {name: manufacturer, mapping: manufacturer, reference: OrganizationManufacturer}
        - name: RoleGeneric
          mapping: dcim.device-roles
          identifiers: [name]
          fields: [{name: name, mapping: name}, {name: slug, mapping: slug}]
        - name: InfraDevice
          mapping: dcim.devices
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
            - {name: serial, mapping: serial}
            - {name: status, mapping: status}
            - {name: site, mapping: site, reference: LocationSite}
            - {name: tenant, mapping: tenant, reference: OrganizationTenant}
            - {name: device_type, mapping: device_type, reference: InfraDeviceType}
            - {name: role, mapping: role, reference: RoleGeneric}
            - {name: tags, mapping: tags, reference: BuiltinTag}
        - name: InfraInterface
          mapping: dcim.interfaces
          identifiers: [device, name]
          fields:
            - {name: device, mapping: device, reference: InfraDevice}
            - {name: name, mapping: name}
            - {name: type, mapping: type}
            - {name: description, mapping: description}
            - {name: mtu, mapping: mtu}
            - {name: enabled, mapping: enabled}
      """;

  @AfterAll
  static void figures() {
    System.out.printf(Locale.ROOT, "%n[faults-rest] profile=%s seeds=%d syncs=%s%n[faults-rest] requests while armed:"
        + " %s; faults injected: %d%n[faults-rest] by type: %s%n", FaultScenario.PROFILE, seeds, OUTCOMES,
        MIX.requests(), MIX.totalInjected(), MIX.injected());
  }

  @Test
  void netboxDestinationUnderFaultsNeverRepeatsACreate(@TempDir Path dir) {
    String only = System.getProperty("reliability.seed");
    List<Long> list = new ArrayList<>();
    if (only != null && !only.isBlank()) {
      list.add(Long.parseLong(only.trim()));
    } else {
      for (int i = 0; i < (FaultScenario.nightly() ? 20 : 1); i++) {
        list.add(2000L + i);
      }
    }
    for (long seed : list) {
      try {
        runSeed(seed, dir.resolve("seed-" + seed));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("REST fault run failed for seed " + seed + " (rerun it alone with"
            + " -Dreliability.seed=" + seed + "): " + e.getMessage(), e);
      }
      seeds++;
    }
    assertThat(MIX.totalInjected()).as("faults were injected").isPositive();
  }

  void runSeed(long seed, Path cache) {
    Random random = new Random(seed * 17 + 3);
    int concurrency = seed % 2 == 0 ? 1 : 4;
    try (NetBoxServer a = NetBoxServer.builder().build().start();
        NetBoxServer b = NetBoxServer.builder().build().start()) {
      FaultScenario s = new FaultScenario(a, InfrahubServer.builder().build(), seed);
      s.seed(8 + random.nextInt(5));
      Map<String, String> env = Map.of("SOURCE_URL", a.baseUrl().toString(), "DEST_URL", b.baseUrl().toString(),
          "NETBOX_TOKEN", NetBoxServer.DEFAULT_TOKEN);
      for (int step = 0; step < 3; step++) {
        String changes = step == 0 ? "initial load" : s.change();
        MIX.arm(a, 0.10, random.nextLong(), FaultMix.standard(random));
        MIX.arm(b, 0.10, random.nextLong(), FaultMix.standard(random));
        SyncReport report = null;
        SyncException failure = null;
        try (SyncEngine engine = engine(env, cache, concurrency, step > 0 && random.nextBoolean())) {
          report = engine.sync();
        } catch (SyncException e) {
          failure = e;
        } finally {
          MIX.disarm(a, b);
        }
        String where = "step " + step + " (" + changes + ")";
        if (failure == null) {
          assertThat(Objects.requireNonNull(report).success()).isTrue();
          assertThat(differences(a, b)).as("NetBox B after the successful " + where).isEmpty();
          synchronized (OUTCOMES) {
            OUTCOMES.merge("faulty sync: succeeded, B equals A", 1, Integer::sum);
          }
        } else {
          String message = failure instanceof WriteFailedException w ? w.getMessage() + w.report().errors()
              : String.valueOf(failure.getMessage());
          assertThat(message).as("the error names the HTTP call").containsPattern(FaultsRandomizedTest.HTTP_CALL);
          assertThat(message).as("a create sent twice").doesNotContain("already exists")
              .doesNotContain("must be unique");
          synchronized (OUTCOMES) {
            OUTCOMES.merge("faulty sync: stopped with " + failure.getClass().getSimpleName(), 1, Integer::sum);
          }
        }
        assertThat(duplicates(b)).as("duplicates in B after " + where).isEmpty();
        FaultsRandomizedTest.cacheIsConsistent(cache.resolve("faults-rest"), failure == null, KINDS);
      }
      try (SyncEngine engine = engine(env, cache, concurrency, false)) {
        SyncReport last = engine.sync();
        assertThat(last.success()).as(last.errors().toString()).isTrue();
      }
      assertThat(differences(a, b)).as("NetBox B after the fault-free sync").isEmpty();
      synchronized (OUTCOMES) {
        OUTCOMES.merge("fault-free sync at the end: converged", 1, Integer::sum);
      }
    }
  }

  static SyncEngine engine(Map<String, String> env, Path cache, int concurrency, boolean incremental) {
    return SyncEngine.builder().config(ConfigLoader.parse(CONFIG.formatted(concurrency), "config.yml", null, env::get))
        .environment(env::get).cacheDirectory(cache).guardrails(Guardrails.NONE).incremental(incremental)
        .writeConcurrency(concurrency).concurrentLoad(concurrency > 1).build();
  }

  static final List<String> KINDS = List.of("BuiltinTag", "LocationSite", "OrganizationTenant",
      "OrganizationManufacturer", "InfraDeviceType", "RoleGeneric", "InfraDevice", "InfraInterface");

  static final List<String> ENDPOINTS = List.of("extras/tags", "dcim/sites", "tenancy/tenants", "dcim/manufacturers",
      "dcim/device-types", "dcim/device-roles", "dcim/devices", "dcim/interfaces");

  /** Every object of the mapped endpoints by key, with the synced fields (references by name). */
  static Map<String, List<Map<String, @Nullable Object>>> state(NetBoxServer n) {
    Map<String, List<Map<String, @Nullable Object>>> out = new TreeMap<>();
    for (String endpoint : ENDPOINTS) {
      for (Map<String, @Nullable Object> o : n.objects(endpoint)) {
        Map<String, @Nullable Object> f = new TreeMap<>();
        String key;
        switch (endpoint) {
          case "dcim/devices" -> {
            key = String.valueOf(o.get("name"));
            TreeSet<String> tags = new TreeSet<>();
            for (Object t : (List<?>) Objects.requireNonNull(o.get("tags"))) {
              tags.add(String.valueOf(((Map<?, ?>) t).get("name")));
            }
            f.put("serial", o.get("serial"));
            f.put("status", value(o.get("status")));
            f.put("site", name(o.get("site"), "name"));
            f.put("tenant", name(o.get("tenant"), "name"));
            f.put("device_type", name(o.get("device_type"), "model"));
            f.put("role", name(o.get("role"), "name"));
            f.put("tags", tags);
          }
          case "dcim/interfaces" -> {
            key = name(o.get("device"), "name") + "__" + o.get("name");
            f.put("type", value(o.get("type")));
            f.put("description", o.get("description"));
            f.put("mtu", o.get("mtu") == null ? null : ((Number) Objects.requireNonNull(o.get("mtu"))).longValue());
            f.put("enabled", o.get("enabled"));
          }
          case "dcim/device-types" -> {
            key = String.valueOf(o.get("model"));
            f.put("slug", o.get("slug"));
            f.put("manufacturer", name(o.get("manufacturer"), "name"));
          }
          default -> {
            key = String.valueOf(o.get("name"));
            f.put("slug", o.get("slug"));
            if (endpoint.equals("dcim/sites")) {
              f.put("description", o.get("description"));
            }
          }
        }
        f.put("_key", key);
        out.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(f);
      }
    }
    return out;
  }

  private static @Nullable Object value(@Nullable Object choice) {
    return choice instanceof Map<?, ?> m ? m.get("value") : choice;
  }

  private static @Nullable String name(@Nullable Object nested, String field) {
    return nested instanceof Map<?, ?> m ? String.valueOf(m.get(field)) : null;
  }

  static List<String> differences(NetBoxServer a, NetBoxServer b) {
    List<String> out = new ArrayList<>();
    var sa = state(a);
    var sb = state(b);
    for (String endpoint : ENDPOINTS) {
      Map<Object, Map<String, @Nullable Object>> ka = byKey(sa.getOrDefault(endpoint, List.of()));
      Map<Object, Map<String, @Nullable Object>> kb = byKey(sb.getOrDefault(endpoint, List.of()));
      TreeSet<String> keys = new TreeSet<>();
      ka.keySet().forEach(k -> keys.add(String.valueOf(k)));
      kb.keySet().forEach(k -> keys.add(String.valueOf(k)));
      for (String k : keys) {
        if (!Objects.equals(ka.get(k), kb.get(k))) {
          out.add(endpoint + " " + k + ": A " + ka.get(k) + " but B " + kb.get(k));
        }
      }
    }
    return out;
  }

  private static Map<Object, Map<String, @Nullable Object>> byKey(List<Map<String, @Nullable Object>> rows) {
    Map<Object, Map<String, @Nullable Object>> m = new HashMap<>();
    rows.forEach(r -> m.put(Objects.requireNonNull(r.get("_key")), r));
    return m;
  }

  static List<String> duplicates(NetBoxServer n) {
    List<String> out = new ArrayList<>();
    state(n).forEach((endpoint, rows) -> {
      Map<Object, Integer> seen = new HashMap<>();
      rows.forEach(r -> seen.merge(Objects.requireNonNull(r.get("_key")), 1, Integer::sum));
      seen.forEach((k, c) -> {
        if (c > 1) {
          out.add(endpoint + " " + k + " x" + c);
        }
      });
    });
    return out;
  }
}
