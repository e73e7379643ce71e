package org.agencyverify.console;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How console pages write values: times in UTC to the minute. */
@TemplateExtension(namespace = "console")
final class ConsoleFormat {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ConsoleFormat() {}

    static String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }
}
