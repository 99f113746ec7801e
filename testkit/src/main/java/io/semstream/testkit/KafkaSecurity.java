package io.semstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;

/**
 * How a secured cluster runs: clients on TLS with SASL/SCRAM-SHA-512 users, brokers and controllers among
 * themselves on mutual TLS with the brokers' certificate ({@link TlsMaterial}), and KRaft's
 * {@code StandardAuthorizer} denying whatever no ACL allows. The brokers and {@value #ADMIN} are super users;
 * every other user may do only what {@link #grant} allows it.
 *
 * <p>Users and their passwords live in {@code users.properties} beside the TLS stores, so a restarted cluster
 * keeps them; {@link #writeClientProperties} writes the file a client passes with {@code --config}.
 */
public final class KafkaSecurity {
  public static final String MECHANISM = "SCRAM-SHA-512";
  /** The super user the tools of the project (topic creation, ACLs) act as. */
  public static final String ADMIN = "semstream-admin";
  static final String CLIENT_LISTENER = "CLIENT";
  static final String BROKER_LISTENER = "BROKER";
  private static final int SCRAM_ITERATIONS = 8192;

  private final Path dir;
  private final TlsMaterial tls;
  private final Map<String, String> passwords;

  private KafkaSecurity(Path dir, TlsMaterial tls, Map<String, String> passwords) {
    this.dir = dir;
    this.tls = tls;
    this.passwords = passwords;
  }

  /**
   * The security of a cluster whose files are in {@code dir}: TLS stores made and passwords drawn on first use,
   * read back afterwards. {@value #ADMIN} is always among the users.
   */
  public static KafkaSecurity in(Path dir, Collection<String> users) {
    TlsMaterial tls = TlsMaterial.in(dir);
    Path file = dir.resolve("users.properties");
    Properties stored = new Properties();
    try {
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          stored.load(in);
        }
      }
      Map<String, String> passwords = new TreeMap<>();
      List<String> all = new ArrayList<>(users);
      all.add(ADMIN);
      for (String user : all) {
        if (!user.matches("[A-Za-z0-9._-]+")) {
          throw new IllegalArgumentException("a user name is letters, digits, '.', '_' or '-', not '" + user + "'");
        }
        passwords.put(user, stored.getProperty(user, TlsMaterial.randomSecret()));
      }
      Properties out = new Properties();
      out.putAll(passwords);
      try (OutputStream o = Files.newOutputStream(ownerOnly(file))) {
        out.store(o, "SCRAM-SHA-512 users of the SemStream cluster and their passwords");
      }
      return new KafkaSecurity(dir, tls, passwords);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the cluster's users in " + file + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public TlsMaterial tls() {
    return tls;
  }

  public Collection<String> users() {
    return passwords.keySet();
  }

  /** The listeners and security settings of one node, on top of {@link KraftNodes#props}. */
  Map<String, String> brokerProperties(int clientPort, int brokerPort, int controllerPort) {
    Map<String, String> p = new LinkedHashMap<>();
    String controller = KraftNodes.CONTROLLER_LISTENER;
    p.put("listeners", CLIENT_LISTENER + "://127.0.0.1:" + clientPort + "," + BROKER_LISTENER + "://127.0.0.1:" + brokerPort
        + "," + controller + "://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", CLIENT_LISTENER + "://127.0.0.1:" + clientPort + "," + BROKER_LISTENER
        + "://127.0.0.1:" + brokerPort);
    p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_SSL," + BROKER_LISTENER + ":SSL," + controller + ":SSL");
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    tls.presentingBroker().forEach((k, v) -> p.put((String) k, (String) v));
    // Between nodes each side proves it holds the brokers' key; clients prove who they are with SCRAM instead.
    p.put("ssl.client.auth", "required");
    p.put("listener.name.client.ssl.client.auth", "none");
    p.put("listener.name.client.sasl.enabled.mechanisms", MECHANISM);
    p.put("listener.name.client.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", "User:" + TlsMaterial.BROKER_NAME + ";User:" + ADMIN);
    p.put("allow.everyone.if.no.acl.found", "false");
    return p;
  }

  /** A client of {@code user} on the client listener (TLS + SCRAM). */
  public Properties client(String user) {
    String password = passwords.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no user '" + user + "' in this cluster; it has " + passwords.keySet());
    }
    Properties p = tls.trustingClient();
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", MECHANISM);
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user + "\" password=\"" + password + "\";");
    return p;
  }

  /** A client with the brokers' own identity on their listener: the super user before any SCRAM user exists. */
  Properties brokerIdentity() {
    Properties p = tls.presentingBroker();
    p.put("security.protocol", "SSL");
    return p;
  }

  /** Creates or updates every user's SCRAM credential. */
  void createUsers(Admin admin) {
    List<UserScramCredentialAlteration> upserts = new ArrayList<>();
    ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS);
    passwords.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user, info, password)));
    try {
      admin.alterUserScramCredentials(upserts).all().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create the cluster's SCRAM users: " + KraftNodes.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating users", e);
    }
  }

  /** Adds ACLs, as the super user, through the cluster at {@code bootstrapServers}. */
  public void grant(String bootstrapServers, Collection<AclBinding> acls) {
    Properties p = client(ADMIN);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(p)) {
      admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create ACLs: " + KraftNodes.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating ACLs", e);
    }
  }

  /** Writes {@code client-<user>.properties} in this cluster's directory and returns its path. */
  public Path writeClientProperties(String user, String bootstrapServers) {
    Properties p = client(user);
    p.put("bootstrap.servers", bootstrapServers);
    Path file = dir.resolve("client-" + user + ".properties");
    try (OutputStream o = Files.newOutputStream(ownerOnly(file))) {
      p.store(o, "Kafka client settings of SemStream user " + user + " (pass with --config)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** Creates {@code file} readable by its owner only (where the file system has POSIX permissions): it holds passwords. */
  static Path ownerOnly(Path file) throws IOException {
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
    }
    return file;
  }
}
