package io.semstream.faults;

import io.semstream.faults.FaultRun.Fault;
import io.semstream.faults.FaultRun.RunRecord;
import io.semstream.faults.OutputWatcher.Delta;
import io.semstream.faults.OutputWatcher.Output;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The fault run's verdict: the faulty run's committed output against the reference run's, per (stream, seq)
 * and per model delta, and how long output stopped after each fault.
 */
public final class FaultReport {
  /** Output must resume within this long of each fault. */
  static final double TARGET_RESUME_SECONDS = 30;

  private final Map<String, Object> json = new LinkedHashMap<>();
  private final boolean passed;

  private FaultReport(Map<String, Object> json, boolean passed) {
    this.json.putAll(json);
    this.passed = passed;
  }

  public Map<String, Object> json() {
    return json;
  }

  public boolean passed() {
    return passed;
  }

  static FaultReport compare(FaultRun.Options o, RunRecord reference, RunRecord faulty) {
    Map<String, List<Output>> ref = reference.output().outputs();
    Map<String, List<Output>> got = faulty.output().outputs();
    Map<String, Long> txVersions = faulty.output().packetVersions();
    int expected = o.streams() * o.framesPerStream();
    int missing = 0;
    int referenceMissing = 0;
    int duplicates = 0;
    int mismatches = 0;
    int versionDisagreements = 0;
    int lost = 0;
    List<String> examples = new ArrayList<>();
    for (int s = 0; s < o.streams(); s++) {
      for (long seq = 0; seq < o.framesPerStream(); seq++) {
        String key = OutputWatcher.key(FaultRun.streamId(s), seq);
        List<Output> r = ref.get(key);
        List<Output> g = got.get(key);
        if (r == null) {
          referenceMissing++;
        }
        if (g == null) {
          missing++;
          note(examples, key + " missing");
          continue;
        }
        duplicates += g.size() - 1;
        Output first = g.get(0);
        lost += first.lost() ? 1 : 0;
        for (Output copy : g) {
          if (r != null && (!copy.digest().equals(r.get(0).digest()) || copy.version() != r.get(0).version())) {
            mismatches++;
            note(examples, key + " differs from the reference (version " + copy.version() + " vs "
                + r.get(0).version() + ")");
            break;
          }
        }
        Long txVersion = txVersions.get(key);
        if (txVersion == null || txVersion != first.version() || first.stale()) {
          versionDisagreements++;
          note(examples, key + " decoded at version " + first.version() + (first.stale() ? " (stale)" : "")
              + ", the transmitter named " + txVersion);
        }
      }
    }
    DeltaCheck deltas = DeltaCheck.of(reference.output().deltas(), faulty.output().deltas());

    List<Map<String, Object>> faults = new ArrayList<>();
    double worstStall = 0;
    boolean allResumed = true;
    List<List<Long>> gotTimes = visibleTimes(got, o.streams());
    List<Fault> injected = faulty.faults();
    for (int i = 0; i < injected.size(); i++) {
      Fault f = injected.get(i);
      // Up to the next fault, or to the end of sending: the tail drains the last frames at full speed.
      long until = i + 1 < injected.size() ? injected.get(i + 1).atMs() : faulty.sendEndMs();
      Double resume = resumeSeconds(gotTimes, f.atMs(), until);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("fault", f.kind());
      row.put("process", f.target());
      row.put("atSeconds", round((f.atMs() - faulty.sendStartMs()) / 1000.0));
      row.put("backAfterSeconds", round((f.backAtMs() - f.atMs()) / 1000.0));
      row.put("longestStallSeconds", resume == null ? null : round(resume));
      faults.add(row);
      if (resume == null) {
        allResumed = false;
      } else {
        worstStall = Math.max(worstStall, resume);
      }
    }
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("date", java.time.LocalDate.now().toString());
    j.put("brokers", FaultRun.BROKERS);
    j.put("instancesPerRole", 2);
    j.put("partitions", o.partitions());
    j.put("streams", o.streams());
    j.put("codec", o.codec());
    j.put("size", o.width() + "x" + o.height());
    j.put("fpsPerStream", o.fps());
    j.put("adaptEvery", o.adaptEvery());
    j.put("adaptSteps", o.adaptSteps());
    j.put("frames", faulty.published());
    j.put("referenceFrames", reference.published());
    j.put("reconstructions", got.size());
    j.put("referenceReconstructions", ref.size());
    j.put("missing", missing);
    j.put("referenceMissing", referenceMissing);
    j.put("duplicates", duplicates);
    j.put("duplicatePackets", faulty.output().duplicatePackets());
    j.put("mismatches", mismatches);
    j.put("versionDisagreements", versionDisagreements);
    j.put("lost", lost);
    j.put("deltas", deltas.faulty);
    j.put("referenceDeltas", deltas.reference);
    j.put("deltaDuplicates", deltas.duplicates);
    j.put("deltaChainBreaks", deltas.breaks);
    j.put("deltaMismatches", deltas.mismatches);
    j.put("deadLetters", faulty.output().deadLetters());
    j.put("faultsInjected", faults.size());
    j.put("faults", faults);
    j.put("longestOutputGapSeconds", round(longestGap(gotTimes)));
    j.put("referenceLongestOutputGapSeconds", round(longestGap(visibleTimes(ref, o.streams()))));
    j.put("worstStallSeconds", round(worstStall));
    j.put("targetResumeSeconds", TARGET_RESUME_SECONDS);
    j.put("examples", examples);
    boolean passed = expected == faulty.published() && missing == 0 && referenceMissing == 0 && duplicates == 0
        && mismatches == 0 && versionDisagreements == 0 && faulty.output().duplicatePackets() == 0 && deltas.clean() && allResumed
        && worstStall <= TARGET_RESUME_SECONDS && faults.size() == 4;
    j.put("passed", passed);
    return new FaultReport(j, passed);
  }

