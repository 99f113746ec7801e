package io.semstream.ingest;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.image.RgbImage;
import io.semstream.io.FrameSource;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A frame too big for the producer is refused before anything is sent, with the setting to raise. */
class FramePublisherTest {

  private static FrameSource oneFrame(RgbImage image) {
    var it = List.of(image).iterator();
    return new FrameSource() {
      @Override public boolean hasNext() { return it.hasNext(); }
      @Override public RgbImage next() { return it.next(); }
      @Override public OptionalInt totalFrames() { return OptionalInt.of(1); }
      @Override public String describe() { return "one frame"; }
      @Override public void close() {}
    };
  }

  @Test
  void oversizedFrameNamesTheLimitAndTheSetting() {
    Properties p = new Properties();
    p.put("max.request.size", "4096");
    p.put("max.block.ms", "1000");
    // No broker is contacted: the size check comes before the send.
    try (FramePublisher publisher = new FramePublisher("127.0.0.1:1", "frames", p)) {
      RgbImage big = new RgbImage(64, 64, new byte[64 * 64 * 3]);
      FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> publisher.publish("cam", oneFrame(big),
          PayloadFormat.RAW, null, 0, 0, 0, false, false, null));
      assertTrue(e.getMessage().contains("4096") && e.getMessage().contains("max.request.size")
          && e.getMessage().contains("max.message.bytes"), e.getMessage());
    }
  }

  @Test
  void sizeIsParsedWithAClearMessage() {
    assertTrue(FrameSize.parse("1024x436").width() == 1024);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameSize.parse("1024"));
    assertTrue(e.getMessage().contains("WIDTHxHEIGHT"));
    assertThrows(IllegalArgumentException.class, () -> FrameSize.parse("4x4"));
  }
}
