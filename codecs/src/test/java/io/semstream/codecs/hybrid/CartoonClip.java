package io.semstream.codecs.hybrid;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Screen-content frames unlike any photograph: flat colours, hard (aliased) edges and text, with a few
 * shapes moving from frame to frame. Content a codec trained on photos has not seen.
 */
final class CartoonClip {
  private CartoonClip() {}

  static List<RgbImage> frames(int count, int width, int height) {
    List<RgbImage> out = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      out.add(frame(t, width, height));
    }
    return out;
  }

  static RgbImage frame(int t, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
    g.setColor(new Color(90, 170, 250));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(40, 190, 60));
    g.fillRect(0, height * 2 / 3, width, height);
    g.setColor(new Color(255, 220, 0));
    g.fillOval(width * 3 / 4 - t, height / 10, width / 6, width / 6);
    int x = (t * width / 16) % width;
    g.setColor(new Color(220, 30, 30));
    g.fillRect(x, height / 2, width / 4, height / 5);
    g.setColor(Color.BLACK);
    g.drawRect(x, height / 2, width / 4, height / 5);
    g.setColor(Color.WHITE);
    g.fillRect(width / 20, height / 20, width / 2, height / 8);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(8, height / 12)));
    g.drawString(String.format("FRAME %03d", t), width / 16, height / 20 + height / 10);
    g.dispose();
    return ImageFiles.toRgb(img);
  }
}
