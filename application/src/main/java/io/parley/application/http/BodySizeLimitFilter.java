package io.parley.application.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Refuses bodies over the configured size with 413, by Content-Length or while reading. */
@PreMatching
@Priority(2)
public final class BodySizeLimitFilter implements ContainerRequestFilter {
  private final long maxBytes;

  public BodySizeLimitFilter(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > maxBytes) {
      request.abortWith(Errors.response(413, tooLarge()));
      return;
    }
    request.setEntityStream(new LimitedStream(request.getEntityStream()));
  }

  private String tooLarge() {
    return "the body is larger than " + maxBytes + " bytes";
  }

  private final class LimitedStream extends FilterInputStream {
    private long read;

    LimitedStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > maxBytes) {
        throw new WebApplicationException(tooLarge(), Errors.response(413, tooLarge()));
      }
    }
  }
}
