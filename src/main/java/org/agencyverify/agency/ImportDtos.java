package org.agencyverify.agency;

import java.util.List;

/** The report of a .gov registry import. */
public final class ImportDtos {

    private ImportDtos() {}

    /** A row that was not imported: its line in the file, the domain if any, and why. */
    public record RowNote(int line, String domain, String reason) {}

    /**
     * What an import did. {@code skipped} and {@code rejected} list at most {@code listLimit} rows
     * each; the counts are always complete.
     */
    public record ImportReport(int rows, int agenciesCreated, int domainsCreated, int domainsAddedToExistingAgencies,
            int skippedCount, int rejectedCount, List<RowNote> skipped, List<RowNote> rejected, int listLimit,
            long elapsedMillis) {}
}
