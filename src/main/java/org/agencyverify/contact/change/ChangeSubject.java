package org.agencyverify.contact.change;

import java.util.Map;

/**
 * What a pending change is about, as a notice tells it: a line for people ({@code summary}, and one
 * more under {@code detailLabel}), and the same for machines under {@code payloadKey}. Never a secret.
 */
public record ChangeSubject(String summary, String detailLabel, String detail, String payloadKey, Map<String, Object> payload) {}
