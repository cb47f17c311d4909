package trainbook;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layer guard: engine ← doctor ← render ← magic ← kernel. A lower layer never depends on a higher one; engine,
 * doctor and render know nothing of Jupyter; doctor needs no DJL. Layers not written yet pass (empty is allowed).
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the spark profile builds into target/spark/test-classes, which the predefined option does not know
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("trainbook");
        assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith("trainbook.engine")),
                "the production classes were imported");
    }

    private static ArchRule layerMayNotUse(String layer, String... higher) {
        String[] packages = new String[higher.length];
        for (int i = 0; i < higher.length; i++) packages[i] = "trainbook." + higher[i] + "..";
        return noClasses().that().resideInAPackage("trainbook." + layer + "..")
                .should().dependOnClassesThat().resideInAnyPackage(packages)
                .because(layer + " sits below " + String.join(", ", higher))
                .allowEmptyShould(true);
    }

    @Test
    void engineDependsOnNoHigherLayer() {
        layerMayNotUse("engine", "doctor", "render", "magic", "kernel").check(classes);
    }

    @Test
    void doctorDependsOnlyOnEngine() {
        layerMayNotUse("doctor", "render", "magic", "kernel").check(classes);
    }

    @Test
    void renderDoesNotKnowMagicsOrTheKernel() {
        layerMayNotUse("render", "magic", "kernel").check(classes);
    }

    @Test
    void magicDoesNotDependOnTheKernelPackage() {
        layerMayNotUse("magic", "kernel").check(classes);
    }

    @Test
    void onlyMagicAndKernelKnowJupyter() {
        noClasses().that().resideInAnyPackage("trainbook.engine..", "trainbook.doctor..", "trainbook.render..")
                .should().dependOnClassesThat().resideInAPackage("org.dflib.jjava..")
                .because("engine, doctor and render know nothing of Jupyter")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void doctorIsPureRulesWithoutDjl() {
        noClasses().that().resideInAPackage("trainbook.doctor..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .because("doctor rules run over run records, not DJL objects")
                .allowEmptyShould(true)
                .check(classes);
    }
}
