package io.semstream.it;

import io.semstream.testkit.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that runs against one real KRaft broker started in this JVM for the class and stopped after it. */
abstract class EmbeddedBrokerTest {

  static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(0, null);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }
}
