package io.infrasync.adapters.infrahub.internal;

import io.infrasync.AdapterException;
import io.infrasync.ConfigurationException;
import io.infrasync.Side;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterCapabilities;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One connection to an Infrahub server, on one branch, for one side of a sync. Mappings address
 * Infrahub by names: the resource is the kind, fields are attribute and relationship names.
 *
 * <p>Nothing is sent when it is built. The first call that needs the server ({@link #read},
 * {@link #write}, {@link #uniqueFields}, …) loads {@code /api/schema} of the branch and checks the
 * whole configuration against it, throwing a {@link ConfigurationException} with every problem
 * before any node is read.
 */
public final class InfrahubAdapter implements Adapter {
  private static final String EPOCH = "1970-01-01T00:00:00Z";

  private final InfrahubSettings settings;
  private final Side side;
  private final SyncConfig config;
  private final InfrahubClient client;
  private final NodeReader reader;
  private final NodeWriter writer;
  private final Lineage lineage;
  private @Nullable Schema schema;
  private @Nullable Boolean cursors;

  public InfrahubAdapter(AdapterContext context) {
    this.settings = InfrahubSettings.of(context);
    this.side = context.side();
    this.config = context.config();
    this.client = new InfrahubClient(settings, context.executor());
    Parallel parallel = new Parallel(context.executor(), settings.concurrency());
    this.reader = new NodeReader(client, parallel, settings.pageSize(), settings.maxPages());
    this.writer = new NodeWriter(client, parallel, settings.writeBatchSize(), settings.maxRetries());
    this.lineage = new Lineage(client, settings.source(), settings.owner());
  }

  /** The settings in force (branch override applied). */
  public InfrahubSettings settings() {
    return settings;
  }

  @Override
  public AdapterCapabilities capabilities() {
    return new AdapterCapabilities(true, true, settings.writeBatchSize() * settings.concurrency(), true, true);
  }

  @Override
  public Addressing addressing(Side s) {
    return Addressing.NAMES;
  }

  /**
   * The branch's schema, loaded once, after checking the configuration against it.
   *
   * @throws ConfigurationException listing every mismatch between the configuration and the schema
   */
  synchronized Schema schema() {
    Schema s = schema;
    if (s != null) {
      return s;
    }
    Schema loaded;
    try {
      loaded = Schema.parse(client.schema());
    } catch (IllegalArgumentException e) {
      throw new io.infrasync.AdapterException("infrahub: GET " + client.schemaUrl() + " answered a malformed schema: "
          + e.getMessage());
    }
    List<ConfigurationException.Problem> problems = ConfigCheck.check(config, side, loaded, client.branch());
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    schema = loaded;
    return loaded;
  }

  /** Checks the configuration against the live schema; an empty list when it fits. */
  public List<ConfigurationException.Problem> validate() {
    try {
      schema();
      return List.of();
    } catch (ConfigurationException e) {
      return e.problems();
    }
  }

  private Schema.Kind kind(String name) {
    return schema().kind(name).orElseThrow(() -> new AdapterException(
        "infrahub: kind `" + name + "` does not exist on branch '" + client.branch() + "'"));
  }

  /**
   * The fields to ask for: every field of the request's entries that Infrahub holds; on the source
   * side also every attribute and the relationships filters name, since filters and transforms read
   * the raw record and may use fields the mapping does not list.
   */
  private List<String> fields(ReadRequest request, Schema.Kind kind) {
    Set<String> names = new LinkedHashSet<>();
    boolean source = request.side() == Side.SOURCE;
    for (SchemaMapping m : request.mappings()) {
      for (FieldMapping f : m.fields()) {
        if (kind.hasField(f.name()) && !(source && f.hasStatic())) {
          names.add(f.name());
        }
      }
      if (source) {
        names.addAll(kind.attributes().keySet());
        m.filters().stream().map(f -> f.field().split("\\.", 2)[0]).filter(kind::hasField).forEach(names::add);
      }
    }
    return new ArrayList<>(names);
  }

  @Override
  public void read(ReadRequest request, Consumer<RawRecord> sink) {
    Schema.Kind kind = kind(request.resource());
    reader.read(kind, fields(request, kind), null, sink);
  }

  /**
   * Whether the server offers the updated-since filter ({@code node_metadata__updated_at__after});
   * asked once, with a one-node query.
   */
  @Override
  public synchronized boolean supportsCursor(ReadRequest request) {
    Boolean known = cursors;
    if (known == null) {
      Schema.Kind kind = kind(request.resource());
      InfrahubClient.Answer a = client.queryLenient("query { " + GraphQL.name(kind.name()) + "(limit: 1, "
          + NodeReader.UPDATED_AFTER + ": " + GraphQL.string(EPOCH) + ") { count } }",
          "checking for the updated-since filter");
      known = !a.failed();
      cursors = known;
    }
    return known && schema().kind(request.resource()).isPresent();
  }

  /**
   * The kind's watermark, asked of the server before the read. It is the server's time when it
   * answered (its {@code Date} header), but never more than {@code cursor_overlap} after the newest
   * {@code updated_at} of the kind's nodes, so that {@link #readChangedSince} reads from
   * {@code min(newest, server time − overlap)}:
   *
   * <ul>
   *   <li>a node committed before the watermark query carries an {@code updated_at} no later than
   *       the newest one, and one committed after it was either written later (stamped after the
   *       server time) or in flight, stamped at most {@code cursor_overlap} before that time;
   *   <li>so once a kind has been quiet for longer than the overlap, the next read asks for what
   *       really changed, instead of re-reading every node written within the overlap of the
   *       newest one (a bulk load) on every run until the kind is written again.
   * </ul>
   *
   * <p>Without a {@code Date} header the watermark is the newest {@code updated_at} (the epoch for
   * an empty kind), as before. The value is stored as it always was, {@code TIMESTAMP:<instant>},
   * and read the same way: cursors written by earlier versions keep their meaning.
   */
  @Override
  public Optional<Cursor> watermark(ReadRequest request) {
    if (!supportsCursor(request)) {
      return Optional.empty();
    }
    Schema.Kind kind = kind(request.resource());
    InfrahubClient.Dated answer = client.queryDated("query { " + GraphQL.name(kind.name())
        + "(limit: 1, order: {node_metadata: {updated_at: DESC}}) { edges { node_metadata { updated_at } } } }",
        "reading the newest change of " + kind.name());
    JsonNode at = answer.data().path(kind.name()).path("edges").path(0).path("node_metadata").path("updated_at");
    return Optional.of(Cursor.timestamp(
        watermark(at.isString() ? instant(at.asString()) : null, answer.serverTime(), settings.cursorOverlap())
            .toString()));
  }

  /**
   * The watermark of a kind whose newest change is {@code newest} (null: no node) when the server's
   * clock said {@code serverTime} (null: no {@code Date} header): {@code min(newest + overlap,
   * serverTime)}, so that a read from it minus the overlap starts at {@code min(newest, serverTime −
   * overlap)}; an empty kind gives {@code serverTime}. Without a server time: {@code newest}, or the
   * epoch for an empty kind.
   */
  static Instant watermark(@Nullable Instant newest, @Nullable Instant serverTime, Duration overlap) {
    if (serverTime == null) {
      return newest == null ? Instant.parse(EPOCH) : newest;
    }
    if (newest == null) {
      return serverTime;
    }
    Instant capped = newest.plus(overlap);
    return capped.isBefore(serverTime) ? capped : serverTime;
  }

  /**
   * Reads the nodes updated after {@code since} minus {@code cursor_overlap} (see {@link #watermark}
   * for why that is safe).
   */
  @Override
  public void readChangedSince(ReadRequest request, Cursor since, Consumer<RawRecord> sink) {
    if (since.tier() != Cursor.Tier.TIMESTAMP) {
      throw new AdapterException("infrahub: cannot read " + request.resource() + " changed since a " + since.tier()
          + " cursor; only TIMESTAMP cursors are supported");
    }
    Schema.Kind kind = kind(request.resource());
    Instant from = instant(since.value()).minus(settings.cursorOverlap());
    reader.read(kind, fields(request, kind), from.toString(), sink);
  }

  @Override
  public Set<String> listIds(ReadRequest request) {
    return reader.listIds(kind(request.resource()));
  }

  @Override
  public List<WriteOutcome> write(WriteBatch batch, WriteContext context) {
    Schema s = schema();
    Schema.Kind kind = kind(batch.kind());
    return writer.write(kind, batch, context, lineage.resolve(s, context.sourceName()));
  }

  /** A hash of the shape of every mapped and referenced kind on this branch. */
  @Override
  public String schemaFingerprint() {
    Set<String> kinds = new LinkedHashSet<>();
    for (SchemaMapping m : config.schemaMapping()) {
      kinds.add(m.name());
      m.fields().stream().map(FieldMapping::reference).filter(r -> r != null).forEach(kinds::add);
    }
    return schema().fingerprint(kinds.stream().sorted().toList());
  }

  /**
   * The fields a kind is unique on, for mappings without {@code identifiers}: the first of its human
   * friendly id, uniqueness constraints and unique attributes whose fields are all mapped; else the
   * first of them; empty when the kind has none.
   */
  @Override
  public List<String> uniqueFields(String kindName) {
    Optional<Schema.Kind> kind = schema().kind(kindName);
    if (kind.isEmpty()) {
      return List.of();
    }
    Set<String> mapped = new LinkedHashSet<>();
    config.mappingsOf(kindName).forEach(m -> m.fields().forEach(f -> mapped.add(f.name())));
    List<Schema.UniqueKey> keys = kind.get().uniqueKeys();
    return keys.stream().filter(k -> mapped.containsAll(k.fields())).findFirst()
        .or(() -> keys.stream().findFirst()).map(Schema.UniqueKey::fields).orElse(List.of());
  }

  static Instant instant(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e2) {
        throw new AdapterException("infrahub: not a timestamp: " + value, false, e2);
      }
    }
  }

  @Override
  public String toString() {
    return "InfrahubAdapter[" + settings.url() + ", branch " + settings.branch() + ", " + side + "]";
  }
}
