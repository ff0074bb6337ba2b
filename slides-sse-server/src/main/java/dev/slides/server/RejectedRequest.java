package dev.slides.server;

/**
 * A request the server will not serve, with the status and the plain-words {@code detail} the
 * client gets; {@link ErrorHandler} answers it without logging a stack trace (nothing is wrong
 * with the server).
 */
final class RejectedRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  RejectedRequest(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
