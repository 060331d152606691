package io.voicegate.ddbengine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the engine liftable: it imports nothing from the rest of voicegate and nothing of the AWS SDK (it is the
 * other end of the SDK's wire), and its storage core knows nothing of HTTP.
 */
class EngineArchitectureTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.voicegate.ddbengine");

    @Test
    void importsNothingFromTheRestOfVoicegate() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.voicegate.ddbengine..", "java..",
                        "com.fasterxml.jackson..", "org.h2.mvstore..", "com.sun.net.httpserver..")
                .check(ENGINE);
    }

    @Test
    void importsNoAwsSdk() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .check(ENGINE);
    }

    @Test
    void storageAndExpressionsKnowNoWire() {
        noClasses().that().resideInAnyPackage("io.voicegate.ddbengine.store..", "io.voicegate.ddbengine.expr..",
                        "io.voicegate.ddbengine.stream..")
                .should().dependOnClassesThat().resideInAnyPackage("io.voicegate.ddbengine.http..",
                        "io.voicegate.ddbengine.ops..", "com.sun.net.httpserver..")
                .check(ENGINE);
    }
}
