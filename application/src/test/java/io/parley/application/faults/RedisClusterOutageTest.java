package io.parley.application.faults;

import io.parley.adapters.testing.RedisCluster;
import io.parley.adapters.testing.RedisTopology;
import org.junit.jupiter.api.Tag;

/** The Redis outage test with a whole 3-master cluster going down and coming back. */
@Tag("alone") // its timings are what it tests: run with no other test class beside it
class RedisClusterOutageTest extends RedisOutageTest {
  @Override
  RedisTopology startRedis() {
    RedisCluster cluster = RedisCluster.start(3, 0);
    closeOnStop(cluster);
    return RedisTopology.cluster(cluster);
  }
}
