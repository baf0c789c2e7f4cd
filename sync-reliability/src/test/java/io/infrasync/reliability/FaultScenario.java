package io.infrasync.reliability;

import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.testkit.infrahub.InfrahubNode;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A NetBox → Infrahub sync of five kinds in three tiers (tags, sites, tenants → devices →
 * interfaces), on the real adapters and the Parquet cache, against the testkit emulators; a seeded
 * source that changes between runs (creates, updates, deletes); and an oracle that says, from the
 * NetBox data alone, what Infrahub must hold after a successful sync.
 *
 * <p>{@code InfraInterface} has no uniqueness rule in the Infrahub schema, on purpose: a create sent
 * twice would leave two nodes with the same key instead of being refused, so duplicates show.
 */
final class FaultScenario {
  static final String PROFILE = System.getProperty("reliability.profile", "ci");

  static boolean nightly() {
    return PROFILE.equals("nightly");
  }

  /** The Infrahub schema of the scenario. */
  static InfrahubSchema schema() {
    return InfrahubSchema.builder()
        .node("BuiltinTag", k -> k.unique("name", "Text").humanFriendlyId("name__value"))
        .node("LocationSite", k -> k.unique("name", "Text").optional("description", "Text")
            .humanFriendlyId("name__value"))
        .node("OrganizationTenant", k -> k.unique("name", "Text").humanFriendlyId("name__value"))
        .node("InfraDevice", k -> k.unique("name", "Text").optional("serial", "Text").optional("status", "Text")
            .one("site", "LocationSite").one("tenant", "OrganizationTenant").many("tags", "BuiltinTag")
            .humanFriendlyId("name__value"))
        .node("InfraInterface", k -> k.requiredOne("device", "InfraDevice").attribute("name", "Text")
            .optional("description", "Text").optional("mtu", "Number").optional("enabled", "Boolean"))
        .build();
  }

  /** {@code LOG_UNCHANGED_RECORDS}: any flag turns off diffsync's default SKIP_UNMATCHED_DST, so deletes are synced. */
  static final String MAPPING = """
      diffsync_flags: [LOG_UNCHANGED_RECORDS]
      schema_mapping:
        - name: BuiltinTag
          mapping: extras.tags
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
        - name: LocationSite
          mapping: dcim.sites
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
            - {name: description, mapping: description}
        - name: OrganizationTenant
          mapping: tenancy.tenants
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
        - name: InfraDevice
          mapping: dcim.devices
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
            - {name: serial, mapping: serial}
            - {name: status, mapping: status.value}
            - {name: site, mapping: site, reference: LocationSite}
            - {name: tenant, mapping: tenant, reference: OrganizationTenant}
            - {name: tags, mapping: tags, reference: BuiltinTag}
        - name: InfraInterface
          mapping: dcim.interfaces
          identifiers: [device, name]
          fields:
            - {name: device, mapping: device, reference: InfraDevice}
            - {name: name, mapping: name}
            - {name: description, mapping: description}
            - {name: mtu, mapping: mtu}
            - {name: enabled, mapping: enabled}
      """;

  static final List<String> KINDS = List.of("BuiltinTag", "LocationSite", "OrganizationTenant", "InfraDevice",
      "InfraInterface");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final NetBoxServer netbox;
  final InfrahubServer infrahub;
  final Random random;
  private int serial;
  private final List<String> statuses = List.of("active", "planned", "offline", "staged");

  FaultScenario(NetBoxServer netbox, InfrahubServer infrahub, long seed) {
    this.netbox = netbox;
    this.infrahub = infrahub;
    this.random = new Random(seed);
  }

  /** The {@code config.yml} of the scenario: small pages and batches, so that a run makes many requests. */
  String config(String extraNetBoxSettings, String extraInfrahubSettings) {
    return """
        name: faults
        source:
          name: netbox
          settings:
            url: "${NETBOX_URL}"
            token: "${NETBOX_TOKEN}"
            page_size: 10
            retry_base_delay: 20ms
            retry_max_delay: 2s
            timeout: 10s
        %s
        destination:
          name: infrahub
          settings:
            url: "${INFRAHUB_ADDRESS}"
            token: "${INFRAHUB_API_TOKEN}"
            page_size: 10
            write_batch_size: 5
            timeout: 10s
        %s
        """.formatted(indent(extraNetBoxSettings), indent(extraInfrahubSettings)) + MAPPING;
  }

  private static String indent(String settings) {
    StringBuilder sb = new StringBuilder();
    for (String line : settings.split("\n")) {
      if (!line.isBlank()) {
        sb.append("    ").append(line).append('\n');
      }
    }
    return sb.toString();
  }

