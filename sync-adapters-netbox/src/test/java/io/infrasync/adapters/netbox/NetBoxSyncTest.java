package io.infrasync.adapters.netbox;

import static io.infrasync.adapters.netbox.ExampleData.m;
import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.MemoryAdapter;
import io.infrasync.Plan;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.AdapterConfig;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.DiffFlag;
import io.infrasync.config.SyncConfig;
import io.infrasync.testkit.RequestLog;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Whole syncs through the engine with NetBox (the emulator) on one side and files on the other. */
class NetBoxSyncTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String TOKEN = NetBoxServer.DEFAULT_TOKEN;
  @TempDir Path tmp;
  private NetBoxServer netbox;

  @BeforeEach
  void start() {
    netbox = NetBoxServer.builder().build().start();
  }

  @AfterEach
  void stop() {
    netbox.close();
  }

  private Function<String, @Nullable String> env(NetBoxServer server) {
    Map<String, String> vars = Map.of("NETBOX_ADDRESS", server.baseUrl().toString(), "NETBOX_TOKEN", TOKEN);
    return vars::get;
  }

  /** The upstream example with its Infrahub destination replaced by a directory of files. */
  private static SyncConfig upstreamToFiles(Path dst) {
    SyncConfig up = ConfigLoader.load(ExampleData.upstreamConfig());
    return new SyncConfig(up.name(), up.description(), null, up.source(),
        new AdapterConfig("file", Map.of("directory", dst.toString())), List.of(), List.of(), up.schemaMapping(),
        up.diffsyncFlags(), up.incremental(), null, null);
  }

  static List<Map<String, Object>> lines(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = JSON.readValue(line, Map.class);
        out.add(row);
      }
    }
    return out;
  }

  private static Map<String, Object> one(List<Map<String, Object>> rows, String field, Object value) {
    return rows.stream().filter(r -> value.equals(r.get(field))).findFirst().orElseThrow(
        () -> new AssertionError("no row with " + field + "=" + value + " in " + rows));
  }

  @Test
  void upstreamNetBoxExampleReadsEachEndpointOnceAndASecondRunFindsNothing() throws IOException {
    ExampleData.seed(netbox);
    Path dst = tmp.resolve("infrahub");
    netbox.requestLog().reset();
    SyncConfig config = upstreamToFiles(dst);

    SyncReport first;
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env(netbox)).inMemoryCache().build()) {
      first = engine.sync();
    }

    assertThat(first.success()).as(first.errors().toString()).isTrue();
    Set<String> resources = new java.util.TreeSet<>();
    config.schemaMapping().forEach(e -> resources.add(
        io.infrasync.internal.rest.ApiPath.of("netbox", java.util.Objects.requireNonNull(e.mapping()))));
    assertThat(netbox.requestLog().entries()).allSatisfy(e -> assertThat(e.method()).isEqualTo("GET"));
    assertThat(netbox.requestLog().countsByEndpoint()).hasSize(resources.size())
        .allSatisfy((endpoint, n) -> assertThat(n).as(endpoint).isEqualTo(1L));
    assertThat(first.counts("InfraDevice").created()).isEqualTo(3);
    assertThat(first.counts("InfraInterfaceL2L3").created()).isEqualTo(6);
    assertThat(first.counts("LocationGeneric").created()).isEqualTo(4);
    assertThat(first.counts("RoleGeneric").created()).isEqualTo(3);
    assertThat(first.counts("OrganizationGeneric").created()).isEqualTo(5);

    List<Map<String, Object>> devices = lines(dst.resolve("InfraDevice.jsonl"));
    assertThat(devices).extracting(d -> d.get("name"))
        .containsExactlyInAnyOrder("dmi01-par-rtr01", "dmi01-par-rtr02", "dmi01-osl-rtr01");
    Map<String, Object> rtr01 = one(devices, "name", "dmi01-par-rtr01");
    assertThat(rtr01).containsEntry("location", "par1").containsEntry("rack", "R01__par1")
        .containsEntry("organization", "Acme").containsEntry("role", "router")
        .containsEntry("model", "DCS-7050__Arista").containsEntry("tags", List.of("core"))
        .containsEntry("serial_number", "ABC1"); // upstream's transform writes serial_number, the field reads serial
    List<Map<String, Object>> itfs = lines(dst.resolve("InfraInterfaceL2L3.jsonl"));
    Map<String, Object> uplink = itfs.stream()
        .filter(i -> "par1__R01__par1__Acme__dmi01-par-rtr01".equals(i.get("device")) && "Ethernet1".equals(i.get("name")))
        .findFirst().orElseThrow();
    assertThat(uplink).containsEntry("interface_type", "1000BASE-T (1GE)").containsEntry("l2_mode", "Tagged")
        .containsEntry("untagged_vlan", "users__10__par1__par-vlans")
        .containsEntry("tagged_vlan", List.of("users__10__par1__par-vlans", "voice__20__par1__None"));
    assertThat(one(lines(dst.resolve("InfraVRF.jsonl")), "name", "blue"))
        .containsEntry("import_rt", List.of("65000:1__Acme"));
    assertThat(one(lines(dst.resolve("ChoiceDeviceType.jsonl")), "name", "PDU-8").get("height"))
        .isIn(1.0, 1);

    netbox.requestLog().reset();
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env(netbox)).inMemoryCache().build()) {
      assertThat(engine.diff().isEmpty()).as("a second run finds nothing to do").isTrue();
    }
    assertThat(netbox.requestLog().countsByEndpoint()).hasSize(resources.size());
  }

  /** Kinds that NetBox can store as they are read: the mirror of a NetBox inventory. */
  static SyncConfig mirror(AdapterConfig source, AdapterConfig destination) {
    String yaml = """
        name: netbox-mirror
        source: {name: x}
        destination: {name: y}
        diffsync_flags: [CONTINUE_ON_FAILURE]
        schema_mapping:
          - name: BuiltinTag
            mapping: extras.tags
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
              - {name: description, mapping: description}
          - name: CoreStandardGroup
            mapping: tenancy.tenant-groups
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
          - name: OrganizationGeneric
            mapping: tenancy.tenants
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
              - {name: group, mapping: group, reference: CoreStandardGroup}
          - name: LocationGeneric
            mapping: dcim.regions
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
              - {name: type, static: Region}
              - {name: tags, mapping: tags, reference: BuiltinTag}
          - name: LocationGeneric
            mapping: dcim.sites
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
              - {name: type, static: Site}
              - {name: status, mapping: status}
              - {name: organization, mapping: tenant, reference: OrganizationGeneric}
              - {name: tags, mapping: tags, reference: BuiltinTag}
          - name: RoleGeneric
            mapping: dcim.device-roles
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
              - {name: description, mapping: description}
          - name: OrganizationManufacturer
            mapping: dcim.manufacturers
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
          - name: ChoiceDeviceType
            mapping: dcim.device-types
            identifiers: [model, manufacturer]
            fields:
              - {name: model, mapping: model}
              - {name: slug, mapping: slug}
              - {name: part_number, mapping: part_number}
              - {name: height, mapping: u_height}
              - {name: full_depth, mapping: is_full_depth}
              - {name: manufacturer, mapping: manufacturer, reference: OrganizationManufacturer}
          - name: InfraDevice
            mapping: dcim.devices
            identifiers: [location, name]
            fields:
              - {name: name, mapping: name}
              - {name: serial, mapping: serial}
              - {name: description, mapping: description}
              - {name: status, mapping: status}
              - {name: location, mapping: site, reference: LocationGeneric}
              - {name: role, mapping: role, reference: RoleGeneric}
              - {name: model, mapping: device_type, reference: ChoiceDeviceType}
              - {name: organization, mapping: tenant, reference: OrganizationGeneric}
              - {name: tags, mapping: tags, reference: BuiltinTag}
          - name: InfraInterface
            mapping: dcim.interfaces
            identifiers: [device, name]
            fields:
              - {name: name, mapping: name}
              - {name: device, mapping: device, reference: InfraDevice}
              - {name: type, mapping: type}
              - {name: description, mapping: description}
              - {name: mgmt_only, mapping: mgmt_only}
          - name: InfraIPAddress
            mapping: ipam.ip-addresses
            identifiers: [address]
            fields:
              - {name: address, mapping: address}
              - {name: description, mapping: description}
              - {name: status, mapping: status}
        """;
    SyncConfig c = ConfigLoader.parse(yaml, "mirror.yml", null, v -> null);
    return new SyncConfig(c.name(), c.description(), null, source, destination, List.of(), List.of(),
        c.schemaMapping(), c.diffsyncFlags(), c.incremental(), null, null);
  }

  /** Writes what {@code from} holds, endpoint by endpoint, as the file source of a mirror sync. */
  static void dump(NetBoxServer from, SyncConfig config, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (var e : config.schemaMapping()) {
      String resource = java.util.Objects.requireNonNull(e.mapping());
      StringBuilder sb = new StringBuilder();
      for (Map<String, Object> o : from.objects(resource.replace('.', '/'))) {
        sb.append(JSON.writeValueAsString(o)).append('\n');
      }
      Files.writeString(dir.resolve(resource + ".jsonl"), sb.toString());
    }
  }

  private long writes(NetBoxServer server) {
    return server.requestLog().entries().stream().filter(e -> !e.method().equals("GET")).count();
  }

  private SyncReport sync(SyncConfig config, NetBoxServer dst) {
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env(dst)).inMemoryCache().build()) {
      return engine.sync();
    }
  }

  @Test
  void filesToNetBoxCreatesEveryRecordWithItsReferencesThenWritesNothing() throws IOException {
    ExampleData.seed(netbox);
    Path src = tmp.resolve("src");
    AdapterConfig files = new AdapterConfig("file", Map.of("directory", src.toString()));
    AdapterConfig target = new AdapterConfig("netbox", Map.of("url", "http://unused.invalid", "token", "x"));
    SyncConfig config = mirror(files, target);
    dump(netbox, config, src);
    try (NetBoxServer empty = NetBoxServer.builder().build().start()) {
      SyncReport first = sync(config, empty);

      assertThat(first.success()).as(first.errors().toString()).isTrue();
      assertThat(first.total(Action.CREATE)).isEqualTo(2 + 1 + 2 + 1 + 2 + 1 + 2 + 2 + 4 + 8 + 2);
      assertThat(Canonical.of(empty, config)).isEqualTo(Canonical.of(netbox, config));
      assertThat(empty.requestLog().count("POST", "/api/dcim/devices/")).isEqualTo(1);

      empty.requestLog().reset();
      SyncReport second = sync(config, empty);
      assertThat(second.plan().isEmpty()).as(second.plan().render()).isTrue();
      assertThat(writes(empty)).as("the second run writes nothing").isZero();

      // The source changes: a description, a site's tags, one device and its interfaces gone.
      patchDump(src, "dcim.devices", "dmi01-osl-rtr01", "description", "moved");
      removeDump(src, "dcim.devices", "dmi01-par-pdu01");
      removeInterfacesOf(src, "dmi01-par-pdu01");
      empty.requestLog().reset();
      SyncReport third = sync(config, empty);
      assertThat(third.success()).as(third.errors().toString()).isTrue();
      assertThat(third.counts("InfraDevice").updated()).isEqualTo(1);
      assertThat(third.counts("InfraDevice").deleted()).isEqualTo(1);
      assertThat(third.counts("InfraInterface").deleted()).isEqualTo(2);
      assertThat(empty.find("dcim/devices", "name", "dmi01-osl-rtr01").orElseThrow())
          .containsEntry("description", "moved");
      assertThat(empty.count("dcim/devices")).isEqualTo(3);
      List<RequestLog.Entry> deletes = empty.requestLog().entries().stream()
          .filter(e -> e.method().equals("DELETE")).toList();
      assertThat(deletes).extracting(RequestLog.Entry::path)
          .containsExactly("/api/dcim/interfaces/", "/api/dcim/devices/");

      empty.requestLog().reset();
      assertThat(sync(config, empty).plan().isEmpty()).isTrue();
      assertThat(writes(empty)).isZero();
    }
  }

  private static void patchDump(Path dir, String resource, String name, String field, Object value)
      throws IOException {
    rewrite(dir, resource, rows -> rows.stream().filter(r -> name.equals(r.get("name")))
        .forEach(r -> r.put(field, value)));
  }

  private static void removeDump(Path dir, String resource, String name) throws IOException {
    rewrite(dir, resource, rows -> rows.removeIf(r -> name.equals(r.get("name"))));
  }

  private static void removeInterfacesOf(Path dir, String device) throws IOException {
    rewrite(dir, "dcim.interfaces", rows -> rows.removeIf(r -> r.get("device") instanceof Map<?, ?> d
        && device.equals(d.get("name"))));
  }

  private static void rewrite(Path dir, String resource, java.util.function.Consumer<List<Map<String, Object>>> edit)
      throws IOException {
    Path f = dir.resolve(resource + ".jsonl");
    List<Map<String, Object>> rows = lines(f);
    edit.accept(rows);
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> r : rows) {
      sb.append(JSON.writeValueAsString(r)).append('\n');
    }
    Files.writeString(f, sb.toString());
  }

  @Test
  void aFaultyServerEndsInTheSameStateAsAHealthyOneWithoutDuplicates() throws IOException {
    ExampleData.seed(netbox);
    Path src = tmp.resolve("src");
    SyncConfig config = mirror(new AdapterConfig("file", Map.of("directory", src.toString())),
        new AdapterConfig("netbox", Map.of("url", "http://unused.invalid", "token", "x", "write_batch_size", 2,
            "max_retries", 8, "retry_base_delay", "5ms", "retry_max_delay", "20ms", "timeout", "2s")));
    dump(netbox, config, src);
    try (NetBoxServer healthy = NetBoxServer.builder().build().start();
        NetBoxServer faulty = NetBoxServer.builder().build().start()) {
      assertThat(sync(config, healthy).success()).isTrue();
      io.infrasync.testkit.RequestMatcher any = io.infrasync.testkit.RequestMatcher.any();
      faulty.faults().on(any).randomly(0.03, 1L, io.infrasync.testkit.Fault.tooManyRequests(0));
      faulty.faults().on(any).randomly(0.03, 2L, io.infrasync.testkit.Fault.status(503));
      faulty.faults().on(any).randomly(0.02, 3L, io.infrasync.testkit.Fault.status(502));
      faulty.faults().on(any).randomly(0.01, 4L, io.infrasync.testkit.Fault.dropConnection());
      faulty.faults().on(any).randomly(0.01, 5L, io.infrasync.testkit.Fault.brokenBody(5));

      SyncReport report = sync(config, faulty);

      assertThat(report.success()).as(report.errors().toString()).isTrue();
      assertThat(faulty.faults().rules().stream().mapToLong(r -> r.fired()).sum()).isGreaterThanOrEqualTo(3);
      assertThat(Canonical.of(faulty, config)).isEqualTo(Canonical.of(healthy, config));
      faulty.faults().clear();
      faulty.requestLog().reset();
      assertThat(sync(config, faulty).plan().isEmpty()).isTrue();
    }
  }

  @Test
  void warmIncrementalRunsReadOnlyChangesCatchChangesMadeDuringTheLastReadAndSeeDeletes() {
    netbox.clock().set(java.time.Instant.parse("2026-05-18T10:00:00Z"));
    Map<String, Object> role = netbox.seed("dcim/device-roles", m("name", "router", "slug", "router"));
    Map<String, Object> man = netbox.seed("dcim/manufacturers", m("name", "Arista", "slug", "arista"));
    Map<String, Object> type = netbox.seed("dcim/device-types", m("model", "X", "slug", "x", "manufacturer",
        man.get("id")));
    Map<String, Object> site = netbox.seed("dcim/sites", m("name", "par1", "slug", "par1"));
    for (int i = 0; i < 1500; i++) {
      netbox.seed("dcim/devices", m("name", String.format("dev-%04d", i), "device_type", type.get("id"),
          "role", role.get("id"), "site", site.get("id")));
    }
    netbox.clock().set(java.time.Instant.parse("2026-05-18T11:00:00Z"));
    netbox.seed("dcim/devices", m("name", "dev-newest", "device_type", type.get("id"), "role", role.get("id"),
        "site", site.get("id")));
    SyncConfig config = ConfigLoader.parse("""
        name: devices
        source: {name: netbox, settings: {url: "http://set.by.env", token: "x", concurrency: 1}}
        destination: {name: memory}
        diffsync_flags: [CONTINUE_ON_FAILURE]
        schema_mapping:
          - name: InfraSite
            mapping: dcim.sites
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
          - name: InfraDevice
            mapping: dcim.devices
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: description, mapping: description}
              - {name: site, mapping: site, reference: InfraSite}
        """, "devices.yml", null, v -> null);
    MemoryAdapter dst = MemoryAdapter.create();
    var store = new io.infrasync.internal.cache.MemoryCacheStore(java.time.Clock.systemUTC());
    Object early = netbox.objects("dcim/devices").get(10).get("id");
    // While the second page of the first read is served, a device of the first page changes.
    java.util.concurrent.atomic.AtomicBoolean changed = new java.util.concurrent.atomic.AtomicBoolean();
    netbox.clock().release();
    netbox.faults().on(r -> {
      if (r.path().equals("/api/dcim/devices/") && "1000".equals(r.param("offset")) && r.param("fields") != null
          && r.param("fields").contains("description") && changed.compareAndSet(false, true)) {
        patch(netbox, "/api/dcim/devices/" + early + "/", "{\"description\": \"changed during the read\"}");
      }
      return false;
    }).always(io.infrasync.testkit.Fault.status(500));

    SyncReport cold = syncIncremental(config, dst, store);
    assertThat(cold.success()).as(cold.errors().toString()).isTrue();
    assertThat(changed).isTrue();
    assertThat(dst.records("InfraDevice")).hasSize(1501)
        .noneMatch(r -> "changed during the read".equals(r.get("description")));

    Object gone = netbox.objects("dcim/devices").get(20).get("id");
    Object edited = netbox.objects("dcim/devices").get(30).get("id");
    delete(netbox, "/api/dcim/devices/" + gone + "/");
    patch(netbox, "/api/dcim/devices/" + edited + "/", "{\"description\": \"edited\"}");
    netbox.requestLog().reset();

    SyncReport warm = syncIncremental(config, dst, store);

    assertThat(warm.success()).as(warm.errors().toString()).isTrue();
    assertThat(warm.counts("InfraDevice").updated()).isEqualTo(2);
    assertThat(warm.counts("InfraDevice").deleted()).isEqualTo(1);
    assertThat(dst.records("InfraDevice")).hasSize(1500)
        .anyMatch(r -> "changed during the read".equals(r.get("description")))
        .anyMatch(r -> "edited".equals(r.get("description")));
    List<String> deviceQueries = netbox.requestLog().entries().stream()
        .filter(e -> e.path().equals("/api/dcim/devices/")).map(RequestLog.Entry::query).toList();
    assertThat(deviceQueries).as("watermark, changes since the cursor, id listing (2 pages)")
        .hasSize(4)
        .anySatisfy(q -> assertThat(q).contains("ordering=-last_updated"))
        .anySatisfy(q -> assertThat(q).contains("last_updated__gte"))
        .anySatisfy(q -> assertThat(q).startsWith("fields=id&"));
    assertThat(deviceQueries).noneSatisfy(q -> assertThat(q).contains("offset=1000").contains("description"));
  }

  private SyncReport syncIncremental(SyncConfig config, MemoryAdapter dst, io.infrasync.spi.CacheStore store) {
    try (SyncEngine engine = SyncEngine.builder().config(config).destination(dst).environment(env(netbox))
        .cacheStore(store).incremental(true).build()) {
      return engine.sync();
    }
  }

  static void patch(NetBoxServer s, String path, String json) {
    send(s, "PATCH", path, json);
  }

  static void delete(NetBoxServer s, String path) {
    send(s, "DELETE", path, null);
  }

  private static void send(NetBoxServer s, String method, String path, @Nullable String json) {
    try {
      var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.baseUrl() + path))
          .header("Authorization", s.authorization()).header("Content-Type", "application/json");
      b.method(method, json == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
          : java.net.http.HttpRequest.BodyPublishers.ofString(json));
      var r = java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unused")
  private static long count(Plan p, Action a) {
    return p.count(a);
  }
}
