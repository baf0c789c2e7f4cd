package io.infrasync.reliability;

import io.infrasync.testkit.EmulatorRequest;
import io.infrasync.testkit.EmulatorServer;
import io.infrasync.testkit.Fault;
import io.infrasync.testkit.Faults;
import io.infrasync.testkit.RequestMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A seeded mix of faults on every request of an emulator: each request draws once whether it fails
 * ({@code rate}) and, if so, which fault it gets (by weight), so that the overall fault rate is
 * exactly {@code rate}. Counts what was injected, by fault type, across every server it armed.
 */
final class FaultMix {
  /** One type of fault and its share of the faults. */
  record Type(String name, double weight, Fault fault) {}

  static List<Type> standard(Random random) {
    return List.of(
        new Type("429 Retry-After: 1", 1, Fault.tooManyRequests(1)),
        new Type("500", 0.5, Fault.status(500)),
        new Type("502", 1, Fault.status(502)),
        new Type("503", 1, Fault.status(503)),
        new Type("504", 1, Fault.status(504)),
        new Type("dropped connection", 2, Fault.dropConnection()),
        new Type("slow body", 1, Fault.slowBody(512, Duration.ofMillis(2))),
        new Type("truncated body", 1.5, Fault.truncatedBody(random.nextInt(200))),
        new Type("broken body", 1.5, Fault.brokenBody(random.nextInt(200))),
        new Type("latency 0-50 ms", 1, Fault.latency(Duration.ZERO, Duration.ofMillis(50))));
  }

  private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final List<Runnable> tallies = new ArrayList<>();

  /** Arms {@code server} with the mix: a fraction {@code rate} of its requests fail, the faults drawn from {@code seed}. */
  void arm(EmulatorServer server, double rate, long seed, List<Type> types) {
    Random dice = new Random(seed);
    double total = types.stream().mapToDouble(Type::weight).sum();
    Map<EmulatorRequest, Integer> drawn = Collections.synchronizedMap(new IdentityHashMap<>());
    List<Faults.FaultRule> rules = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      int index = i;
      boolean last = i == types.size() - 1;
      RequestMatcher matcher = r -> {
        Integer pick = drawn.computeIfAbsent(r, x -> {
          synchronized (dice) {
            if (dice.nextDouble() >= rate) {
              return -1;
            }
            double at = dice.nextDouble() * total;
            for (int t = 0; t < types.size(); t++) {
              at -= types.get(t).weight();
              if (at < 0) {
                return t;
              }
            }
            return types.size() - 1;
          }
        });
        if (last) {
          drawn.remove(r);
        }
        return pick == index;
      };
      rules.add(server.faults().on(matcher).always(types.get(i).fault()));
    }
    long before = server.requestLog().total();
    tallies.add(() -> {
      for (int i = 0; i < types.size(); i++) {
        injected.computeIfAbsent(server.name() + " " + types.get(i).name(), k -> new LongAdder())
            .add(rules.get(i).fired());
      }
      requests.computeIfAbsent(server.name(), k -> new LongAdder()).add(server.requestLog().total() - before);
    });
  }

  /** Removes the faults from every armed server and adds what they injected to the counts. */
  void disarm(EmulatorServer... servers) {
    tallies.forEach(Runnable::run);
    tallies.clear();
    for (EmulatorServer s : servers) {
      s.faults().clear();
    }
  }

  /** Faults injected so far, by server and type. */
  Map<String, Long> injected() {
    Map<String, Long> out = new java.util.TreeMap<>();
    injected.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Requests the armed servers received while armed, by server. */
  Map<String, Long> requests() {
    Map<String, Long> out = new LinkedHashMap<>();
    requests.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  long totalInjected() {
    return injected.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
