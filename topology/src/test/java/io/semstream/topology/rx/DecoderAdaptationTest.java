package io.semstream.topology.rx;

import static io.semstream.topology.rx.TinyExplicitCodecs.ADAPTIVE;
import static io.semstream.topology.rx.TinyExplicitCodecs.FIXED;
import static io.semstream.topology.rx.TinyExplicitCodecs.adaptive;
import static io.semstream.topology.rx.TinyExplicitCodecs.holding;
import static io.semstream.topology.rx.TinyExplicitCodecs.packet;
import static io.semstream.topology.rx.TinyExplicitCodecs.registry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.ModelCheckpoints;
import io.semstream.codecs.api.ParameterVectors;
import io.semstream.codecs.delta.ModelDeltaCodec;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.serde.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver applies model deltas and checkpoints to the decoder itself, per stream (DESIGN §6). */
class DecoderAdaptationTest {
  private static final ModelDeltaCodec DELTAS = new ModelDeltaCodec();
  @TempDir Path state;

  @Test
  void aDeltaMakesTheReceiverDecodeExactlyAsTheNewParametersDo() {
    try (ExplicitCodec tx = adaptive(); ReceiverDriver rx = new ReceiverDriver(registry(), state)) {
      ModelDeltaCodec.Delta delta = DELTAS.encode(tx.baseParameters(), shifted(tx.baseParameters(), 0.05f));
      RxPacket atBase = packet(tx, "cam", 0, 0);
      RxPacket atNew = packet(tx, "cam", 1, 1);
      rx.pipe(rx.topics.rxSymbols(), "cam", atBase);
      rx.pipe(rx.topics.rxSymbols(), "cam", atNew); // held until version 1 arrives
      rx.pipe(rx.topics.modelDeltas(), "cam", delta("cam", 0, 1, delta.payload()));

      List<Reconstruction> out = rx.reconstructions();
      assertEquals(List.of(0L, 1L), out.stream().map(Reconstruction::getModelVersion).toList());
      try (ExplicitCodec shipped = adaptive(); ExplicitCodec adapted = holding(delta.applied())) {
        assertArrayEquals(shipped.decode(atBase).rgb(), pixels(out.get(0)));
        assertArrayEquals(adapted.decode(atNew).rgb(), pixels(out.get(1)));
        assertFalse(Arrays.equals(shipped.decode(atNew).rgb(), pixels(out.get(1))),
            "the delta changes the picture, or this test shows nothing");
      }

      assertArrayEquals(delta.applied(), rx.parameters().get("cam"));
      List<TestRecord<byte[], byte[]>> changelog = rx.parametersChangelog();
      TestRecord<byte[], byte[]> last = changelog.get(changelog.size() - 1);
      assertEquals("cam", new String(last.key(), StandardCharsets.UTF_8));
      assertArrayEquals(delta.applied(), ParameterVectors.fromBytes(last.value()), "what a successor restores");
      assertTrue(rx.deadLetters().isEmpty());
    }
  }

  @Test
  void truncatedOrMalformedPayloadUnknownStreamAndFixedCodecAreDeadLetteredARepeatIsIgnoredAndDecodingGoesOn() {
    try (ExplicitCodec tx = adaptive(); ReceiverDriver rx = new ReceiverDriver(registry(), state)) {
      ModelDeltaCodec.Delta first = DELTAS.encode(tx.baseParameters(), shifted(tx.baseParameters(), 0.05f));
      ModelDeltaCodec.Delta second = DELTAS.encode(first.applied(), shifted(first.applied(), -0.03f));
      ModelDelta truncated = delta("cam", 1, 2, second.payload());
      truncated.setPayload(ByteBuffer.wrap(Arrays.copyOf(second.payload(), second.payload().length / 2)));
      byte[] badExponent = second.payload().clone();
      badExponent[0] = 31;
      ModelDelta forFixedCodec = delta("cam", 1, 2, second.payload());
      forFixedCodec.setCodecId(FIXED);

      rx.pipe(rx.topics.modelDeltas(), "cam", delta("cam", 0, 1, first.payload()));
      rx.pipe(rx.topics.modelDeltas(), "cam", delta("cam", 0, 1, first.payload()));
      rx.pipe(rx.topics.modelDeltas(), "cam", truncated);
      rx.pipe(rx.topics.modelDeltas(), "cam", delta("cam", 1, 2, badExponent));
      rx.pipe(rx.topics.modelDeltas(), "other", delta("other", 4, 5, first.payload()));
      rx.pipe(rx.topics.modelDeltas(), "cam", forFixedCodec);
      RxPacket packet = packet(tx, "cam", 0, 1);
      rx.pipe(rx.topics.rxSymbols(), "cam", packet);

      List<String> reasons = rx.deadLetters().stream().map(DeadLetter::getReason).toList();
      // the repeated 0 -> 1 leads to the version the stream is at: nothing to apply, nothing wrong
      assertEquals(4, reasons.size(), reasons.toString());
      assertTrue(reasons.get(0).contains("model delta 1 -> 2 for stream 'cam' not applied: its payload is "
          + second.payload().length / 2 + " bytes but the record declares " + second.bits() + " bits; truncated"),
          reasons.get(0));
      assertTrue(reasons.get(1).contains("model delta 1 -> 2 for stream 'cam' not applied: model delta payload of "
          + badExponent.length + " bytes is malformed, truncated or built for another subset: model delta payload of "
          + badExponent.length + " bytes fails its CRC-32"),
          reasons.get(1));
      assertTrue(reasons.get(2).contains("stream 'other' is at version 0, unknown to this receiver"), reasons.get(2));
      assertTrue(reasons.get(3).contains("codec '" + FIXED + "', whose decoder has no adaptable parameters"),
          reasons.get(3));

      assertEquals(1, rx.states().get("cam").version());
      assertArrayEquals(first.applied(), rx.parameters().get("cam"), "refused updates leave the vector alone");
      assertNull(rx.states().get("other"));
      assertNull(rx.parameters().get("other"));
      Reconstruction r = rx.reconstructions().get(0);
      assertEquals(1, r.getModelVersion());
      try (ExplicitCodec adapted = holding(first.applied())) {
        assertArrayEquals(adapted.decode(packet).rgb(), pixels(r));
      }
    }
  }

