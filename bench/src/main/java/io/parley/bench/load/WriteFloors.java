package io.parley.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The database's own write floors (issue 15), in the bench database next to Parley's tables:
 * pgbench inserting into a copy of {@code messages} ({@code LIKE messages}: the same columns and
 * checks, 2,000,000 of its rows, and for the floors the same indexes as migrated; what each run
 * inserts stays for the next), one row per transaction and 500 rows per transaction, durable
 * (synchronous_commit as the server has it). The single-row insert is also run against index sets
 * from the primary key alone up to the indexes before changeset 8, which is what each index costs
 * an insert. Each row is a customer message with a provider message id, as the append scenario
 * sends; conversations are spread over 20,000, seqs are random.
 */
final class WriteFloors {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
  private static final String TABLE = "bench_floor_messages";
  private static final int ROWS = 2_000_000;
  private static final String COLUMNS =
      "tenant_id, conversation_id, seq, id, direction, type, text, provider_message_id, created_at";
  private static final String ROW =
      "md5(((:c + %1$s) %% 1000)::text)::uuid, md5(((:c + %1$s) %% 20000)::text)::uuid, :s::bigint + %1$s,"
          + " gen_random_uuid(), 'in', 'customer_inbound', 'nataka ya pili',"
          + " 'floor-' || (:s::bigint + %1$s), now()";
  private static final String SETTINGS =
      "\\set c random(1, 20000)\n\\set s random(1, 9000000000000000000)\n";

  /** One pgbench run: what was inserted per transaction, into which index set. */
  record Figure(
      String name,
      String indexes,
      int rowsPerTransaction,
      int clients,
      double transactionsPerSecond,
      double rowsPerSecond,
      double meanMillis,
      String command) {}

  private final Jdbi jdbi;
  private final Path scripts;
  private final List<String> connection;
  private final int seconds;

  WriteFloors(Jdbi jdbi, Path scripts, String host, int port, String user, String db, int seconds) {
    this.jdbi = jdbi;
    this.scripts = scripts;
    this.connection = List.of("-h", host, "-p", Integer.toString(port), "-U", user, db);
    this.seconds = seconds;
  }

  /**
   * By hand: {@code java -cp bench/target/benchmarks.jar io.parley.bench.load.WriteFloors 127.0.0.1
   * 5432 postgres parley_bench 10}.
   */
  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/" + args[3];
    Path scripts = java.nio.file.Files.createTempDirectory("floors");
    new WriteFloors(
            Jdbi.create(url, args[2], ""),
            scripts,
            args[0],
            Integer.parseInt(args[1]),
            args[2],
            args[3],
            Integer.parseInt(args[4]))
        .measure(16, 8)
        .forEach(System.out::println);
  }

  /** The floors and the index costs; the copy table is dropped afterwards. */
  List<Figure> measure(int singleClients, int batchClients) throws Exception {
    Path single = script("single", SETTINGS + insert(1));
    Path batch = script("batch", SETTINGS + insert(500));
    List<Figure> figures = new ArrayList<>();
    try {
      table();
      figures.add(run("index cost: primary key only", "pkey", single, 1, singleClients));
      index(
          "CREATE UNIQUE INDEX ON %s (tenant_id, provider_message_id)"
              + " WHERE provider_message_id IS NOT NULL");
      figures.add(
          run(
              "index cost: + provider id (unique, partial)",
              "pkey, provider",
              single,
              1,
              singleClients));
      index("CREATE INDEX floor_direction ON %s (tenant_id, conversation_id, direction, seq)");
      index("CREATE INDEX floor_type ON %s (tenant_id, conversation_id, type, seq)");
      figures.add(
          run(
              "index cost: + by_direction, by_type (before changeset 8)",
              "pkey, provider, direction, type",
              single,
              1,
              singleClients));
      index("DROP INDEX floor_direction, floor_type");
      String migrated = migratedIndexes();
      figures.add(
          run("floor: single-row insert, messages' indexes", migrated, single, 1, singleClients));
      figures.add(
          run("floor: 500-row insert, messages' indexes", migrated, batch, 500, batchClients));
    } finally {
      jdbi.useHandle(h -> h.execute("DROP TABLE IF EXISTS " + TABLE));
    }
    return figures;
  }

  private static String insert(int rows) {
    if (rows == 1) {
      return "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (" + ROW.formatted("0") + ");\n";
    }
    return "INSERT INTO "
        + TABLE
        + " ("
        + COLUMNS
        + ") SELECT "
        + ROW.formatted("g")
        + " FROM generate_series(1, "
        + rows
        + ") g;\n";
  }

  /**
   * The copy, filled with {@link #ROWS} of the bench's messages, so that an insert meets indexes of
   * a realistic size (an empty table's indexes stay in cache and cost an insert little).
   */
  private void table() {
    jdbi.useHandle(
        h -> {
          h.execute("DROP TABLE IF EXISTS " + TABLE);
          h.execute(
              "CREATE TABLE "
                  + TABLE
                  + " (LIKE messages INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
          h.execute("INSERT INTO " + TABLE + " SELECT * FROM messages LIMIT " + ROWS);
          h.execute("ALTER TABLE " + TABLE + " ADD PRIMARY KEY (tenant_id, conversation_id, seq)");
          h.execute("VACUUM ANALYZE " + TABLE);
        });
  }

  /** Messages' other indexes as migrated, added to the copy; every index name of messages. */
  private String migratedIndexes() {
    return jdbi.withHandle(
        h -> {
          List<String> definitions =
              h.createQuery(
                      "SELECT indexdef FROM pg_indexes WHERE tablename = 'messages'"
                          + " AND indexname NOT IN ('messages_pkey', 'messages_by_provider_id')")
                  .mapTo(String.class)
                  .list();
          for (String definition : definitions) {
            h.execute(
                definition
                    .replaceFirst("INDEX \\S+ ON", "INDEX ON")
                    .replace(" public.messages ", " " + TABLE + " "));
          }
          return String.join(
              ", ",
              h.createQuery(
                      "SELECT indexname FROM pg_indexes WHERE tablename = 'messages'"
                          + " ORDER BY indexname")
                  .mapTo(String.class)
                  .list());
        });
  }

  private void index(String ddl) {
    jdbi.useHandle(h -> h.execute(ddl.formatted(TABLE)));
  }

  private Figure run(String name, String indexes, Path script, int rows, int clients)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "pgbench",
                "-n",
                "-M",
                "prepared",
                "-f",
                script.toString(),
                "-c",
                Integer.toString(clients),
                "-j",
                "2",
                "-T",
                Integer.toString(seconds)));
    command.addAll(connection);
    String output = Floors.run(command);
    Matcher tps = TPS.matcher(output);
    Matcher latency = LATENCY.matcher(output);
    if (!tps.find() || !latency.find()) {
      throw new IllegalStateException("pgbench printed: " + output);
    }
    double transactions = Double.parseDouble(tps.group(1));
    return new Figure(
        name,
        indexes,
        rows,
        clients,
        transactions,
        transactions * rows,
        Double.parseDouble(latency.group(1)),
        String.join(" ", command));
  }

  private Path script(String name, String text) throws IOException {
    Path file = scripts.resolve("floor-" + name + ".sql");
    Files.writeString(file, text);
    return file;
  }
}
