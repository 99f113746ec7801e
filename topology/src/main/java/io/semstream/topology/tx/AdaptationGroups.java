package io.semstream.topology.tx;

import io.semstream.codecs.image.RgbImage;
import io.semstream.topology.state.StreamSeqKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per stream, the frames gathered for adaptation and the schedule they are in ({@link GroupState}), in logged
 * stores: a transmitter that takes over a stream (after a crash, a rebalance) finds the group it was gathering
 * and the group at the worker, and sends the same delta with the same frame as the one that went away.
 *
 * <p>Frame of ordinal {@code o} sits in slot {@code o mod 2N}: the group being gathered and the pending one
 * never share a slot, because a pending group is settled at most N frames after it was complete.
 */
public final class AdaptationGroups {
  private final int groupFrames;
  private final KeyValueStore<String, GroupState> states;
  private final KeyValueStore<String, RgbImage> frames;

  AdaptationGroups(int groupFrames, KeyValueStore<String, GroupState> states, KeyValueStore<String, RgbImage> frames) {
    this.groupFrames = groupFrames;
    this.states = states;
    this.frames = frames;
  }

  /** How a stream's {@link GroupState} is stored. */
  public static org.apache.kafka.common.serialization.Serde<?> stateSerde() {
    return new GroupState.StoreSerde();
  }

  GroupState state(String streamId) {
    GroupState s = states.get(streamId);
    return s == null ? GroupState.NEW : s;
  }

  void save(String streamId, GroupState state) {
    states.put(streamId, state);
  }

  int groupFrames() {
    return groupFrames;
  }

  /** Stores the frame of ordinal {@code state.next()}. */
  void putFrame(String streamId, long ordinal, RgbImage image) {
    frames.put(slot(streamId, ordinal), image);
  }

  /** The N frames from ordinal {@code first}, oldest first. */
  List<RgbImage> group(String streamId, long first) {
    List<RgbImage> group = new ArrayList<>(groupFrames);
    for (long o = first; o < first + groupFrames; o++) {
      RgbImage image = frames.get(slot(streamId, o));
      if (image == null) {
        throw new IllegalStateException("adaptation frame " + o + " of stream " + streamId + " is not in the store");
      }
      group.add(image);
    }
    return group;
  }

  void deleteFrames(String streamId, long from, long to) {
    for (long o = from; o < to; o++) {
      frames.delete(slot(streamId, o));
    }
  }

  private String slot(String streamId, long ordinal) {
    return StreamSeqKey.of(streamId, ordinal % (2L * groupFrames));
  }
}
