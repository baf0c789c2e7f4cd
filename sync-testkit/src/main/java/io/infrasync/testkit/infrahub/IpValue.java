package io.infrasync.testkit.infrahub;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** IPHost and IPNetwork values: validation and the derived properties Infrahub exposes. */
final class IpValue {
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  /**
   * A parsed address with an optional prefix length.
   *
   * @param address 4 or 16 bytes
   * @param prefix the prefix length, or -1 when the value has none
   */
  record Parsed(byte[] address, int prefix) {
    int version() {
      return address.length == 4 ? 4 : 6;
    }

    int bits() {
      return address.length * 8;
    }

    int prefixOrFull() {
      return prefix < 0 ? bits() : prefix;
    }

    BigInteger number() {
      return new BigInteger(1, address);
    }

    boolean hasHostBits() {
      int p = prefixOrFull();
      BigInteger hostMask = BigInteger.ONE.shiftLeft(bits() - p).subtract(BigInteger.ONE);
      return number().and(hostMask).signum() != 0;
    }
  }

  private IpValue() {}

  /** Parses {@code 10.0.0.1}, {@code 10.0.0.1/24}, {@code 2001:db8::1/64}; null when invalid. */
  static @Nullable Parsed parse(String text) {
    String addr = text;
    int prefix = -1;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      addr = text.substring(0, slash);
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return null;
      }
      prefix = Integer.parseInt(p);
    }
    byte[] bytes = addr.indexOf(':') >= 0 ? v6(addr) : v4(addr);
    if (bytes == null || prefix > bytes.length * 8) {
      return null;
    }
    return new Parsed(bytes, prefix);
  }

  private static byte @Nullable [] v4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(Character::isDigit)
          || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte @Nullable [] v6(String s) {
    // Only hex digits, colons and dots: InetAddress parses such a literal without any lookup.
    if (!IPV6_CHARS.matcher(s).matches()) {
      return null;
    }
    try {
      byte[] b = InetAddress.getByName(s).getAddress();
      return b.length == 16 ? b : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether {@code text} is a valid IPHost value (an address, optionally with a prefix length). */
  static boolean isHost(String text) {
    return parse(text) != null;
  }

  /** Whether {@code text} is a valid IPNetwork value (no host bits set). */
  static boolean isNetwork(String text) {
    Parsed p = parse(text);
    return p != null && !p.hasHostBits();
  }

  /** {@code version}, {@code prefixlen} or {@code binary_address} of an IP value. */
  static @Nullable Object property(Object value, String property) {
    Parsed p = value instanceof String s ? parse(s) : null;
    if (p == null) {
      return null;
    }
    return switch (property) {
      case "version" -> p.version();
      case "prefixlen" -> p.prefixOrFull();
      case "binary_address" -> {
        String bin = p.number().toString(2);
        yield "0".repeat(p.bits() - bin.length()) + bin;
      }
      default -> null;
    };
  }

  /** The address part of an IPHost value, without the prefix length. */
  static String ip(String value) {
    int slash = value.indexOf('/');
    return slash < 0 ? value : value.substring(0, slash);
  }
}
