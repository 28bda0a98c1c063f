package io.parley.application.faults;

import io.parley.adapters.testing.RedisTopology;
import io.parley.adapters.testing.TestServers;

/**
 * Two instances on a 3-master Redis Cluster: invalidations (classic PUBLISH, forwarded over the
 * cluster bus to the node each subscriber listens on), catalog versions and key revocations.
 */
class TwoInstancesClusterTest extends TwoInstancesTest {
  @Override
  RedisTopology redis() {
    return RedisTopology.cluster(TestServers.redisCluster());
  }
}
