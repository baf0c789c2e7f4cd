package io.infrasync.internal.mapping;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An inclusive range of IPv4 or IPv6 addresses, as netutils' {@code is_ip_within} compares them:
 * an address, a network ({@code 10.0.0.0/8}) or a range ({@code 10.0.0.1-10.0.0.9}), held as its
 * first and last address in network byte order (4 or 16 bytes). Parsing never resolves host names.
 */
public final class IpRange {
  private final byte[] first;
  private final byte[] last;

  private IpRange(byte[] first, byte[] last) {
    this.first = first;
    this.last = last;
  }

  /**
   * A range from a config value: like Python's {@code ipaddress.ip_network} (strict), a network
   * must have no host bits set.
   *
   * @throws IllegalArgumentException if the text is no address, network or range
   */
  public static IpRange network(String text) {
    return parse(text, true);
  }

  /**
   * A range from a record value. An address with a prefix whose host bits are set
   * ({@code 10.0.0.1/24}, NetBox's form of an interface address) stands for the address alone.
   *
   * @throws IllegalArgumentException if the text is no address, network or range
   */
  static IpRange address(String text) {
    return parse(text, false);
  }

  /** Whether this range lies inside {@code outer}; ranges of different IP versions never do. */
  boolean within(IpRange outer) {
    return first.length == outer.first.length
        && Arrays.compareUnsigned(outer.first, first) <= 0
        && Arrays.compareUnsigned(last, outer.last) <= 0;
  }

  private static IpRange parse(String raw, boolean strict) {
    String text = raw.strip();
    int dash = text.indexOf('-');
    if (dash >= 0) {
      byte[] a = parseAddress(text.substring(0, dash).strip(), raw);
      byte[] b = parseAddress(text.substring(dash + 1).strip(), raw);
      if (a.length != b.length || Arrays.compareUnsigned(a, b) > 0) {
        throw new IllegalArgumentException(
            "'" + raw + "' is not a valid range (both ends must be the same IP version, start <= end)");
      }
      return new IpRange(a, b);
    }
    int slash = text.indexOf('/');
    byte[] addr = parseAddress(slash < 0 ? text : text.substring(0, slash), raw);
    if (slash < 0) {
      return new IpRange(addr, addr);
    }
    int prefix = prefix(text.substring(slash + 1), addr.length * 8, raw);
    byte[] lo = addr.clone();
    byte[] hi = addr.clone();
    for (int bit = prefix; bit < addr.length * 8; bit++) {
      lo[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      hi[bit / 8] |= (byte) (0x80 >>> (bit % 8));
    }
    if (!Arrays.equals(lo, addr)) {
      if (strict) {
        throw new IllegalArgumentException("'" + raw + "' has host bits set");
      }
      return new IpRange(addr, addr);
    }
    return new IpRange(lo, hi);
  }

  private static int prefix(String s, int max, String raw) {
    if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("'" + raw + "' has an invalid prefix length");
    }
    int p = Integer.parseInt(s);
    if (p > max) {
      throw new IllegalArgumentException("'" + raw + "' has an invalid prefix length");
    }
    return p;
  }

  private static byte[] parseAddress(String s, String raw) {
    if (s.indexOf(':') >= 0) {
      return parseV6(s, raw);
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw invalid(raw);
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      // Python's ipaddress refuses leading zeros (ambiguous octal) and more than 3 digits.
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid(raw);
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        throw invalid(raw);
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] parseV6(String s, String raw) {
    // A text containing ':' is parsed by InetAddress as an IPv6 literal, never looked up in DNS.
    if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      throw invalid(raw);
    }
    try {
      InetAddress a = InetAddress.getByName(s);
      byte[] b = a.getAddress();
      if (a instanceof Inet4Address) {
        // an IPv4-mapped literal (::ffff:1.2.3.4) stays an IPv6 address, as in Python
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
      }
      return b;
    } catch (UnknownHostException e) {
      throw invalid(raw);
    }
  }

  private static IllegalArgumentException invalid(String raw) {
    return new IllegalArgumentException("'" + raw + "' does not appear to be an IPv4 or IPv6 address or network");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof IpRange r && Arrays.equals(r.first, first) && Arrays.equals(r.last, last);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(first) + Arrays.hashCode(last);
  }

  @Override
  public String toString() {
    return Arrays.toString(first) + "-" + Arrays.toString(last);
  }
}
