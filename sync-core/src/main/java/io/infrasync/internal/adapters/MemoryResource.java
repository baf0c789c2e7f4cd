package io.infrasync.internal.adapters;

import io.infrasync.spi.RawRecord;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteOutcome;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** One resource of a {@link io.infrasync.MemoryAdapter}. Thread-safe. */
public final class MemoryResource {
  private final KeyedStore store = new KeyedStore();
  private long writeCalls;

  public synchronized void add(@Nullable String id, Map<String, @Nullable Object> data) {
    store.add(id, data);
  }

  public synchronized boolean replace(String id, Map<String, @Nullable Object> data) {
    return store.replaceById(id, data);
  }

  public synchronized boolean remove(String id) {
    return store.removeById(id);
  }

  public synchronized List<RawRecord> records() {
    return store.records();
  }

  public synchronized List<WriteOutcome> write(WriteBatch batch, Supplier<@Nullable String> newId) {
    writeCalls++;
    return store.apply(batch, newId);
  }

  public synchronized long writeCalls() {
    return writeCalls;
  }
}
