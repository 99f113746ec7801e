package io.semstream.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.topology.sensors.PipelineMeters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs some or all of the three roles in this JVM, one {@link KafkaStreams} each, against a broker.
 * {@link #start} returns once every role is RUNNING; {@link #close} stops them.
 */
public final class PipelineRunner implements AutoCloseable {
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

  private final Map<Role, KafkaStreams> streams;
  private final List<KafkaStreamsMetrics> bridges = new ArrayList<>();
  /** Why a role stopped itself: a processor that cannot start (its codec) is not retried. */
  private final Map<Role, String> stopped = new ConcurrentHashMap<>();
  private boolean closed;

  private PipelineRunner(Map<Role, KafkaStreams> streams) {
    this.streams = streams;
  }

  /** {@link #start(Set, String, Properties, Topics, PipelineConfig, CodecRegistry, Duration)} with a 60 s timeout. */
  public static PipelineRunner start(Set<Role> roles, String bootstrapServers, Properties overrides, Topics topics,
      PipelineConfig config, CodecRegistry codecs) {
    return start(roles, bootstrapServers, overrides, topics, config, codecs, DEFAULT_START_TIMEOUT);
  }

  /**
   * Creates the pipeline's topics if needed ({@link TopicAdmin}, {@code config.partitions()}
   * partitions), then starts each role with {@link StreamsSettings#forRole} (application id
   * prefixed with the topic prefix, so two pipelines on one cluster stay apart) and waits until
   * all are RUNNING.
   *
   * @param overrides Kafka properties that win over SemStream's; also used for the admin client
   *     (security settings) and, through {@code replication.factor}, for the topics it creates
   * @throws IllegalStateException when a role does not reach RUNNING in time; everything started is
   *     closed again
   */
  public static PipelineRunner start(Set<Role> roles, String bootstrapServers, Properties overrides, Topics topics,
      PipelineConfig config, CodecRegistry codecs, Duration startTimeout) {
    return start(roles, bootstrapServers, overrides, topics, config, codecs, startTimeout, null);
  }

  /**
   * As {@link #start(Set, String, Properties, Topics, PipelineConfig, CodecRegistry, Duration)}, with every
   * role's metrics in {@code meters} (null: none): Kafka Streams' own (threads, tasks, processors, stores,
   * and the clients' lag and throughput) tagged with the role, and SemStream's ({@link PipelineMeters}).
   */
  public static PipelineRunner start(Set<Role> roles, String bootstrapServers, Properties overrides, Topics topics,
      PipelineConfig config, CodecRegistry codecs, Duration startTimeout, MeterRegistry meters) {
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("no role to run; choose among tx, channel, rx");
    }
    Properties extra = overrides == null ? new Properties() : overrides;
    // Topologies first: a bad codec id, or a codec that cannot run here, fails before anything touches the broker.
    Map<Role, Topology> topologies = new EnumMap<>(Role.class);
    for (Role role : EnumSet.copyOf(roles)) {
      topologies.put(role, topology(role, topics, config, codecs));
    }
    if (roles.contains(Role.TX) && config.codecId() != null) {
      codecs.unavailable(config.codecId()).ifPresent(why -> {
        throw new IllegalStateException("the transmitter cannot run codec " + config.codecId() + ": " + why);
      });
    }
    try (Admin admin = Admin.create(adminProperties(bootstrapServers, extra))) {
      TopicAdmin.ensureTopics(admin, topics, config.partitions(), replicationFactor(extra));
    }
    Map<Role, KafkaStreams> started = new EnumMap<>(Role.class);
    PipelineRunner runner = new PipelineRunner(started);
    try {
      for (Map.Entry<Role, Topology> e : topologies.entrySet()) {
        Role role = e.getKey();
        Properties settings = StreamsSettings.forRole(role.id(), bootstrapServers, topics.prefix(), extra);
        // A receiver task reads the frames (its references) beside the packets made from them. With the
        // default 0 a busy task can take a packet before the already-written frame is fetched and score
        // it without a reference (a CI run under load saw it); waiting while a partition is known to
        // hold unfetched records keeps the two in order, and a caught-up partition costs no wait. Set
        // here rather than in StreamsSettings: TopologyTestDriver would hold every record back with it.
        if (extra == null || !extra.containsKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)) {
          settings.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 2000L);
        }
        if (meters != null) {
          PipelineMeters.addTo(settings, meters);
        }
        KafkaStreams ks = new KafkaStreams(e.getValue(), settings);
        if (meters != null) {
          KafkaStreamsMetrics bridge = new KafkaStreamsMetrics(ks, List.of(Tag.of("role", role.id())));
          bridge.bindTo(meters);
          runner.bridges.add(bridge);
        }
        ks.setUncaughtExceptionHandler(error -> {
          ProcessorStartupException cannotStart = ProcessorStartupException.in(error);
          if (cannotStart != null) {
            runner.stopped.put(role, cannotStart.getMessage());
            log.error("{}: {}; stopping the role", role.id(), cannotStart.getMessage(), error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          // Records that can be explained go to dead-letter; what reaches here is a bug or a broker
          // problem, and a fresh thread resumes from the last commit.
          log.error("{}: stream thread failed, replacing it", role.id(), error);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        started.put(role, ks);
        ks.start();
      }
      runner.awaitRunning(startTimeout);
      log.info("running {} against {}", started.keySet(), bootstrapServers);
      return runner;
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
  }

  /** The topology of one role, as {@link #start} runs it. */
  public static Topology topology(Role role, Topics topics, PipelineConfig config, CodecRegistry codecs) {
    switch (role) {
      case TX:
        return TransmitterTopology.build(topics, config, codecs);
      case CHANNEL:
        return ChannelTopology.build(topics, config, codecs);
      case RX:
        return ReceiverTopology.build(topics, config, codecs);
      default:
        throw new IllegalArgumentException("unknown role " + role);
    }
  }

  public Set<Role> roles() {
    return Collections.unmodifiableSet(streams.keySet());
  }

  /** The running application of a role, e.g. for its metrics or state; null when not run here. */
  public KafkaStreams streams(Role role) {
    return streams.get(role);
  }

  public synchronized boolean isRunning() {
    return !closed && streams.values().stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING);
  }

  private void awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> waiting = new ArrayList<>();
      for (Map.Entry<Role, KafkaStreams> e : streams.entrySet()) {
        KafkaStreams.State state = e.getValue().state();
        String why = stopped.get(e.getKey());
        if (why != null) {
          throw new IllegalStateException(e.getKey().id() + " cannot start: " + why);
        }
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
            || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN) {
          throw new IllegalStateException(e.getKey().id() + " stopped while starting (state " + state
              + "); see the log for the cause");
        }
        if (state != KafkaStreams.State.RUNNING) {
          waiting.add(e.getKey().id() + " " + state);
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not RUNNING after " + timeout.toSeconds() + " s: " + String.join(", ", waiting)
            + ". On a single broker, check offsets.topic.replication.factor=1, transaction.state.log.replication.factor=1"
            + " and transaction.state.log.min.isr=1");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the pipeline to start", e);
      }
    }
  }

  /** Stops every role (each within {@link #CLOSE_TIMEOUT}); safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Map.Entry<Role, KafkaStreams> e : streams.entrySet()) {
      if (!e.getValue().close(CLOSE_TIMEOUT)) {
        log.warn("{} did not stop within {} s", e.getKey().id(), CLOSE_TIMEOUT.toSeconds());
      }
    }
    bridges.forEach(KafkaStreamsMetrics::close);
  }

  private static Properties adminProperties(String bootstrapServers, Properties overrides) {
    Properties p = new Properties();
    Set<String> known = AdminClientConfig.configNames();
    for (String name : overrides.stringPropertyNames()) {
      String plain = name.startsWith(StreamsConfig.ADMIN_CLIENT_PREFIX)
          ? name.substring(StreamsConfig.ADMIN_CLIENT_PREFIX.length()) : name;
      if (known.contains(plain)) {
        p.put(plain, overrides.getProperty(name));
      }
    }
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  /** The Streams {@code replication.factor} override applies to the pipeline topics too; -1 = broker default. */
  private static Optional<Short> replicationFactor(Properties overrides) {
    Object value = overrides.get(StreamsConfig.REPLICATION_FACTOR_CONFIG);
    if (value == null) {
      return Optional.empty();
    }
    short rf = Short.parseShort(value.toString().trim());
    return rf < 1 ? Optional.empty() : Optional.of(rf);
  }
}
