package io.parley.adapters.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
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

  public static void migrate(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      migrate(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("could not connect to migrate: " + e.getMessage(), e);
    }
  }

  /** Applies the changelog to the database at a JDBC URL, over a connection of its own. */
  public static void migrate(String jdbcUrl, String user, String password) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
      migrate(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("could not connect to migrate: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("deprecation") // Liquibase 4.33's Liquibase facade is deprecated, not removed.
  private static void migrate(Connection connection) {
    try {
      Database database =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database);
      liquibase.update(new Contexts(), new LabelExpression());
    } catch (LiquibaseException e) {
      throw new IllegalStateException("could not migrate the database: " + e.getMessage(), e);
    }
  }
}
