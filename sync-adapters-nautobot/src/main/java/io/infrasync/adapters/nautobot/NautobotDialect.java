package io.infrasync.adapters.nautobot;

import io.infrasync.internal.rest.RestDialect;
import io.infrasync.spi.ReadRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Nautobot 2.x: UUID ids, {@code sort}, and {@code ?depth=} for the shape of related objects (0:
 * {@code {id, object_type, url}} only; 1: the related object's own attributes, which dotted paths such
 * as {@code provider.slug} need). Nautobot filters strictly, so no {@code fields}/{@code brief}.
 */
final class NautobotDialect implements RestDialect {
  private final int depth;

  NautobotDialect(int depth) {
    this.depth = depth;
  }

  @Override
  public String name() {
    return "nautobot";
  }

  @Override
  public Map<String, List<String>> readQuery(ReadRequest request) {
    return Map.of("depth", List.of(Integer.toString(depth)));
  }

  @Override
  public Map<String, List<String>> slimQuery(Collection<String> attributes) {
    return Map.of("depth", List.of("0"));
  }

  @Override
  public String orderingParam() {
    return "sort";
  }

  @Override
  public Object wireId(String id) {
    return id;
  }
}
