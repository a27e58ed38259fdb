package io.recordingarchiver;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of the README's architecture section, checked on the compiled classes: one
 * package per stage, imports running one way (operate -> archive/transfer/intake -> dispatch ->
 * event), no cycles. {@code App}, {@code ArchiverConfiguration}, the settings ({@code Settings},
 * {@code DurationFunction}, {@code UnknownSettings}), {@code Redaction} and {@code Ports} stay at
 * the root, which wires the stages and is used by all of them.
 */
class PackageLayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.recordingarchiver");
    }

    @Test
    void theStagePackagesHaveNoCycles() {
        slices().matching("io.recordingarchiver.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void dependenciesRunOneWayFromOperationsToTheEventModel() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("event").definedBy("io.recordingarchiver.event..")
                .layer("dispatch").definedBy("io.recordingarchiver.dispatch..")
                .layer("intake").definedBy("io.recordingarchiver.intake..")
                .layer("archive").definedBy("io.recordingarchiver.archive..")
                .layer("transfer").definedBy("io.recordingarchiver.transfer..")
                .layer("operate").definedBy("io.recordingarchiver.operate..")
                .whereLayer("operate").mayNotBeAccessedByAnyLayer()
                .whereLayer("transfer").mayOnlyBeAccessedByLayers("operate")
                .whereLayer("intake").mayOnlyBeAccessedByLayers("operate")
                .whereLayer("archive").mayOnlyBeAccessedByLayers("transfer", "intake", "operate")
                .whereLayer("dispatch").mayOnlyBeAccessedByLayers("archive", "transfer", "intake", "operate")
                .whereLayer("event").mayOnlyBeAccessedByLayers("dispatch", "archive", "transfer", "intake", "operate")
                .check(classes);
    }
}
