package io.infrasync.spi;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A record as an adapter read it: the server's id for it ({@code local_id} upstream; null when the
 * source has none) and its JSON-like data ({@link String}, {@link Number}, {@link Boolean}, null,
 * {@link java.util.List}, {@link Map}). Nested related objects stay nested, so that dotted mapping
 * paths ({@code device_type.manufacturer.name}) and references ({@code {"id": 7, ...}}) work.
 *
 * <p>With {@link Adapter.Addressing#NAMES} fields are named by the mapping's field names. A reference
 * is either an object with the peer's server {@code id} (NetBox and Nautobot nested objects also
 * carry a {@code url} that tells which resource the peer comes from), or a scalar holding the peer's
 * key in upstream's {@code "__"}-joined form.
 */
public record RawRecord(@Nullable String id, Map<String, @Nullable Object> data) {
  public RawRecord {
    Objects.requireNonNull(data, "data");
  }
}
