package io.semstream.topology.sensors;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Counters of a processor's outcomes as Kafka Streams metrics (group {@code stream-semstream-metrics},
 * {@code <outcome>-total} and {@code <outcome>-rate}, tagged with the processor), so an operator sees them
 * beside the library's own metrics, over JMX or any reporter, without reading a topic.
 */
public final class OutcomeSensors {
  /** The Kafka Streams metrics scope of every SemStream outcome. */
  public static final String SCOPE = "semstream";
  public static final String GROUP = "stream-" + SCOPE + "-metrics";

  private final StreamsMetrics metrics;
  private final String processor;
  private final PipelineMeters meters;
  private final Map<String, Sensor> sensors = new HashMap<>();

  public OutcomeSensors(ProcessorContext<?, ?> context, String processor) {
    this.metrics = context.metrics();
    this.processor = processor;
    this.meters = PipelineMeters.of(context);
  }

  /** The application's Micrometer meters, for the figures a counter cannot hold (times, histograms). */
  public PipelineMeters meters() {
    return meters;
  }

  /** Counts one occurrence of {@code outcome} (a metric-name stem: lower case, words joined by '-'). */
  public void record(String outcome) {
    sensors.computeIfAbsent(outcome, o -> metrics.addRateTotalSensor(SCOPE, processor, o,
        Sensor.RecordingLevel.INFO)).record();
  }
}
