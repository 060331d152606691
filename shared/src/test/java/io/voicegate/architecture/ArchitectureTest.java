package io.voicegate.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the business core plain Java: the domain, ports and use cases import no AWS, Lambda or Jackson types. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.voicegate");

    @Test
    void domainIsPlainJava() {
        noClasses().that().resideInAPackage("io.voicegate.domain..")
                .should().dependOnClassesThat()
                // javax.net.ssl for SNIHostName: whether a webhook host can be named in TLS (WebhookUrls)
                .resideOutsideOfPackages("io.voicegate.domain..", "java..", "javax.crypto..", "javax.net.ssl..")
                .check(CLASSES);
    }

    @Test
    void portsAndUseCasesUseNoInfrastructure() {
        noClasses().that().resideInAnyPackage("io.voicegate.port..", "io.voicegate.app..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..",
                        "com.fasterxml..", "io.voicegate.adapter..", "io.voicegate.http..", "io.voicegate.lambda..",
                        "io.voicegate.config..", "io.voicegate.json..")
                .check(CLASSES);
    }

    @Test
    void onlyTheLambdaGlueKnowsLambdaEvents() {
        noClasses().that().resideOutsideOfPackages("io.voicegate.lambda..", "io.voicegate.submit..",
                        "io.voicegate.webhook..", "io.voicegate.reconcile..", "io.voicegate.local..")
                .should().dependOnClassesThat().resideInAPackage("com.amazonaws.services.lambda..")
                .check(CLASSES);
    }
}
