package io.voicegate.local;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The local stack's rooms: the template reader ({@code template}) and the engines ({@code engine}) stand alone, the
 * event sources ({@code eventsource}) and the function runtime ({@code runtime}) stand on them and not on each other
 * (an event source calls an {@code Invoker}, not a function), and only the assembly ({@code io.voicegate.local}:
 * {@code LocalStack}, its command line) knows them all.
 */
class LocalPackagesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.voicegate.local");

    @Test
    void theRoomsDependOnlyDownwardsAndNeverOnTheAssembly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("assembly").definedBy("io.voicegate.local")
                .layer("eventsource").definedBy("io.voicegate.local.eventsource..")
                .layer("runtime").definedBy("io.voicegate.local.runtime..")
                .layer("template").definedBy("io.voicegate.local.template..")
                .layer("engine").definedBy("io.voicegate.local.engine..")
                .whereLayer("assembly").mayNotBeAccessedByAnyLayer()
                .whereLayer("eventsource").mayOnlyBeAccessedByLayers("assembly")
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("assembly")
                .whereLayer("template").mayOnlyBeAccessedByLayers("assembly", "eventsource", "runtime")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("assembly", "eventsource", "runtime")
                .check(CLASSES);
    }

    @Test
    void noTwoPackagesNeedEachOther() {
        slices().matching("io.voicegate.local.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
