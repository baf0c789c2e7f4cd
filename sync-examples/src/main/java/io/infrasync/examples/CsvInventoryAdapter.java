package io.infrasync.examples;

import io.infrasync.AdapterException;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterCapabilities;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.AdapterProvider;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.SettingSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A custom source adapter written against the SPI: a folder of CSV files, one per resource
 * ({@code <directory>/<mapping>.csv}, a header line, then one record per line). A column {@code id}
 * becomes the record's server id; an empty cell is null. Read-only (a source).
 *
 * <p>Registered through {@code META-INF/services/io.infrasync.spi.AdapterProvider}, so a
 * {@code config.yml} can say {@code source: {name: csv-inventory, settings: {directory: data}}}.
 */
public final class CsvInventoryAdapter implements Adapter {
  private final Path directory;
  private final Pattern separator;

  public CsvInventoryAdapter(Path directory, String delimiter) {
    this.directory = directory;
    this.separator = Pattern.compile(Pattern.quote(delimiter));
  }

  /** The provider: name {@code csv-inventory}, settings {@code directory} and {@code delimiter}. */
  public static final class Provider implements AdapterProvider {
    @Override
    public String name() {
      return "csv-inventory";
    }

    @Override
    public List<SettingSpec> settings() {
      return List.of(
          SettingSpec.required("directory", SettingSpec.Type.STRING, "folder of <resource>.csv files"),
          SettingSpec.optional("delimiter", SettingSpec.Type.STRING, ",", "field separator"));
    }

    @Override
    public Adapter create(AdapterContext context) {
      Path dir = context.baseDirectory().resolve(context.settings().requireString("directory"));
      return new CsvInventoryAdapter(dir, context.settings().requireString("delimiter"));
    }
  }

  @Override
  public AdapterCapabilities capabilities() {
    return new AdapterCapabilities(true, false, 1, false, false);
  }

  @Override
  public void read(ReadRequest request, Consumer<RawRecord> sink) {
    Path file = directory.resolve(request.resource() + ".csv");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AdapterException("csv-inventory: cannot read " + file + ": " + e.getMessage(), false, e);
    }
    if (lines.isEmpty()) {
      return;
    }
    String[] header = separator.split(lines.get(0), -1);
    for (int n = 1; n < lines.size(); n++) {
      if (lines.get(n).isBlank()) {
        continue;
      }
      String[] cells = separator.split(lines.get(n), -1);
      if (cells.length != header.length) {
        throw new AdapterException(file + ":" + (n + 1) + ": " + cells.length + " cells, the header has " + header.length);
      }
      Map<String, @Nullable Object> data = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        data.put(header[i].trim(), cells[i].isEmpty() ? null : cells[i].trim());
      }
      Object id = data.get("id");
      sink.accept(new RawRecord(id == null ? null : id.toString(), data));
    }
  }
}
