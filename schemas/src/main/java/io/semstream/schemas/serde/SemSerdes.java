package io.semstream.schemas.serde;

import io.semstream.schemas.ChannelState;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Frame;
import io.semstream.schemas.LinkMetrics;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TelemetryReconstruction;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.schemas.TxPacket;

/** One serde per record of the pipeline. */
public final class SemSerdes {
  private SemSerdes() {}

  public static AvroSerde<Frame> frame() { return new AvroSerde<>(Frame.class); }
  public static AvroSerde<TelemetryWindow> telemetry() { return new AvroSerde<>(TelemetryWindow.class); }
  public static AvroSerde<TelemetryReconstruction> telemetryReconstruction() {
    return new AvroSerde<>(TelemetryReconstruction.class);
  }
  public static AvroSerde<ChannelState> channelState() { return new AvroSerde<>(ChannelState.class); }
  public static AvroSerde<TxPacket> txPacket() { return new AvroSerde<>(TxPacket.class); }
  public static AvroSerde<RxPacket> rxPacket() { return new AvroSerde<>(RxPacket.class); }
  public static AvroSerde<ModelDelta> modelDelta() { return new AvroSerde<>(ModelDelta.class); }
  public static AvroSerde<Reconstruction> reconstruction() { return new AvroSerde<>(Reconstruction.class); }
  public static AvroSerde<LinkMetrics> linkMetrics() { return new AvroSerde<>(LinkMetrics.class); }
  public static AvroSerde<DeadLetter> deadLetter() { return new AvroSerde<>(DeadLetter.class); }
}
