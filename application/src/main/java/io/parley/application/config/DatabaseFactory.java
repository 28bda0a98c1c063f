package io.parley.application.config;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.application.infra.StatementCounter;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.NoTemplateEngine;
import org.jdbi.v3.core.statement.SqlStatements;

/** The primary PostgreSQL (Dropwizard's pooled data source) and the adapters over it. */
public class DatabaseFactory extends DataSourceFactory {
  /** Builds the pool (managed, health-checked, timed) and every PostgreSQL adapter. */
  public PostgresAdapters build(Environment environment) {
    Jdbi jdbi = new JdbiFactory().build(environment, this, "postgres");
    // No SQL here uses JDBI's <attribute> templates, and Dropwizard's name-prepending engine
    // defeats JDBI's parse cache: re-lexing every statement was 15% of CPU samples under load.
    jdbi.setTemplateEngine(new NoTemplateEngine());
    SqlStatements statements = jdbi.getConfig(SqlStatements.class);
    statements.setSqlLogger(new StatementCounter(statements.getSqlLogger()));
    return new PostgresAdapters(jdbi);
  }
}
