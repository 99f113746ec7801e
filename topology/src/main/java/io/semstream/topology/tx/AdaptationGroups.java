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
  private final int maxFrameBytes;
  private final KeyValueStore<String, GroupState> states;
  private final KeyValueStore<String, RgbImage> frames;

  /** @param maxRecordBytes the changelogs' record limit: a frame too large for it is not gathered */
  AdaptationGroups(int groupFrames, int maxRecordBytes, KeyValueStore<String, GroupState> states,
      KeyValueStore<String, RgbImage> frames) {
    this.groupFrames = groupFrames;
    this.maxFrameBytes = maxRecordBytes - 1024;
    this.states = states;
    this.frames = frames;
  }

  /** Whether the frame can be gathered: its raw pixels must fit a changelog record. */
  boolean fits(RgbImage image) {
    return image.sourceDimension() + 8 <= maxFrameBytes;
  }

  /** How a stream's {@link GroupState} is stored. */
  public static org.apache.kafka.common.serialization.Serde<?> stateSerde() {
    return new GroupState.StoreSerde();
  }

  /**
   * The stream's state. One written with another group size (the transmitter restarted with another
   * {@code --adapt-every}) is dropped with its frames: its slots and due frame were computed for that size.
   */
  GroupState state(String streamId) {
    GroupState s = states.get(streamId);
    if (s == null) {
      return GroupState.fresh(groupFrames);
    }
    if (s.groupFrames() != groupFrames) {
      for (long o = Math.max(0, s.next() - 2L * s.groupFrames()); o < s.next(); o++) {
        frames.delete(StreamSeqKey.of(streamId, o % (2L * s.groupFrames())));
      }
      GroupState fresh = GroupState.fresh(groupFrames);
      states.put(streamId, fresh);
      return fresh;
    }
    return s;
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