  @Test
  void aCheckpointSetsTheVectorAndLaterDeltasBuildOnIt() {
    try (ExplicitCodec tx = adaptive(); ReceiverDriver rx = new ReceiverDriver(registry(), state)) {
      float[] checkpointed = shifted(tx.baseParameters(), 0.02f);
      rx.pipe(rx.topics.modelCheckpoints(), "late", ModelCheckpoints.of("late", ADAPTIVE, 7, 0, checkpointed, 0));
      rx.pipe(rx.topics.modelCheckpoints(), "late", ModelCheckpoints.of("late", ADAPTIVE, 9, 0, new float[3], 0));
      assertEquals(7, rx.states().get("late").version());
      assertArrayEquals(checkpointed, rx.parameters().get("late"));
      DeadLetter wrongSize = rx.deadLetters().get(0);
      assertTrue(wrongSize.getReason().contains("carries 3 parameters; codec '" + ADAPTIVE + "' adapts "
          + checkpointed.length), wrongSize.getReason());

      // the delta that led to version 7, read after its checkpoint: already reached, neither applied nor refused
      ModelDeltaCodec.Delta stale = DELTAS.encode(tx.baseParameters(), shifted(tx.baseParameters(), 0.5f));
      rx.pipe(rx.topics.modelDeltas(), "late", delta("late", 6, 7, stale.payload()));
      assertTrue(rx.deadLetters().isEmpty(), "a delta to a version already reached is not refused");
      assertArrayEquals(checkpointed, rx.parameters().get("late"));

      ModelDeltaCodec.Delta next = DELTAS.encode(checkpointed, shifted(checkpointed, 0.04f));
      rx.pipe(rx.topics.modelDeltas(), "late", delta("late", 7, 8, next.payload()));
      RxPacket packet = packet(tx, "late", 0, 8);
      rx.pipe(rx.topics.rxSymbols(), "late", packet);
      assertArrayEquals(next.applied(), rx.parameters().get("late"));
      Reconstruction r = rx.reconstructions().get(0);
      assertEquals(8, r.getModelVersion());
      try (ExplicitCodec adapted = holding(next.applied())) {
        assertArrayEquals(adapted.decode(packet).rgb(), pixels(r));
      }
    }
  }

  /** v + a·sin(i): every value moves, by different amounts. */
  private static float[] shifted(float[] v, float a) {
    float[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += a * (float) Math.sin(i + 1);
    }
    return out;
  }

  private static ModelDelta delta(String streamId, long base, long next, byte[] payload) {
    return ModelDelta.newBuilder()
        .setStreamId(streamId)
        .setCodecId(ADAPTIVE)
        .setBaseVersion(base)
        .setNewVersion(next)
        .setFirstSeq(0)
        .setStep(DELTAS.step())
        .setPayload(ByteBuffer.wrap(payload))
        .setBits(8L * payload.length)
        .setChannelUses(100)
        .build();
  }

  private static byte[] pixels(Reconstruction r) {
    return ImageFiles.decode(Bytes.of(r.getPayload())).rgb();
  }
}
