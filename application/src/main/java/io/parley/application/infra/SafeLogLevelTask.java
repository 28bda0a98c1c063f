package io.parley.application.infra;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.servlets.tasks.LogConfigurationTask;
import io.dropwizard.servlets.tasks.Task;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dropwizard's {@code log-level} task, minus the levels that would put customer data or secrets in
 * the logs: below INFO the HTTP server logs headers and bodies, the database driver and JDBI bound
 * values (message text, phone numbers), Jedis commands and their arguments, and the webhook
 * sender's HTTP client (Apache HttpClient 5, {@code org.apache.hc}) every body it sends (message
 * text, with includeContent) and every header ({@code Parley-Signature}). The OpenTelemetry
 * exporter and the JDK's own HTTP clients are guarded alike (headers, credentials in exporter
 * headers). Those loggers, and their ancestors up to the root, stay at INFO or above (other
 * loggers, {@code io.parley} say, can still be lowered). A refusal is a 403 ({@link Guard}) and
 * changes no level.
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
          "redis.clients",
          "org.apache.hc",
          "org.apache.http",
          "io.opentelemetry",
          "sun.net.www.protocol.http",
          "jdk.internal.httpclient",
          "jdk.httpclient");
  private final LogConfigurationTask delegate = new LogConfigurationTask();

  public SafeLogLevelTask() {
    super("log-level");
  }

  @Override
  public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
    Optional<String> refused = refusal(parameters);
    if (refused.isPresent()) {
      // Reached only if the Guard filter is not in front of the task: said plainly, nothing
      // changed (Dropwizard's task servlet answers an exception with a 500 and a stack trace).
      output.println(refused.get());
      output.flush();
      return;
    }
    delegate.execute(parameters, output);
  }

  /** Why the task must not run with these parameters, if it must not. */
  static Optional<String> refusal(Map<String, List<String>> parameters) {
    List<String> levels = parameters.getOrDefault("level", List.of());
    // Logback reads an unknown level name as DEBUG.
    Level level = levels.isEmpty() ? null : Level.toLevel(levels.get(0), Level.DEBUG);
    if (level == null || level.isGreaterOrEqual(Level.INFO)) {
      return Optional.empty();
    }
    for (String logger : parameters.getOrDefault("logger", List.of())) {
      if (guarded(logger)) {
        return Optional.of(
            "Refused: "
                + logger
                + " may not go below INFO (it would log request, database or webhook values,"
                + " or secrets); no level was changed");
      }
    }
    return Optional.empty();
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

  /**
   * In front of the task on the admin port: a refused change is a 403 with the reason, since the
   * task itself can only answer 200 (or 500).
   */
  public static final class Guard implements Filter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      Map<String, List<String>> parameters = new LinkedHashMap<>();
      request.getParameterMap().forEach((name, values) -> parameters.put(name, List.of(values)));
      Optional<String> refused = refusal(parameters);
      if (refused.isEmpty()) {
        chain.doFilter(request, response);
        return;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("code", 403);
      body.put("message", refused.get());
      HttpServletResponse http = (HttpServletResponse) response;
      http.setStatus(403);
      http.setContentType("application/json");
      http.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
  }
}
