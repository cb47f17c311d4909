package trainbook.doctor;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The doctor is pure rules over plain run records: no DJL, no engine machinery, nothing from higher layers. */
class DoctorLayerTest {
    private final JavaClasses doctor = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("trainbook.doctor");

    @Test
    void rulesMakeNoDjlCallsAndKnowNoHigherLayer() {
        noClasses().that().resideInAPackage("trainbook.doctor..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "trainbook.render..", "trainbook.magic..",
                        "trainbook.kernel..", "trainbook.engine.loop..", "trainbook.engine.data..",
                        "trainbook.engine.optim..", "trainbook.engine.grad..", "trainbook.engine.store..")
                .check(doctor);
    }
}
