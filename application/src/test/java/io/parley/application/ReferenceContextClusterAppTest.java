package io.parley.application;

/** The reference-context whole-app tests with Redis Cluster as the shared tier. */
class ReferenceContextClusterAppTest extends ReferenceContextAppTest {
  @Override
  RunningApp app() {
    return RunningApp.onRedisCluster();
  }
}
