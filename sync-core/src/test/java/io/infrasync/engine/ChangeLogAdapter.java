package io.infrasync.engine;

import io.infrasync.Side;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterCapabilities;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A source whose records carry a version from a logical clock: its watermark is the clock, and
 * {@link #readChangedSince} returns the records whose version is at or after the cursor. A hook
 * can change records in the middle of a full read.
 */
final class ChangeLogAdapter implements Adapter {
  private record Entry(Map<String, @Nullable Object> data, long version) {}

  private final Map<String, Map<String, Entry>> resources = new LinkedHashMap<>();
  private final AtomicLong clock = new AtomicLong();
  private final boolean cursors;
  final AtomicInteger fullReads = new AtomicInteger();
  final AtomicInteger changedReads = new AtomicInteger();
  final AtomicInteger idListings = new AtomicInteger();
  final AtomicInteger watermarks = new AtomicInteger();
  private @Nullable Runnable duringRead;

  ChangeLogAdapter(boolean cursors) {
    this.cursors = cursors;
  }

  synchronized ChangeLogAdapter put(String resource, String id, Map<String, ?> data) {
    resources.computeIfAbsent(resource, r -> new LinkedHashMap<>())
        .put(id, new Entry(new LinkedHashMap<>(data), clock.incrementAndGet()));
    return this;
  }

  synchronized void remove(String resource, String id) {
    resources.getOrDefault(resource, new LinkedHashMap<>()).remove(id);
    clock.incrementAndGet();
  }

  /** Runs once, after the first record of the next full read was handed out. */
  synchronized void duringNextRead(Runnable hook) {
    this.duringRead = hook;
  }

  private synchronized List<RawRecord> snapshot(String resource, long since) {
    List<RawRecord> out = new ArrayList<>();
    resources.getOrDefault(resource, Map.of()).forEach((id, e) -> {
      if (e.version() >= since) {
        out.add(new RawRecord(id, new LinkedHashMap<>(e.data())));
      }
    });
    return out;
  }

  @Override
  public AdapterCapabilities capabilities() {
    return new AdapterCapabilities(false, false, 100, cursors, cursors);
  }

  @Override
  public Addressing addressing(Side side) {
    return Addressing.PATHS;
  }

  @Override
  public void read(ReadRequest request, Consumer<RawRecord> sink) {
    fullReads.incrementAndGet();
    List<RawRecord> rows = snapshot(request.resource(), Long.MIN_VALUE);
    for (int i = 0; i < rows.size(); i++) {
      sink.accept(rows.get(i));
      Runnable hook;
      synchronized (this) {
        hook = duringRead;
        duringRead = null;
      }
      if (hook != null) {
        hook.run();
      }
    }
  }

  @Override
  public Optional<Cursor> watermark(ReadRequest request) {
    watermarks.incrementAndGet();
    return Optional.of(Cursor.timestamp(String.valueOf(clock.get() + 1)));
  }

  @Override
  public boolean supportsCursor(ReadRequest request) {
    return cursors;
  }

  @Override
  public void readChangedSince(ReadRequest request, Cursor since, Consumer<RawRecord> sink) {
    changedReads.incrementAndGet();
    snapshot(request.resource(), Long.parseLong(since.value())).forEach(sink);
  }

  @Override
  public Set<String> listIds(ReadRequest request) {
    idListings.incrementAndGet();
    synchronized (this) {
      return Set.copyOf(resources.getOrDefault(request.resource(), Map.of()).keySet());
    }
  }
}
