package io.infrasync.spi;

/**
 * What an adapter can do.
 *
 * @param threadSafe {@code read} may be called for several resources at once and {@code write} for
 *     several batches at once
 * @param writable the adapter can be a destination
 * @param writeBatchSize the largest batch {@code write} wants (the engine never sends more)
 * @param cursors the adapter implements {@link Adapter#watermark} and {@link Adapter#readChangedSince}
 * @param idListing the adapter implements a cheap {@link Adapter#listIds}
 */
public record AdapterCapabilities(
    boolean threadSafe, boolean writable, int writeBatchSize, boolean cursors, boolean idListing) {
  public AdapterCapabilities {
    if (writeBatchSize < 1) {
      throw new IllegalArgumentException("writeBatchSize must be >= 1, was " + writeBatchSize);
    }
  }
}
