package io.semstream.topology.state;

import io.semstream.codecs.image.RgbImage;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** An RGB8 image in a store: width and height (4 bytes each, big-endian), then the pixels as they are. */
public final class RgbImageSerde implements Serde<RgbImage> {
  @Override
  public Serializer<RgbImage> serializer() {
    return (topic, image) -> {
      if (image == null) {
        return null;
      }
      byte[] rgb = image.rgb();
      return ByteBuffer.allocate(8 + rgb.length).putInt(image.width()).putInt(image.height()).put(rgb).array();
    };
  }

  @Override
  public Deserializer<RgbImage> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length < 8) {
        throw new SerializationException("image in " + topic + " is shorter than its header");
      }
      ByteBuffer in = ByteBuffer.wrap(bytes);
      int w = in.getInt();
      int h = in.getInt();
      if (w < 1 || h < 1 || (long) w * h * 3 != bytes.length - 8) {
        throw new SerializationException("image in " + topic + " claims " + w + "x" + h + " in " + (bytes.length - 8)
            + " bytes of pixels");
      }
      byte[] rgb = new byte[bytes.length - 8];
      in.get(rgb);
      return new RgbImage(w, h, rgb);
    };
  }
}
