package io.semstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.topology.tx.AdaptationSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad arguments get a message that says what was expected, and no broker is started for them. */
class CliArgumentsTest {

  private record Outcome(int code, String err) {}

  private static Outcome run(String... args) {
    CommandLine cli = SemStreamCli.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    int code = cli.execute(args);
    return new Outcome(code, err.toString());
  }

  @Test
  void malformedSizeSaysWhatIsExpected() {
    Outcome o = run("demo", "--size", "64by64");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("expected WIDTHxHEIGHT"), o.err());
  }

  @Test
  void portsOutOfRangeSayWhatIsExpected() {
    Outcome view = run("view", "--bootstrap-servers", "localhost:9092", "--port", "70000");
    assertEquals(1, view.code());
    assertTrue(view.err().contains("--port: expected a port number 0-65535, got 70000"), view.err());
    Outcome metrics = run("run", "--role", "tx", "--bootstrap-servers", "localhost:9092", "--metrics-port", "-1");
    assertEquals(1, metrics.code());
    assertTrue(metrics.err().contains("--metrics-port: expected a port number 0-65535, got -1"), metrics.err());
    Outcome demo = run("demo", "--view", "--view-port", "65536");
    assertEquals(1, demo.code());
    assertTrue(demo.err().contains("--view-port: expected a port number 0-65535, got 65536"), demo.err());
  }

  @Test
  void aClusterSizeOrAPortForAClusterIsCheckedBeforeAnyBrokerStarts() {
    Outcome none = run("broker", "--nodes", "0");
    assertEquals(1, none.code());
    assertTrue(none.err().contains("--nodes must be between 1 and 9, got 0"), none.err());
    Outcome port = run("broker", "--nodes", "3", "--port", "9092");
    assertEquals(1, port.code());
    assertTrue(port.err().contains("a cluster of --nodes 3 picks its own ports"), port.err());
    Outcome parts = run("broker", "--security", "--partitions", "0");
    assertEquals(1, parts.code());
    assertTrue(parts.err().contains("--partitions must be at least 1, got 0"), parts.err());
  }

  @Test
  void unknownCodecListsTheRegisteredOnes() {
    Outcome o = run("demo", "--codec", "nope");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("unknown codec 'nope'") && o.err().contains("deepjscc-c16"), o.err());
  }

  @Test
  void unknownChannelListsTheAcceptedOnes() {
    Outcome o = run("demo", "--channel", "rician");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("rayleigh-block"), o.err());
  }

  @Test
  void freezingAnUnknownStageNamesTheStagesThereAre() {
    Outcome o = run("train", "--codec", "explicit", "--steps", "1", "--freeze", "h_a,hyperprior");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("[hyperprior]") && o.err().contains("jscc_dec"), o.err());
    Outcome d = run("train", "--codec", "deepjscc", "--steps", "1", "--freeze", "h_a");
    assertEquals(1, d.code());
    assertTrue(d.err().contains("--freeze is only implemented for --codec explicit"), d.err());
  }

  @Test
  void theShareTrainedWithoutZMustBeAFractionAndIsForTheExplicitCodec() {
    Outcome o = run("train", "--codec", "explicit", "--steps", "1", "--without-z", "1.5");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("--without-z must be a share of the samples in [0, 1], got 1.5"), o.err());
    Outcome d = run("train", "--codec", "deepjscc", "--steps", "1", "--without-z", "0.5");
    assertEquals(1, d.code());
    assertTrue(d.err().contains("--without-z is only implemented for --codec explicit"), d.err());
  }

  @Test
  void badBootstrapAddress() {
    Outcome o = run("ingest", "--bootstrap-servers", "localhost", "--stream", "s", "-");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("expected HOST:PORT"), o.err());
  }

  @Test
  void missingRequiredOptionIsNamed() {
    Outcome o = run("ingest", "--stream", "s", "-");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--bootstrap-servers"), o.err());
  }

  @Test
  void badCbrInEval() {
    Outcome o = run("eval", "--codec", "deepjscc", "--images", ".", "--cbr", "one-sixteenth");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("expected a CBR such as 1/16"), o.err());
  }

  @Test
  void adaptiveEvalNeedsAnAdaptiveCodec() {
    Outcome o = run("eval", "--adapt", "--codec", "deepjscc-c16", "--images", ".");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("deepjscc-c16 has no decoder to adapt; use an explicit codec (explicit-c16"),
        o.err());
  }

  @Test
  void adaptiveEvalNeedsFramesOfOneSize(@TempDir Path dir) throws IOException {
    ImageFiles.writePng(RgbImage.filled(64, 64, 10), dir.resolve("f000.png"));
    ImageFiles.writePng(RgbImage.filled(64, 48, 10), dir.resolve("f001.png"));
    Outcome o = run("eval", "--adapt", "--codec", "explicit-c16", "--images", dir.toString());
    assertEquals(1, o.code());
    assertTrue(o.err().contains("frames of a clip must share a size; f000.png is 64x64 but f001.png is 64x48"),
        o.err());
  }

  @Test
  void adaptiveEvalNeedsAPositiveGroup() {
    Outcome o = run("eval", "--adapt", "--adapt-every", "0", "--codec", "explicit-c16", "--images", ".");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("--adapt-every must be a positive number of frames, got 0"), o.err());
  }

  @Test
  void unknownRole() {
    Outcome o = run("run", "--role", "relay", "--bootstrap-servers", "localhost:9092");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("accepted: tx, channel, rx, all"), o.err());
  }

  @Test
  void codecsJsonListsEveryPreset() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, SemStreamCli.commandLine().execute("codecs", "--json"));
    } finally {
      System.setOut(old);
    }
    String json = buf.toString(StandardCharsets.UTF_8);
    assertTrue(json.contains("\"id\" : \"deepjscc-c16\"") && json.contains("\"cbrFraction\" : \"1/48\""), json);
  }

  @Test
  void fractionsParseBothWays() {
    assertEquals(1.0 / 16, Fractions.parse("1/16"), 1e-12);
    assertEquals(0.0625, Fractions.parse("0.0625"), 1e-12);
    assertEquals("1/48", Fractions.format(1.0 / 48));
  }

  @Test
  void negativeAdaptEverySaysWhatIsExpected() {
    Outcome o = run("demo", "--adapt-every", "-1");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("--adapt-every must be 0 (off) or a positive number of frames"), o.err());
  }

  @Test
  void zeroAdaptStepsSaysWhatIsExpected() {
    Outcome o = run("run", "--role", "all", "--bootstrap-servers", "localhost:9092", "--adapt-every", "4",
        "--adapt-steps", "0");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("--adapt-steps must be at least 1"), o.err());
  }

  @Test
  void nonNumericAdaptEveryIsASyntaxError() {
    Outcome o = run("demo", "--adapt-every", "often");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--adapt-every"), o.err());
  }

  @Test
  void adaptationFlagsReachRunsPipelineConfig() {
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd).parseArgs("--role", "all", "--bootstrap-servers", "localhost:9092",
        "--codec", "explicit-c16", "--adapt-every", "4", "--adapt-steps", "2");
    assertEquals(AdaptationSettings.every(4).withSteps(2), cmd.config().adaptation());
  }

  @Test
  void theFaultRunRefusesSettingsItCannotRunWithAMessage() {
    Outcome o = run("faults", "--streams", "0");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("expected --streams >= 1, --frames >= 10"), o.err());
    Outcome codec = run("faults", "--codec", "no-such-codec");
    assertEquals(1, codec.code());
    assertTrue(codec.err().contains("no-such-codec"), codec.err());
  }

  @Test
  void theAdaptationLagReachesRunAndMustFitTheGroup() {
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd).parseArgs("--role", "all", "--bootstrap-servers", "localhost:9092",
        "--codec", "explicit-c16", "--adapt-every", "4", "--adapt-lag", "2");
    assertEquals(AdaptationSettings.every(4).withLag(2), cmd.config().adaptation());
    assertEquals(4, AdaptationSettings.every(4).lagFrames(), "by default a group's time");
    Outcome o = run("demo", "--adapt-every", "4", "--adapt-lag", "5");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("--adapt-lag must be between 1 and --adapt-every (4) frames, got 5"), o.err());
  }

  @Test
  void theDeltaShareCapReachesRunAndMustBeAFraction() {
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd).parseArgs("--role", "all", "--bootstrap-servers", "localhost:9092",
        "--codec", "explicit-c16", "--adapt-every", "4", "--max-delta-share", "0.02");
    assertEquals(AdaptationSettings.every(4).withMaxDeltaShare(0.02), cmd.config().adaptation());
    assertEquals(0.05, AdaptationSettings.every(4).maxDeltaShare(), "the adapter's default");
    Outcome o = run("demo", "--adapt-every", "4", "--max-delta-share", "5");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("--max-delta-share must be a fraction in [0, 1], got 5.0"), o.err());
  }

  @Test
  void adaptationIsOffUnlessAsked() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--role", "all", "--bootstrap-servers", "localhost:9092");
    assertEquals(AdaptationSettings.OFF, run.config().adaptation());
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs();
    assertFalse(demo.options().adaptation().enabled());
  }

  @Test
  void adaptationFlagsReachTheDemo() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--codec", "explicit-c48", "--adapt-every", "6");
    AdaptationSettings a = demo.options().adaptation();
    assertEquals(6, a.groupFrames());
    assertEquals(AdaptationSettings.every(1).steps(), a.steps(), "default steps are the adapter's");
  }

  @Test
  void adaptationOnACodecThatCannotAdaptWarnsInOneLine() {
    assertEquals("", warning("explicit-c16", "--adapt-every", "4"));
    assertEquals("", warning("deepjscc-c16"));
    String w = warning("deepjscc-c16", "--adapt-every", "4");
    assertTrue(w.startsWith("warning: --adapt-every applies only to explicit codecs (explicit-c16"), w);
    assertEquals(1, w.lines().count(), w);
  }

  private static String warning(String codec, String... args) {
    AdaptationOptions a = new AdaptationOptions();
    new CommandLine(a).parseArgs(args);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    a.warnIfIneffective(codec, new PrintStream(buf, true, StandardCharsets.UTF_8));
    return buf.toString(StandardCharsets.UTF_8);
  }
}
