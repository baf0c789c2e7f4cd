package io.infrasync.internal.mapping;

import io.infrasync.FieldLayout;
import io.infrasync.MappingException;
import io.infrasync.config.SchemaMapping;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.RawRecord;

/**
 * Maps the records of the destination side, of file and memory adapters and of cache snapshots:
 * no filters and no transforms (infrahub-sync applies those to the source only). Thread-safe.
 */
public final class DestinationMapper {
  private final RecordReader reader;

  private DestinationMapper(RecordReader reader) {
    this.reader = reader;
  }

  /** Reads every field of the layout by its destination {@code name}, as stored (no static values). */
  public static DestinationMapper of(FieldLayout layout) {
    return new DestinationMapper(RecordReader.ofNames(layout, null));
  }

  /**
   * A mapper for a destination with the given addressing: {@link Adapter.Addressing#NAMES} reads
   * every layout field by name (as {@link #of}); {@link Adapter.Addressing#PATHS} evaluates the
   * entry's fields like the source does ({@code static} wins, else the {@code mapping} path), as
   * infrahub-sync's NetBox-style adapters do on either side.
   */
  public static DestinationMapper compile(SchemaMapping m, FieldLayout layout, Adapter.Addressing addressing) {
    if (!m.name().equals(layout.kind())) {
      throw new IllegalArgumentException("mapping of `" + m.name() + "` used with the layout of `" + layout.kind() + "`");
    }
    return new DestinationMapper(addressing == Adapter.Addressing.NAMES
        ? RecordReader.ofNames(layout, m.mapping())
        : RecordReader.ofPaths(m, layout));
  }

  public FieldLayout layout() {
    return reader.layout();
  }

  /**
   * Maps one raw record.
   *
   * @throws MappingException when a reference field holds something that is no reference
   */
  public PendingRecord map(RawRecord raw) {
    return reader.read(raw.data(), raw.id());
  }
}