  Map<String, String> envMap() {
    return Map.of("NETBOX_URL", netbox.baseUrl().toString(), "NETBOX_TOKEN", NetBoxServer.DEFAULT_TOKEN,
        "INFRAHUB_ADDRESS", infrahub.baseUrl().toString(), "INFRAHUB_API_TOKEN", InfrahubServer.DEFAULT_TOKEN);
  }

  Function<String, @Nullable String> env() {
    Map<String, String> env = envMap();
    return env::get;
  }

  SyncConfig parse(String yaml, Function<String, @Nullable String> env) {
    return ConfigLoader.parse(yaml, "config.yml", null, env);
  }

  /** An engine on the Parquet cache under {@code cacheRoot}. */
  SyncEngine.Builder engine(Path cacheRoot) {
    return SyncEngine.builder().config(parse(config("", ""), env())).environment(env())
        .cacheDirectory(cacheRoot).guardrails(Guardrails.NONE);
  }

  // ---------------------------------------------------------------- the source and its changes

  private final Map<String, Long> tagIds = new LinkedHashMap<>();
  private final Map<String, Long> siteIds = new LinkedHashMap<>();
  private final Map<String, Long> tenantIds = new LinkedHashMap<>();
  private long deviceType;
  private long role;

  /** Seeds NetBox: 4 tags, 4 sites, 3 tenants, {@code devices} devices with 1–4 interfaces each. */
  void seed(int devices) {
    for (String t : List.of("core", "edge", "lab", "prod")) {
      tagIds.put(t, id(netbox.seed("extras/tags", Map.of("name", t, "slug", t))));
    }
    for (String s : List.of("ams1", "fra1", "lon1", "par1")) {
      siteIds.put(s, id(netbox.seed("dcim/sites", Map.of("name", s, "slug", s, "description", "site " + s))));
    }
    for (String t : List.of("acme", "globex", "initech")) {
      tenantIds.put(t, id(netbox.seed("tenancy/tenants", Map.of("name", t, "slug", t))));
    }
    long manufacturer = id(netbox.seed("dcim/manufacturers", Map.of("name", "Arista", "slug", "arista")));
    deviceType = id(netbox.seed("dcim/device-types", Map.of("manufacturer", manufacturer, "model", "7050",
        "slug", "7050")));
    role = id(netbox.seed("dcim/device-roles", Map.of("name", "router", "slug", "router")));
    for (int i = 0; i < devices; i++) {
      newDevice();
    }
  }

