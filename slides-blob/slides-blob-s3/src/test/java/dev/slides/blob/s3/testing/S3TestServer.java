package dev.slides.blob.s3.testing;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.Constants;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3-compatible server (S3Proxy over an in-memory store) on a loopback port, fresh for
 * each test; register it with {@code @RegisterExtension}. It does what S3Proxy's own JUnit
 * extension does, except that it writes its address with ASCII digits: that one formats the
 * port in the machine's locale, so where digits are not ASCII (Arabic, for one) its address has
 * no port and every S3 test failed with "port out of range:-1".
 */
public final class S3TestServer implements BeforeEachCallback, AfterEachCallback {
  private final String accessKey;
  private final String secretKey;
  private BlobStore blobStore;
  private S3Proxy proxy;
  private URI uri;

  /** A server that accepts requests signed with these credentials (AWS signature v2 or v4). */
  public S3TestServer(String accessKey, String secretKey) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Properties properties = new Properties();
    properties.setProperty(Constants.PROPERTY_IDENTITY, accessKey);
    properties.setProperty(Constants.PROPERTY_CREDENTIAL, secretKey);
    blobStore = BlobStores.create("transient", properties);
    proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .stopTimeout(0) // the test's requests are over; no drain of idle keep-alive connections
        .build();
    proxy.start(); // returns once listening
    uri = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      proxy.stop();
    } finally {
      blobStore.close();
    }
  }

  /** The server's address, {@code http://127.0.0.1:PORT}; null outside a test. */
  public URI getUri() {
    return uri;
  }

  public String getAccessKey() {
    return accessKey;
  }

  public String getSecretKey() {
    return secretKey;
  }
}
