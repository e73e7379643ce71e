package org.agencyverify.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.scheduler.Scheduled;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A job that waits after start ({@code delayed}) has nothing to do at start, nor while the service stops: it
 * skips runs while the application is not running ({@link Scheduled.ApplicationNotRunning}). Without that, a
 * run that began as `make run` was stopped found the database or the container closing and logged a WARN
 * ("Status list not checked (IllegalStateException)") that a person stopping the service need not read.
 */
class ScheduledJobsTest {

    @Test
    void delayedJobsSkipWhileTheApplicationIsNotRunning() {
        List<JavaMethod> jobs = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.agencyverify").stream()
                .flatMap(c -> c.getMethods().stream())
                .filter(m -> m.isAnnotatedWith(Scheduled.class))
                .toList();
        assertTrue(jobs.size() >= 7, "the service's scheduled jobs: " + jobs);
        for (JavaMethod job : jobs) {
            Scheduled scheduled = job.reflect().getAnnotation(Scheduled.class);
            if (!scheduled.delayed().isEmpty()) {
                assertEquals(Scheduled.ApplicationNotRunning.class, scheduled.skipExecutionIf(), job.getFullName());
            }
        }
    }
}
