package io.github.alexnetdjl.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The JVM options the tests and ./alexnet spark pass (the pom's spark.java.options) include Spark's own. */
class SparkModuleOptionsTest {

    @Test
    void theTestJvmHasEveryOptionSparkSubmitWouldAdd() {
        List<String> ours = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : JavaModuleOptions.defaultModuleOptions().split(" ")) {
            assertTrue(ours.contains(option), option + " is missing from spark.java.options in the pom");
        }
    }
}
