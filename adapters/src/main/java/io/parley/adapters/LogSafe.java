package io.parley.adapters;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The one place that decides what a log line may say of a failure: the class of each exception in
 * the chain, its SQLSTATE, and which statement failed (its verb and table, from the SQL text, which
 * never holds a value: everything is bound). Never an exception's message: pgjdbc quotes values
 * ("Key (...)=(...) already exists"), JDBI appends the statement's bound arguments, Jackson quotes
 * the input it could not read, and all of them can be customer text.
 */
public final class LogSafe {
  private static final Pattern STATEMENT =
      Pattern.compile(
          "\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|FROM)\\s+([a-z_][a-z0-9_]*)",
          Pattern.CASE_INSENSITIVE);

  private LogSafe() {}

  /**
   * For example {@code UnableToExecuteStatementException in INSERT messages <- PSQLException
   * SQLSTATE 57014}.
   */
  public static String describe(Throwable failure) {
    StringBuilder out = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (out.length() > 0) {
        out.append(" <- ");
      }
      out.append(one(t));
    }
    return out.toString();
  }

  /**
   * The same chain with the same classes named and the same stack traces, but no message: what to
   * hand a logger that prints a trace.
   */
  public static Throwable scrubbed(Throwable failure) {
    return scrub(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static Throwable scrub(Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return null;
    }
    if (t instanceof Scrubbed) {
      return t;
    }
    Scrubbed copy = new Scrubbed(one(t), scrub(t.getCause(), seen));
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  private static String one(Throwable t) {
    if (t instanceof Scrubbed) {
      return t.getMessage();
    }
    StringBuilder out = new StringBuilder(t.getClass().getName());
    if (t instanceof SQLException sql && sql.getSQLState() != null) {
      out.append(" SQLSTATE ").append(sql.getSQLState());
    }
    if (t instanceof StatementException statement && statement.getStatementContext() != null) {
      out.append(" in ").append(label(statement.getStatementContext()));
    }
    return out.toString();
  }

  /** A statement's verb and table, such as {@code INSERT messages}; never its values. */
  static String label(StatementContext context) {
    String sql = context.getRawSql();
    if (sql == null) {
      return "a statement";
    }
    Matcher matcher = STATEMENT.matcher(sql);
    String verb = sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    return matcher.find() ? verb + " " + matcher.group(2).toLowerCase(Locale.ROOT) : verb;
  }

  /** An exception in a scrubbed chain: a class name and safe details in place of the message. */
  public static final class Scrubbed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Scrubbed(String description, Throwable cause) {
      super(description, cause, false, true);
    }
  }
}
