package io.semstream.viewer;

import io.semstream.topology.Topics;
import java.io.IOException;
import java.util.Properties;

/**
 * The live viewer of a deployment: a follower reading the pipeline's topics with the viewer's own consumer
 * group and a web page that shows, per stream, the latest original beside its reconstruction and the link's
 * figures over time. It never writes to Kafka.
 */
public final class LinkViewer implements AutoCloseable {
  /** The consumer group of viewers of a deployment, after the topic prefix. */
  public static final String GROUP = "semstream-viewer";

  private final TopicFollower follower;
  private final ViewerServer server;
  private final String host;

  private LinkViewer(TopicFollower follower, ViewerServer server, String host) {
    this.follower = follower;
    this.server = server;
    this.host = host;
  }

  /**
   * Starts reading and serving.
   *
   * @param host the address to listen on (127.0.0.1 keeps the page on this machine; 0.0.0.0 shares it)
   * @param port 0 for any free port
   * @param fromStart whether a new viewer group starts at the beginning of the topics, or at their end
   * @param overrides client properties that win over the viewer's (security settings, say)
   */
  public static LinkViewer start(String bootstrapServers, Topics topics, String host, int port, boolean fromStart,
      Properties overrides) throws IOException {
    LinkBoard board = new LinkBoard();
    TopicFollower follower = new TopicFollower(bootstrapServers, topics, topics.prefix() + GROUP, fromStart,
        overrides, board);
    ViewerServer server;
    try {
      server = new ViewerServer(host, port, board);
    } catch (IOException | RuntimeException e) {
      follower.close();
      throw e;
    }
    LinkViewer viewer = new LinkViewer(follower, server, host);
    server.start();
    follower.start();
    return viewer;
  }

  /** The page's address. */
  public String url() {
    String shown = host.equals("0.0.0.0") ? "localhost" : host;
    return "http://" + shown + ":" + server.port() + "/";
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    follower.close();
  }
}
