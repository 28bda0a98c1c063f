package io.parley.application.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.glassfish.jersey.server.ChunkedOutput;

/**
 * Sends a body of up to {@link #MAX_BUFFERED} bytes whole, with its Content-Length, from a buffer
 * each thread keeps; a larger body goes out in chunks as it is written. Jersey does the same with
 * {@code OUTBOUND_CONTENT_LENGTH_BUFFER}, but allocates that buffer anew for every response: at 16
 * KiB it was 28 % of all the bytes the service allocated under a reference-context GET load (JFR
 * allocation samples, 2026-12-07), so Jersey's is off and this one is reused.
 */
@Priority(0) // outermost: every other interceptor and the body writer write into the buffer
public final class WholeResponses implements WriterInterceptor {
  static final int MAX_BUFFERED = 64 * 1024;
  private static final int KEPT = 16 * 1024; // a thread keeps a buffer up to this size
  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    Buffer buffer = BUFFERS.get();
    if (buffer.target != null // a body written while another is (not seen)
        || StreamingOutput.class.isAssignableFrom(context.getType())
        || ChunkedOutput.class.isAssignableFrom(context.getType())) { // (none today) flush as sent
      context.proceed();
      return;
    }
    OutputStream out = context.getOutputStream();
    buffer.target = out;
    context.setOutputStream(buffer);
    try {
      context.proceed();
      if (!buffer.spilled) {
        context.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, buffer.count);
        out.write(buffer.bytes, 0, buffer.count);
      }
    } finally {
      context.setOutputStream(out);
      buffer.reset();
    }
  }

  /** Bytes held until the body ends, or passed on once they pass {@link #MAX_BUFFERED}. */
  private static final class Buffer extends OutputStream {
    private byte[] bytes = new byte[4096];
    private int count;
    private boolean spilled;
    private OutputStream target;

    @Override
    public void write(int b) throws IOException {
      if (spilled || count == bytes.length) {
        write(new byte[] {(byte) b}, 0, 1);
      } else {
        bytes[count++] = (byte) b;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (!spilled && count + len > MAX_BUFFERED) {
        spilled = true;
        target.write(bytes, 0, count);
      }
      if (spilled) {
        target.write(b, off, len);
        return;
      }
      if (count + len > bytes.length) {
        bytes =
            Arrays.copyOf(bytes, Math.min(MAX_BUFFERED, Math.max(count + len, 2 * bytes.length)));
      }
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    /** A writer's flush before the body ends (Jackson flushes after each value) waits for it. */
    @Override
    public void flush() throws IOException {
      if (spilled) {
        target.flush();
      }
    }

    @Override
    public void close() {
      // the container closes the real stream after the body
    }

    void reset() {
      target = null;
      spilled = false;
      count = 0;
      if (bytes.length > KEPT) {
        bytes = new byte[4096];
      }
    }
  }
}
