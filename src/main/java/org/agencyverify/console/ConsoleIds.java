package org.agencyverify.console;

import java.util.Optional;
import java.util.UUID;

/** Ids in console addresses: anything that is not one is answered like an id nobody may use. */
final class ConsoleIds {

    private ConsoleIds() {}

    static Optional<UUID> uuid(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
