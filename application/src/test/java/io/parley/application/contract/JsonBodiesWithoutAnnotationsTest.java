package io.parley.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code JsonBodiesWithoutAnnotations} drops the resource method's annotations before Jackson reads
 * or writes a body. That is safe only while none of them is one Jackson's JAX-RS provider or
 * Jersey's JSONP support acts on: this test fails when a resource method or body parameter gets one
 * (then that interceptor must keep them).
 */
class JsonBodiesWithoutAnnotationsTest {
  private static final List<String> ACTED_ON =
      List.of(
          "com.fasterxml.jackson.annotation.JsonView",
          "com.fasterxml.jackson.annotation.JsonRootName",
          "com.fasterxml.jackson.jakarta.rs.annotation.JacksonFeatures",
          "com.fasterxml.jackson.jakarta.rs.json.annotation.JSONP",
          "org.glassfish.jersey.server.JSONP");

  @Test
  void noResourceMethodCarriesAnAnnotationThatConfiguresJackson() {
    List<Class<?>> resources =
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.application")
                .stream()
                .filter(c -> c.isAnnotatedWith(Path.class))
                .map(JavaClass::reflect)
                .<Class<?>>map(c -> c)
                .toList();
    assertThat(resources).hasSizeGreaterThan(5);
    List<String> found = new ArrayList<>();
    for (Class<?> resource : resources) {
      for (Method method : resource.getDeclaredMethods()) {
        Stream.concat(
                Stream.of(method.getAnnotations()),
                Stream.of(method.getParameterAnnotations()).flatMap(Stream::of))
            .map(Annotation::annotationType)
            .map(Class::getName)
            .filter(ACTED_ON::contains)
            .forEach(
                name -> found.add(resource.getSimpleName() + "." + method.getName() + ": " + name));
      }
    }
    assertThat(found).isEmpty();
  }
}
