package io.semstream.demo;

import io.semstream.topology.Topics;
import io.semstream.viewer.LinkViewer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code demo --view}: the live viewer for the demo's run, opened before the first frame is sent and kept up
 * after the summary until Ctrl-C (or not, for a caller that looks at it itself), with frames paced at
 * {@code fps} so that the page can be watched while they cross the channel.
 *
 * @param linger whether {@link #linger} waits for Ctrl-C
 */
public record DemoView(String host, int port, double fps, boolean linger) {
  /** The pace of frames while the page is watched; the sample video's 48 frames take ten seconds. */
  public static final double WATCHED_FPS = 5;

  LinkViewer open(String bootstrap, Topics topics, Properties overrides, PrintStream err) throws IOException {
    LinkViewer viewer = LinkViewer.start(bootstrap, topics, host, port, true, overrides);
    err.println("viewer at " + viewer.url() + " (open it in a browser)");
    return viewer;
  }

  /** After the summary: the page stays up, with every frame on it, until Ctrl-C. */
  void linger(LinkViewer viewer, PrintStream err) throws InterruptedException {
    if (!linger) {
      return;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    err.println("the run is over; the viewer stays at " + viewer.url() + " until Ctrl-C");
    stop.await();
  }
}