  private static long id(Map<String, @Nullable Object> object) {
    return ((Number) Objects.requireNonNull(object.get("id"))).longValue();
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private void newDevice() {
    String name = "dev-" + (serial++);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", name);
    d.put("device_type", deviceType);
    d.put("role", role);
    d.put("site", pick(new ArrayList<>(siteIds.values())));
    d.put("serial", "SN" + random.nextInt(1_000_000));
    d.put("status", pick(statuses));
    if (random.nextBoolean()) {
      d.put("tenant", pick(new ArrayList<>(tenantIds.values())));
    }
    d.put("tags", randomTags());
    long id = id(netbox.seed("dcim/devices", d));
    int interfaces = 1 + random.nextInt(4);
    for (int i = 0; i < interfaces; i++) {
      newInterface(id, "eth" + i);
    }
  }

  private void newInterface(long device, String name) {
    Map<String, Object> itf = new LinkedHashMap<>();
    itf.put("device", device);
    itf.put("name", name);
    itf.put("type", "1000base-t");
    itf.put("description", "if " + random.nextInt(1000));
    itf.put("mtu", 1500 + random.nextInt(8000));
    itf.put("enabled", random.nextBoolean());
    netbox.seed("dcim/interfaces", itf);
  }

  private List<Long> randomTags() {
    List<Long> tags = new ArrayList<>();
    for (long t : tagIds.values()) {
      if (random.nextInt(3) == 0) {
        tags.add(t);
      }
    }
    return tags;
  }

  /**
   * Changes the source through its API, as users would: updates of every kind of field (attributes,
   * references, peer sets), deletes of interfaces and devices, new devices. Returns what it did.
   */
  String change() {
    Map<String, Integer> did = new TreeMap<>();
    List<Map<String, @Nullable Object>> devices = netbox.objects("dcim/devices");
    for (Map<String, @Nullable Object> d : devices) {
      if (random.nextInt(5) != 0) {
        continue;
      }
      Map<String, Object> patch = new LinkedHashMap<>();
      switch (random.nextInt(5)) {
        case 0 -> patch.put("serial", "SN" + random.nextInt(1_000_000));
        case 1 -> patch.put("site", pick(new ArrayList<>(siteIds.values())));
        case 2 -> patch.put("tags", randomTags());
        case 3 -> patch.put("status", pick(statuses));
        default -> {
          if (random.nextBoolean()) {
            patch.put("tenant", pick(new ArrayList<>(tenantIds.values())));
          } else {
            Map<String, Object> none = new HashMap<>();
            none.put("tenant", null);
            patch.putAll(none);
          }
        }
      }
      api("PATCH", "/api/dcim/devices/" + d.get("id") + "/", patch);
      did.merge("device updates", 1, Integer::sum);
    }
    for (Map<String, @Nullable Object> i : netbox.objects("dcim/interfaces")) {
      int r = random.nextInt(12);
      if (r == 0) {
        api("DELETE", "/api/dcim/interfaces/" + i.get("id") + "/", null);
        did.merge("interface deletes", 1, Integer::sum);
      } else if (r <= 2) {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("description", "if " + random.nextInt(1000));
        if (random.nextBoolean()) {
          patch.put("mtu", 1500 + random.nextInt(8000));
        }
        patch.put("enabled", random.nextBoolean());
        api("PATCH", "/api/dcim/interfaces/" + i.get("id") + "/", patch);
        did.merge("interface updates", 1, Integer::sum);
      }
    }
    for (Map<String, @Nullable Object> s : netbox.objects("dcim/sites")) {
      if (random.nextInt(3) == 0) {
        api("PATCH", "/api/dcim/sites/" + s.get("id") + "/", Map.of("description", "site v" + random.nextInt(1000)));
        did.merge("site updates", 1, Integer::sum);
      }
    }
    List<Map<String, @Nullable Object>> left = netbox.objects("dcim/devices");
    int deletes = Math.min(left.size() - 1, random.nextInt(3));
    for (int k = 0; k < deletes; k++) {
      Map<String, @Nullable Object> d = left.remove(random.nextInt(left.size()));
      api("DELETE", "/api/dcim/devices/" + d.get("id") + "/", null); // cascades to its interfaces
      did.merge("device deletes", 1, Integer::sum);
    }
    int creates = 1 + random.nextInt(3);
    for (int k = 0; k < creates; k++) {
      newDevice();
      did.merge("device creates", 1, Integer::sum);
    }
    return did.toString();
  }

  private void api(String method, String path, @Nullable Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(netbox.baseUrl() + path))
        .header("Authorization", netbox.authorization()).header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() >= 300) {
        throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- the oracle and the actual state

  /** What Infrahub must hold, computed from NetBox's data alone: kind → key → fields. */
  TreeMap<String, TreeMap<String, Map<String, @Nullable Object>>> expected() {
    TreeMap<String, TreeMap<String, Map<String, @Nullable Object>>> out = new TreeMap<>();
    for (Map<String, @Nullable Object> t : netbox.objects("extras/tags")) {
      put(out, "BuiltinTag", (String) t.get("name"), Map.of());
    }
    Map<Object, String> siteNames = new HashMap<>();
    for (Map<String, @Nullable Object> s : netbox.objects("dcim/sites")) {
      siteNames.put(Objects.requireNonNull(s.get("id")), (String) Objects.requireNonNull(s.get("name")));
      put(out, "LocationSite", (String) s.get("name"), fields("description", s.get("description")));
    }
    for (Map<String, @Nullable Object> t : netbox.objects("tenancy/tenants")) {
      put(out, "OrganizationTenant", (String) t.get("name"), Map.of());
    }
    Map<Object, String> deviceNames = new HashMap<>();
    for (Map<String, @Nullable Object> d : netbox.objects("dcim/devices")) {
      deviceNames.put(Objects.requireNonNull(d.get("id")), (String) Objects.requireNonNull(d.get("name")));
      TreeSet<String> tags = new TreeSet<>();
      for (Object t : (List<?>) Objects.requireNonNull(d.get("tags"))) {
        tags.add((String) ((Map<?, ?>) t).get("name"));
      }
      put(out, "InfraDevice", (String) d.get("name"), fields("serial", d.get("serial"),
          "status", ((Map<?, ?>) Objects.requireNonNull(d.get("status"))).get("value"),
          "site", nestedName(d.get("site")), "tenant", nestedName(d.get("tenant")), "tags", tags));
    }
    for (Map<String, @Nullable Object> i : netbox.objects("dcim/interfaces")) {
      String device = nestedName(i.get("device"));
      put(out, "InfraInterface", device + "__" + i.get("name"), fields("description", i.get("description"),
          "mtu", i.get("mtu") == null ? null : ((Number) Objects.requireNonNull(i.get("mtu"))).longValue(),
          "enabled", i.get("enabled")));
    }
    return out;
  }

  private static @Nullable String nestedName(@Nullable Object nested) {
    return nested instanceof Map<?, ?> m ? (String) m.get("name") : null;
  }

  private static Map<String, @Nullable Object> fields(@Nullable Object... kv) {
    Map<String, @Nullable Object> m = new TreeMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put((String) Objects.requireNonNull(kv[i]), kv[i + 1]);
    }
    return m;
  }

