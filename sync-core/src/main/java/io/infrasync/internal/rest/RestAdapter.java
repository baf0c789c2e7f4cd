package io.infrasync.internal.rest;

import io.infrasync.Side;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.http.HttpTransport;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterCapabilities;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A NetBox-style REST API as a source or destination ({@link Adapter.Addressing#PATHS}): the resource
 * is the {@code mapping} path ({@code dcim.devices}), records are the API's JSON objects with nested
 * related objects kept nested. The differences between NetBox and Nautobot are the {@link RestDialect}.
 *
 * <p>Thread-safe: reads of several resources and writes of several batches may run at once.
 */
public final class RestAdapter implements Adapter {
  private final RestDialect dialect;
  private final RestSettings settings;
  private final RestClient client;
  private final PageWalker walker;
  private final ChangeCursor cursor;
  private final EndpointIndex index;
  private final BulkWriter writer;

  /**
   * @param headers headers sent on every request besides the credentials (e.g. {@code Accept} with an
   *     API version)
   * @param config the run's configuration (for the entries of kinds fed by several endpoints)
   */
  public RestAdapter(RestDialect dialect, RestSettings settings, HttpTransport transport, Map<String, String> headers,
      SyncConfig config, @Nullable Executor executor) {
    this.dialect = dialect;
    this.settings = settings;
    this.client = new RestClient(transport, headers);
    this.walker = new PageWalker(client, executor, settings.pageSize(), settings.concurrency(),
        settings.maxPages());
    this.cursor = new ChangeCursor(client, dialect, walker, settings.cursorOverlap());
    this.index = new EndpointIndex(dialect.name(), config);
    this.writer = new BulkWriter(client, dialect, new ReverseMapper(dialect, index, client), cursor, walker,
        settings.writeBatchSize(), settings.cursorOverlap());
  }

  @Override
  public AdapterCapabilities capabilities() {
    return new AdapterCapabilities(true, true, settings.writeBatchSize(), true, true);
  }

  @Override
  public void read(ReadRequest request, Consumer<RawRecord> sink) {
    String path = path(request);
    walker.walk(path, dialect.readQuery(request), tracked(request, path, true, sink));
  }

  @Override
  public Optional<Cursor> watermark(ReadRequest request) {
    return cursor.watermark(path(request));
  }

  @Override
  public boolean supportsCursor(ReadRequest request) {
    return cursor.supportsCursor(path(request));
  }

  @Override
  public void readChangedSince(ReadRequest request, Cursor since, Consumer<RawRecord> sink) {
    String path = path(request);
    cursor.changedSince(path, dialect.readQuery(request), since, tracked(request, path, false, sink));
  }

  @Override
  public Set<String> listIds(ReadRequest request) {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    walker.walk(path(request), dialect.slimQuery(List.of()), m -> {
      String id = JsonValues.id(m);
      if (id != null) {
        ids.add(id);
      }
    });
    return ids;
  }

  @Override
  public List<WriteOutcome> write(WriteBatch batch, WriteContext context) {
    return writer.write(batch, context);
  }

  private Consumer<Map<String, @Nullable Object>> tracked(ReadRequest request, String path, boolean full,
      Consumer<RawRecord> sink) {
    EndpointIndex.Tracker t = request.side() == Side.DESTINATION ? index.tracker(path, request.mappings(), full) : null;
    return m -> {
      if (t != null) {
        t.note(m);
      }
      sink.accept(new RawRecord(JsonValues.id(m), m));
    };
  }

  private String path(ReadRequest request) {
    return ApiPath.of(dialect.name(), request.resource());
  }
}
