package io.semstream.codecs.classical.source;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG 2000 (the JJ2000 encoder of the jai-imageio-jpeg2000 ImageIO plugin: irreversible 9/7 wavelet,
 * colour transform, EBCOT with post-compression rate-distortion optimisation) fitted to a byte budget.
 *
 * <p>What is sent is the bare codestream (no JP2 boxes). JJ2000 truncates its code-blocks to a target
 * rate in bits per pixel and mostly stays just under it, so the search starts at budget·8 / pixels and
 * adjusts (at most 6 encodes, stopping within 2 % of the budget). The sizes it can reach are discrete
 * (code-block truncation points) and it occasionally overshoots its target by a jump, so near such a
 * jump the best size that fits may be 10 % under the budget; no setting of the rate does better. A
 * budget smaller than the codestream's own headers cannot be met at any rate: the result then says the
 * image does not fit.
 */
public final class J2kRateControl {
  /** Stop once the codestream uses this share of the budget. */
  private static final double CLOSE_ENOUGH = 0.98;
  /** JJ2000 is slow (a 768×512 frame takes a few hundred ms per encode): bound the search. */
  private static final int MAX_ENCODES = 6;
  private static final String FORMAT = "jpeg2000";

  private J2kRateControl() {}

  /** Signals that the encoder cannot reach a rate this low (its headers alone exceed it). */
  public static final class RateTooLowException extends Exception {
    RateTooLowException(String message) {
      super(message);
    }
  }

  public static RateControlResult fit(RgbImage image, long budgetBytes) {
    long pixels = (long) image.width() * image.height();
    if (budgetBytes <= 0) {
      return RateControlResult.doesNotFit(budgetBytes, minimumSize(image));
    }
    byte[] best = null;
    double lo = 0;                        // highest rate known to fit (with best)
    double hi = Double.POSITIVE_INFINITY; // lowest rate known not to fit
    long hiSize = -1;
    double rate = budgetBytes * 8.0 / pixels;
    for (int attempt = 0; attempt < MAX_ENCODES; attempt++) {
      byte[] out;
      try {
        out = encode(image, rate);
      } catch (RateTooLowException e) {
        if (attempt == 0) {
          // The budget's own rate cannot even pay for the headers.
          return RateControlResult.doesNotFit(budgetBytes, minimumSize(image));
        }
        out = null;
      }
      if (out != null && out.length <= budgetBytes) {
        boolean saturated = best != null && out.length == best.length; // more rate, no more bytes
        if (best == null || out.length >= best.length) {
          best = out;
          lo = rate;
        }
        if (out.length >= CLOSE_ENOUGH * budgetBytes || saturated) {
          break;
        }
      } else {
        hi = rate;
        hiSize = out == null ? -1 : out.length;
      }
      if (Double.isInfinite(hi)) {
        rate = lo * Math.min(2.0, 1.01 * budgetBytes / best.length);
      } else if (best == null) {
        rate = hiSize > 0 ? hi * 0.99 * budgetBytes / hiSize : hi * 0.9;
      } else {
        if (hi / lo < 1.0005) {
          break;
        }
        rate = (lo + hi) / 2;
      }
    }
    if (best == null) {
      return RateControlResult.doesNotFit(budgetBytes, hiSize > 0 ? hiSize : minimumSize(image));
    }
    return RateControlResult.fitted(best, lo, budgetBytes);
  }

  /** The codestream at this rate (bits per pixel). */
  public static byte[] encode(RgbImage image, double bitsPerPixel) throws RateTooLowException {
    if (!(bitsPerPixel > 0)) {
      throw new IllegalArgumentException("rate must be positive, got " + bitsPerPixel);
    }
    ImageWriter writer = writer();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      J2KImageWriteParam param = (J2KImageWriteParam) writer.getDefaultWriteParam();
      param.setWriteCodeStreamOnly(true);
      param.setLossless(false);
      param.setFilter(J2KImageWriteParam.FILTER_97);
      param.setEncodingRate(bitsPerPixel);
      writer.write(null, new IIOImage(ImageFiles.toBufferedImage(image), null, null), param);
    } catch (IllegalArgumentException e) {
      String msg = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (msg.contains("too low")) {
        throw new RateTooLowException(e.getMessage());
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode JPEG 2000", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Decodes a codestream. */
  public static RgbImage decode(byte[] codestream) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(FORMAT);
    ImageReader reader = readers.hasNext() ? readers.next() : fallbackReader();
    try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(codestream))) {
      reader.setInput(in, true, true);
      BufferedImage image = reader.read(0);
      return ImageFiles.toRgb(image);
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalArgumentException("cannot decode JPEG 2000: " + reason, e);
    } finally {
      reader.dispose();
    }
  }

  /** Rough size of the smallest codestream, for the "does not fit" message. */
  private static long minimumSize(RgbImage image) {
    double rate = 0.05;
    for (int i = 0; i < 12; i++) {
      try {
        return encode(image, rate).length;
      } catch (RateTooLowException e) {
        rate *= 2;
      }
    }
    return -1;
  }

  private static ImageWriter writer() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(FORMAT);
    if (writers.hasNext()) {
      return writers.next();
    }
    // A repackaged jar may have lost the plugin's META-INF/services entry; the plugin is on the
    // class path all the same.
    try {
      return new com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi().createWriterInstance();
    } catch (IOException e) {
      throw new IllegalStateException("no JPEG 2000 ImageIO writer", e);
    }
  }

  private static ImageReader fallbackReader() {
    try {
      return new com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi().createReaderInstance();
    } catch (IOException e) {
      throw new IllegalStateException("no JPEG 2000 ImageIO reader", e);
    }
  }
}
