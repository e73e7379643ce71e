package org.agencyverify.console;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What the console's forms share: the API's own bean validation, said back in a page. */
final class ConsoleForms {

    private ConsoleForms() {}

    /** The 400 page naming every field the API would refuse in {@code request}; empty when it is valid. */
    static <T> Optional<Response> invalid(Validator validator, T request, String what) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (violations.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ConsolePages.problem(400, "Nothing was changed", what + ": " + violations.stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> v.getPropertyPath() + " " + v.getMessage()).collect(Collectors.joining("; ")) + "."));
    }

    /** A form's text field: null when left empty, as the API's JSON would omit it. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A field of values separated by commas or spaces; null when there is none. */
    static List<String> list(String value) {
        String present = optional(value);
        return present == null ? null : Arrays.stream(present.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }
}
