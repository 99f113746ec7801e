package io.semstream.codecs.registry;

import io.semstream.codecs.conv1d.Conv1dJsccModel;
import io.semstream.codecs.conv1d.Conv1dJsccTelemetryCodec;
import io.semstream.codecs.implicit.ImplicitDigitalTelemetryCodec;
import io.semstream.codecs.implicit.ImplicitModel;
import io.semstream.codecs.implicit.ImplicitTelemetryCodec;
import io.semstream.codecs.implicit.LinearPathModel;
import io.semstream.codecs.implicit.LinearPathTelemetryCodec;
import io.semstream.codecs.telemetry.ClassicalTelemetryCodec;
import io.semstream.codecs.telemetry.LinearAnalogTelemetryCodec;
import io.semstream.codecs.telemetry.TelemetryCodec;
import java.util.List;

/** The telemetry codec families by name, each built for a target CBR; the caller closes what it gets. */
public final class TelemetryCodecs {
  /** Every family {@link #create} knows, with what each is. */
  public static final List<String> FAMILIES = List.of(LinearAnalogTelemetryCodec.FAMILY,
      ClassicalTelemetryCodec.FAMILY, ImplicitTelemetryCodec.FAMILY, ImplicitDigitalTelemetryCodec.FAMILY, LinearPathTelemetryCodec.FAMILY, Conv1dJsccTelemetryCodec.FAMILY);

  private TelemetryCodecs() {}

  /** Why a family cannot be built here (the implicit codec before its network is trained), or empty. */
  public static java.util.Optional<String> unavailable(String family) {
    return switch (family) {
      case ImplicitTelemetryCodec.FAMILY, ImplicitDigitalTelemetryCodec.FAMILY -> ImplicitModel.SERIES.unavailable();
      case Conv1dJsccTelemetryCodec.FAMILY -> Conv1dJsccModel.unavailable();
      case LinearPathTelemetryCodec.FAMILY -> LinearPathModel.unavailable();
      default -> java.util.Optional.empty();
    };
  }

  /** A codec id's family and CBR ({@code linear-c16} → linear, 1/16), or an exception naming what is wrong. */
  public record Parsed(String family, double cbr) {}

  public static Parsed parse(String id) {
    int at = id.lastIndexOf("-c");
    if (at > 0) {
      String family = id.substring(0, at);
      String rate = id.substring(at + 2);
      try {
        double cbr = rate.contains(".") ? Double.parseDouble(rate) : 1.0 / Integer.parseInt(rate);
        if (FAMILIES.contains(family) && cbr > 0 && Double.isFinite(cbr)) {
          return new Parsed(family, cbr);
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    throw new IllegalArgumentException("'" + id + "' is not a telemetry codec id: expected FAMILY-cN (CBR 1/N) with"
        + " FAMILY one of " + String.join(", ", FAMILIES));
  }

  /**
   * @param designSnrDb the classical chain's design SNR; NaN: each window's link SNR
   * @throws IllegalArgumentException naming the known families
   */
  public static TelemetryCodec create(String family, double cbr, double designSnrDb) {
    return switch (family) {
      case LinearAnalogTelemetryCodec.FAMILY -> new LinearAnalogTelemetryCodec(cbr);
      case ClassicalTelemetryCodec.FAMILY -> new ClassicalTelemetryCodec(cbr, designSnrDb);
      case ImplicitTelemetryCodec.FAMILY -> {
        ImplicitModel.SERIES.unavailable().ifPresent(reason -> {
          throw new IllegalArgumentException("the implicit codec is unavailable here: " + reason
              + "; train it with semstream train --codec implicit");
        });
        yield new ImplicitTelemetryCodec(cbr, ImplicitModel.SERIES.load(), ImplicitModel.SERIES.loadPrior(), ImplicitModel.FIT_STEPS);
      }
      case ImplicitDigitalTelemetryCodec.FAMILY -> {
        ImplicitModel.SERIES.unavailable().ifPresent(reason -> {
          throw new IllegalArgumentException("the implicit codec is unavailable here: " + reason
              + "; train it with semstream train --codec implicit");
        });
        yield new ImplicitDigitalTelemetryCodec(cbr, designSnrDb, ImplicitModel.SERIES.load(), ImplicitModel.SERIES.loadPrior(),
            ImplicitModel.FIT_STEPS);
      }
      case LinearPathTelemetryCodec.FAMILY -> {
        LinearPathModel.unavailable().ifPresent(reason -> {
          throw new IllegalArgumentException("the implicit linear-path codec is unavailable here: " + reason
              + "; train it with semstream train --codec implicit-lp");
        });
        yield new LinearPathTelemetryCodec(cbr, LinearPathModel.load());
      }
      case Conv1dJsccTelemetryCodec.FAMILY -> {
        Conv1dJsccModel.unavailable().ifPresent(reason -> {
          throw new IllegalArgumentException("the 1-D Deep JSCC codec is unavailable here: " + reason
              + "; train it with semstream train --codec conv1d-jscc");
        });
        yield new Conv1dJsccTelemetryCodec(cbr, Conv1dJsccModel.load());
      }
      default -> throw new IllegalArgumentException("unknown telemetry codec '" + family + "'; known: "
          + String.join(", ", FAMILIES) + " (and bound, the Gaussian rate-distortion reference)");
    };
  }
}
