package io.semstream.topology.acl;

import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.StreamsSettings;
import io.semstream.topology.Topics;
import io.semstream.topology.tx.AdaptationSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.Topology;

/**
 * Who may do what on a secured cluster: each role's principal reads the topics its topology reads and writes
 * those it writes, taken from the topology itself so the grants follow the code; it owns its own group, internal
 * topics and transactional ids (all prefixed by its application id). Two more principals stand outside the
 * roles: {@link #INGEST} writes the inputs, {@link #READER} reads every pipeline topic and writes none.
 * Every principal may describe the pipeline topics (the roles check their partition counts at start).
 */
public final class PipelineAcls {
  public static final String INGEST = "semstream-ingest";
  public static final String READER = "semstream-reader";

  private PipelineAcls() {}

  /** The user name of a role's principal: {@code semstream-tx}, {@code semstream-channel}, {@code semstream-rx}. */
  public static String user(Role role) {
    return StreamsSettings.APPLICATION_ID_BASE + role.id();
  }

  /** Every user the pipeline needs, roles first. */
  public static List<String> users() {
    List<String> users = new ArrayList<>();
    for (Role role : Role.values()) {
      users.add(user(role));
    }
    users.add(INGEST);
    users.add(READER);
    return users;
  }

  /**
   * A configuration with every feature that adds topics to a role on (online adaptation, telemetry): its grants
   * serve any run of the standard codecs.
   */
  public static PipelineConfig widest() {
    return PipelineConfig.builder().codecId("softcast-c16").telemetryCodecId("linear-c16")
        .adaptation(AdaptationSettings.every(4)).build();
  }

  /** The grants of every user for the pipeline on {@code topics}, from the roles' topologies under {@code config}. */
  public static Map<String, List<AclBinding>> all(Topics topics, PipelineConfig config, CodecRegistry codecs) {
    Map<String, List<AclBinding>> grants = new LinkedHashMap<>();
    for (Role role : Role.values()) {
      grants.put(user(role), forRole(role, topics, PipelineRunner.topology(role, topics, config, codecs)));
    }
    List<AclBinding> ingest = describeAll(INGEST, topics);
    for (String t : List.of(topics.frames(), topics.telemetry(), topics.channelState())) {
      ingest.add(allow(INGEST, topic(t), AclOperation.WRITE));
    }
    grants.put(INGEST, ingest);
    List<AclBinding> reader = describeAll(READER, topics);
    for (String t : topics.all()) {
      reader.add(allow(READER, topic(t), AclOperation.READ));
    }
    grants.put(READER, reader);
    return grants;
  }

  /** A role's grants, from the topics {@code topology} reads and writes. */
  public static List<AclBinding> forRole(Role role, Topics topics, Topology topology) {
    String user = user(role);
    String applicationId = topics.prefix() + StreamsSettings.APPLICATION_ID_BASE + role.id();
    TopologyTopics used = TopologyTopics.of(topology);
    Set<String> pipeline = Set.copyOf(topics.all());
    List<AclBinding> acls = describeAll(user, topics);
    for (String t : used.reads()) {
      if (pipeline.contains(t)) {
        acls.add(allow(user, topic(t), AclOperation.READ));
      }
    }
    for (String t : used.writes()) {
      if (pipeline.contains(t)) {
        acls.add(allow(user, topic(t), AclOperation.WRITE));
      }
    }
    // What Kafka Streams makes for itself: changelogs and repartition topics, its group, its transactions.
    acls.add(allow(user, new ResourcePattern(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED),
        AclOperation.ALL));
    acls.add(allow(user, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL), AclOperation.READ));
    ResourcePattern transactions = new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED);
    acls.add(allow(user, transactions, AclOperation.WRITE));
    acls.add(allow(user, transactions, AclOperation.DESCRIBE));
    acls.add(allow(user, new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
        AclOperation.IDEMPOTENT_WRITE));
    return acls;
  }

  private static List<AclBinding> describeAll(String user, Topics topics) {
    List<AclBinding> acls = new ArrayList<>();
    for (String t : topics.all()) {
      acls.add(allow(user, topic(t), AclOperation.DESCRIBE));
    }
    return acls;
  }

  private static ResourcePattern topic(String name) {
    return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
  }

  private static AclBinding allow(String user, ResourcePattern resource, AclOperation operation) {
    return new AclBinding(resource, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }
}
