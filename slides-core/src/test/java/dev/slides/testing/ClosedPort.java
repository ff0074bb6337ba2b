package dev.slides.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A TCP port nothing listens on, on every local address, for as long as this is open. A socket
 * bound to it that does not listen holds it: a connection to it is refused, and no other socket
 * can take the port meanwhile. (A port found free and let go, as a server socket opened and
 * closed again gives one, may be taken by any process on the machine before the test connects.)
 */
public final class ClosedPort implements AutoCloseable {
  private final Socket held = new Socket();

  public ClosedPort() throws IOException {
    held.bind(new InetSocketAddress(0)); // no SO_REUSEADDR: nobody else binds it
  }

  public int port() {
    return held.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    held.close();
  }
}
