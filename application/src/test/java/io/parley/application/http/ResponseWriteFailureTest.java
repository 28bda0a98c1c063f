package io.parley.application.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.dropwizard.jersey.errors.LoggingExceptionMapper;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.parley.application.infra.JsonSettings;
import io.parley.application.infra.SafeLoggingExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A body Jackson cannot read is the client's fault (400); a response Jackson cannot write is the
 * service's: a 500 through the unexpected-error path, logged with its error id and without the
 * content it failed on.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ResponseWriteFailureTest {
  /**
   * Customer content the response holds as stored JSON (written raw, as the service writes stored
   * items and windows): Jackson refuses to write its lone surrogate as UTF-8.
   */
  private static final String CONTENT = "\"PLANTED \uD800x\"";

  static final ResourceExtension RESOURCE =
      ResourceExtension.builder()
          .setMapper(JsonSettings.apply(io.dropwizard.jackson.Jackson.newObjectMapper()))
          .setRegisterDefaultExceptionMappers(false)
          .addResource(new Probe())
          .addProvider(new JsonBodiesWithoutAnnotations())
          .addProvider(new JsonProcessingExceptionMapper())
          .addProvider(new SafeLoggingExceptionMapper())
          .build();

  @Path("/probe")
  @Produces(MediaType.APPLICATION_JSON)
  public static final class Probe {
    @GET
    public Stored unwritable() {
      return new Stored(CONTENT);
    }

    @POST
    public Map<String, String> echo(Body body) {
      return Map.of("text", body.text());
    }
  }

  public record Body(String text) {}

  public record Stored(@JsonRawValue String text) {}

  @Test
  void aResponseThatCannotBeWrittenIsA500WithAnErrorIdAndNoContentInTheLog() {
    // SafeLoggingExceptionMapper logs through its base class's logger
    Logger logger = (Logger) LoggerFactory.getLogger(LoggingExceptionMapper.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    try {
      Response response = RESOURCE.target("/probe").request().get();
      String body = response.readEntity(String.class);
      assertThat(response.getStatus()).as(body).isEqualTo(500);
      Matcher id = Pattern.compile("ID ([0-9a-f]{16})").matcher(body);
      assertThat(id.find()).as(body).isTrue();
      assertThat(body).doesNotContain("PLANTED");
      assertThat(captured.list)
          .anySatisfy(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains(id.group(1));
              });
      for (ILoggingEvent event : captured.list) {
        assertThat(event.getFormattedMessage()).doesNotContain("PLANTED");
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
          assertThat(String.valueOf(t.getMessage())).doesNotContain("PLANTED");
        }
      }
    } finally {
      logger.detachAppender(captured);
    }
  }

  @Test
  void aBodyThatCannotBeReadIsStillA400() {
    Response malformed =
        RESOURCE.target("/probe").request().post(Entity.json("{\"text\": \"unterminated"));
    assertThat(malformed.getStatus()).isEqualTo(400);
    Response wrongType = RESOURCE.target("/probe").request().post(Entity.json("{\"text\": [1]}"));
    assertThat(wrongType.getStatus()).isEqualTo(400);
    assertThat(wrongType.readEntity(String.class)).contains("text");
    Response fine = RESOURCE.target("/probe").request().post(Entity.json("{\"text\": \"ok\"}"));
    assertThat(fine.getStatus()).isEqualTo(200);
  }
}
