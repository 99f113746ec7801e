package io.semstream.fuzz;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Frame;
import io.semstream.schemas.PixelFormat;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.StreamsSettings;
import io.semstream.topology.Topics;
import io.semstream.topology.acl.TopologyTopics;
import io.semstream.topology.tx.AdaptationSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * One role's real topology (the standard codecs, online adaptation and telemetry on) in a
 * {@link TopologyTestDriver}, fed one fuzzed record at a time. After each the driver is asked for two things: every
 * dead letter carries a reason, and a well-formed control record sent right after still comes out, so a bad
 * record has neither stopped the stream nor poisoned its state. A processor exception escapes {@link #feed} and
 * is the fuzzer's finding.
 */
final class RoleUnderFuzz {
  static final String CONTROL_STREAM = "control";
  private static final AvroSerde<DeadLetter> DEAD_LETTERS = SemSerdes.deadLetter();
  private static final AvroSerde<Frame> FRAMES = SemSerdes.frame();
  private static final AvroSerde<TxPacket> TX_PACKETS = SemSerdes.txPacket();
  private static final AvroSerde<RxPacket> RX_PACKETS = SemSerdes.rxPacket();

  private final Role role;
  private final Topics topics = Topics.defaults();
  private final TopologyTestDriver driver;
  private final List<TestOutputTopic<byte[], byte[]>> outputs = new ArrayList<>();
  private final TestOutputTopic<byte[], byte[]> deadLetters;
  private final TestOutputTopic<byte[], byte[]> controlOut;
  private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
  private final String controlOutput;
  private final TxPacket controlPacket;
  private long controlSeq;
  private long clock = 1_700_000_000_000L;

  RoleUnderFuzz(Role role) {
    this.role = role;
    CodecRegistry codecs = CodecRegistry.standard();
    PipelineConfig config = PipelineConfig.builder().codecId("softcast-c16").telemetryCodecId("linear-c16")
        .adaptation(AdaptationSettings.every(4)).keepReferenceFrames(true).build();
    Properties overrides = new Properties();
    try {
      overrides.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("semstream-fuzz-").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    driver = new TopologyTestDriver(PipelineRunner.topology(role, topics, config, codecs),
        StreamsSettings.forRole(role.id(), "unused:9092", overrides), Instant.ofEpochMilli(clock));
    // only the topics the role writes: asking the driver about any other logs a warning per call
    for (String t : TopologyTopics.of(PipelineRunner.topology(role, topics, config, codecs)).writes()) {
      outputs.add(driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }
    deadLetters = driver.createOutputTopic(topics.deadLetter(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    controlOutput = switch (role) {
      case TX -> topics.txSymbols();
      case CHANNEL -> topics.rxSymbols();
      case RX -> topics.reconstructions();
    };
    controlOut = driver.createOutputTopic(controlOutput, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try (Codec softcast = codecs.create("softcast-c16")) {
      controlPacket = softcast.encode(new SourceFrame(CONTROL_STREAM, 0, clock, picture()), LinkConditions.awgn(10));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(driver::close));
  }

  Topics topics() {
    return topics;
  }

  /** Pipes one record, checks what came out, then the control record. */
  void feed(String topic, String key, byte[] value) {
    pipe(topic, key, value);
    checkDeadLetters();
    drainOthers();
    sendControl(topic);
  }

  /**
   * Pipes one record that should be refused, then the control record.
   *
   * @return the dead letter's reason, or null when the record was not sent to dead-letter
   */
  String refusal(String topic, String key, byte[] value) {
    pipe(topic, key, value);
    String reason = null;
    while (!deadLetters.isEmpty()) {
      DeadLetter d = DEAD_LETTERS.fromBytes(deadLetters.readRecord().value());
      if (reason == null) {
        reason = d.getReason() == null ? "" : d.getReason().toString();
      }
    }
    drainOthers();
    sendControl(topic);
    return reason;
  }

  /** Sends the control record and fails unless it comes out. */
  private void sendControl(String afterTopic) {
    long seq = ++controlSeq;
    pipe(inputOfControl(), CONTROL_STREAM, control(seq));
    checkDeadLetters();
    boolean seen = false;
    while (!controlOut.isEmpty()) {
      byte[] k = controlOut.readRecord().key();
      seen |= k != null && CONTROL_STREAM.equals(new String(k, StandardCharsets.UTF_8));
    }
    drainOthers();
    if (!seen) {
      throw new AssertionError(role.id() + ": the control record " + seq + " sent after a record on " + afterTopic
          + " did not come out on " + controlOutput);
    }
  }

  private void pipe(String topic, String key, byte[] value) {
    clock += 40;
    TestInputTopic<byte[], byte[]> in = inputs.computeIfAbsent(topic,
        t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()));
    in.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, clock);
  }

  private void checkDeadLetters() {
    while (!deadLetters.isEmpty()) {
      DeadLetter d = DEAD_LETTERS.fromBytes(deadLetters.readRecord().value());
      if (d.getReason() == null || d.getReason().toString().isBlank()) {
        throw new AssertionError(role.id() + ": a dead letter from " + d.getTopic() + " has no reason");
      }
    }
  }

  private void drainOthers() {
    for (TestOutputTopic<byte[], byte[]> o : outputs) {
      while (!o.isEmpty()) {
        o.readRecord();
      }
    }
  }

  private String inputOfControl() {
    return switch (role) {
      case TX -> topics.frames();
      case CHANNEL -> topics.txSymbols();
      case RX -> topics.rxSymbols();
    };
  }

  private byte[] control(long seq) {
    switch (role) {
      case TX:
        RgbImage img = picture();
        return FRAMES.toBytes(Frame.newBuilder().setStreamId(CONTROL_STREAM).setSeq(seq)
            .setCaptureTimestamp(clock).setWidth(img.width()).setHeight(img.height())
            .setPixelFormat(PixelFormat.RAW_RGB8).setPayload(ByteBuffer.wrap(img.rgb())).build());
      case CHANNEL:
        TxPacket tx = TxPacket.newBuilder(controlPacket).setSeq(seq).build();
        return TX_PACKETS.toBytes(tx);
      default:
        TxPacket sent = TxPacket.newBuilder(controlPacket).setSeq(seq).build();
        ChannelConfig link = ChannelConfig.awgn(10);
        RxPacket rx = RxPackets.from(sent, new ChannelSimulator(5).transmit(Symbols.fromBytes(sent.getSymbols()), link,
            CONTROL_STREAM, seq, null), link, clock);
        return RX_PACKETS.toBytes(rx);
    }
  }

  private static RgbImage picture() {
    int w = 48, h = 32;
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 13 / 7);
    }
    return new RgbImage(w, h, rgb);
  }
}
