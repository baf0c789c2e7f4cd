package io.infrasync.spi;

import io.infrasync.Side;
import io.infrasync.config.SyncConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;

/** What an adapter is built from. */
public interface AdapterContext {
  /** The validated settings. */
  Settings settings();

  /** Which end the adapter serves. */
  Side side();

  /** The whole configuration (read-only). */
  SyncConfig config();

  /** The directory of the config file, for relative paths; the working directory when built in code. */
  Path baseDirectory();

  /** The branch the run targets, when one was given ({@code --branch} upstream). */
  Optional<String> branch();

  /** Threads for I/O the adapter may use. */
  Executor executor();

  /** The engine's clock. */
  Clock clock();
}
