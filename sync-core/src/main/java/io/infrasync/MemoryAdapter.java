package io.infrasync;

import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterCapabilities;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An adapter that keeps its records in memory: seed it, sync from or to it, inspect it. Meant for
 * tests of sync logic and for hosts that already hold their data. Records are JSON-like maps per
 * resource (a {@code mapping} path on the source side, a kind on the destination side); references
 * are written as the peer's key in {@code "__"}-joined form. Thread-safe.
 */
public final class MemoryAdapter implements Adapter {
  private final Map<String, io.infrasync.internal.adapters.MemoryResource> resources = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final int batchSize;

  private MemoryAdapter(int batchSize) {
    this.batchSize = batchSize;
  }

  public static MemoryAdapter create() {
    return new MemoryAdapter(500);
  }

  /** An adapter whose writes arrive in batches of at most {@code batchSize}. */
  public static MemoryAdapter withBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    return new MemoryAdapter(batchSize);
  }

  private io.infrasync.internal.adapters.MemoryResource resource(String name) {
    return resources.computeIfAbsent(name, n -> new io.infrasync.internal.adapters.MemoryResource());
  }

  /** Adds a record with a generated id. Returns this adapter. */
  public MemoryAdapter add(String resource, Map<String, ?> data) {
    return add(resource, "mem-" + ids.incrementAndGet(), data);
  }

  /** Adds a record with the given server id ({@code null}: none). */
  public MemoryAdapter add(String resource, @Nullable String id, Map<String, ?> data) {
    resource(resource).add(id, new LinkedHashMap<>(data));
    return this;
  }

  /** Adds many records. */
  public MemoryAdapter addAll(String resource, List<? extends Map<String, ?>> data) {
    data.forEach(d -> add(resource, d));
    return this;
  }

  /** Replaces a record's data, found by server id. */
  public boolean replace(String resource, String id, Map<String, ?> data) {
    return resource(resource).replace(id, new LinkedHashMap<>(data));
  }

  /** Removes a record by server id. */
  public boolean remove(String resource, String id) {
    return resource(resource).remove(id);
  }

  /** The current records of a resource (copies). */
  public List<Map<String, @Nullable Object>> records(String resource) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    resource(resource).records().forEach(r -> out.add(new LinkedHashMap<>(r.data())));
    return out;
  }

  /** How many writes (batches) this adapter received. */
  public long writeCalls() {
    return resources.values().stream().mapToLong(io.infrasync.internal.adapters.MemoryResource::writeCalls).sum();
  }

  /** Source records are read through mapping paths; destination records by kind and field name. */
  @Override
  public Addressing addressing(io.infrasync.Side side) {
    return side == io.infrasync.Side.SOURCE ? Addressing.PATHS : Addressing.NAMES;
  }

  @Override
  public AdapterCapabilities capabilities() {
    return new AdapterCapabilities(true, true, batchSize, false, false);
  }

  @Override
  public void read(ReadRequest request, Consumer<RawRecord> sink) {
    resource(request.resource()).records().forEach(sink);
  }

  @Override
  public List<WriteOutcome> write(WriteBatch batch, WriteContext context) {
    return resource(batch.kind()).write(batch, () -> "mem-" + ids.incrementAndGet());
  }
}
