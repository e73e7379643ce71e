package org.agencyverify.agency;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.agency.DotgovRows.Candidate;
import org.agencyverify.agency.DotgovRows.Rejection;
import org.agencyverify.agency.ImportDtos.ImportReport;
import org.agencyverify.agency.ImportDtos.RowNote;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;

/**
 * Imports the .gov registry as PENDING agency candidates with unproved domains. Rows of one
 * organization in one state become one agency; domains already known are skipped, so running the
 * same file again changes nothing. No Keycloak organization is made here: an organization is made
 * when a candidate's first domain is proved or it is activated, so thousands of never-vetted rows
 * do not crowd Keycloak.
 */
@ApplicationScoped
public class ImportService {

    static final int LIST_LIMIT = 200;

    private final ImportWriter writer;
    private final AgencyConfig config;

    ImportService(ImportWriter writer, AgencyConfig config) {
        this.writer = writer;
        this.config = config;
    }

    public ImportReport importCsv(Caller caller, InputStream body) {
        long started = System.nanoTime();
        List<CsvReader.Row> rows = new ArrayList<>();
        List<String> header;
        try {
            CsvReader reader = new CsvReader(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
            CsvReader.Row first = reader.next();
            if (first == null) {
                throw invalid("The CSV body is empty; it needs a header row.", List.of());
            }
            header = first.fields();
            for (CsvReader.Row row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        } catch (CsvReader.MalformedCsvException e) {
            throw invalid("The CSV is malformed at line " + e.line() + ": " + e.getMessage() + ". Nothing was imported.", List.of());
        } catch (UncheckedIOException e) {
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "The CSV body could not be read completely. Nothing was imported.");
        }
        List<String> missing = new ArrayList<>();
        DotgovRows columns = DotgovRows.fromHeader(header, missing);
        if (!missing.isEmpty()) {
            throw invalid("The CSV header lacks the columns: " + String.join(", ", missing) + ". Nothing was imported.",
                    missing.stream().map(c -> new Problem.FieldError(c, "required column")).toList());
        }
        List<Candidate> candidates = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        DotgovRows.split(columns, rows, candidates, rejections, header.size());

        List<RowNote> skipped = new ArrayList<>();
        Set<String> known = writer.existingDomains(candidates.stream().map(Candidate::domain).toList());
        Map<String, UUID> agencies = new HashMap<>(writer.importedAgencies());
        Map<UUID, ImportWriter.Planned> planned = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Candidate candidate : candidates) {
            Integer earlier = seen.putIfAbsent(candidate.domain(), candidate.line());
            if (earlier != null) {
                skipped.add(new RowNote(candidate.line(), candidate.domain(), "same domain as line " + earlier));
                continue;
            }
            if (known.contains(candidate.domain())) {
                skipped.add(new RowNote(candidate.line(), candidate.domain(), "domain already present"));
                continue;
            }
            boolean existing = agencies.containsKey(candidate.agencyKey());
            UUID id = agencies.computeIfAbsent(candidate.agencyKey(), k -> UUID.randomUUID());
            planned.computeIfAbsent(id, k -> new ImportWriter.Planned(id, existing,
                    candidate.name(), candidate.kind(), candidate.region(), new ArrayList<>())).domains().add(candidate.domain());
        }

        UUID importId = UUID.randomUUID();
        int domainsCreated = 0;
        int batch = 0;
        for (List<ImportWriter.Planned> chunk : DotgovRows.batches(new ArrayList<>(planned.values()), config.importing().batchSize())) {
            domainsCreated += writer.write(caller.actor(), importId, ++batch, chunk);
        }
        int agenciesCreated = (int) planned.values().stream().filter(p -> !p.existing()).count();
        int joined = planned.values().stream().filter(ImportWriter.Planned::existing).mapToInt(p -> p.domains().size()).sum();
        List<RowNote> rejected = rejections.stream().map(r -> new RowNote(r.line(), null, r.reason())).toList();
        return new ImportReport(rows.size(), agenciesCreated, domainsCreated, joined, skipped.size(), rejected.size(),
                limit(skipped), limit(rejected), LIST_LIMIT, (System.nanoTime() - started) / 1_000_000);
    }

    private static List<RowNote> limit(List<RowNote> notes) {
        return List.copyOf(notes.subList(0, Math.min(notes.size(), LIST_LIMIT)));
    }

    private static ApiException invalid(String detail, List<Problem.FieldError> errors) {
        return new ApiException(ProblemType.INVALID_REQUEST, detail, errors);
    }
}
