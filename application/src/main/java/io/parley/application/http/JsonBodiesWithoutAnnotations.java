package io.parley.application.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.lang.annotation.Annotation;

/**
 * Reads and writes bodies without the resource method's annotations. Jackson's JAX-RS provider keys
 * its cached reader and writer by those annotations and hashes them on every body, and an
 * annotation's {@code hashCode} walks every member reflectively: with the OpenAPI annotations our
 * resource methods carry, that was 18 % of a reference-context GET's CPU samples. None of the
 * annotations configures Jackson (no {@code @JsonView}, {@code @JacksonFeatures} or {@code @JSONP}
 * is used; {@code JsonBodiesWithoutAnnotationsTest} says so), so every body is read and written as
 * before.
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
    context.proceed();
  }
}
