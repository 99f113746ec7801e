package io.semstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.registry.CodecFamily;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.codecs.registry.TelemetryCodecs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "codecs", description = "List the registered codec ids with their family and CBR.")
final class CodecsCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    CodecRegistry registry = CodecRegistry.standard();
    List<CodecInfo> codecs = registry.list();
    if (json) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (CodecInfo c : codecs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("family", c.family());
        m.put("cbr", c.cbrTarget());
        m.put("cbrFraction", Fractions.format(c.cbrTarget()));
        m.put("description", c.description());
        m.put("unavailable", registry.unavailable(c.id()).orElse(null));
        out.add(m);
      }
      for (CodecFamily f : registry.families()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.prefix() + "-c<N>");
        m.put("family", f.family());
        m.put("maxCbr", f.maxCbr());
        m.put("description", "any CBR 1/N with N >= " + f.minDenominator());
        out.add(m);
      }
      for (String family : TelemetryCodecs.FAMILIES) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", family + "-c<N>");
        m.put("family", family);
        m.put("description", "telemetry: any CBR 1/N channel uses per sample");
        m.put("unavailable", TelemetryCodecs.unavailable(family).orElse(null));
        out.add(m);
      }
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    } else {
      System.out.printf("%-24s %-12s %-8s %s%n", "id", "family", "CBR", "description");
      for (CodecInfo c : codecs) {
        String missing = registry.unavailable(c.id()).map(r -> "  [unavailable: " + r + "]").orElse("");
        System.out.printf("%-24s %-12s %-8s %s%s%n", c.id(), c.family(), Fractions.format(c.cbrTarget()),
            c.description(), missing);
      }
      System.out.println();
      System.out.println("Any CBR 1/N, as <prefix>-c<N> (e.g. softcast-c24; eval --codec <prefix> --cbr 1/24 picks it):");
      for (CodecFamily f : registry.families()) {
        System.out.printf("  %-30s N >= %d%n", f.prefix() + "-c<N>", f.minDenominator());
      }
      System.out.println();
      System.out.println("Telemetry codecs, any CBR 1/N channel uses per sample (demo --telemetry, run --telemetry-codec):");
      for (String family : TelemetryCodecs.FAMILIES) {
        System.out.printf("  %-30s%s%n", family + "-c<N>",
            TelemetryCodecs.unavailable(family).map(r -> "  [unavailable: " + r + "]").orElse(""));
      }
    }
    return 0;
  }
}
