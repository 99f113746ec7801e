package io.semstream.topology;

import io.semstream.schemas.serde.AvroSerde;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TopologyTestDriver;

/** Reading a {@link TopologyTestDriver}'s output topics, for every role's test driver. */
public final class OutputTopics {
  private OutputTopics() {}

  /** Everything written to {@code topic} since the last read, parsed with {@code serde}. */
  public static <T extends SpecificRecord> List<T> read(TopologyTestDriver driver, String topic, AvroSerde<T> serde) {
    return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList().stream().map(r -> serde.fromBytes(r.value())).toList();
  }
}
