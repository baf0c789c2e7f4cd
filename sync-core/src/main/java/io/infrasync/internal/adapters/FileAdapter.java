package io.infrasync.internal.adapters;

import io.infrasync.AdapterException;
import io.infrasync.Side;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterCapabilities;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A directory of JSON Lines files, one per resource ({@code <directory>/<resource>.jsonl}): the
 * dataset format of the shared benchmark. Reads stream the file; writes are applied in memory and
 * each changed file is replaced atomically (temporary file, fsync, rename) by {@link #flush()}.
 * A record's server id is its {@code id} field when it has one.
 */
final class FileAdapter implements Adapter {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Path directory;
  private final Side side;
  private final int batchSize;
  private final Map<String, KeyedStore> stores = new ConcurrentHashMap<>();
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();

  FileAdapter(Path directory, Side side, int batchSize) {
    this.directory = directory;
    this.side = side;
    this.batchSize = batchSize;
  }

  /** Source records are read through mapping paths; destination records by kind and field name. */
  @Override
  public Addressing addressing(io.infrasync.Side side) {
    return side == io.infrasync.Side.SOURCE ? Addressing.PATHS : Addressing.NAMES;
  }

  @Override
  public AdapterCapabilities capabilities() {
    return new AdapterCapabilities(true, true, batchSize, false, false);
  }

  Path fileOf(String resource) {
    if (resource.contains("/") || resource.contains("\\") || resource.contains("..")) {
      throw new AdapterException("file adapter: resource '" + resource + "' is not a plain file name");
    }
    return directory.resolve(resource + ".jsonl");
  }

  @Override
  public void read(ReadRequest request, Consumer<RawRecord> sink) {
    Path file = fileOf(request.resource());
    KeyedStore held = stores.get(request.resource());
    if (held != null) {
      synchronized (held) {
        held.records().forEach(sink);
      }
      return;
    }
    parse(file, side == Side.SOURCE, sink);
  }

  private static void parse(Path file, boolean mustExist, Consumer<RawRecord> sink) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        Map<String, @Nullable Object> data;
        try {
          @SuppressWarnings("unchecked")
          Map<String, @Nullable Object> m = JSON.readValue(line, Map.class);
          data = m;
        } catch (JacksonException e) {
          throw new AdapterException(file + ":" + lineNo + ": not a JSON object: " + e.getOriginalMessage());
        }
        if (data == null) {
          throw new AdapterException(file + ":" + lineNo + ": not a JSON object");
        }
        Object id = data.get("id");
        sink.accept(new RawRecord(id == null ? null : id.toString(), data));
      }
    } catch (NoSuchFileException e) {
      if (mustExist) {
        throw new AdapterException("file adapter: " + file + " does not exist (source resource)");
      }
    } catch (IOException e) {
      throw new AdapterException("file adapter: cannot read " + file + ": " + e.getMessage(), false, e);
    }
  }

  private KeyedStore store(String resource) {
    return stores.computeIfAbsent(resource, r -> {
      KeyedStore s = new KeyedStore();
      parse(fileOf(r), false, rec -> s.add(rec.id(), rec.data()));
      return s;
    });
  }

  @Override
  public List<WriteOutcome> write(WriteBatch batch, WriteContext context) {
    KeyedStore s = store(batch.kind());
    synchronized (s) {
      dirty.add(batch.kind());
      return s.apply(batch, () -> null);
    }
  }

  @Override
  public void flush() {
    for (String resource : new ArrayList<>(dirty)) {
      KeyedStore s = stores.get(resource);
      if (s == null) {
        continue;
      }
      synchronized (s) {
        writeAtomically(fileOf(resource), s.records());
        dirty.remove(resource);
      }
    }
  }

  private static void writeAtomically(Path file, List<RawRecord> records) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
          BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8))) {
        Set<String> seen = new HashSet<>();
        for (RawRecord r : records) {
          if (r.id() != null && !seen.add(r.id())) {
            continue;
          }
          w.write(JSON.writeValueAsString(r.data()));
          w.write('\n');
        }
        w.flush();
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new AdapterException("file adapter: cannot write " + file + ": " + e.getMessage(), false, e);
    }
  }

  @Override
  public void close() {
    flush();
  }
}
