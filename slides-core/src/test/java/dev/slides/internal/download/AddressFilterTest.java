package dev.slides.internal.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressFilterTest {
  static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void everyAddressThatIsNotPublicIsRefusedByDefault() throws Exception {
    List<String> refused = List.of(
        "127.0.0.1", "127.255.255.254", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.100.100.200", "0.0.0.0",
        "0.1.2.3", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
        "198.18.0.1", "192.0.0.8",
        "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1",
        "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",
        "64:ff9b::a9fe:a9fe", "::127.0.0.1",
        // Local-use NAT64 (RFC 8215): a site's own translator may reach its private network
        "64:ff9b:1::a9fe:a9fe", "64:ff9b:1:a9fe:a9:fe00::",
        // 6to4 of 127.0.0.1 and 169.254.169.254; Teredo, whichever end it names
        "2002:7f00:1::1", "2002:a9fe:a9fe::", "2001:0:4136:e378:8000:63bf:3fff:fdd2");
    AddressFilter filter = AddressFilter.publicOnly();
    for (String literal : refused) {
      assertFalse(filter.allows(ip(literal)), literal);
    }
    for (String literal : List.of("8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1",
        "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
        "2001:4860:4860::8888")) {
      assertTrue(filter.allows(ip(literal)), literal);
    }
  }

  @Test
  void ipv4MappedIpv6IsJudgedByItsIpv4AddressEvenWhenKeptAsIpv6() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 169;
    mapped[13] = (byte) 254;
    mapped[14] = (byte) 169;
    mapped[15] = (byte) 254;
    InetAddress v6 = Inet6Address.getByAddress(null, mapped, null);
    assertFalse(AddressFilter.publicOnly().allows(v6));
    assertEquals(ip("169.254.169.254"), AddressFilter.embeddedIpv4(v6));
  }

  @Test
  void theAllowListAdmitsItsNetworksOnly() throws Exception {
    AddressFilter filter = AddressFilter.parse(" 127.0.0.0/8, 10.0.0.0/8 ,fd00::/8,192.168.7.7");
    assertTrue(filter.allows(ip("127.0.0.1")));
    assertTrue(filter.allows(ip("10.200.1.1")));
    assertTrue(filter.allows(ip("fd00::1")));
    assertTrue(filter.allows(ip("192.168.7.7")));
    assertTrue(filter.allows(ip("::ffff:127.0.0.1")));
    assertFalse(filter.allows(ip("192.168.7.8")));
    assertFalse(filter.allows(ip("169.254.169.254")));
    assertFalse(filter.allows(ip("::1")));
    assertTrue(filter.allows(ip("8.8.8.8")), "public addresses stay allowed");
    assertEquals(AddressFilter.publicOnly(), AddressFilter.parse(" "));
  }

  @Test
  void aBadAllowListIsRefusedNamingTheEntry() {
    for (String bad : List.of("10.0.0.0/33", "example.com", "10.0.0.0/x", "10.0.0/8x",
        "::1/129",
        // The JDK reads "192.168.1" as 192.168.0.1 and "10" as 0.0.0.10: another network.
        "192.168.1/24", "10/8", "10.1/16", "256.0.0.0/8", "cafe.be")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> AddressFilter.parse("127.0.0.0/8," + bad));
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }
}
