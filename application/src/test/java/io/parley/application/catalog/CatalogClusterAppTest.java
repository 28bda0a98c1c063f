package io.parley.application.catalog;

import io.parley.application.testing.RunningApp;

/** The catalog whole-app tests with Redis Cluster as the shared tier. */
class CatalogClusterAppTest extends CatalogAppTest {
  @Override
  RunningApp app() {
    return RunningApp.onRedisCluster();
  }
}
