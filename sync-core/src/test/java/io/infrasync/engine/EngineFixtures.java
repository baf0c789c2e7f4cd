package io.infrasync.engine;

import io.infrasync.config.DiffFlag;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.SyncListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Configurations, sources and listeners shared by the engine tests. */
final class EngineFixtures {
  private EngineFixtures() {}

  static SyncConfig.Builder sitesAndDevices() {
    return SyncConfig.builder("engine")
        .source("memory", Map.of())
        .destination("memory", Map.of())
        .mapping(SchemaMapping.builder("Site").mapping("dcim.sites").identifiers("name")
            .field("name", "name").field("description", "description").build())
        .mapping(SchemaMapping.builder("Device").mapping("dcim.devices").identifiers("name")
            .field("name", "name").reference("site", "site", "Site").field("serial", "serial").build())
        .flags(DiffFlag.CONTINUE_ON_FAILURE);
  }

  /** Sites only; with an extra field when {@code wider}, which changes the schema sub-hash. */
  static SyncConfig sites(boolean wider) {
    SchemaMapping.Builder site = SchemaMapping.builder("Site").mapping("dcim.sites").identifiers("name")
        .field("name", "name").field("description", "description");
    if (wider) {
      site.field("status", "status");
    }
    return SyncConfig.builder("engine").source("memory", Map.of()).destination("memory", Map.of())
        .mapping(site.build()).flags(DiffFlag.CONTINUE_ON_FAILURE).build();
  }

  static ChangeLogAdapter changeLog(boolean cursors) {
    return new ChangeLogAdapter(cursors)
        .put("dcim.sites", "1", Map.of("name", "paris", "description", "Paris DC"))
        .put("dcim.sites", "2", Map.of("name", "oslo", "description", "Oslo DC"))
        .put("dcim.devices", "10", Map.of("name", "r1", "site", Map.of("id", 1, "name", "paris"), "serial", "A1"))
        .put("dcim.devices", "11", Map.of("name", "r2", "site", Map.of("id", 2, "name", "oslo"), "serial", "B2"));
  }

  /** Keeps warnings and incremental reads. */
  static final class Events implements SyncListener {
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    final List<String> incrementalReads = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void warning(String message) {
      warnings.add(message);
    }

    @Override
    public void kindRead(io.infrasync.Side side, String kind, long records, java.time.Duration took,
        boolean incremental) {
      if (incremental) {
        incrementalReads.add(side.cacheName() + "/" + kind);
      }
    }
  }
}
