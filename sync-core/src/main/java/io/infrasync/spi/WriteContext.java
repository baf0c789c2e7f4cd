package io.infrasync.spi;

import io.infrasync.Key;
import io.infrasync.config.SchemaMapping;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the engine tells an adapter while it writes. Thread-safe. */
public interface WriteContext {
  /**
   * The destination server id of a record: from the destination read, or from a create earlier in
   * this run. Null when the record is unknown (a reference to something that failed to write).
   */
  @Nullable String serverId(String kind, Key key);

  /** The schema_mapping entries of a kind (for reverse mapping of field names). */
  List<SchemaMapping> mappingsOf(String kind);

  /** The source adapter's name (infrahub-sync uses it for lineage). */
  String sourceName();
}
