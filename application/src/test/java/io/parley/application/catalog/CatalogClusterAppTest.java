package io.parley.application.catalog;

import io.parley.application.testing.RunningApp;
import org.junit.jupiter.api.Tag;

/** The catalog whole-app tests with Redis Cluster as the shared tier. */
@Tag("alone") // its timings are what it tests: run with no other test class beside it
class CatalogClusterAppTest extends CatalogAppTest {
  @Override
  RunningApp app() {
    return RunningApp.onRedisCluster();
  }
}
