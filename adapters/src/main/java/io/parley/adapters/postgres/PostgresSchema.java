package io.parley.adapters.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Parley's Liquibase changelog and the one way to apply it outside the {@code db} command. */
public final class PostgresSchema {
  /** Classpath location of the changelog; the {@code db migrate} command reads the same file. */
  public static final String CHANGELOG = "db/changelog.sql";

  private PostgresSchema() {}

  @SuppressWarnings("deprecation") // Liquibase 4.33's Liquibase facade is deprecated, not removed.
  public static void migrate(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      Database database =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      try (Liquibase liquibase =
          new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database)) {
        liquibase.update(new Contexts(), new LabelExpression());
      }
    } catch (SQLException | LiquibaseException e) {
      throw new IllegalStateException("could not migrate the database: " + e.getMessage(), e);
    }
  }
}
