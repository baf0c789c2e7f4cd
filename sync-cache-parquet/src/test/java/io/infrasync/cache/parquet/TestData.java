package io.infrasync.cache.parquet;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Plan;
import io.infrasync.SyncRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Layouts, records and plans shaped like the benchmark dataset. */
final class TestData {
  static final FieldLayout SITE =
      FieldLayout.of("LocationSite", List.of("name", "description"), List.of("name"), Map.of());
  static final FieldLayout DEVICE =
      FieldLayout.of(
          "InfraDevice",
          List.of("name", "site", "serial", "status", "tags"),
          List.of("name"),
          Map.of(
              "site", new FieldLayout.Reference("LocationSite", false),
              "tags", new FieldLayout.Reference("BuiltinTag", true)));
  static final FieldLayout INTERFACE =
      FieldLayout.of(
          "InfraInterface",
          List.of("device", "name", "description", "enabled", "mtu", "speed"),
          List.of("device", "name"),
          Map.of("device", new FieldLayout.Reference("InfraDevice", false)));

  private TestData() {}

  static SyncRecord site(String name, @Nullable String description, @Nullable String id) {
    return SyncRecord.of(SITE, values(name, description), id);
  }

  static SyncRecord device(String name, String site, List<String> tags, @Nullable String id) {
    return SyncRecord.of(
        DEVICE,
        values(name, Key.of(site), "SN-" + name, "active", tags.stream().map(t -> (Object) Key.of(t)).toList()),
        id);
  }

  static SyncRecord iface(String device, String name, @Nullable String description, boolean enabled, long mtu, @Nullable String id) {
    return SyncRecord.of(INTERFACE, values(Key.of(device), name, description, enabled, mtu, 10_000L), id);
  }

  static @Nullable Object[] values(@Nullable Object... v) {
    return Arrays.copyOf(v, v.length);
  }

  /** A layout with one attribute field per entry, named after the key. */
  static FieldLayout free(String kind, Map<String, FieldLayout.Reference> refs, String... attributes) {
    List<String> fields = new java.util.ArrayList<>(List.of("name"));
    fields.addAll(List.of(attributes));
    return FieldLayout.of(kind, fields, List.of("name"), refs);
  }

  static SyncRecord record(FieldLayout layout, String name, @Nullable String id, @Nullable Object... attrs) {
    @Nullable Object[] v = new Object[layout.size()];
    v[0] = name;
    System.arraycopy(attrs, 0, v, 1, attrs.length);
    return SyncRecord.of(layout, v, id);
  }

  /** Creates a site, updates a device, deletes an interface: three tiers, three batches. */
  static Plan smallPlan() {
    SyncRecord newSite = site("site-9", "new \u00e9 site", null);
    SyncRecord devSrc = device("dev-1", "site-1", List.of("b", "a"), null);
    SyncRecord devDst = SyncRecord.of(DEVICE, values("dev-1", Key.of("site-2"), "SN-dev-1", "planned", List.of()), "uuid-dev-1");
    SyncRecord ifDst = iface("dev-1", "eth0", "uplink", true, 1500, "uuid-if-1");
    return new Plan(
        List.of(
            new Change(Action.CREATE, "LocationSite", newSite.key(), newSite, null,
                List.of(new AttributeChange("description", null, "new \u00e9 site")), 0),
            new Change(Action.UPDATE, "InfraDevice", devSrc.key(), devSrc, devDst,
                List.of(new AttributeChange("site", Key.of("site-2"), Key.of("site-1")),
                    new AttributeChange("status", "planned", "active")), 1),
            new Change(Action.DELETE, "InfraInterface", ifDst.key(), null, ifDst, List.of(), 2)),
        List.of(List.of("LocationSite"), List.of("InfraDevice"), List.of("InfraInterface")));
  }

  static Map<String, @Nullable Object> map(Object... kv) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    void set(Instant i) {
      now = i;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
