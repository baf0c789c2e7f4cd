package io.infrasync.testkit.netbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Throughput of the NetBox emulator on loopback: 10,000 list requests ({@code
 * /api/dcim/sites/?limit=50}: 50 sites per page with a nested tenant, about 30 kB), sent by 4
 * client threads sharing one keep-alive {@code java.net.http} client, as a sync with parallel reads
 * would. Prints the figure; fails above 10 s. Run alone: {@code ./mvnw -o -pl sync-testkit test
 * -Dtest=NetBoxThroughputTest}, or as a main (first argument: client threads).
 */
class NetBoxThroughputTest {
  static final int REQUESTS = 10_000;

  @Test
  void tenThousandListRequestsTakeWellUnderTenSeconds() throws Exception {
    double seconds = run(4);
    assertThat(seconds).isLessThan(10.0);
  }

  static double run(int clients) throws Exception {
    try (NetBoxServer netbox = NetBoxServer.builder().build().start()) {
      Object tenant = netbox.seed("tenancy/tenants", Map.of("name", "t", "slug", "t")).get("id");
      for (int i = 0; i < 100; i++) {
        netbox.seed("dcim/sites", Map.of("name", "site-" + i, "slug", "site-" + i, "tenant", tenant));
      }
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(URI.create(netbox.apiUrl() + "dcim/sites/?limit=50"))
          .header("Authorization", netbox.authorization()).build();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        send(pool, client, request, clients, 1_000); // warm-up
        AtomicLong bytes = new AtomicLong();
        long t0 = System.nanoTime();
        send(pool, client, request, clients, REQUESTS, bytes);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT,
            "NetBox emulator: %d list requests (%d client threads, 50 sites and %d kB per page) in %.2f s = %.0f requests/s%n",
            REQUESTS, clients, bytes.get() / REQUESTS / 1024, seconds, REQUESTS / seconds);
        return seconds;
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static void send(ExecutorService pool, HttpClient client, HttpRequest request, int clients, int total)
      throws Exception {
    send(pool, client, request, clients, total, new AtomicLong());
  }

  private static void send(
      ExecutorService pool, HttpClient client, HttpRequest request, int clients, int total, AtomicLong bytes)
      throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int share = total / clients + (c < total % clients ? 1 : 0);
      futures.add(pool.submit(() -> {
        for (int i = 0; i < share; i++) {
          HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() != 200) {
            throw new AssertionError("status " + r.statusCode());
          }
          bytes.addAndGet(r.body().length);
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
  }

  public static void main(String[] args) throws Exception {
    run(args.length > 0 ? Integer.parseInt(args[0]) : 4);
  }
}
