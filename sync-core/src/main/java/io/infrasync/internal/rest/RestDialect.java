package io.infrasync.internal.rest;

import io.infrasync.spi.ReadRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What differs between the NetBox and the Nautobot REST APIs, as far as the shared adapter cares. */
public interface RestDialect {
  /** The adapter name used in messages ({@code netbox}, {@code nautobot}). */
  String name();

  /** Extra query parameters of a full read: field selection or depth, never a change of shape. */
  Map<String, List<String>> readQuery(ReadRequest request);

  /**
   * Query parameters for the smallest records that still carry {@code id} and the given top-level
   * attributes (id-only listings, watermarks, look-ups after a lost response).
   */
  Map<String, List<String>> slimQuery(Collection<String> attributes);

  /** The ordering query parameter ({@code ordering} on NetBox, {@code sort} on Nautobot). */
  String orderingParam();

  /** An id as the server wants it in a write body (NetBox: a number; Nautobot: the UUID string). */
  Object wireId(String id);
}
