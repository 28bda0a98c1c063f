package io.parley.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import io.dropwizard.logging.common.BootstrapLogging;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Captures every log event of a test class (Parley's own loggers at DEBUG, the rest at the shipped
 * levels) and fails the class if any holds a planted marker: {@link #MARKER} (put in message texts,
 * names, titles, catalog queries) or a value {@link #plant planted} at run time (keys, phone
 * numbers). Messages, arguments, exception messages and stack traces are all searched.
 */
public final class LogPrivacy implements BeforeAllCallback, AfterAllCallback {
  /** Put this in any customer content a test sends. */
  public static final String MARKER = "PLANTED";

  private static final Set<String> PLANTED = ConcurrentHashMap.newKeySet();
  private Capture capture;

  /** A value that must never reach a log (a key, a phone number); returned for convenience. */
  public static String plant(String value) {
    PLANTED.add(value);
    return value;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    capture = Capture.start(context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    capture.stopAndAssertClean();
  }

  /**
   * A capture of every log event from start to stop; for tests the extension cannot reach. A turbo
   * filter (which decides before any level does) takes Parley's DEBUG events and everything else at
   * the shipped INFO, whatever levels are set. Test apps run with {@code logging.type: external},
   * so no app start or stop resets logback and detaches the capture.
   */
  public static final class Capture {
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final TurboFilter levels =
        new TurboFilter() {
          @Override
          public FilterReply decide(
              Marker marker,
              Logger logger,
              Level level,
              String format,
              Object[] params,
              Throwable t) {
            boolean parley = logger.getName().startsWith("io.parley");
            return parley || level.isGreaterOrEqual(Level.INFO)
                ? FilterReply.ACCEPT
                : FilterReply.DENY;
          }
        };

    private Capture(String name) {
      // Dropwizard resets logback once per JVM, when the first app is built; do it now, so that
      // it does not detach this capture later.
      BootstrapLogging.bootstrap();
      captured.setContext(logging);
      captured.setName("privacy-" + name);
      captured.start();
      levels.setName("privacy-levels");
      levels.start();
      attach();
      PLANTED.add(ExternalApp.ADMIN_KEY);
      PLANTED.add(TestApp.ADMIN_KEY);
    }

    public static Capture start(String name) {
      return new Capture(name);
    }

    private void attach() {
      Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
      if (root.getAppender(captured.getName()) == null) {
        root.addAppender(captured);
      }
      if (!logging.getTurboFilterList().contains(levels)) {
        logging.addTurboFilter(levels);
      }
    }

    public void stopAndAssertClean() {
      // Proves the capture is still attached and takes Parley's DEBUG after every reset.
      LoggerFactory.getLogger("io.parley.privacy").debug("privacy capture probe");
      logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
      logging.getTurboFilterList().remove(levels);
      List<String> leaks = new ArrayList<>();
      List<String> markers = new ArrayList<>(PLANTED);
      markers.add(MARKER);
      for (ILoggingEvent event : List.copyOf(captured.list)) {
        String text = render(event);
        for (String marker : markers) {
          if (text.contains(marker)) {
            leaks.add(event.getLevel() + " " + event.getLoggerName() + ": " + firstLine(text));
            break;
          }
        }
      }
      assertThat(captured.list)
          .as("the capture still took Parley's DEBUG events at the end")
          .anyMatch(event -> event.getFormattedMessage().equals("privacy capture probe"));
      assertThat(leaks).as("log events holding customer content or keys").isEmpty();
    }
  }

  private static String render(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(event.getFormattedMessage());
    if (event.getArgumentArray() != null) {
      for (Object argument : event.getArgumentArray()) {
        text.append(' ').append(argument);
      }
    }
    for (IThrowableProxy cause = event.getThrowableProxy();
        cause != null;
        cause = cause.getCause()) {
      text.append('\n').append(cause.getClassName()).append(": ").append(cause.getMessage());
      for (StackTraceElementProxy frame : cause.getStackTraceElementProxyArray()) {
        text.append('\n').append(frame.getSTEAsString());
      }
    }
    return text.toString();
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    return line.length() > 300 ? line.substring(0, 300) : line;
  }
}
