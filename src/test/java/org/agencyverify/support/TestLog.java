package org.agencyverify.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;

/** The log file of the running test service: each lane of make test writes its own (quarkus.log.file.path). */
public final class TestLog {

    private TestLog() {
    }

    /** The file; it must exist, so a check that reads nothing cannot pass by accident. */
    public static Path file() {
        Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        if (!Files.exists(log)) {
            throw new AssertionError("the test service's log file " + log + " does not exist");
        }
        return log;
    }
}
