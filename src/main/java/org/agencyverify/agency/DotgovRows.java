package org.agencyverify.agency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.agencyverify.common.text.OneLineText;

/**
 * Reads rows of the public .gov registry (CISA's current-full.csv) by header name, so column order
 * and extra columns do not matter, and turns each into an agency candidate or a reason to reject it.
 */
public final class DotgovRows {

    static final String DOMAIN = "Domain name";
    static final String TYPE = "Domain type";
    static final String ORGANIZATION = "Organization name";
    static final String SUBORGANIZATION = "Suborganization name";
    static final String STATE = "State";
    static final List<String> REQUIRED = List.of(DOMAIN, TYPE, ORGANIZATION, STATE);
    private static final int MAX_NAME = 200;
    private static final int MAX_REGION = 100;

    /** A row that can be imported: the candidate agency (name, kind, region) and its domain. */
    public record Candidate(int line, String domain, String name, AgencyKind kind, String region) {

        /** Rows of one organization in one state become one agency with several domains. */
        public String agencyKey() {
            return name.toLowerCase(Locale.ROOT) + "\u0000" + (region == null ? "" : region);
        }
    }

    /** A row that cannot be imported, and why. */
    public record Rejection(int line, String reason) {}

    private final Map<String, Integer> columns;

    private DotgovRows(Map<String, Integer> columns) {
        this.columns = columns;
    }

    /** The columns of a header row; empty list of missing columns when all required ones are there. */
    public static DotgovRows fromHeader(List<String> header, List<String> missing) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).strip().replace("\uFEFF", ""), i);
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                missing.add(required);
            }
        }
        return new DotgovRows(columns);
    }

    /** A candidate, or a rejection naming what is wrong with the row. */
    public Object read(CsvReader.Row row) {
        String rawDomain = field(row, DOMAIN);
        if (rawDomain.isEmpty()) {
            return new Rejection(row.line(), "Domain name is empty");
        }
        Optional<String> domain = DomainNames.normalize(rawDomain);
        if (domain.isEmpty()) {
            return new Rejection(row.line(), "Domain name is not a valid domain");
        }
        String organization = field(row, ORGANIZATION);
        if (organization.isEmpty()) {
            return new Rejection(row.line(), "Organization name is empty");
        }
        String suborganization = field(row, SUBORGANIZATION);
        String name = suborganization.isEmpty() || suborganization.equalsIgnoreCase(organization)
                ? organization : organization + " - " + suborganization;
        if (name.length() > MAX_NAME) {
            return new Rejection(row.line(), "Organization name is longer than " + MAX_NAME + " characters");
        }
        if (!OneLineText.isOneLine(name)) {
            return new Rejection(row.line(), "Organization name " + OneLineText.RULE);
        }
        Optional<AgencyKind> kind = AgencyKind.fromDotgovType(field(row, TYPE));
        if (kind.isEmpty()) {
            return new Rejection(row.line(), "Domain type is empty or unknown");
        }
        String region = field(row, STATE);
        if (region.length() > MAX_REGION) {
            return new Rejection(row.line(), "State is longer than " + MAX_REGION + " characters");
        }
        if (!OneLineText.isOneLine(region)) {
            return new Rejection(row.line(), "State " + OneLineText.RULE);
        }
        return new Candidate(row.line(), domain.get(), name, kind.get(), region.isEmpty() ? null : region);
    }

    private String field(CsvReader.Row row, String column) {
        Integer index = columns.get(column);
        if (index == null || index >= row.fields().size()) {
            return "";
        }
        String value = row.fields().get(index).strip();
        return value.equals("(blank)") ? "" : value;
    }

    /** Splits rows into candidates and rejections (rows with too few fields are rejected). */
    public static void split(DotgovRows rows, List<CsvReader.Row> input, List<Candidate> candidates, List<Rejection> rejections,
            int headerSize) {
        for (CsvReader.Row row : input) {
            if (row.fields().size() != headerSize) {
                rejections.add(new Rejection(row.line(), "has " + row.fields().size() + " fields, the header has " + headerSize));
                continue;
            }
            Object result = rows.read(row);
            if (result instanceof Candidate candidate) {
                candidates.add(candidate);
            } else {
                rejections.add((Rejection) result);
            }
        }
    }

    static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            batches.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return batches;
    }
}
