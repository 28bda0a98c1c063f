package io.parley.application.infra;

import ch.qos.logback.classic.Level;
import io.dropwizard.servlets.tasks.LogConfigurationTask;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * Dropwizard's {@code log-level} task, minus the levels that would put customer data in the logs:
 * below INFO the HTTP server logs headers and bodies and the database driver bound values (message
 * text, phone numbers). Those loggers, and their ancestors up to the root, stay at INFO or above
 * (other loggers, {@code io.parley} say, can still be lowered).
 */
public final class SafeLogLevelTask extends Task {
  private static final List<String> GUARDED =
      List.of(
          "org.eclipse.jetty",
          "org.glassfish.jersey",
          "io.dropwizard.jetty",
          "io.dropwizard.jersey",
          "org.postgresql",
          "org.jdbi",
          "org.apache.tomcat.jdbc",
          "redis.clients");
  private final LogConfigurationTask delegate = new LogConfigurationTask();

  public SafeLogLevelTask() {
    super("log-level");
  }

  @Override
  public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
    List<String> levels = parameters.getOrDefault("level", List.of());
    // Logback reads an unknown level name as DEBUG.
    Level level = levels.isEmpty() ? null : Level.toLevel(levels.get(0), Level.DEBUG);
    if (level != null && !level.isGreaterOrEqual(Level.INFO)) {
      for (String logger : parameters.getOrDefault("logger", List.of())) {
        if (guarded(logger)) {
          // Dropwizard's task servlet answers an exception with a 500 and a stack trace; a
          // refusal is said plainly, and nothing is changed.
          output.println(
              "Refused: "
                  + logger
                  + " may not go below INFO (it would log request or database values); no"
                  + " level was changed");
          output.flush();
          return;
        }
      }
    }
    delegate.execute(parameters, output);
  }

  /** The logger is a guarded one, inside one, or an ancestor (the root included) of one. */
  static boolean guarded(String logger) {
    String name = logger.trim();
    if (name.isEmpty() || name.equalsIgnoreCase(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
      return true;
    }
    return GUARDED.stream()
        .anyMatch(g -> g.equals(name) || name.startsWith(g + ".") || g.startsWith(name + "."));
  }
}
