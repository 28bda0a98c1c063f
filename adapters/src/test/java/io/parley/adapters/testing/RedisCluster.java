package io.parley.adapters.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster on loopback ports, from the machine's {@code redis-server} and {@code
 * redis-cli} (Debian's redis-server and redis-tools; .ci/run installs them), formed with {@code
 * redis-cli --cluster create}. Every node and its directory are removed on close.
 */
public final class RedisCluster implements AutoCloseable {
  private final Path directory;
  private final List<Integer> ports;
  private final Map<Integer, Process> processes = new ConcurrentHashMap<>();

  private RedisCluster(Path directory, List<Integer> ports) {
    this.directory = directory;
    this.ports = ports;
  }

  /** Starts {@code masters} masters, each with {@code replicas} replicas, and waits until ok. */
  public static RedisCluster start(int masters, int replicas) {
    requireBinaries();
    try {
      Path directory = Files.createTempDirectory("parley-redis-cluster");
      List<Integer> ports = freePorts(masters * (1 + replicas));
      RedisCluster cluster = new RedisCluster(directory, ports);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
      ports.forEach(cluster::startNode);
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      ports.forEach(port -> create.add("127.0.0.1:" + port));
      create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
      run(create);
      cluster.awaitOk();
      if (replicas > 0) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> cluster.replicaCount() == masters * replicas);
      }
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Seed nodes as REDIS_CLUSTER_NODES takes them: {@code host:port,host:port}. */
  public String nodes() {
    return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** The ports of the nodes running now. */
  public List<Integer> livePorts() {
    return ports.stream().filter(processes::containsKey).toList();
  }

  /** The port of the master that serves {@code key}'s slot now. */
  public int masterOf(String key) {
    int slot = (int) (long) on(livePort(), jedis -> jedis.clusterKeySlot(key));
    for (String line : clusterNodes()) {
      String[] fields = line.split(" ");
      if (fields[2].contains("master") && !fields[2].contains("fail")) {
        for (int i = 8; i < fields.length; i++) {
          String[] range = fields[i].split("-");
          if (range[0].startsWith("[")) {
            continue;
          }
          int from = Integer.parseInt(range[0]);
          int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
          if (slot >= from && slot <= to) {
            return port(fields[1]);
          }
        }
      }
    }
    throw new IllegalStateException("no master serves slot " + slot);
  }

  /** A replica of the master on {@code masterPort}. */
  public int replicaOf(int masterPort) {
    String masterId = nodeId(masterPort);
    for (String line : clusterNodes()) {
      String[] fields = line.split(" ");
      if (fields[2].contains("slave") && fields[3].equals(masterId)) {
        return port(fields[1]);
      }
    }
    throw new IllegalStateException("the master on " + masterPort + " has no replica");
  }

  /**
   * Reshards {@code key}'s slot to the master on {@code toPort} as redis-cli does: importing and
   * migrating states, MIGRATE of the slot's keys, then the new owner told to every master.
   */
  public void moveSlotOf(String key, int toPort) {
    beginMoveOf(key, toPort).finish();
  }

  /**
   * The first half of {@link #moveSlotOf}: the slot is importing on {@code toPort}, migrating on
   * its owner, and its keys are already on {@code toPort}, so its owner answers commands on them
   * with ASK until {@link SlotMove#finish()} tells every master the new owner.
   */
  public SlotMove beginMoveOf(String key, int toPort) {
    int slot = (int) (long) on(livePort(), jedis -> jedis.clusterKeySlot(key));
    int from = masterOf(key);
    String fromId = nodeId(from);
    String toId = nodeId(toPort);
    on(toPort, jedis -> jedis.clusterSetSlotImporting(slot, fromId));
    on(from, jedis -> jedis.clusterSetSlotMigrating(slot, toId));
    on(
        from,
        jedis -> {
          List<String> keys = jedis.clusterGetKeysInSlot(slot, 10_000);
          return keys.isEmpty()
              ? "NOKEY"
              : jedis.migrate(
                  "127.0.0.1",
                  toPort,
                  0,
                  5_000,
                  new redis.clients.jedis.params.MigrateParams(),
                  keys.toArray(String[]::new));
        });
    return new SlotMove(slot, from, toPort, toId);
  }

  /** A slot between {@link #beginMoveOf} and {@link #finish()}. */
  public final class SlotMove {
    private final int slot;
    private final int from;
    private final int to;
    private final String toId;

    private SlotMove(int slot, int from, int to, String toId) {
      this.slot = slot;
      this.from = from;
      this.to = to;
      this.toId = toId;
    }

    /** How many keys of the slot the old owner still holds. */
    public long keysLeftOnTheOldOwner() {
      return on(from, jedis -> jedis.clusterCountKeysInSlot(slot));
    }

    /** How many keys of the slot the new owner holds. */
    public long keysOnTheNewOwner() {
      return on(to, jedis -> jedis.clusterCountKeysInSlot(slot));
    }

    public void finish() {
      for (int port : livePorts()) {
        on(port, jedis -> jedis.clusterSetSlotNode(slot, toId));
      }
    }
  }

  /** A master other than {@code port}. */
  public int anotherMaster(int port) {
    for (String line : clusterNodes()) {
      String[] fields = line.split(" ");
      if (fields[2].contains("master") && port(fields[1]) != port) {
        return port(fields[1]);
      }
    }
    throw new IllegalStateException("no other master");
  }

  /** {@code CLUSTER FAILOVER} on a replica: it takes over its master's slots, losing nothing. */
  public void failover(int replicaPort) {
    on(replicaPort, jedis -> jedis.clusterFailover());
  }

  /** Kills a node as a crash would (SIGKILL): its replica is promoted after the node timeout. */
  public void kill(int port) {
    Process process = processes.remove(port);
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts a killed node again with its old cluster configuration; it rejoins as a replica. */
  public void restart(int port) {
    startNode(port);
  }

  /** Waits until every live node says the cluster is ok and every slot has a master. */
  public void awaitOk() {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () ->
                processes.keySet().stream()
                    .allMatch(
                        port ->
                            on(port, Jedis::clusterInfo).contains("cluster_state:ok")
                                && on(port, Jedis::clusterInfo)
                                    .contains("cluster_slots_ok:16384")));
  }

  private long replicaCount() {
    return clusterNodes().stream().filter(line -> line.split(" ")[2].contains("slave")).count();
  }

  private List<String> clusterNodes() {
    return List.of(on(livePort(), Jedis::clusterNodes).split("\n"));
  }

  private String nodeId(int port) {
    return on(port, Jedis::clusterMyId);
  }

  private int livePort() {
    return processes.keySet().iterator().next();
  }

  private static int port(String address) {
    String hostPort = address.split("@")[0];
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  private <T> T on(int port, java.util.function.Function<Jedis, T> command) {
    try (Jedis jedis = new Jedis("127.0.0.1", port, 2_000)) {
      return command.apply(jedis);
    }
  }

  private void startNode(int port) {
    Path dir = directory.resolve(Integer.toString(port));
    try {
      Files.createDirectories(dir);
      Process process =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--cluster-enabled",
                  "yes",
                  "--cluster-port",
                  Integer.toString(port + BUS_OFFSET),
                  "--cluster-config-file",
                  dir.resolve("nodes.conf").toString(),
                  "--cluster-node-timeout",
                  "2000",
                  "--dir",
                  dir.toString(),
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--logfile",
                  dir.resolve("redis.log").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
      processes.put(port, process);
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> "PONG".equals(on(port, Jedis::ping)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start redis-server on " + port, e);
    }
  }

  @Override
  public void close() {
    List.copyOf(processes.keySet()).forEach(this::kill);
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Left for the OS's temporary-file cleanup.
    }
  }

  private static void requireBinaries() {
    for (String binary : List.of("redis-server", "redis-cli")) {
      boolean found =
          Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
              .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
      if (!found) {
        throw new IllegalStateException(
            binary
                + " is not installed: the Redis Cluster tests need Debian's redis-server and"
                + " redis-tools (.ci/run installs them)");
      }
    }
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The cluster-bus port is p + this, set explicitly: Redis' default (p + 10000) fell in the
   * kernel's ephemeral range (32768-60999), where another process's outgoing connection could take
   * it between the check and the node's start (a node failed to start in CI with the tests in two
   * JVMs).
   */
  private static final int BUS_OFFSET = 6_000;

  /** Ports p with p and its cluster-bus port p + BUS_OFFSET both free, all below 32768. */
  private static List<Integer> freePorts(int count) {
    List<Integer> ports = new ArrayList<>();
    while (ports.size() < count) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 26_000);
      if (!ports.contains(port) && free(port) && free(port + BUS_OFFSET)) {
        ports.add(port);
      }
    }
    return ports;
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
