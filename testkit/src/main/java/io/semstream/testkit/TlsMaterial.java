package io.semstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A key pair and self-signed certificate for the brokers (subject CN={@value #BROKER_NAME}, valid for 127.0.0.1
 * and localhost), in a PKCS12 key store, and a trust store holding that certificate: what every node presents and
 * every client trusts. Made with the JDK's {@code keytool}, so no CA or extra library is needed; reused when the
 * directory already holds them.
 */
public final class TlsMaterial {
  /** The brokers' certificate subject, and the principal they have towards each other. */
  public static final String BROKER_NAME = "semstream-broker";
  private static final String PASSWORD_FILE = "tls-password.txt";

  private final Path keyStore;
  private final Path trustStore;
  private final String password;

  private TlsMaterial(Path keyStore, Path trustStore, String password) {
    this.keyStore = keyStore;
    this.trustStore = trustStore;
    this.password = password;
  }

  /** The stores in {@code dir}, made there first if missing. */
  public static TlsMaterial in(Path dir) {
    Path keyStore = dir.resolve("broker.keystore.p12");
    Path trustStore = dir.resolve("truststore.p12");
    Path passwordFile = dir.resolve(PASSWORD_FILE);
    try {
      Files.createDirectories(dir);
      if (Files.exists(keyStore) && Files.exists(trustStore) && Files.exists(passwordFile)) {
        return new TlsMaterial(keyStore, trustStore, Files.readString(passwordFile).trim());
      }
      String password = randomSecret();
      Files.deleteIfExists(keyStore);
      Files.deleteIfExists(trustStore);
      Path cert = dir.resolve("broker.crt");
      keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
          "-dname", "CN=" + BROKER_NAME, "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "3650",
          "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password);
      // the key store holds the brokers' private key: its owner's alone, as the passwords are
      restrictToOwner(keyStore);
      keytool("-exportcert", "-rfc", "-alias", "broker", "-file", cert.toString(), "-storetype", "PKCS12",
          "-keystore", keyStore.toString(), "-storepass", password);
      keytool("-importcert", "-noprompt", "-alias", "semstream-ca", "-file", cert.toString(), "-storetype", "PKCS12",
          "-keystore", trustStore.toString(), "-storepass", password);
      Files.writeString(KafkaSecurity.ownerOnly(passwordFile), password + "\n", StandardCharsets.UTF_8);
      return new TlsMaterial(keyStore, trustStore, password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TLS stores in " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path keyStore() {
    return keyStore;
  }

  public Path trustStore() {
    return trustStore;
  }

  /** Trusting the brokers' certificate: what every client needs for TLS. */
  public Properties trustingClient() {
    Properties p = new Properties();
    p.put("ssl.truststore.location", trustStore.toString());
    p.put("ssl.truststore.password", password);
    p.put("ssl.truststore.type", "PKCS12");
    return p;
  }

  /** Trusting and presenting the brokers' certificate: a client with the brokers' own identity. */
  public Properties presentingBroker() {
    Properties p = trustingClient();
    p.put("ssl.keystore.location", keyStore.toString());
    p.put("ssl.keystore.password", password);
    p.put("ssl.key.password", password);
    p.put("ssl.keystore.type", "PKCS12");
    return p;
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // a file system without POSIX permissions: nothing to narrow
    }
  }

  /** 24 random characters from the URL-safe Base64 alphabet. */
  static String randomSecret() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void keytool(String... args) throws IOException {
    Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>();
    command.add(Files.isExecutable(tool) ? tool.toString() : "keytool");
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("the JDK's keytool is needed to make the brokers' TLS certificate and was not found at "
          + tool + " or on the PATH", e);
    }
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8).trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while running keytool", e);
    }
  }
}
