package trainbook.render;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The render layer sits above engine and doctor and knows nothing of Jupyter, the magics, the kernel or DJL. */
class RenderArchitectureTest {

    @Test
    void renderDependsOnlyDownward() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("trainbook.render");
        noClasses().that().resideInAPackage("trainbook.render..")
                .should().dependOnClassesThat().resideInAnyPackage("trainbook.magic..", "trainbook.kernel..",
                        "org.dflib.jjava..", "ai.djl..")
                .check(classes);
    }
}
