package io.semstream.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering docs/DESIGN.md describes, checked on the compiled classes of every module. */
class ArchitectureTest {
  private static final String[] CODEC_FAMILIES = {"io.semstream.codecs.deepjscc..", "io.semstream.codecs.explicit..",
      "io.semstream.codecs.softcast..", "io.semstream.codecs.classical..", "io.semstream.codecs.semantic..",
      "io.semstream.codecs.implicit..", "io.semstream.codecs.conv1d.."};
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.semstream");
  }

  @Test
  void theCodecsKnowNothingOfKafka() {
    noClasses().that().resideInAPackage("io.semstream.codecs..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..").check(classes);
  }

  @Test
  void theCodecApiImportsNoImplementation() {
    noClasses().that().resideInAPackage("io.semstream.codecs.api..")
        .should().dependOnClassesThat().resideInAnyPackage(CODEC_FAMILIES)
        .orShould().dependOnClassesThat().resideInAnyPackage("io.semstream.codecs.registry..",
            "io.semstream.codecs.hybrid..", "io.semstream.codecs.train..", "io.semstream.codecs.eval..")
        .check(classes);
  }

  /** Online adaptation is a policy over {@code api.AdaptiveEncoder}: any family that offers it can adapt. */
  @Test
  void theAdaptationPolicyNamesNoConcreteCodec() {
    noClasses().that().resideInAPackage("io.semstream.codecs.hybrid..")
        .should().dependOnClassesThat().resideInAnyPackage(CODEC_FAMILIES).check(classes);
  }

  @Test
  void theStreamsApplicationsNameNoConcreteCodec() {
    noClasses().that().resideInAPackage("io.semstream.topology..")
        .should().dependOnClassesThat().resideInAnyPackage(CODEC_FAMILIES).check(classes);
  }

  /** Training is per family by nature (each trainer knows its network), so `train` is the one exception. */
  @Test
  void theCommandLineNamesNoConcreteCodecOutsideTraining() {
    noClasses().that().resideInAnyPackage("io.semstream.cli..", "io.semstream.demo..", "io.semstream.bench..",
            "io.semstream.io..", "io.semstream.ingest..", "io.semstream.report..")
        .and().doNotHaveSimpleName("TrainCommand")
        .should().dependOnClassesThat().resideInAnyPackage(CODEC_FAMILIES).check(classes);
  }

  /** The roles meet only through topics: what both sides keep (stores, serdes) lives in shared packages. */
  @Test
  void theTransmitterAndTheReceiverShareNoProcessors() {
    noClasses().that().resideInAPackage("io.semstream.topology.tx..").or().haveFullyQualifiedName(
            "io.semstream.topology.TransmitterTopology")
        .should().dependOnClassesThat().resideInAnyPackage("io.semstream.topology.rx..").check(classes);
    noClasses().that().resideInAPackage("io.semstream.topology.rx..").or().haveFullyQualifiedName(
            "io.semstream.topology.ReceiverTopology")
        .should().dependOnClassesThat().resideInAnyPackage("io.semstream.topology.tx..").check(classes);
  }

  @Test
  void theStreamsLibraryDoesNotReachIntoTheCommandLineOrTheBroker() {
    noClasses().that().resideInAPackage("io.semstream.topology..")
        .should().dependOnClassesThat().resideInAnyPackage("io.semstream.cli..", "io.semstream.demo..",
            "io.semstream.bench..", "io.semstream.testkit..", "kafka..", "org.apache.kafka.server..")
        .check(classes);
  }

  /** The viewer is a reader of other roles' output: it can never write to a topic it shows. */
  @Test
  void theViewerNeverWrites() {
    noClasses().that().resideInAPackage("io.semstream.viewer..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.clients.producer..",
            "org.apache.kafka.clients.admin..", "org.apache.kafka.streams..")
        .check(classes);
  }

  @Test
  void noPackageCyclesAmongTheCodecs() {
    slices().matching("io.semstream.codecs.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void noPackageCyclesAmongTheApplications() {
    slices().matching("io.semstream.(*)..").should().beFreeOfCycles().check(classes);
  }
}
