package io.infrasync.internal.rest;

import io.infrasync.AdapterException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code n} tasks with at most {@code concurrency} at a time. The calling thread works too, and
 * helpers that the executor has not started by the time the caller runs out of work are dropped, so
 * a saturated or bounded host executor can slow this down but never deadlock it. The first failure
 * stops the remaining tasks and is rethrown.
 */
final class Parallel {
  private Parallel() {}

  static void run(@Nullable Executor executor, int concurrency, int n, IntConsumer task) {
    if (n <= 0) {
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
    Runnable loop = () -> {
      int i;
      while (failure.get() == null && (i = next.getAndIncrement()) < n) {
        try {
          task.accept(i);
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }
    };
    Object lock = new Object();
    int[] active = {0};
    boolean[] closed = {false};
    int helpers = executor == null ? 0 : Math.min(concurrency, n) - 1;
    for (int h = 0; h < helpers && executor != null; h++) {
      try {
        executor.execute(() -> {
          synchronized (lock) {
            if (closed[0]) {
              return;
            }
            active[0]++;
          }
          try {
            loop.run();
          } finally {
            synchronized (lock) {
              active[0]--;
              lock.notifyAll();
            }
          }
        });
      } catch (RejectedExecutionException e) {
        break;
      }
    }
    loop.run();
    synchronized (lock) {
      closed[0] = true;
      while (active[0] > 0) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure.compareAndSet(null, new AdapterException("interrupted while reading pages", false, e));
          break;
        }
      }
    }
    RuntimeException f = failure.get();
    if (f != null) {
      throw f;
    }
  }
}
