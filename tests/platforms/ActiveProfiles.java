import org.apache.maven.model.Model;
import org.apache.maven.model.Profile;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingResult;

import java.io.File;
import java.util.Properties;

/**
 * Builds pom.xml's effective model with Maven's own model builder (the Maven installation's lib/*.jar on the class
 * path) as if on another platform, and prints the active natives-* profiles and the PyTorch classifier.
 * Maven reads os.name/os.arch once per JVM, so they are set before its classes load; running `mvn` itself with a
 * Windows os.name is not possible on Linux (its console library loads Windows natives).
 *
 * usage: java -cp "MAVEN_HOME/lib/*" ActiveProfiles.java POM OS_NAME OS_ARCH
 */
public class ActiveProfiles {
    public static void main(String[] args) throws Exception {
        System.setProperty("os.name", args[1]);
        System.setProperty("os.arch", args[2]);
        Properties system = new Properties();
        system.putAll(System.getProperties());
        DefaultModelBuildingRequest request = new DefaultModelBuildingRequest();
        request.setPomFile(new File(args[0]));
        request.setSystemProperties(system);
        request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
        request.setTwoPhaseBuilding(false);
        request.setProcessPlugins(false);
        ModelBuildingResult result = new DefaultModelBuilderFactory().newInstance().build(request);
        Model model = result.getEffectiveModel();
        StringBuilder active = new StringBuilder();
        for (Profile p : result.getActivePomProfiles(result.getModelIds().get(0))) {
            if (p.getId().startsWith("natives-")) active.append(active.length() > 0 ? "," : "").append(p.getId());
        }
        System.out.println(model.getProperties().getProperty("pytorch.native.classifier") + " " + active);
    }
}
