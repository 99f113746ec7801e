package io.semstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.telemetry.LinearAnalogTelemetryCodec;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.LinkMetrics;
import io.semstream.schemas.TelemetryReconstruction;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import io.micrometer.core.instrument.DistributionSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telemetry through the three roles, chained by hand as the broker would chain them. */
class TelemetryPipelineTest {
  static final int CHANNELS = 8, LENGTH = 100;
  @TempDir Path state;

  /** An 8-channel, 100 Hz window of sensors with different units and speeds. */
  static TelemetryWindow window(String stream, long seq, int channels, int length, long start) {
    List<String> names = new ArrayList<>();
    List<Float> samples = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      names.add("sensor" + c);
      for (int t = 0; t < length; t++) {
        double time = (seq * length + t) / 100.0;
        samples.add((float) (Math.pow(10, c % 4) * Math.sin(2 * Math.PI * (0.2 + 0.3 * c) * time) + 50 * c
            + 0.05 * Math.cos(17 * time * (c + 1))));
      }
    }
    return TelemetryWindow.newBuilder().setStreamId(stream).setSeq(seq).setStartTimestamp(start)
        .setSampleRateHz(100).setChannelNames(names).setSamples(samples).build();
  }

  private static SeriesWindow series(TelemetryWindow w) {
    float[] v = new float[w.getSamples().size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = w.getSamples().get(i);
    }
    return new SeriesWindow(w.getChannelNames().size(), v.length / w.getChannelNames().size(), v);
  }

  private static PipelineConfig config() {
    return PipelineConfig.builder().telemetryCodecId("linear-c4").defaultChannel(ChannelConfig.awgn(20)).build();
  }

  @Test
  void windowsComeOutReconstructedScoredAndAsTheOfflineCodecDecodesThem() {
    PipelineConfig config = config();
    List<TelemetryWindow> sent = new ArrayList<>();
    try (Harness tx = Harness.of(Role.TX, config, state.resolve("tx"));
         Harness ch = Harness.of(Role.CHANNEL, config, state.resolve("channel"));
         Harness rx = Harness.of(Role.RX, config, state.resolve("rx"))) {
      for (long seq = 0; seq < 4; seq++) {
        TelemetryWindow w = window("plant", seq, CHANNELS, LENGTH, 1_700_000_000_000L + 1000 * seq);
        sent.add(w);
        tx.pipe(tx.topics.telemetry(), "plant", w);
        rx.pipe(rx.topics.telemetry(), "plant", w);
      }
      forward(tx, tx.topics.txSymbols(), ch);
      forward(ch, ch.topics.rxSymbols(), rx);
      List<TelemetryReconstruction> out = rx.read(rx.topics.telemetryReconstructions(),
          SemSerdes.telemetryReconstruction());
      assertEquals(4, out.size());
      assertTrue(tx.deadLetters().isEmpty() && rx.deadLetters().isEmpty());

      // The offline codec, the profile of the first window and the channel's draws for (run seed, stream, seq).
      StreamProfile profile = StreamProfile.of(List.of(series(sent.get(0))));
      ChannelSimulator channel = new ChannelSimulator(config.runSeed());
      try (LinearAnalogTelemetryCodec codec = new LinearAnalogTelemetryCodec(0.25)) {
        for (int i = 0; i < 4; i++) {
          TelemetryReconstruction r = out.get(i);
          assertEquals(i, r.getSeq());
          assertFalse(r.getLost());
          assertEquals(sent.get(i).getChannelNames(), r.getChannelNames());
          assertEquals(100.0, r.getSampleRateHz());
          assertEquals(0.25, r.getCbr(), 1e-9);
          assertNotNull(r.getNmseDb());
          assertTrue(r.getNmseDb() < -10, "window " + i + " NMSE " + r.getNmseDb() + " dB at 20 dB SNR, CBR 1/4");
          assertEquals(CHANNELS, r.getMaxAbsError().size());
          TxPacket packet = codec.encode(new TelemetryWindowMeta("plant", i, sent.get(i).getStartTimestamp()),
              series(sent.get(i)), profile, LinkConditions.awgn(20));
          ChannelOutput through = channel.transmit(Symbols.fromBytes(packet.getSymbols()), ChannelConfig.awgn(20),
              "plant", i, null);
          SeriesWindow offline = codec.decode(RxPackets.from(packet, through, ChannelConfig.awgn(20), 0), profile);
          float[] piped = new float[r.getSamples().size()];
          for (int k = 0; k < piped.length; k++) {
            piped[k] = r.getSamples().get(k);
          }
          assertArrayEquals(offline.samples(), piped, "window " + i + " differs from the offline decode");
        }
      }
      rx.driver.advanceWallClockTime(Duration.ofSeconds(3));
      List<LinkMetrics> metrics = rx.read(rx.topics.metrics(), SemSerdes.linkMetrics());
      assertFalse(metrics.isEmpty(), "a closed metrics window");
      long windows = metrics.stream().mapToLong(LinkMetrics::getFrames).sum();
      assertEquals(4, windows);
      assertTrue(metrics.stream().allMatch(m -> m.getMeanNmseDb() != null && m.getMeanNmseDb() < -10));

      // The roles' meters: four windows encoded, decoded and scored (NMSE as a ratio: -10 dB is 0.1).
      assertEquals(4, tx.meters.get("semstream.encode").tag("codec", "linear-c4").timer().count());
      assertEquals(4, rx.meters.get("semstream.decode").tag("codec", "linear-c4").timer().count());
      DistributionSummary nmse = rx.meters.get("semstream.nmse").summary();
      assertEquals(4, nmse.count());
      assertTrue(nmse.max() < 0.1, "largest NMSE " + nmse.max());
      assertEquals(4, rx.meters.get("semstream.records.out").tag("sink", ReceiverTopology.TELEMETRY_RECONSTRUCTIONS_SINK)
          .counter().count());
    }
  }

  @Test
  void badWindowsGoToDeadLetterWithTheirReasonAndTheStreamGoesOn() {
    try (Harness tx = Harness.of(Role.TX, config(), state.resolve("tx"))) {
      tx.pipe(tx.topics.telemetry(), "s", window("s", 0, 4, 50, 10_000));
      TelemetryWindow nan = window("s", 1, 4, 50, 11_000);
      nan.getSamples().set(60, Float.NaN);
      tx.pipe(tx.topics.telemetry(), "s", nan);
      tx.pipe(tx.topics.telemetry(), "s", window("s", 2, 3, 50, 12_000));
      tx.pipe(tx.topics.telemetry(), "s", window("s", 3, 4, 50, 9_000));
      tx.pipe(tx.topics.telemetry(), "s", window("s", 4, 4, 0, 13_000));
      TelemetryWindow renamed = window("s", 5, 4, 50, 13_500);
      renamed.setChannelNames(List.of("sensor1", "sensor0", "sensor2", "sensor3"));
      tx.pipe(tx.topics.telemetry(), "s", renamed);
      tx.pipe(tx.topics.telemetry(), "s", window("s", 6, 4, 50, 14_000));
      tx.pipeBytes(tx.topics.telemetry(), "s", new byte[] {1, 2, 3});
      List<String> reasons = tx.deadLetters().stream().map(DeadLetter::getReason).map(String::valueOf).toList();
      assertEquals(6, reasons.size(), reasons.toString());
      assertTrue(reasons.get(0).contains("NaN") && reasons.get(0).contains("sensor1"), reasons.get(0));
      assertTrue(reasons.get(1).contains("3 channels") && reasons.get(1).contains("has 4"), reasons.get(1));
      assertTrue(reasons.get(2).contains("backwards"), reasons.get(2));
      assertTrue(reasons.get(3).contains("empty"), reasons.get(3));
      assertTrue(reasons.get(4).contains("names its channels"), reasons.get(4));
      List<TestRecord<byte[], byte[]>> packets = tx.records(tx.topics.txSymbols());
      assertEquals(2, packets.size(), "windows 0 and 6 are sent");
      assertEquals(6, SemSerdes.txPacket().fromBytes(packets.get(1).value()).getSeq());
      // Every window was read; each dead letter is counted once, under its reason's wording.
      assertEquals(8, tx.meters.get("semstream.records.in").counter().count());
      double letters = tx.meters.get("semstream.dead.letters").counters().stream().mapToDouble(c -> c.count()).sum();
      assertEquals(6, letters);
      assertEquals(1, tx.meters.get("semstream.dead.letters").tag("processor", TransmitterTopology.TELEMETRY_READER)
          .counter().count(), "the unreadable record");
    }
  }

  private static void forward(Harness from, String topic, Harness to) {
    for (TestRecord<byte[], byte[]> r : from.records(topic)) {
      to.pipeBytes(topic, new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), r.value());
    }
  }
}
