package io.semstream.codecs.classical.source;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Baseline JPEG (the JDK's ImageIO writer: YCbCr 4:2:0, the standard Huffman tables, IJG quality 1..100)
 * fitted to a byte budget.
 *
 * <p>What is sent is the entropy-coded scan alone, as RTP carries JPEG (RFC 2435): the JFIF header, the
 * quantisation tables, the frame header and the Huffman tables depend only on the picture size and the
 * quality, which the receiver knows, so it rebuilds them ({@link #rebuild}) instead of receiving
 * some 600 bytes that would otherwise take a large share of a small frame's budget. The rebuilt file is
 * byte for byte the file the writer produced.
 *
 * <p>Rate control: binary search on the quality for the largest one whose scan fits (about 8 encodes).
 */
public final class JpegRateControl {
  public static final int MIN_QUALITY = 1;
  public static final int MAX_QUALITY = 100;

  private static final int SOI = 0xD8;
  private static final int SOS = 0xDA;
  private static final int SOF0 = 0xC0;
  private static final int EOI = 0xD9;
  /** Header (SOI .. end of the SOS segment) of a 16×16 picture, per quality; the frame size is patched in. */
  private static final Map<Integer, byte[]> HEADER_TEMPLATES = new ConcurrentHashMap<>();

  private JpegRateControl() {}

  /** The largest quality whose scan fits in budgetBytes, or a result saying that even quality 1 does not. */
  public static RateControlResult fit(RgbImage image, long budgetBytes) {
    Map<Integer, byte[]> cache = new HashMap<>();
    byte[] lowest = scan(image, MIN_QUALITY, cache);
    if (lowest.length > budgetBytes) {
      return RateControlResult.doesNotFit(budgetBytes, lowest.length);
    }
    byte[] highest = scan(image, MAX_QUALITY, cache);
    if (highest.length <= budgetBytes) {
      return RateControlResult.fitted(highest, MAX_QUALITY, budgetBytes);
    }
    int lo = MIN_QUALITY; // fits
    int hi = MAX_QUALITY; // does not
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (scan(image, mid, cache).length <= budgetBytes) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return RateControlResult.fitted(cache.get(lo), lo, budgetBytes);
  }

  private static byte[] scan(RgbImage image, int quality, Map<Integer, byte[]> cache) {
    return cache.computeIfAbsent(quality, q -> encode(image, q));
  }

  /** What is sent at this quality: the entropy-coded scan without header and EOI. */
  public static byte[] encode(RgbImage image, int quality) {
    byte[] file = encodeFile(image, quality);
    int headerEnd = headerEnd(file);
    int end = file.length;
    if (end >= 2 && (file[end - 2] & 0xFF) == 0xFF && (file[end - 1] & 0xFF) == EOI) {
      end -= 2;
    }
    return Arrays.copyOfRange(file, headerEnd, end);
  }

  /** The complete JFIF file the writer produces at this quality. */
  public static byte[] encodeFile(RgbImage image, int quality) {
    checkQuality(quality);
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JVM has no ImageIO JPEG writer");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.rgb().length / 8 + 1024);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      JPEGImageWriteParam param = new JPEGImageWriteParam(Locale.ROOT);
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      param.setOptimizeHuffmanTables(false); // the standard tables, so the receiver can rebuild them
      writer.write(null, new IIOImage(ImageFiles.toBufferedImage(image), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode JPEG", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** The complete JPEG file for a received scan: the header the writer would produce + scan + EOI. */
  public static byte[] rebuild(byte[] scan, int width, int height, int quality) {
    checkQuality(quality);
    if (width <= 0 || height <= 0 || width > 65535 || height > 65535) {
      throw new IllegalArgumentException("JPEG frame size must be 1..65535 on each side, got " + width + "x" + height);
    }
    byte[] template = HEADER_TEMPLATES.computeIfAbsent(quality, JpegRateControl::headerTemplate);
    byte[] out = new byte[template.length + scan.length + 2];
    System.arraycopy(template, 0, out, 0, template.length);
    int sof = findMarker(template, SOF0);
    out[sof + 5] = (byte) (height >>> 8);
    out[sof + 6] = (byte) height;
    out[sof + 7] = (byte) (width >>> 8);
    out[sof + 8] = (byte) width;
    System.arraycopy(scan, 0, out, template.length, scan.length);
    out[out.length - 2] = (byte) 0xFF;
    out[out.length - 1] = (byte) EOI;
    return out;
  }

  /** Decodes a received scan. */
  public static RgbImage decode(byte[] scan, int width, int height, int quality) {
    RgbImage image = ImageFiles.decode(rebuild(scan, width, height, quality));
    if (image.width() != width || image.height() != height) {
      throw new IllegalArgumentException("JPEG decoded to " + image.width() + "x" + image.height()
          + ", expected " + width + "x" + height);
    }
    return image;
  }

  private static byte[] headerTemplate(int quality) {
    byte[] grey = new byte[16 * 16 * 3];
    Arrays.fill(grey, (byte) 128);
    byte[] file = encodeFile(new RgbImage(16, 16, grey), quality);
    byte[] header = Arrays.copyOf(file, headerEnd(file));
    findMarker(header, SOF0); // baseline only: fail early otherwise
    return header;
  }

  /** Offset just past the SOS segment. */
  private static int headerEnd(byte[] file) {
    int sos = findMarker(file, SOS);
    int len = ((file[sos + 2] & 0xFF) << 8) | (file[sos + 3] & 0xFF);
    return sos + 2 + len;
  }

  /** Offset of the 0xFF of the first marker segment {@code marker} before the scan. */
  private static int findMarker(byte[] file, int marker) {
    if (file.length < 4 || (file[0] & 0xFF) != 0xFF || (file[1] & 0xFF) != SOI) {
      throw new IllegalStateException("not a JPEG stream");
    }
    int pos = 2;
    while (pos + 4 <= file.length) {
      if ((file[pos] & 0xFF) != 0xFF) {
        throw new IllegalStateException("malformed JPEG header at offset " + pos);
      }
      int m = file[pos + 1] & 0xFF;
      if (m == 0xFF) { // fill byte
        pos++;
        continue;
      }
      if (m == marker) {
        return pos;
      }
      if (m == SOS) {
        break;
      }
      int len = ((file[pos + 2] & 0xFF) << 8) | (file[pos + 3] & 0xFF);
      pos += 2 + len;
    }
    throw new IllegalStateException(String.format("JPEG header has no marker 0xFF%02X", marker));
  }

  private static void checkQuality(int quality) {
    if (quality < MIN_QUALITY || quality > MAX_QUALITY) {
      throw new IllegalArgumentException("JPEG quality must be in " + MIN_QUALITY + ".." + MAX_QUALITY + ", got " + quality);
    }
  }
}
