package io.parley.application.faults;

import io.parley.adapters.testing.RedisCluster;
import io.parley.adapters.testing.RedisTopology;

/** The Redis outage test with a whole 3-master cluster going down and coming back. */
class RedisClusterOutageTest extends RedisOutageTest {
  @Override
  RedisTopology startRedis() {
    RedisCluster cluster = RedisCluster.start(3, 0);
    closeOnStop(cluster);
    return RedisTopology.cluster(cluster);
  }
}