  private static void note(List<String> examples, String what) {
    if (examples.size() < 20) {
      examples.add(what);
    }
  }

  /**
   * How long output stopped after a fault at {@code atMs}: per stream, the longest wait from {@code atMs} (or
   * from a reconstruction after it) to the next reconstruction to become visible, over the stream's outputs up
   * to its first one after {@code untilMs}; the worst stream's. Null if some stream produced nothing after the
   * fault.
   */
  private static Double resumeSeconds(List<List<Long>> perStream, long atMs, long untilMs) {
    double worst = 0;
    for (List<Long> times : perStream) {
      long previous = atMs;
      boolean any = false;
      for (long t : times) {
        if (t > atMs) {
          worst = Math.max(worst, (t - previous) / 1000.0);
          previous = t;
          any = true;
          if (t > untilMs) {
            break;
          }
        }
      }
      if (!any) {
        return null;
      }
    }
    return worst;
  }

  /** Per stream, when each of its reconstructions became visible, in order. */
  private static List<List<Long>> visibleTimes(Map<String, List<Output>> outputs, int streams) {
    List<List<Long>> perStream = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      perStream.add(new ArrayList<>());
    }
    outputs.forEach((key, copies) -> {
      String stream = key.substring(0, key.lastIndexOf('/'));
      for (int s = 0; s < streams; s++) {
        if (stream.equals(FaultRun.streamId(s))) {
          List<Long> times = perStream.get(s);
          copies.forEach(out -> times.add(out.visibleAtMs()));
        }
      }
    });
    perStream.forEach(times -> times.sort(Comparator.naturalOrder()));
    return perStream;
  }

  /** The longest time between two reconstructions of one stream becoming visible. */
  private static double longestGap(List<List<Long>> perStream) {
    double worst = 0;
    for (List<Long> times : perStream) {
      for (int i = 1; i < times.size(); i++) {
        worst = Math.max(worst, (times.get(i) - times.get(i - 1)) / 1000.0);
      }
    }
    return worst;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Per stream, the faulty run's delta chain against the reference's. */
  private record DeltaCheck(int reference, int faulty, int duplicates, int breaks, int mismatches) {
    boolean clean() {
      return duplicates == 0 && breaks == 0 && mismatches == 0;
    }

    static DeltaCheck of(List<Delta> reference, List<Delta> faulty) {
      Map<String, Delta> ref = index(reference);
      Map<String, Delta> got = new TreeMap<>();
      int duplicates = 0;
      for (Delta d : faulty) {
        if (got.put(d.streamId() + "@" + d.newVersion(), d) != null) {
          duplicates++;
        }
      }
      int breaks = 0;
      for (Delta d : got.values()) {
        boolean hasBase = d.baseVersion() == 0 || got.containsKey(d.streamId() + "@" + d.baseVersion());
        if (d.newVersion() != d.baseVersion() + 1 || !hasBase) {
          breaks++;
        }
      }
      int mismatches = 0;
      for (String k : ref.keySet()) {
        Delta r = ref.get(k);
        Delta g = got.get(k);
        if (g == null || !Objects.equals(r, g)) {
          mismatches++;
        }
      }
      mismatches += (int) got.keySet().stream().filter(k -> !ref.containsKey(k)).count();
      return new DeltaCheck(ref.size(), got.size(), duplicates, breaks, mismatches);
    }

    private static Map<String, Delta> index(List<Delta> deltas) {
      Map<String, Delta> m = new TreeMap<>();
      deltas.forEach(d -> m.put(d.streamId() + "@" + d.newVersion(), d));
      return m;
    }
  }

  /** The table the command prints. */
  public void print(PrintStream out) {
    String[] keys = {"frames", "reconstructions", "missing", "duplicates", "mismatches", "versionDisagreements",
        "deltas", "deltaDuplicates", "deltaChainBreaks", "deltaMismatches", "deadLetters", "faultsInjected",
        "longestOutputGapSeconds", "worstStallSeconds"};
    for (String k : keys) {
      out.printf("%-26s %s%n", k, json.get(k));
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> faults = (List<Map<String, Object>>) json.get("faults");
    for (Map<String, Object> f : faults) {
      out.printf("  %-22s %-18s at %6.1f s, back after %5.1f s, longest stall %s s%n", f.get("fault"),
          f.get("process"), (Double) f.get("atSeconds"), (Double) f.get("backAfterSeconds"),
          f.get("longestStallSeconds"));
    }
    out.println(passed ? "PASSED: nothing lost, doubled or changed; output resumed within "
        + (int) TARGET_RESUME_SECONDS + " s of every fault" : "FAILED: see above and the examples in the JSON");
  }
}
