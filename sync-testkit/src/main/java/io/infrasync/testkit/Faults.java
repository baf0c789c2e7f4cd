package io.infrasync.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Programmable faults of one emulator. Thread-safe; rules may be added and cleared while requests
 * are in flight.
 *
 * <pre>{@code
 * faults.on(RequestMatcher.of("GET", "/api/dcim/devices/")).nth(3, Fault.status(503));
 * faults.on(RequestMatcher.any()).randomly(0.10, 42L, Fault.dropConnection());
 * faults.on(RequestMatcher.method("POST")).times(2, Fault.tooManyRequests(1));
 * faults.latency(Duration.ofMillis(5));   // every request
 * faults.clear();
 * }</pre>
 *
 * <p>Each rule counts the requests its matcher selects (whatever other rules do) and decides with its
 * trigger whether it fires on this one: {@link Stage#always always}, the first {@code n} ({@link
 * Stage#times}), only the {@code n}-th ({@link Stage#nth}), or with probability {@code rate} drawn
 * from a {@link Random} seeded by the test ({@link Stage#randomly}) — the same requests in the same
 * order fire the same faults. Rules are evaluated in the order they were added: latencies of all
 * firing rules add up; of the other faults, the first firing one applies.
 */
public final class Faults {
  private static final long DEFAULT_SEED = 0x5EEDL;
  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

  /** Creates an empty fault programme (no faults). */
  public Faults() {}

  /** Starts a rule for the requests {@code matcher} selects. */
  public Stage on(RequestMatcher matcher) {
    return new Stage(Objects.requireNonNull(matcher, "matcher"));
  }

  /** Delays every request by {@code delay}; shorthand for {@code on(any()).always(latency(delay))}. */
  public FaultRule latency(Duration delay) {
    return on(RequestMatcher.any()).always(Fault.latency(delay));
  }

  /** Removes every rule. */
  public void clear() {
    rules.clear();
  }

  /** The current rules, in evaluation order. */
  public List<FaultRule> rules() {
    return List.copyOf(rules);
  }

  /** The second half of {@link Faults#on}: when the rule fires. */
  public final class Stage {
    private final RequestMatcher matcher;

    private Stage(RequestMatcher matcher) {
      this.matcher = matcher;
    }

    /** Fires on every selected request. */
    public FaultRule always(Fault fault) {
      return add(new FaultRule(matcher, fault, Trigger.ALWAYS, 0, 0, DEFAULT_SEED));
    }

    /** Fires on the first {@code n} selected requests, then never again. */
    public FaultRule times(int n, Fault fault) {
      requirePositive(n, "times");
      return add(new FaultRule(matcher, fault, Trigger.FIRST_N, n, 0, DEFAULT_SEED));
    }

    /** Fires on the {@code n}-th selected request only (1-based). */
    public FaultRule nth(int n, Fault fault) {
      requirePositive(n, "nth");
      return add(new FaultRule(matcher, fault, Trigger.NTH, n, 0, DEFAULT_SEED));
    }

    /**
     * Fires on each selected request with probability {@code rate} (0..1), drawn from {@code new
     * Random(seed)}: reproducible for the same request order.
     */
    public FaultRule randomly(double rate, long seed, Fault fault) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("rate must be within 0..1, got " + rate);
      }
      return add(new FaultRule(matcher, fault, Trigger.RANDOM, 0, rate, seed));
    }

    private FaultRule add(FaultRule rule) {
      rules.add(rule);
      return rule;
    }
  }

  enum Trigger {
    ALWAYS,
    FIRST_N,
    NTH,
    RANDOM
  }

  /** One programmed fault: a matcher, a trigger and a fault. Thread-safe. */
  public final class FaultRule {
    private final RequestMatcher matcher;
    private final Fault fault;
    private final Trigger trigger;
    private final int n;
    private final double rate;
    private final Random random;
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong fired = new AtomicLong();

    private FaultRule(
        RequestMatcher matcher, Fault fault, Trigger trigger, int n, double rate, long seed) {
      this.matcher = matcher;
      this.fault = Objects.requireNonNull(fault, "fault");
      this.trigger = trigger;
      this.n = n;
      this.rate = rate;
      this.random = new Random(seed);
    }

    /** The fault this rule injects. */
    public Fault fault() {
      return fault;
    }

    /** How many requests the matcher selected so far. */
    public long matched() {
      return matched.get();
    }

    /** How many times the fault was injected so far. */
    public long fired() {
      return fired.get();
    }

    /** Removes this rule. */
    public void remove() {
      rules.remove(this);
    }

    /** Decides for one request; returns the fault when it fires (latency already drawn), or null. */
    private @Nullable Fault decide(EmulatorRequest request) {
      if (!matcher.matches(request)) {
        return null;
      }
      long count = matched.incrementAndGet();
      boolean fire;
      switch (trigger) {
        case FIRST_N:
          fire = count <= n;
          break;
        case NTH:
          fire = count == n;
          break;
        case RANDOM:
          synchronized (random) {
            fire = random.nextDouble() < rate;
          }
          break;
        default:
          fire = true;
          break;
      }
      if (!fire) {
        return null;
      }
      fired.incrementAndGet();
      if (fault instanceof Fault.Latency l && !l.min().equals(l.max())) {
        long span = l.max().toNanos() - l.min().toNanos();
        long pick;
        synchronized (random) {
          pick = (long) (random.nextDouble() * (span + 1));
        }
        return Fault.latency(l.min().plusNanos(pick));
      }
      return fault;
    }

    @Override
    public String toString() {
      return "FaultRule[" + trigger + (n > 0 ? " " + n : "") + (trigger == Trigger.RANDOM ? " rate=" + rate : "")
          + ", " + fault + ", matched=" + matched + ", fired=" + fired + "]";
    }
  }

  /** What the server does for one request: a total delay and at most one other fault. */
  record Decision(Duration latency, @Nullable Fault fault) {}

  /** Evaluates every rule for {@code request}. */
  Decision decide(EmulatorRequest request) {
    Duration latency = Duration.ZERO;
    Fault chosen = null;
    List<FaultRule> snapshot = new ArrayList<>(rules);
    for (FaultRule rule : snapshot) {
      Fault f = rule.decide(request);
      if (f instanceof Fault.Latency l) {
        latency = latency.plus(l.min());
      } else if (f != null && chosen == null) {
        chosen = f;
      }
    }
    return new Decision(latency, chosen);
  }

  private static void requirePositive(int n, String what) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be >= 1, got " + n);
    }
  }
}