  private static void put(TreeMap<String, TreeMap<String, Map<String, @Nullable Object>>> out, String kind,
      @Nullable String key, Map<String, @Nullable Object> fields) {
    Map<String, @Nullable Object> previous = out.computeIfAbsent(kind, k -> new TreeMap<>())
        .put(Objects.requireNonNull(key), fields);
    if (previous != null) {
      throw new AssertionError("duplicate key in the oracle: " + kind + " " + key);
    }
  }

  /**
   * What Infrahub holds, in the oracle's shape; a key held by several nodes (a duplicate create) is
   * reported as {@code <key>#dup<n>}, which never matches the oracle.
   */
  TreeMap<String, TreeMap<String, Map<String, @Nullable Object>>> actual() {
    TreeMap<String, TreeMap<String, Map<String, @Nullable Object>>> out = new TreeMap<>();
    Map<String, String> names = new HashMap<>();
    for (String kind : KINDS) {
      for (InfrahubNode n : infrahub.nodes(kind)) {
        if (n.attributes().containsKey("name")) {
          names.put(n.id(), String.valueOf(n.attribute("name")));
        }
      }
    }
    for (String kind : KINDS) {
      TreeMap<String, Map<String, @Nullable Object>> nodes = out.computeIfAbsent(kind, k -> new TreeMap<>());
      for (InfrahubNode n : infrahub.nodes(kind)) {
        String key;
        Map<String, @Nullable Object> f;
        switch (kind) {
          case "LocationSite" -> {
            key = (String) n.attribute("name");
            f = fields("description", n.attribute("description"));
          }
          case "InfraDevice" -> {
            key = (String) n.attribute("name");
            TreeSet<String> tags = new TreeSet<>();
            n.peers("tags").forEach(t -> tags.add(names.get(t)));
            f = fields("serial", n.attribute("serial"), "status", n.attribute("status"),
                "site", peerName(names, n.peer("site")), "tenant", peerName(names, n.peer("tenant")), "tags", tags);
          }
          case "InfraInterface" -> {
            key = peerName(names, n.peer("device")) + "__" + n.attribute("name");
            f = fields("description", n.attribute("description"), "mtu", n.attribute("mtu"),
                "enabled", n.attribute("enabled"));
          }
          default -> {
            key = (String) n.attribute("name");
            f = Map.of();
          }
        }
        String k = Objects.requireNonNull(key);
        for (int dup = 2; nodes.containsKey(k); dup++) {
          k = key + "#dup" + dup;
        }
        nodes.put(k, f);
      }
    }
    return out;
  }

  private static @Nullable String peerName(Map<String, String> names, @Nullable String id) {
    return id == null ? null : names.getOrDefault(id, "<dangling " + id + ">");
  }

  /** What differs between the oracle and Infrahub, one line per record (empty when they agree). */
  List<String> differences() {
    var expected = expected();
    var actual = actual();
    List<String> out = new ArrayList<>();
    for (String kind : KINDS) {
      Map<String, Map<String, @Nullable Object>> e = expected.getOrDefault(kind, new TreeMap<>());
      Map<String, Map<String, @Nullable Object>> a = actual.getOrDefault(kind, new TreeMap<>());
      TreeSet<String> keys = new TreeSet<>(e.keySet());
      keys.addAll(a.keySet());
      for (String k : keys) {
        if (!e.containsKey(k)) {
          out.add(kind + " " + k + ": in Infrahub but not expected " + a.get(k));
        } else if (!a.containsKey(k)) {
          out.add(kind + " " + k + ": missing from Infrahub, expected " + e.get(k));
        } else if (!Objects.equals(e.get(k), a.get(k))) {
          out.add(kind + " " + k + ": expected " + e.get(k) + " but Infrahub has " + a.get(k));
        }
      }
    }
    return out;
  }

  /** Keys held by more than one node, per kind. */
  static List<String> duplicates(Map<String, ? extends Map<String, ?>> state) {
    List<String> dups = new ArrayList<>();
    state.forEach((kind, nodes) -> nodes.keySet().stream().filter(k -> k.contains("#dup"))
        .forEach(k -> dups.add(kind + " " + k)));
    return dups;
  }
}
