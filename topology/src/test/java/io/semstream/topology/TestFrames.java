package io.semstream.topology;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.ChannelState;
import io.semstream.schemas.FadingModel;
import io.semstream.schemas.Frame;
import io.semstream.schemas.PixelFormat;
import java.nio.ByteBuffer;

/** Small pictures and records for the driver tests. */
final class TestFrames {
  static final long T0 = 1_700_000_000_000L;
  /** The drivers' wall clock at start: after the capture of the first frames, as in real life. */
  static final long WALL = T0 + 500;

  private TestFrames() {}

  /** Smooth colour ramps that move with {@code seq}: easy on a block codec, different per frame. */
  static RgbImage image(int w, int h, long seq) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        rgb[o] = (byte) ((x * 200 / w + seq * 7) % 256);
        rgb[o + 1] = (byte) (y * 200 / h + 20);
        rgb[o + 2] = (byte) ((x + y) * 100 / (w + h) + 60);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  static Frame raw(String streamId, long seq, RgbImage image) {
    return frame(streamId, seq, image.width(), image.height(), PixelFormat.RAW_RGB8, image.rgb());
  }

  static Frame png(String streamId, long seq, RgbImage image) {
    return frame(streamId, seq, image.width(), image.height(), PixelFormat.PNG, ImageFiles.encodePng(image));
  }

  static Frame frame(String streamId, long seq, int w, int h, PixelFormat format, byte[] payload) {
    return Frame.newBuilder()
        .setStreamId(streamId)
        .setSeq(seq)
        .setCaptureTimestamp(T0 + seq * 33)
        .setWidth(w)
        .setHeight(h)
        .setPixelFormat(format)
        .setPayload(ByteBuffer.wrap(payload))
        .build();
  }

  static ChannelState channel(String linkId, double snrDb, FadingModel fading, boolean csi) {
    return ChannelState.newBuilder()
        .setLinkId(linkId)
        .setTimestamp(T0)
        .setSnrDb(snrDb)
        .setFading(fading)
        .setCsiAtReceiver(csi)
        .build();
  }
}
