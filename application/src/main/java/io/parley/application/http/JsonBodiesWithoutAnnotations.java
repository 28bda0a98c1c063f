package io.parley.application.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.lang.annotation.Annotation;
import org.glassfish.jersey.server.internal.process.MappableException;

/**
 * Reads and writes bodies without the resource method's annotations. Jackson's JAX-RS provider keys
 * its cached reader and writer by those annotations and hashes them on every body, and an
 * annotation's {@code hashCode} walks every member reflectively: with the OpenAPI annotations our
 * resource methods carry, that was 18 % of a reference-context GET's CPU samples. None of the
 * annotations configures Jackson (no {@code @JsonView}, {@code @JacksonFeatures} or {@code @JSONP}
 * is used; {@code JsonBodiesWithoutAnnotationsTest} says so), so every body is read and written as
 * before.
 *
 * <p>It also tells reading from writing: a {@link JsonProcessingException} out of reading a request
 * body is the client's (a 400 from {@link JsonProcessingExceptionMapper}), one out of writing a
 * response is the service's, so it leaves here as {@link ResponseNotWritten} (a 500 with an error
 * id).
 */
@Priority(1)
public final class JsonBodiesWithoutAnnotations implements ReaderInterceptor, WriterInterceptor {
  private static final Annotation[] NONE = new Annotation[0];

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    context.setAnnotations(NONE);
    return context.proceed();
  }

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    context.setAnnotations(NONE);
    try {
      context.proceed();
    } catch (JsonProcessingException e) {
      throw new MappableException(new ResponseNotWritten(e));
    } catch (MappableException e) { // Jersey's wrapper of the body writer's IOException
      if (e.getCause() instanceof JsonProcessingException json) {
        // still wrapped: Jersey maps only what the resource or a provider threw, so wrapped
        throw new MappableException(new ResponseNotWritten(json));
      }
      throw e;
    }
  }
}
