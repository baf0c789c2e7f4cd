package io.infrasync.spi;

import io.infrasync.Action;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import java.util.List;
import java.util.Objects;

/**
 * Changes of one kind and one action, to be written together. Creates and updates of a kind come
 * after its referenced kinds were written; deletes come children first.
 */
public record WriteBatch(String kind, Action action, FieldLayout layout, List<Change> changes) {
  public WriteBatch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(layout, "layout");
    changes = List.copyOf(changes);
    for (Change c : changes) {
      if (c.action() != action || !c.kind().equals(kind)) {
        throw new IllegalArgumentException("batch of " + action + " " + kind + " got " + c);
      }
    }
  }
}
