package io.semstream.codecs.image;

import io.semstream.codecs.api.FrameSizeCheck;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * PNG and JPEG files to and from {@link RgbImage}, through {@code javax.imageio}.
 *
 * <p>Pixels are copied straight from the decoded raster's samples for the layouts decoders
 * actually produce (interleaved 8/16-bit RGB(A), grey, palette), because
 * {@link BufferedImage#getRGB} is slow on big pictures and, for grey images, pushes the
 * samples through Java's linear-gray colour space, which brightens them visibly. Alpha is
 * dropped, not composited: the colour samples are kept as they are.
 *
 * <p>Memory-backed image streams are used throughout so that ImageIO never writes cache files
 * to the temp directory.
 */
public final class ImageFiles {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private ImageFiles() {}

  public static RgbImage read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes a PNG or JPEG.
   *
   * @throws IllegalArgumentException "not a PNG or JPEG image" when the signature matches
   *     neither, or "cannot decode PNG/JPEG: reason" when the decoder fails (truncated file,
   *     CMYK JPEG, ...)
   */
  public static RgbImage decode(byte[] pngOrJpeg) {
    return decode(pngOrJpeg, FrameSizeCheck.MAX_PIXELS);
  }

  /**
   * As {@link #decode(byte[])}, refusing from its header a picture of more than {@code maxPixels} pixels.
   *
   * @throws IllegalArgumentException "... is too large" for such a picture
   */
  public static RgbImage decode(byte[] pngOrJpeg, long maxPixels) {
    String format = sniff(pngOrJpeg);
    if (format == null) {
      throw new IllegalArgumentException("not a PNG or JPEG image");
    }
    BufferedImage image;
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new IllegalStateException("this JVM has no ImageIO reader for " + format);
    }
    ImageReader reader = readers.next();
    try (MemoryCacheImageInputStream in =
        new MemoryCacheImageInputStream(new ByteArrayInputStream(pngOrJpeg))) {
      reader.setInput(in, true, true);
      // The header first: a few bytes can declare a picture of gigabytes (a decompression bomb), and the
      // decoder would allocate all of it before finding out the data is not there.
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > maxPixels) {
        throw new IllegalArgumentException(format.toUpperCase() + " of " + reader.getWidth(0) + "x"
            + reader.getHeight(0) + " is too large: at most " + maxPixels + " pixels are decoded");
      }
      image = reader.read(0);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().contains("is too large")) {
        throw e;
      }
      throw new IllegalArgumentException("cannot decode " + format.toUpperCase() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      // ImageIO reports corrupt data as IIOException, but also as IndexOutOfBounds and friends.
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalArgumentException("cannot decode " + format.toUpperCase() + ": " + reason, e);
    } finally {
      reader.dispose();
    }
    return toRgb(image);
  }

  /** "png", "jpeg" or null, from the file signature (extensions lie). */
  public static String sniff(byte[] bytes) {
    if (bytes.length >= PNG_MAGIC.length) {
      boolean png = true;
      for (int i = 0; i < PNG_MAGIC.length; i++) {
        png &= bytes[i] == PNG_MAGIC[i];
      }
      if (png) {
        return "png";
      }
    }
    if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8
        && (bytes[2] & 0xFF) == 0xFF) {
      return "jpeg";
    }
    return null;
  }

  /** Converts any BufferedImage to RGB, taking fast paths for the layouts ImageIO decoders produce. */
  public static RgbImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[w * h * 3];
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    boolean plainRaster = raster.getMinX() == 0 && raster.getMinY() == 0
        && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;

    if (plainRaster && cm instanceof ComponentColorModel) {
      ColorSpace cs = cm.getColorSpace();
      int colours = cm.getNumColorComponents();
      int bits = cm.getComponentSize(0);
      boolean srgb = cs.isCS_sRGB() && colours == 3;
      // Grey PNG/JPEG samples are display-referred already; Java's CS_GRAY is linear, so read the raw samples.
      boolean grey = cs.getType() == ColorSpace.TYPE_GRAY && colours == 1;
      if ((srgb || grey) && bits == 8 && raster.getDataBuffer() instanceof DataBufferByte
          && raster.getSampleModel() instanceof ComponentSampleModel) {
        copyInterleavedBytes(raster, grey, w, h, out);
        return new RgbImage(w, h, out);
      }
      if ((srgb || grey) && (bits == 8 || bits == 16)) {
        copyViaSamples(raster, grey, bits, w, h, out);
        return new RgbImage(w, h, out);
      }
    }
    if (plainRaster && cm instanceof IndexColorModel icm) {
      copyPalette(raster, icm, w, h, out);
      return new RgbImage(w, h, out);
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      int o = y * w * 3;
      for (int x = 0; x < w; x++) {
        int p = row[x];
        out[o++] = (byte) (p >> 16);
        out[o++] = (byte) (p >> 8);
        out[o++] = (byte) p;
      }
    }
    return new RgbImage(w, h, out);
  }

  private static void copyInterleavedBytes(Raster raster, boolean grey, int w, int h, byte[] out) {
    ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
    DataBufferByte db = (DataBufferByte) raster.getDataBuffer();
    byte[][] banks = db.getBankData();
    int[] bankIdx = sm.getBankIndices();
    int[] bandOff = sm.getBandOffsets();
    int pixelStride = sm.getPixelStride();
    int lineStride = sm.getScanlineStride();
    int base = db.getOffset();
    int bands = grey ? 1 : 3;
    byte[][] src = new byte[3][];
    int[] off = new int[3];
    for (int c = 0; c < 3; c++) {
      int b = grey ? 0 : c;
      src[c] = banks[bankIdx[b]];
      off[c] = base + bandOff[b];
    }
    if (bands == 3 && pixelStride == 3 && src[0] == src[1] && src[1] == src[2]
        && off[1] == off[0] + 1 && off[2] == off[0] + 2 && lineStride == w * 3) {
      System.arraycopy(src[0], off[0], out, 0, w * h * 3);
      return;
    }
    int o = 0;
    for (int y = 0; y < h; y++) {
      int p = y * lineStride;
      for (int x = 0; x < w; x++, p += pixelStride) {
        out[o++] = src[0][p + off[0]];
        out[o++] = src[1][p + off[1]];
        out[o++] = src[2][p + off[2]];
      }
    }
  }

  private static void copyViaSamples(Raster raster, boolean grey, int bits, int w, int h, byte[] out) {
    int[][] rows = new int[grey ? 1 : 3][w];
    int o = 0;
    for (int y = 0; y < h; y++) {
      for (int b = 0; b < rows.length; b++) {
        raster.getSamples(0, y, w, 1, b, rows[b]);
      }
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int v = rows[grey ? 0 : c][x];
          out[o++] = (byte) (bits == 16 ? (v * 255 + 32767) / 65535 : v);
        }
      }
    }
  }

  private static void copyPalette(Raster raster, IndexColorModel icm, int w, int h, byte[] out) {
    int n = icm.getMapSize();
    byte[] r = new byte[n];
    byte[] g = new byte[n];
    byte[] b = new byte[n];
    icm.getReds(r);
    icm.getGreens(g);
    icm.getBlues(b);
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int i = Math.min(row[x], n - 1);
        out[o++] = r[i];
        out[o++] = g[i];
        out[o++] = b[i];
      }
    }
  }

  /**
   * A BufferedImage that shares the RgbImage's bytes (no copy), for the encoders. The writers
   * only read it, so the RgbImage stays untouched.
   */
  public static BufferedImage toBufferedImage(RgbImage img) {
    int w = img.width();
    int h = img.height();
    DataBufferByte db = new DataBufferByte(img.rgb(), img.rgb().length);
    WritableRaster raster =
        Raster.createInterleavedRaster(db, w, h, w * 3, 3, new int[] {0, 1, 2}, null);
    ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false,
        false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    return new BufferedImage(cm, raster, false, null);
  }

  public static byte[] encodePng(RgbImage img) {
    return PngWriter.write(img);
  }

  /** @param quality 0..1 as in {@link ImageWriteParam#setCompressionQuality}; 0.9 is visually lossless for most frames */
  public static byte[] encodeJpeg(RgbImage img, float quality) {
    if (!(quality >= 0f && quality <= 1f)) {
      throw new IllegalArgumentException("JPEG quality must be within 0..1, got " + quality);
    }
    return encode(img, "jpeg", quality);
  }

  public static void writePng(RgbImage img, Path file) throws IOException {
    Files.write(file, encodePng(img));
  }

  private static byte[] encode(RgbImage img, String format, float quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JVM has no ImageIO writer for " + format);
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(img.rgb().length / 4 + 1024);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (!Float.isNaN(quality) && param.canWriteCompressed()) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(toBufferedImage(img), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + format.toUpperCase(), e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
