package io.semstream.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics. Every topic gets the same partition count because a stream's
 * whole history must live in one task (DESIGN §1): a topic with another count would route the
 * same streamId to a different task and its state would silently split.
 */
public final class TopicAdmin {
  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);
  private static final long TIMEOUT_SECONDS = 30;

  private TopicAdmin() {}

  /** Creates what is missing with the broker's default replication factor. */
  public static void ensureTopics(Admin admin, Topics topics, int partitions) {
    ensureTopics(admin, topics, partitions, Optional.empty());
  }

  /**
   * Creates the topics that do not exist yet and checks that those that do have
   * {@code partitions} partitions. Safe to call from several instances at once.
   *
   * @throws IllegalStateException when an existing topic has another partition count
   */
  public static void ensureTopics(Admin admin, Topics topics, int partitions, Optional<Short> replicationFactor) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name : topics.all()) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, Optional.of(partitions), replicationFactor).configs(configFor(topics, name)));
        }
      }
      if (!missing.isEmpty()) {
        for (var entry : admin.createTopics(missing).values().entrySet()) {
          try {
            entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("created topic {} ({} partitions)", entry.getKey(), partitions);
          } catch (ExecutionException e) {
            // Another instance created it between our list and our create.
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
          }
        }
      }
      checkPartitions(admin, topics, partitions);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create the pipeline topics: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create the pipeline topics: the broker did not answer within "
          + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the pipeline topics", e);
    }
  }

  /** Per-topic configs: every topic accepts records up to the pipeline's limit; checkpoints are compacted. */
  static Map<String, String> configFor(Topics topics, String name) {
    Map<String, String> configs = new HashMap<>();
    configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(StreamsSettings.MAX_RECORD_BYTES));
    if (name.equals(topics.modelCheckpoints())) {
      configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    return configs;
  }

  private static void checkPartitions(Admin admin, Topics topics, int partitions)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<String, TopicDescription> described = describeOnceKnown(admin, topics);
    List<String> wrong = new ArrayList<>();
    for (TopicDescription d : described.values()) {
      if (d.partitions().size() != partitions) {
        wrong.add(d.name() + " has " + d.partitions().size());
      }
    }
    if (!wrong.isEmpty()) {
      wrong.sort(null);
      throw new IllegalStateException("every pipeline topic must have " + partitions
          + " partitions so that one stream's records meet in one task, but " + String.join(", ", wrong)
          + "; use another topic prefix or recreate these topics");
    }
  }

  /**
   * The topics' descriptions, once the broker answering knows them all. A created topic reaches each broker's
   * metadata a little after the controller confirms it, and until then describing it fails with
   * "does not host this topic-partition"; so that answer is waited out (up to the timeout), never taken as
   * the result.
   */
  private static Map<String, TopicDescription> describeOnceKnown(Admin admin, Topics topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      try {
        return admin.describeTopics(topics.all()).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
