package io.infrasync.adapters.infrahub.internal;

import io.infrasync.SyncException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs numbered tasks with bounded concurrency. The calling thread works too, so progress never
 * depends on the executor having a free thread (no deadlock on a saturated shared pool); a helper
 * that has not started when the work is done does nothing, one that has is waited for.
 */
final class Parallel {
  private final @Nullable Executor executor;
  private final int concurrency;

  Parallel(@Nullable Executor executor, int concurrency) {
    this.executor = executor;
    this.concurrency = Math.max(1, concurrency);
  }

  /** Runs {@code work.accept(i)} for every i in [0, count); the first failure stops the rest and is thrown. */
  void run(int count, IntConsumer work) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable worker = () -> {
      int i;
      while (failure.get() == null && (i = next.getAndIncrement()) < count) {
        try {
          work.accept(i);
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }
    };
    Executor ex = executor;
    List<Helper> started = new ArrayList<>();
    for (int h = 0; ex != null && h < Math.min(concurrency, count) - 1; h++) {
      Helper helper = new Helper(worker);
      started.add(helper);
      try {
        ex.execute(helper);
      } catch (RejectedExecutionException e) {
        helper.claimed.set(true); // the pool is full or shut down: the caller does the work
        helper.done.countDown();
      }
    }
    worker.run();
    for (Helper helper : started) {
      if (!helper.claimed.compareAndSet(false, true)) {
        try {
          helper.done.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SyncException(SyncException.Code.INTERRUPTED, "infrahub: interrupted", e);
        }
      }
    }
    RuntimeException f = failure.get();
    if (f != null) {
      throw f;
    }
  }

  /** A helper that runs the worker only if the caller has not claimed it first. */
  private static final class Helper implements Runnable {
    final AtomicBoolean claimed = new AtomicBoolean();
    final CountDownLatch done = new CountDownLatch(1);
    private final Runnable worker;

    Helper(Runnable worker) {
      this.worker = worker;
    }

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      try {
        worker.run();
      } finally {
        done.countDown();
      }
    }
  }
}
