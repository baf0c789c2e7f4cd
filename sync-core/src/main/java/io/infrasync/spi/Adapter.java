package io.infrasync.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One connection to one system, serving one side of a sync.
 *
 * <p>Threads: the engine calls {@link #read} for several resources at once only when
 * {@link AdapterCapabilities#threadSafe()} says so; otherwise one call at a time. The {@code sink}
 * may be called from any thread the adapter uses, and is thread-safe.
 *
 * <p>Failure: {@code read} throws {@link io.infrasync.AdapterException} (after its own bounded
 * retries); nothing read before the failure is used. {@code write} returns one outcome per change;
 * it throws only when it cannot tell what happened to the batch.
 */
public interface Adapter extends AutoCloseable {

  /**
   * How a system's records are addressed in {@code schema_mapping}. infrahub-sync mappings are
   * written from Infrahub's point of view: {@code name} is the Infrahub kind and each field's
   * {@code name} an Infrahub attribute, while {@code mapping} is the other system's resource path and
   * field path.
   */
  enum Addressing {
    /**
     * Resources are {@code mapping} paths ({@code dcim.devices}) and fields are read through each
     * field's {@code mapping} path (NetBox, Nautobot, REST systems).
     */
    PATHS,
    /** Resources are kinds and fields are read by their {@code name} (Infrahub). */
    NAMES
  }

  AdapterCapabilities capabilities();

  /**
   * How this adapter addresses records on the given side. Filters and transforms apply on the
   * source side whatever the addressing. Default: {@link Addressing#PATHS}.
   */
  default Addressing addressing(io.infrasync.Side side) {
    return Addressing.PATHS;
  }

  /** Reads every record of a resource, in pages, handing each record to {@code sink}. */
  void read(ReadRequest request, Consumer<RawRecord> sink);

  /**
   * A watermark for the next incremental read of this resource, taken from the server (its clock or
   * its newest change) before the read starts, or empty when the resource has no cursor.
   */
  default Optional<Cursor> watermark(ReadRequest request) {
    return Optional.empty();
  }

  /** Whether {@link #readChangedSince} works for this resource. */
  default boolean supportsCursor(ReadRequest request) {
    return false;
  }

  /** Reads the records changed at or after {@code since} (at-least-once: overlap is fine). */
  default void readChangedSince(ReadRequest request, Cursor since, Consumer<RawRecord> sink) {
    throw new io.infrasync.AdapterException(
        getClass().getSimpleName() + " has no change cursor for " + request.resource());
  }

  /** The server ids of every record of the resource, read in the cheapest way the server offers. */
  default Set<String> listIds(ReadRequest request) {
    Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    read(request, r -> {
      if (r.id() != null) {
        ids.add(r.id());
      }
    });
    return ids;
  }

  /**
   * Writes a batch. Returns one outcome per change, in the batch's order. For creates the outcome
   * carries the new server id.
   */
  default List<WriteOutcome> write(WriteBatch batch, WriteContext context) {
    throw new io.infrasync.AdapterException(getClass().getSimpleName() + " is read-only");
  }

  /**
   * A description of the destination's schema that changes when its shape changes (kinds,
   * attributes, relationships), used by the cache's schema sub-hash; empty when unknown.
   */
  default String schemaFingerprint() {
    return "";
  }

  /**
   * The unique fields of a kind on this system, used when a mapping gives no {@code identifiers};
   * empty when unknown.
   */
  default List<String> uniqueFields(String kind) {
    return List.of();
  }

  /**
   * Called once after the engine's last write of a run (also when writes failed): persist anything
   * buffered. Adapters that write through need nothing here.
   */
  default void flush() {}

  @Override
  default void close() {}
}
