package io.semstream.topology.rx;

import io.semstream.schemas.RxPacket;
import io.semstream.topology.records.Received;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Frames and telemetry share the radio link and its topics; at the receiver a packet that carries channel
 * names is a telemetry window and goes to the telemetry decoder, every other packet to the frame decoder.
 */
public final class PacketRouter implements Processor<String, Received<RxPacket>, String, Received<RxPacket>> {
  private final String frames;
  private final String telemetry;
  private ProcessorContext<String, Received<RxPacket>> context;

  private PacketRouter(String frames, String telemetry) {
    this.frames = frames;
    this.telemetry = telemetry;
  }

  public static ProcessorSupplier<String, Received<RxPacket>, String, Received<RxPacket>> supplier(String frames,
      String telemetry) {
    return () -> new PacketRouter(frames, telemetry);
  }

  @Override
  public void init(ProcessorContext<String, Received<RxPacket>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, Received<RxPacket>> record) {
    context.forward(record, record.value().value().getChannelNames() != null ? telemetry : frames);
  }
}
