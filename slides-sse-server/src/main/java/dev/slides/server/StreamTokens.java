package dev.slides.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens that open one job's SSE stream: a browser's {@code EventSource} cannot
 * send an {@code Authorization} header, and the long-lived API password must never be put in a
 * URL. A token is {@code {expiry in epoch seconds}.{HMAC-SHA256 of the video id and expiry}},
 * keyed from the API password: it holds no state, so every node of a cluster that shares the
 * password accepts it. A token in a URL ends up in proxy logs and browser history, and one token
 * is enough to test password guesses against: the key is derived with PBKDF2 (600,000 rounds, as
 * OWASP advises for PBKDF2-HMAC-SHA256), so each guess costs that much, not two HMACs.
 */
final class StreamTokens implements BearerAuthHandler.Alternative {
  /** How long a token opens its stream; an open stream stays open past it. */
  static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  /** PBKDF2 rounds: the cost of each password guess made against a leaked token. */
  static final int KEY_ROUNDS = 600_000;
  private static final byte[] KEY_SALT =
      "slides stream token key v2".getBytes(StandardCharsets.UTF_8);

  private final String password;
  private final Clock clock;
  /** Derived at the first token (about a second of CPU), not at every start. */
  private volatile SecretKeySpec key;

  /** A token issued with its expiry. */
  record Token(String value, Instant expiresAt) {}

  /**
   * Tokens keyed from {@code password}; a null password (an insecure server, whose streams need
   * no token) gets a random key, so tokens still work on this node.
   */
  StreamTokens(String password, Clock clock) {
    this.password = password;
    this.clock = clock;
  }

  private SecretKeySpec key() {
    SecretKeySpec k = key;
    if (k == null) {
      synchronized (this) {
        k = key;
        if (k == null) {
          k = new SecretKeySpec(secret(password), "HmacSHA256");
          key = k;
        }
      }
    }
    return k;
  }

  private static byte[] secret(String password) {
    byte[] secret = new byte[32];
    if (password == null) {
      new SecureRandom().nextBytes(secret);
      return secret;
    }
    // A key of its own, slow to derive from the password: a token reveals nothing usable
    // elsewhere, and guessing the password from it is slow.
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password.toCharArray(), KEY_SALT, KEY_ROUNDS, 256))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java runtime", e);
    }
  }

  Token issue(String videoId) {
    long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
    return new Token(expiry + "." + BASE64.encodeToString(hmac(key(), message(videoId, expiry))),
        Instant.ofEpochSecond(expiry));
  }

  /** Whether {@code token} was issued for {@code videoId} and has not expired. */
  boolean accepts(String videoId, String token) {
    if (token == null) {
      return false;
    }
    int dot = token.indexOf('.');
    if (dot < 1 || dot > 19) {
      return false;
    }
    long expiry;
    try {
      expiry = Long.parseLong(token.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    if (clock.instant().getEpochSecond() >= expiry) {
      return false;
    }
    byte[] expected = BASE64.encodeToString(hmac(key(), message(videoId, expiry)))
        .getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  /**
   * The request's {@code ?token=} for the job in its path ({@code {id}} of the route).
   *
   * @throws RejectedRequest with 400 when the token is given more than once
   */
  @Override
  public Boolean accepts(io.undertow.server.HttpServerExchange exchange) {
    String token = QueryParameters.single(exchange, "token");
    if (token == null) {
      return null;
    }
    String id = Json.pathParameter(exchange, "id");
    return id != null && accepts(id, token);
  }

  @Override
  public String refusal() {
    return "Invalid or expired stream token";
  }

  private static String message(String videoId, long expiry) {
    return "stream\n" + videoId + "\n" + expiry;
  }

  private static byte[] hmac(SecretKeySpec key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
