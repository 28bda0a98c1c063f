package io.parley.application.infra;

import java.sql.SQLException;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Counts the SQL statements JDBI runs per request thread (for {@code X-Query-Count}), then hands
 * each statement on to the logger it wraps (Dropwizard's timers).
 */
public final class StatementCounter implements SqlLogger {
  private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[1]);
  private static volatile Consumer<String> observer;
  private final SqlLogger delegate;

  public StatementCounter(SqlLogger delegate) {
    this.delegate = delegate;
  }

  /** Starts counting for the calling thread's request. */
  public static void reset() {
    CURRENT.get()[0] = 0;
  }

  /** Statements run on the calling thread since {@link #reset()}. */
  public static long current() {
    return CURRENT.get()[0];
  }

  @Override
  public void logBeforeExecution(StatementContext context) {
    Consumer<String> watching = observer;
    if (watching != null) {
      watching.accept(context.getRawSql());
    }
    delegate.logBeforeExecution(context);
  }

  /**
   * Hands the SQL text (as written, never its values) of every statement from now on to {@code
   * sql}; the Citus-readiness test checks each for a tenant predicate.
   */
  public static void observe(Consumer<String> sql) {
    observer = sql;
  }

  @Override
  public void logAfterExecution(StatementContext context) {
    count();
    delegate.logAfterExecution(context);
  }

  @Override
  public void logException(StatementContext context, SQLException ex) {
    count();
    delegate.logException(context, ex);
  }

  private void count() {
    CURRENT.get()[0]++;
  }
}
