package io.parley.adapters.postgres;

import io.parley.adapters.LogSafe;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.StoreUnavailableException;
import io.parley.domain.model.TenantId;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.util.PSQLException;

/**
 * Runs JDBI work and translates PostgreSQL failures into domain exceptions, so no SQL exception
 * crosses a port: lost connections become {@link StoreUnavailableException}.
 */
final class PostgresCalls {
  private final Jdbi jdbi;
  private final ReadReplicas replicas;

  PostgresCalls(Jdbi jdbi) {
    this(jdbi, ReadReplicas.NONE);
  }

  /** Read-only statements of a scope go to {@code replicas} once they have replayed its writes. */
  PostgresCalls(Jdbi jdbi, ReadReplicas replicas) {
    this.jdbi = jdbi;
    this.replicas = replicas;
    if (replicas == ReadReplicas.NONE) {
      return;
    }
    replicas.primaryPosition(
        () ->
            withHandle(
                handle ->
                    handle
                        .createQuery("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")
                        .mapTo(Long.class)
                        .one()));
  }

  /** The same calls with every read on the primary. */
  PostgresCalls primaryOnly() {
    return new PostgresCalls(jdbi);
  }

  /**
   * A read-only statement of a scope (a conversation, a listing, a catalog): on a replica that has
   * replayed the scope's newest write, else on the primary.
   */
  <T> T read(TenantId tenant, String scope, HandleCallback<T, RuntimeException> work) {
    return replicas.read(tenant, scope, work, this::withHandle);
  }

  /**
   * A write transaction whose commit position is recorded, when replicas take reads, for each scope
   * it wrote (named from its result).
   */
  <T> T written(
      TenantId tenant,
      Function<T, List<String>> scopes,
      HandleCallback<T, RuntimeException> transaction) {
    return written(tenant, scopes, transaction, (handle, result) -> result);
  }

  /**
   * {@link #written}, then {@code afterCommit} on the same connection, outside the transaction
   * (each of its statements commits alone), before the write's positions are recorded: for a
   * follow-up that must see the commit and is rarely more than one statement that finds nothing.
   */
  <T> T written(
      TenantId tenant,
      Function<T, List<String>> scopes,
      HandleCallback<T, RuntimeException> transaction,
      BiFunction<Handle, T, T> afterCommit) {
    ReadReplicas current = replicas;
    return withHandle(
        handle -> {
          T committed = handle.inTransaction(transaction);
          T result = committed;
          try {
            result = afterCommit.apply(handle, committed);
            return result;
          } finally {
            // recorded even when the follow-up fails: the transaction's write is committed
            if (current.active()) {
              current.recordWrite(handle, tenant, scopes.apply(result));
            }
          }
        });
  }

  /** Whether PostgreSQL broke a deadlock by aborting this transaction (safe to run again). */
  static boolean isDeadlock(JdbiException e) {
    return "40P01".equals(sqlState(e).orElse(""));
  }

  /** Whether the failure is a lost or refused connection (so another server may answer). */
  static boolean isConnectionFailure(JdbiException e) {
    String state = sqlState(e).orElse("");
    return e instanceof ConnectionException || state.startsWith("08") || state.startsWith("57P");
  }

  <T> T withHandle(HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.withHandle(work);
    } catch (JdbiException e) {
      throw translate(e);
    }
  }

  <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.inTransaction(work);
    } catch (JdbiException e) {
      throw translate(e);
    }
  }

  static RuntimeException translate(JdbiException e) {
    String state = sqlState(e).orElse("");
    if (e instanceof ConnectionException
        || state.startsWith("08")
        || state.startsWith("57P")
        || state.equals("53300")) {
      return new StoreUnavailableException(
          "PostgreSQL is unavailable: " + LogSafe.describe(e), LogSafe.scrubbed(e));
    }
    if (state.equals("57014")) {
      // A statement timeout (or a cancel): the database did not answer in time. Retryable.
      return new StoreUnavailableException(
          "PostgreSQL did not answer in time: " + LogSafe.describe(e), LogSafe.scrubbed(e));
    }
    if (state.startsWith("22")) {
      // A data exception: a value the domain let through but PostgreSQL cannot store. A client
      // error, so a 422 rather than a 500; the value itself is not echoed.
      return new InvalidInputException("a value", "cannot be stored (SQLSTATE " + state + ")");
    }
    return e;
  }

  /**
   * The name of the unique or foreign-key constraint a statement violated, if that is what failed.
   */
  static Optional<String> violatedConstraint(JdbiException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
        String state = psql.getSQLState();
        if ("23505".equals(state) || "23503".equals(state)) {
          return Optional.ofNullable(psql.getServerErrorMessage().getConstraint());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> sqlState(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        return Optional.of(sql.getSQLState());
      }
    }
    return Optional.empty();
  }
}
