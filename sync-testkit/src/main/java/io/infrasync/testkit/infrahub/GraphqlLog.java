package io.infrasync.testkit.infrahub;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the GraphQL endpoint of an {@link InfrahubServer} was asked: one entry per request that
 * parsed as a GraphQL document, with its operation type and top-level fields. Requests rejected
 * before parsing (bad content type, unknown branch, injected faults) are only in the HTTP request
 * log. Thread-safe.
 *
 * <p>Typical assertions: {@code reads("InfraDevice")} equals the number of pages a client fetched;
 * {@code mutationRequests()} equals {@code ceil(changes / batchSize)} for a client that batches
 * aliased mutations; {@code writes("InfraDevice")} counts the individual mutation fields.
 */
public final class GraphqlLog {

  /** The operation type of a request. */
  public enum OperationType {
    /** A {@code query}. */
    QUERY,
    /** A {@code mutation}. */
    MUTATION,
    /** A {@code subscription} (not served). */
    SUBSCRIPTION
  }

  /**
   * One GraphQL request.
   *
   * @param branch the branch in the path ({@code main} for {@code /graphql})
   * @param type the operation type
   * @param operationName the operation's name, if any
   * @param fields the top-level field names (not aliases), in document order
   * @param errors whether the response carried errors
   */
  public record Entry(
      String branch,
      OperationType type,
      @Nullable String operationName,
      List<String> fields,
      boolean errors) {

    /** Copies the field list. */
    public Entry {
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(type, "type");
      fields = List.copyOf(fields);
    }
  }

  private static final List<String> WRITE_SUFFIXES =
      List.of("Create", "Update", "Upsert", "Delete");

  private final List<Entry> entries = new ArrayList<>();

  GraphqlLog() {}

  synchronized void add(Entry entry) {
    entries.add(entry);
  }

  /** Every request so far, oldest first. */
  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Forgets every entry. */
  public synchronized void clear() {
    entries.clear();
  }

  /** Number of query requests. */
  public synchronized int queryRequests() {
    return (int) entries.stream().filter(e -> e.type() == OperationType.QUERY).count();
  }

  /** Number of mutation requests (a batch of aliased mutations counts once). */
  public synchronized int mutationRequests() {
    return (int) entries.stream().filter(e -> e.type() == OperationType.MUTATION).count();
  }

  /** Number of mutation requests holding at least one {@code <kind>Create/Update/Upsert/Delete}. */
  public synchronized int mutationRequests(String kind) {
    return (int)
        entries.stream()
            .filter(e -> e.type() == OperationType.MUTATION)
            .filter(e -> e.fields().stream().anyMatch(f -> isWrite(f, kind)))
            .count();
  }

  /** How often the top-level field {@code name} (e.g. {@code InfraDeviceCreate}) was asked for. */
  public synchronized int fieldCount(String name) {
    return (int) entries.stream().flatMap(e -> e.fields().stream()).filter(name::equals).count();
  }

  /** Top-level {@code <kind>(…)} query fields: one per page read. */
  public synchronized int reads(String kind) {
    return (int)
        entries.stream()
            .filter(e -> e.type() == OperationType.QUERY)
            .flatMap(e -> e.fields().stream())
            .filter(kind::equals)
            .count();
  }

  /** Mutation fields {@code <kind>Create}, {@code Update}, {@code Upsert} and {@code Delete}. */
  public synchronized int writes(String kind) {
    return (int)
        entries.stream()
            .filter(e -> e.type() == OperationType.MUTATION)
            .flatMap(e -> e.fields().stream())
            .filter(f -> isWrite(f, kind))
            .count();
  }

  private static boolean isWrite(String field, String kind) {
    for (String s : WRITE_SUFFIXES) {
      if (field.equals(kind + s)) {
        return true;
      }
    }
    return false;
  }
}
