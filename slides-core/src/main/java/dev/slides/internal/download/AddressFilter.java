package dev.slides.internal.download;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides which addresses a download may connect to, so that a caller cannot make the server
 * fetch from itself or its private network (SSRF).
 *
 * <p>{@link #publicOnly()} refuses every address that is not on the public internet: loopback,
 * private ranges (10/8, 172.16/12, 192.168/16, IPv6 unique-local fc00::/7), link-local
 * (169.254/16 with the cloud metadata service, fe80::/10), shared address space (100.64/10,
 * where some clouds put their metadata service), multicast, broadcast, unspecified ("this
 * network", 0/8 and ::) and reserved ranges. IPv6 addresses that embed an IPv4 address
 * (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are
 * judged by that IPv4 address; Teredo (2001::/32), whose embedded addresses may be either end of
 * a tunnel, and local-use NAT64 (64:ff9b:1::/48, a site's own translator) are refused.
 * {@link #parse} adds networks that are allowed although private:
 *
 * <pre>{@code
 * AddressFilter filter = AddressFilter.parse("127.0.0.0/8,10.0.0.0/8");
 * filter.allows(InetAddress.getByName("10.1.2.3"));   // true
 * filter.allows(InetAddress.getByName("192.168.0.1")); // false
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class AddressFilter {
  private static final List<Network> NOT_PUBLIC = List.of(
      Network.parse("0.0.0.0/8"),
      Network.parse("10.0.0.0/8"),
      Network.parse("100.64.0.0/10"),
      Network.parse("127.0.0.0/8"),
      Network.parse("169.254.0.0/16"),
      Network.parse("172.16.0.0/12"),
      Network.parse("192.0.0.0/24"),
      Network.parse("192.0.2.0/24"),
      Network.parse("192.168.0.0/16"),
      Network.parse("198.18.0.0/15"),
      Network.parse("198.51.100.0/24"),
      Network.parse("203.0.113.0/24"),
      Network.parse("224.0.0.0/4"),
      Network.parse("240.0.0.0/4"),
      Network.parse("::/128"),
      Network.parse("::1/128"),
      Network.parse("64:ff9b:1::/48"),
      Network.parse("100::/64"),
      Network.parse("2001::/32"),
      Network.parse("2001:db8::/32"),
      Network.parse("fc00::/7"),
      Network.parse("fe80::/10"),
      Network.parse("fec0::/10"),
      Network.parse("ff00::/8"));

  private static final AddressFilter PUBLIC_ONLY = new AddressFilter(List.of(), false);
  private static final AddressFilter ANY = new AddressFilter(List.of(), true);

  private final List<Network> allowed;
  private final boolean allowAll;

  private AddressFilter(List<Network> allowed, boolean allowAll) {
    this.allowed = List.copyOf(allowed);
    this.allowAll = allowAll;
  }

  /** Public internet addresses only: the default. */
  public static AddressFilter publicOnly() {
    return PUBLIC_ONLY;
  }

  /** Every address: for URLs from the operator's own configuration, never a caller's. */
  public static AddressFilter any() {
    return ANY;
  }

  /**
   * Public addresses plus the given networks, written as comma-separated CIDRs
   * ({@code 127.0.0.0/8,10.0.0.0/8,fd00::/8}; a bare address means just that one). Blank
   * means {@link #publicOnly()}.
   *
   * @throws IllegalArgumentException naming the entry that is not a CIDR
   */
  public static AddressFilter parse(String cidrs) {
    if (cidrs == null || cidrs.isBlank()) {
      return PUBLIC_ONLY;
    }
    List<Network> networks = new ArrayList<>();
    for (String part : cidrs.split(",")) {
      if (!part.isBlank()) {
        networks.add(Network.parse(part.strip()));
      }
    }
    return new AddressFilter(networks, false);
  }

  /** True when a download may connect to {@code address}. */
  public boolean allows(InetAddress address) {
    Objects.requireNonNull(address, "address");
    if (allowAll) {
      return true;
    }
    InetAddress judged = embeddedIpv4(address);
    for (Network n : allowed) {
      if (n.contains(address) || n.contains(judged)) {
        return true;
      }
    }
    for (Network n : NOT_PUBLIC) {
      if (n.contains(judged)) {
        return false;
      }
    }
    // The JDK's own tests catch what the list above might miss (site-local, any-local...).
    return !(judged.isAnyLocalAddress() || judged.isLoopbackAddress()
        || judged.isLinkLocalAddress() || judged.isSiteLocalAddress()
        || judged.isMulticastAddress() || isBroadcast(judged));
  }

  /**
   * The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4), else itself.
   */
  static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] b = address.getAddress();
    boolean zeros80 = allZero(b, 0, 10);
    boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 16)
        && !(allZero(b, 12, 15) && (b[15] & 0xff) <= 1); // not :: nor ::1
    boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
    if (mapped || compatible || nat64) {
      return ipv4(Arrays.copyOfRange(b, 12, 16));
    }
    boolean sixToFour = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02;
    if (sixToFour) {
      return ipv4(Arrays.copyOfRange(b, 2, 6));
    }
    return address;
  }

  private static InetAddress ipv4(byte[] four) {
    try {
      return InetAddress.getByAddress(four);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always an address
    }
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBroadcast(InetAddress a) {
    return a instanceof Inet4Address && Arrays.equals(a.getAddress(),
        new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255});
  }

  @Override
  public String toString() {
    if (allowAll) {
      return "any address";
    }
    return allowed.isEmpty() ? "public addresses only" : "public addresses and " + allowed;
  }

  /** An address block: the first {@code bits} bits of {@code prefix}. */
  private record Network(byte[] prefix, int bits, String text) {
    private static final String IPV4_PART = "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])";
    private static final String IPV4 = IPV4_PART + "(\\." + IPV4_PART + "){3}";

    static Network parse(String cidr) {
      int slash = cidr.indexOf('/');
      String host = slash < 0 ? cidr : cidr.substring(0, slash);
      // Only literals: a host name here would make the JDK look it up. IPv4 in all four parts:
      // the JDK reads "192.168.1" as 192.168.0.1, so "192.168.1/24" allowed 192.168.0.0/24.
      if (host.contains(":") ? !host.matches("[0-9A-Fa-f.:]+") : !host.matches(IPV4)) {
        throw new IllegalArgumentException("Not a network in CIDR form: \"" + cidr + "\""
            + (host.matches("[0-9.]+") ? " (write all four parts of an IPv4 address:"
                + " 192.168.1.0/24)" : ""));
      }
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("Not a network in CIDR form: \"" + cidr + "\"");
      }
      byte[] bytes = address.getAddress();
      int max = bytes.length * 8;
      int bits;
      try {
        bits = slash < 0 ? max : Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Not a network in CIDR form: \"" + cidr + "\"");
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("Prefix length out of range in \"" + cidr + "\"");
      }
      return new Network(bytes, bits, cidr.toLowerCase(Locale.ROOT));
    }

    boolean contains(InetAddress address) {
      byte[] b = address.getAddress();
      if (b.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (b[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (b[full] & mask) == (prefix[full] & mask);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
