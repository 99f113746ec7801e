package io.semstream.topology.acl;

import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/** The topics a topology reads (its sources and global stores) and writes (its sinks), from its description. */
public record TopologyTopics(Set<String> reads, Set<String> writes) {

  public static TopologyTopics of(Topology topology) {
    Set<String> reads = new TreeSet<>();
    Set<String> writes = new TreeSet<>();
    TopologyDescription description = topology.describe();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          reads.addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
          writes.add(sink.topic());
        }
      }
    }
    for (TopologyDescription.GlobalStore store : description.globalStores()) {
      reads.addAll(store.source().topicSet());
    }
    return new TopologyTopics(Set.copyOf(reads), Set.copyOf(writes));
  }
}
